// `npm run bench`: builds or reuses a data set (1,000,000 persons by default), then measures the query API beside
// the bare limit (bare-server.ts: the same queries straight from SQLite) in the same run, the phone server and the
// kiosk. Prints a table and saves the figures to bench-results/.
//   npm run bench -- [--persons N] [--seed S] [--data DIR] [--duration SECONDS] [--only prompts,api,ivr,kiosk,lighthouse,import,statements,workers]
//     (prompts: the phone prompts' length in seconds of speech per language, espeak-ng + sox; needs no data set)
//     (lighthouse: Lighthouse mobile on the web start page, the median of --lighthouse-runs runs (default 5); alone,
//      it serves the page from a small demo data set in a temporary folder instead of the large set)
//     [--import-persons N]   the import scenario's export size (default 100,000 persons; its own data set)
//     [--store postgres]     the API on PostgreSQL (pg.ts): load (the load figure), api (vs a bare node:http + pg
//                            server running the store's SQL) and workers, on a dedicated database consulta_bench_N
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import {
  buildDemoDataset,
  generateDataset,
  readBenchCredentials,
} from '../../query-api/src/generator/index.ts';
import type { DemoCredentials } from '../../query-api/src/generator/index.ts';
import { createPool } from '../../query-api/src/store/pg/pool.ts';
import { openPgRecordsStore } from '../../query-api/src/store/pg/records.ts';
import { openSqliteRecordsStore } from '../../query-api/src/store/sqlite/records.ts';
import type { RecordsStore } from '../../query-api/src/store/types.ts';
import { runLoad, runSequential, withCpuShare, type CpuShare, type LoadResult } from './load.ts';
import { freePort, repoRoot, startProcess, type Server } from './processes.ts';

const USAGE = `npm run bench -- [options]

  --persons N         persons in the data set (default 1000000; built once into data/bench-N, ~11 min at 1M)
  --seed S            the data set's seed (default consulta)
  --data DIR          reuse a data set elsewhere (default $BENCH_DATA_DIR, else data/bench-N)
  --duration SECONDS  seconds per scenario (default 10)
  --only LIST         which parts to run, comma-separated:
                      prompts,api,ivr,kiosk,lighthouse,import,statements,workers (default all)
  --lighthouse-runs N Lighthouse runs for the lighthouse part, the median counts (default 5)
  --import-persons N  persons in the import scenario's data set (default 100000)
  --workers N         the workers part: the summary (32 connections) with API_WORKERS=1, then N (default 2);
                      the other parts run the API with one worker, as the bare limit they compare with
  --store S           sqlite (default) or postgres: the API (and the bare limit) on PostgreSQL, with the data set
                      loaded once into the database consulta_bench_N (created if missing, reused when it holds the
                      same export); parts api,workers (the default) and load (reloads the database and times
                      it; the run that first loads it prints that load's figure too)
  --database-url URL  the PostgreSQL server for --store postgres (default $BENCH_PG_URL, else
                      postgres://postgres@127.0.0.1:5432/postgres; the database part is replaced)
  --help              this text`;

