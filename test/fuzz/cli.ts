// `npm run fuzz -- --requests 10000 [--seed N] [--concurrency N]`: the long fuzz pass over every route of the
// OpenAPI document, against a fresh API on a private copy of the demo data set. Prints a summary table and the
// findings; exits 1 on any 5xx or malformed answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startApi } from '../../query-api/src/app.ts';
import { buildDemoDataset, readDemoCredentials } from '../../query-api/src/generator/index.ts';
import { runRequests, sampleRequests, setUpCallers, summaryTable } from './openapi-fuzz.ts';

const USAGE = `npm run fuzz -- [--requests N] [--seed N] [--concurrency N]

  --requests N     requests generated from the OpenAPI document (default 10000)
  --seed N         the generator's seed, to replay a run (default: from the clock, printed)
  --concurrency N  requests in flight (default 8)
  --help           this text`;

function parseOptions() {
  try {
    return parseArgs({
      options: {
        requests: { type: 'string', default: '10000' },
        seed: { type: 'string', default: String(Date.now() % 1_000_000) },
        concurrency: { type: 'string', default: '8' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    console.error(`fuzz: ${(err as Error).message} (npm run fuzz -- --help)`);
    process.exit(2);
  }
}
const values = parseOptions();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const count = Number(values.requests);
const seed = Number(values.seed);
const concurrency = Number(values.concurrency);
if (![count, seed, concurrency].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('usage: npm run fuzz -- --requests N [--seed N] [--concurrency N]');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'consulta-fuzz-'));
const generous = { perSecond: 100_000, burst: 100_000 };
let exitCode: number;
try {
  console.log(`building a demo data set in ${dir} …`);
  await buildDemoDataset({ dir });
  const api = await startApi({
    dataDir: dir,
    // The log's key and witness in the temporary folder too (beside, not inside, the data).
    queryLog: {
      keyFile: join(dir, '..', `${basename(dir)}-key`, 'query-log.key'),
      checkpointDir: `${dir}-checkpoints`,
    },
    rateLimits: { web: generous, client: generous, verify: generous, unverifiedKeys: generous },
  });
  try {
    const doc = (await (await fetch(`${api.url}/v1/openapi.json`)).json()) as object;
    const { callers, relogin } = await setUpCallers(api.url, readDemoCredentials(dir));
    const requests = sampleRequests(doc, callers, count, seed);
    console.log(`fuzzing ${requests.length} requests (seed ${seed}, ${concurrency} at a time) …`);
    const started = Date.now();
    const report = await runRequests(api.url, requests, { concurrency, callers, onLogout: relogin });
    console.log(summaryTable(report));
    for (const f of report.findings.slice(0, 50)) {
      console.log(`FINDING ${f.request.method} ${f.request.url} [${f.request.caller}] → ${f.problem}`);
    }
    console.log(
      `${report.requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        `${report.fiveHundreds} × 5xx, ${report.findings.length} findings (seed ${seed})`,
    );
    exitCode = report.fiveHundreds === 0 && report.findings.length === 0 ? 0 : 1;
  } finally {
    await api.close();
  }
} finally {
  for (const path of [dir, `${dir}-key`, `${dir}-checkpoints`])
    rmSync(path, { recursive: true, force: true });
}
process.exit(exitCode);