function parseOptions() {
  try {
    return parseArgs({
      strict: true,
      allowPositionals: false,
      options: {
        persons: { type: 'string', default: '1000000' },
        seed: { type: 'string', default: 'consulta' },
        data: { type: 'string' },
        duration: { type: 'string', default: '10' },
        only: { type: 'string' },
        store: { type: 'string', default: 'sqlite' },
        'database-url': { type: 'string' },
        'import-persons': { type: 'string', default: '100000' },
        'lighthouse-runs': { type: 'string', default: '5' },
        workers: { type: 'string', default: '2' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`bench: ${(error as Error).message.split('\n')[0]} (npm run bench -- --help)`);
    process.exit(2);
  }
}
const values = parseOptions();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const persons = Number(values.persons);
const duration = Number(values.duration);
const lighthouseRuns = Number(values['lighthouse-runs']);
if (
  !Number.isInteger(persons) ||
  persons < 1 ||
  !Number.isFinite(duration) ||
  duration <= 0 ||
  !Number.isInteger(lighthouseRuns) ||
  lighthouseRuns < 1
) {
  console.error(
    'bench: --persons and --lighthouse-runs must be positive whole numbers and --duration positive (npm run bench -- --help)',
  );
  process.exit(2);
}
const PARTS = ['prompts', 'api', 'ivr', 'kiosk', 'lighthouse', 'import', 'statements', 'workers'];
const PG_PARTS = ['load', 'api', 'workers'];
if (values.store !== 'sqlite' && values.store !== 'postgres') {
  console.error(`bench: --store takes sqlite or postgres (got "${values.store}")`);
  process.exit(2);
}
const onPostgres = values.store === 'postgres';
if (!onPostgres && values['database-url'] !== undefined) {
  console.error('bench: --database-url goes with --store postgres (npm run bench -- --help)');
  process.exit(2);
}
// On PostgreSQL the load part is asked for: the first run loads (and reports the load), later runs reuse it.
const only = values.only ?? (onPostgres ? 'api,workers' : PARTS.join(','));
const workers = Number(values.workers);
if (!Number.isInteger(workers) || workers < 2) {
  console.error('bench: --workers must be a whole number ≥ 2 (npm run bench -- --help)');
  process.exit(2);
}
const allowedParts = onPostgres ? PG_PARTS : PARTS;
const unknownPart = only.split(',').find((part) => !allowedParts.includes(part));
if (unknownPart !== undefined) {
  console.error(
    `bench: --only takes ${allowedParts.join(', ')}${onPostgres ? ' with --store postgres' : ''} (got "${unknownPart}")`,
  );
  process.exit(2);
}
const parts = new Set(only.split(','));
const dataDir = resolve(
  values.data ?? process.env['BENCH_DATA_DIR'] ?? join(repoRoot, 'data', `bench-${persons}`),
);
const IVR_TOKEN = 'bench-twilio-auth-token';

function personsIn(dir: string): number | null {
  const file = join(dir, 'records.sqlite');
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare(`SELECT value FROM meta WHERE key = 'persons'`).get() as
      { value: string } | undefined;
    return row ? Number(row.value) : null;
  } finally {
    db.close();
  }
}

async function ensureDataset(): Promise<DemoCredentials> {
  if (personsIn(dataDir) === persons && existsSync(join(dataDir, 'bench-credentials.json'))) {
    console.log(`Reusing the ${persons.toLocaleString('en')}-person data set in ${dataDir}`);
  } else {
    console.log(
      `Building a ${persons.toLocaleString('en')}-person data set in ${dataDir} (once; reused next time)…`,
    );
    mkdirSync(dataDir, { recursive: true });
    const started = Date.now();
    let shown = -1;
    await generateDataset({
      dir: dataDir,
      persons,
      seed: values.seed,
      onProgress: (done, total) => {
        const pct = Math.floor((done / total) * 100);
        if (pct !== shown && pct % 10 === 0) console.log(`  ${pct}%`);
        shown = pct;
      },
    });
    console.log(`  built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return readBenchCredentials(dataDir);
}

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

async function login(apiUrl: string, clientKey: string, body: object): Promise<string> {
  const res = await fetch(`${apiUrl}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client-key': clientKey },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`login failed: ${res.status} ${JSON.stringify(await json(res))}`);
  return String((await json(res))['token']);
}

/** Logs in `count` identities with at most `parallel` logins in flight; returns tokens and logins/s. */
async function loginMany<T>(
  items: T[],
  parallel: number,
  one: (item: T) => Promise<string>,
): Promise<{ tokens: string[]; perSecond: number }> {
  const tokens: string[] = new Array<string>(items.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) {
        const i = next++;
        tokens[i] = await one(items[i] as T);
      }
    }),
  );
  return { tokens, perSecond: items.length / ((performance.now() - started) / 1000) };
}

interface Row {
  scenario: string;
  connections: number;
  api: LoadResult;
  bare: LoadResult;
  throughputRatio: number;
  p99Ratio: number;
}

function pad(s: string | number, n: number): string {
  return String(s).padStart(n);
}

/** The record ids of the bench identities (the bare server takes ids, as the API's session holds them). */
async function recordIds(
  records: RecordsStore,
  insured: DemoCredentials['insured'],
  employers: DemoCredentials['employers'],
): Promise<{ personIds: number[]; employerIds: number[] }> {
  try {
    const personIds: number[] = [];
    for (const p of insured) personIds.push((await records.personIdByNationalId(p.nationalId)) ?? 0);
    const employerIds: number[] = [];
    for (const e of employers)
      employerIds.push((await records.findEmployerCredential(e.unitNumber))?.employerId ?? 0);
    if ([...personIds, ...employerIds].includes(0)) throw new Error('a bench identity is not in the records');
    return { personIds, employerIds };
  } finally {
    await records.close();
  }
}

async function benchApi(creds: DemoCredentials, api: Server, bare: Server, records: RecordsStore) {
  const kioskKey = creds.clients.find((c) => c.channel === 'kiosk')?.key ?? '';
  const insured = creds.insured.slice(0, 64);
  const employers = creds.employers.slice(0, 32);
  const { personIds, employerIds } = await recordIds(records, insured, employers);

  console.log(`Logging in ${insured.length} insured persons and ${employers.length} employers…`);
  const insuredLogin = await loginMany(insured, 8, (p) =>
    login(api.url, kioskKey, { method: 'pin', nationalId: p.nationalId, pin: p.pin }),
  );
  const employerLogin = await loginMany(employers, 8, (e) =>
    login(api.url, kioskKey, { method: 'employer', unitNumber: e.unitNumber, password: e.password }),
  );
  const auth = (token: string | undefined) => ({
    'x-client-key': kioskKey,
    authorization: `Bearer ${token ?? ''}`,
  });

  const scenarios = [
    {
      name: 'summary',
      connections: 32,
      api: '/v1/me/summary',
      bare: '/summary?p=',
      ids: personIds,
      tokens: insuredLogin.tokens,
    },
    {
      name: 'summary',
      connections: 1,
      api: '/v1/me/summary',
      bare: '/summary?p=',
      ids: personIds,
      tokens: insuredLogin.tokens,
    },
    {
      name: 'contributions page',
      connections: 32,
      api: '/v1/me/contributions?page=1&pageSize=50',
      bare: '/contributions?p=',
      ids: personIds,
      tokens: insuredLogin.tokens,
    },
    {
      name: 'employer staff page',
      connections: 32,
      api: '/v1/employer/staff?page=1&pageSize=50',
      bare: '/staff?e=',
      ids: employerIds,
      tokens: employerLogin.tokens,
    },
  ];
  const rows: Row[] = [];
  for (const s of scenarios) {
    const load = s.connections === 1 ? runSequential : runLoad;
    const bareResult = await load({
      name: `${s.name} (bare)`,
      url: bare.url,
      connections: s.connections,
      durationSeconds: duration,
      requestFor: (i) => ({ path: `${s.bare}${s.ids[i % s.ids.length]}` }),
    });
    const apiResult = await load({
      name: s.name,
      url: api.url,
      connections: s.connections,
      durationSeconds: duration,
      requestFor: (i) => ({ path: s.api, headers: auth(s.tokens[i % s.tokens.length]) }),
    });
    if (apiResult.non2xx > 0 || bareResult.non2xx > 0) {
      throw new Error(`${s.name}: non-2xx answers (api ${apiResult.non2xx}, bare ${bareResult.non2xx})`);
    }
    rows.push({
      scenario: s.name,
      connections: s.connections,
      api: apiResult,
      bare: bareResult,
      throughputRatio: apiResult.requestsPerSecond / bareResult.requestsPerSecond,
      p99Ratio: apiResult.p99Ms / Math.max(bareResult.p99Ms, 0.001),
    });
    console.log(
      `  ${s.name} @${s.connections}: api ${apiResult.requestsPerSecond} req/s p99 ${apiResult.p99Ms} ms · bare ${bareResult.requestsPerSecond} req/s p99 ${bareResult.p99Ms} ms`,
    );
  }
  return { rows, loginsPerSecond: { insured: insuredLogin.perSecond, employer: employerLogin.perSecond } };
}

/**
 * Every core (issue 9): the summary at 32 connections against `npm run api` with API_WORKERS=1 and then N, each
 * its own process on its own port, same data set and identities. The load generator shares the machine.
 */
async function benchWorkers(creds: DemoCredentials, apiEnv: Record<string, string>) {
  const kioskKey = creds.clients.find((c) => c.channel === 'kiosk')?.key ?? '';
  const insured = creds.insured.slice(0, 64);
  const rows: { workers: number; result: LoadResult; cpu: CpuShare }[] = [];
  for (const n of [1, workers]) {
    const port = await freePort();
    const api = await startProcess(
      'query-api/src/main.ts',
      { ...apiEnv, API_PORT: String(port), API_WORKERS: String(n) },
      `http://127.0.0.1:${port}`,
      '/readyz',
    );
    try {
      const { tokens } = await loginMany(insured, 8, (p) =>
        login(api.url, kioskKey, { method: 'pin', nationalId: p.nationalId, pin: p.pin }),
      );
      // A short warm-up, so that every worker has its statements prepared and its pages cached.
      const scenario = (seconds: number) =>
        runLoad({
          name: `summary, ${n} worker${n > 1 ? 's' : ''}`,
          url: api.url,
          connections: 32,
          durationSeconds: seconds,
          requestFor: (i) => ({
            path: '/v1/me/summary',
            headers: { 'x-client-key': kioskKey, authorization: `Bearer ${tokens[i % tokens.length] ?? ''}` },
          }),
        });
      await scenario(2);
      const { result, cpu } = await withCpuShare(() => scenario(duration));
      if (result.non2xx > 0) throw new Error(`workers ${n}: ${result.non2xx} non-2xx answers`);
      rows.push({ workers: n, result, cpu });
      console.log(
        `  summary @32, ${n} worker(s): ${result.requestsPerSecond} req/s p99 ${result.p99Ms} ms; ` +
          `CPU: ${cpu.busy} of ${cpu.cores} cores busy, ${cpu.loadGenerator} of them the load generator`,
      );
    } finally {
      await api.stop();
    }
  }
  const [one, many] = rows;
  const ratio = (many?.result.requestsPerSecond ?? 0) / Math.max(one?.result.requestsPerSecond ?? 1, 1);
  // What the cores allow at most: the 1-worker run spent `busy` cores on its answers (the API, PostgreSQL when
  // it is the store, and the load generator, which shares the machine); with every core busy and nothing lost
  // to contention, the answers could grow by cores / busy, whatever the number of workers.
  const ceiling = one ? Math.round((one.cpu.cores / Math.max(one.cpu.busy, 0.01)) * 100) / 100 : null;
  console.log(
    `\nWorkers: ${workers} vs 1 on the summary (32 connections): ${ratio.toFixed(2)}× (target ≥ 1.6); ` +
      `what ${one?.cpu.cores ?? '?'} cores allow with the load generator on them: ${ceiling ?? '?'}×`,
  );
  return { rows, ratio, ceiling };
}

function printApiTable(rows: Row[], store: 'SQLite' | 'PostgreSQL' = 'SQLite'): void {
  console.log(`\nQuery API vs the bare limit (node:http + the same ${store} queries), same run`);
  console.log(
    `${'scenario'.padEnd(22)}${pad('conns', 6)}${pad('api req/s', 11)}${pad('p50', 7)}${pad('p99', 7)}${pad('bare req/s', 12)}${pad('p50', 7)}${pad('p99', 7)}${pad('tput ratio', 12)}${pad('p99 ratio', 11)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.scenario.padEnd(22)}${pad(r.connections, 6)}${pad(r.api.requestsPerSecond, 11)}${pad(r.api.p50Ms, 7)}${pad(r.api.p99Ms, 7)}${pad(r.bare.requestsPerSecond, 12)}${pad(r.bare.p50Ms, 7)}${pad(r.bare.p99Ms, 7)}${pad(r.throughputRatio.toFixed(2), 12)}${pad(r.p99Ratio.toFixed(2), 11)}`,
    );
  }
}

const results0: Record<string, unknown> = {
  at: new Date().toISOString(),
  persons,
  dataDir,
  durationSeconds: duration,
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
};

function save(results: Record<string, unknown>, label: string = String(persons)): void {
  const outDir = join(repoRoot, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(
    outDir,
    `bench-${label}-${new Date().toISOString().replaceAll(':', '-').slice(0, 19)}.json`,
  );
  writeFileSync(file, JSON.stringify(results, null, 2));
  writeFileSync(join(outDir, 'latest.json'), JSON.stringify(results, null, 2));
  console.log(`\nSaved ${file}`);
}

/**
 * Builds renderer/dist if its sources changed, before the API starts: the API lists the build's files when it
 * starts, so a build made after that would leave it serving a page whose scripts it does not know.
 */
async function buildRenderer(): Promise<void> {
  const { ensureRendererBuilt } = await import('../kiosk/harness.ts');
  ensureRendererBuilt();
}

async function lighthouseOn(apiUrl: string): Promise<unknown> {
  const { lighthouseStartPage, printLighthouseTable } = await import('./lighthouse.ts');
  const result = await lighthouseStartPage(`${apiUrl}/`, lighthouseRuns);
  printLighthouseTable(result);
  return result;
}

async function lighthouseOnDemoData(): Promise<unknown> {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'consulta-bench-lighthouse-'));
  // The query log's key and witness outside the data set, as the API requires; all removed afterwards.
  const keys = mkdtempSync(join(tmpdir(), 'consulta-bench-lighthouse-keys-'));
  try {
    console.log('Building a small demo data set for the start page…');
    await buildDemoDataset({ dir });
    await buildRenderer();
    const port = await freePort();
    const api = await startProcess(
      'query-api/src/main.ts',
      {
        DATA_DIR: dir,
        API_PORT: String(port),
        LOG_SIGNING_KEY_FILE: join(keys, 'query-log.key'),
        CHECKPOINT_DIR: join(keys, 'checkpoints'),
      },
      `http://127.0.0.1:${port}`,
      '/healthz',
    );
    try {
      return await lighthouseOn(api.url);
    } finally {
      await api.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(keys, { recursive: true, force: true });
  }
}

/**
 * `--store postgres`: the data set in its own PostgreSQL database (pg.ts), then the API with DATABASE_URL beside a
 * bare node:http + pg server running the PostgreSQL store's queries on a pool of the same size, and the workers.
 */
async function mainPostgres(): Promise<void> {
  const { DEFAULT_PG_SERVER_URL, ensurePgDataset, printPgLoad } = await import('./pg.ts');
  const dataset = await ensurePgDataset({
    persons,
    seed: values.seed,
    serverUrl: values['database-url'] ?? DEFAULT_PG_SERVER_URL,
    reload: parts.has('load'),
  });
  const results: Record<string, unknown> = {
    ...results0,
    store: 'postgres',
    database: dataset.database,
    dataDir: dataset.dir,
  };
  printPgLoad(dataset);
  results['pgLoad'] = { load: dataset.load, size: dataset.size };
  const creds = dataset.credentials;
  const poolMax = '10';
  const apiEnv = {
    DATA_DIR: dataset.dir,
    DATABASE_URL: dataset.databaseUrl,
    PG_POOL_MAX: poolMax,
    API_PORT: String(await freePort()),
    RATE_LIMIT_CLIENT_PER_SECOND: '10000000',
    RATE_LIMIT_CLIENT_BURST: '10000000',
    SESSION_IDLE_SECONDS: '3600',
    SESSION_MAX_SECONDS: '7200',
    API_WORKERS: '1',
  };
  if (parts.has('workers')) results['workers'] = await benchWorkers(creds, apiEnv);
  if (parts.has('api')) {
    const api = await startProcess(
      'query-api/src/main.ts',
      apiEnv,
      `http://127.0.0.1:${apiEnv.API_PORT}`,
      '/healthz',
    );
    try {
      const barePort = await freePort();
      const bare = await startProcess(
        'test/bench/bare-server.ts',
        { DATABASE_URL: dataset.databaseUrl, PG_POOL_MAX: poolMax, BARE_PORT: String(barePort) },
        `http://127.0.0.1:${barePort}`,
        '/healthz',
      );
      try {
        const pool = createPool(dataset.databaseUrl, { max: 1, applicationName: 'consulta-bench' });
        const records = await openPgRecordsStore({ primary: pool, reads: pool, close: () => pool.end() });
        const { rows, loginsPerSecond } = await benchApi(creds, api, bare, records);
        printApiTable(rows, 'PostgreSQL');
        console.log(
          `Targets on PostgreSQL at 32 connections: throughput ratio ≥ 0.7, p99 ratio ≤ 2 (pool of ${poolMax} connections each)`,
        );
        results['api'] = { rows, loginsPerSecond };
      } finally {
        await bare.stop();
      }
    } finally {
      await api.stop();
    }
  }
  save(results, `pg-${persons}`);
}

async function main(): Promise<void> {
  if (onPostgres) {
    await mainPostgres();
    return;
  }
  if (parts.has('prompts')) {
    const { benchPrompts, printPromptTable } = await import('./ivr-prompts.ts');
    const rows = benchPrompts();
    printPromptTable(rows);
    results0['phonePrompts'] = rows;
    if ([...parts].every((p) => p === 'prompts')) {
      save(results0);
      return;
    }
  }
  if (parts.has('import')) {
    const { benchImport } = await import('./import.ts');
    const result = await benchImport({ persons: Number(values['import-persons']), seed: values.seed });
    results0['import'] = result;
    if ([...parts].every((p) => p === 'import' || p === 'prompts')) {
      save(results0);
      return;
    }
  }
  if (parts.has('lighthouse') && [...parts].every((p) => ['lighthouse', 'import', 'prompts'].includes(p))) {
    // The start page needs no records: a small demo data set in a temporary folder serves it.
    results0['lighthouse'] = await lighthouseOnDemoData();
    results0['persons'] = 'demo';
    save(results0, 'lighthouse');
    return;
  }
  const creds = await ensureDataset();
  const [API_PORT, BARE_PORT, IVR_PORT] = [await freePort(), await freePort(), await freePort()];
  const results = results0;
  const apiEnv = {
    DATA_DIR: dataDir,
    API_PORT: String(API_PORT),
    RATE_LIMIT_CLIENT_PER_SECOND: '10000000',
    RATE_LIMIT_CLIENT_BURST: '10000000',
    SESSION_IDLE_SECONDS: '3600',
    SESSION_MAX_SECONDS: '7200',
    API_WORKERS: '1',
  };
  if (parts.has('workers')) results['workers'] = await benchWorkers(creds, apiEnv);
  if ([...parts].every((p) => ['prompts', 'import', 'workers'].includes(p))) {
    save(results);
    return;
  }
  if (parts.has('kiosk') || parts.has('lighthouse')) await buildRenderer();
  const api = await startProcess('query-api/src/main.ts', apiEnv, `http://127.0.0.1:${API_PORT}`, '/healthz');
  try {
    if (parts.has('api')) {
      const bare = await startProcess(
        'test/bench/bare-server.ts',
        { DATA_DIR: dataDir, BARE_PORT: String(BARE_PORT) },
        `http://127.0.0.1:${BARE_PORT}`,
        '/healthz',
      );
      try {
        const records = openSqliteRecordsStore({ path: join(dataDir, 'records.sqlite') });
        const { rows, loginsPerSecond } = await benchApi(creds, api, bare, records);
        printApiTable(rows);
        console.log(
          `Logins (scrypt N=16384, 8 in flight): insured ${loginsPerSecond.insured.toFixed(1)}/s, employer ${loginsPerSecond.employer.toFixed(1)}/s`,
        );
        results['api'] = { rows, loginsPerSecond };
      } finally {
        await bare.stop();
      }
    }
    if (parts.has('ivr')) {
      const { benchIvr } = await import('./ivr.ts');
      const phoneKey = creds.clients.find((c) => c.channel === 'phone')?.key ?? '';
      const ivrUrl = `http://127.0.0.1:${IVR_PORT}`;
      const ivr = await startProcess(
        'ivr-server/src/main.ts',
        {
          IVR_PORT: String(IVR_PORT),
          QUERY_API_URL: api.url,
          IVR_CLIENT_KEY: phoneKey,
          TWILIO_AUTH_TOKEN: IVR_TOKEN,
          PUBLIC_BASE_URL: ivrUrl,
        },
        ivrUrl,
        '/healthz',
      );
      try {
        const ivrResult = await benchIvr({
          apiUrl: api.url,
          ivrUrl,
          authToken: IVR_TOKEN,
          publicBaseUrl: ivrUrl,
          insured: creds.insured,
          employers: creds.employers,
        });
        console.log('\nPhone server');
        console.log(JSON.stringify(ivrResult, null, 2));
        results['ivr'] = ivrResult;
      } finally {
        await ivr.stop();
      }
    }
    if (parts.has('kiosk')) {
      // Loaded by name so this runner type-checks on its own; kiosk.ts belongs to the kiosk's benchmark.
      const kioskModule = './kiosk.ts';
      const { benchKiosk } = (await import(kioskModule)) as {
        benchKiosk: (o: {
          apiUrl: string;
          dataDir: string;
          credentials: DemoCredentials;
        }) => Promise<unknown>;
      };
      const kioskResult = await benchKiosk({ apiUrl: api.url, dataDir, credentials: creds });
      console.log('\nKiosk');
      console.log(JSON.stringify(kioskResult, null, 2));
      results['kiosk'] = kioskResult;
    }
    if (parts.has('lighthouse')) results['lighthouse'] = await lighthouseOn(api.url);
    if (parts.has('statements')) {
      // The annual statements for mailing: 200 persons' PDFs, rendered and registered (target ≥ 20/s).
      const { runStatements } = await import('../../query-api/src/rights/statements-cli.ts');
      const { mkdtempSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const out = mkdtempSync(join(tmpdir(), 'consulta-bench-statements-'));
      try {
        const year = Number(creds.dataThrough.slice(0, 4)) - 1;
        const result = await runStatements(
          [
            '--year',
            String(year),
            '--out',
            out,
            '--persons',
            '200',
            '--data-dir',
            dataDir,
            '--operator',
            'bench',
          ],
          { out: () => undefined, err: console.error, progress: false },
        );
        console.log(
          `\nAnnual statements (PDF, ${year}): ${result?.written ?? 0} in ${result?.seconds.toFixed(1)} s, ` +
            `${result?.perSecond.toFixed(1)} statements/s (target ≥ 20)`,
        );
        results['statements'] = result && { ...result, files: undefined };
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }
  } finally {
    await api.stop();
  }
  save(results);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
