// `npm run soak -- --minutes 10`: a mixed load at about 80 % of the API's measured capacity, for a while.
// Builds a private demo data set (or uses --data-dir), starts the API as its own process, measures capacity
// with a short closed-loop burst, then sends the same mix open-loop at 80 % of it. Prints, per minute: the
// requests, the errors (5xx or no answer: must be 0), p50/p99 latency and the API process's memory (RSS: must
// be flat). Then stops the API and runs `ops verify-log` over what it wrote. Exits 1 on any error, a growing
// memory, or a log that does not verify.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { residentIdCheckChar } from '@consulta/shared';
import { buildDemoDataset, readDemoCredentials } from '../../query-api/src/generator/index.ts';
import { loginBody } from '../api/login-body.ts';
import { freePort, repoRoot } from '../bench/processes.ts';

const USAGE = `npm run soak -- [--minutes N] [--load 0.8] [--concurrency 16] [--data-dir DIR]

  --minutes N      how long the mixed load runs (default 10)
  --load SHARE     the share of the measured capacity to run at, 0 < SHARE <= 1 (default 0.8)
  --concurrency N  connections of the capacity burst (default 16)
  --data-dir DIR   a demo data set to use (default: a private one built in a temporary folder)
  --help           this text`;

function parseOptions() {
  try {
    return parseArgs({
      options: {
        minutes: { type: 'string', default: '10' },
        'data-dir': { type: 'string' },
        /** The share of measured capacity to run at. */
        load: { type: 'string', default: '0.8' },
        concurrency: { type: 'string', default: '16' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    console.error(`soak: ${(err as Error).message} (npm run soak -- --help)`);
    process.exit(2);
  }
}
const values = parseOptions();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const minutes = Number(values.minutes);
const share = Number(values.load);
const concurrency = Number(values.concurrency);
if (!(minutes > 0) || !(share > 0 && share <= 1) || !(concurrency > 0)) {
  console.error('usage: npm run soak -- --minutes N [--load 0.8] [--concurrency 16] [--data-dir DIR]');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'consulta-soak-'));
const dataDir = values['data-dir'] ?? join(work, 'data');
const logEnv = {
  LOG_SIGNING_KEY_FILE: join(work, 'keys', 'query-log.key'),
  CHECKPOINT_DIR: join(work, 'checkpoints'),
};

/** The API as its own node process (not through the tsx CLI, so that its pid is the API's own). */
function startApiProcess(port: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'query-api/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...logEnv,
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      API_PORT: String(port),
      RATE_LIMIT_CLIENT_PER_SECOND: '10000000',
      RATE_LIMIT_CLIENT_BURST: '10000000',
      RATE_LIMIT_WEB_PER_SECOND: '10000000',
      RATE_LIMIT_WEB_BURST: '10000000',
      SESSION_IDLE_SECONDS: '3600',
      SESSION_MAX_SECONDS: String(Math.ceil(minutes * 60 + 3600)),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

interface Req {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Statuses that are right for this request (anything else is an error). */
  ok: number[];
}

async function main(): Promise<number> {
  if (!values['data-dir']) {
    console.log(`building a demo data set in ${dataDir} …`);
    await buildDemoDataset({ dir: dataDir });
  }
  const creds = readDemoCredentials(dataDir);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = startApiProcess(port);
  let stderr = '';
  api.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  try {
    for (let i = 0; ; i++) {
      if (api.exitCode !== null) throw new Error(`the API exited: ${stderr}`);
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (i > 200) throw new Error('the API did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }

    const kiosk = creds.clients.find((c) => c.channel === 'kiosk')?.key ?? '';
    const phone = creds.clients.find((c) => c.channel === 'phone')?.key ?? '';
    const login = async (key: string, body: unknown): Promise<string> => {
      const res = await fetch(`${base}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-client-key': key },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { token?: string };
      if (!json.token) throw new Error(`soak set-up login failed: ${res.status}`);
      return json.token;
    };
    const persons = creds.insured.filter((p) => !p.profile.startsWith('spare')).slice(0, 8);
    const insured = await Promise.all(
      persons.map(async (p) => ({
        kiosk: await login(kiosk, loginBody.pin(p)),
        phone: await login(phone, loginBody.pin(p)),
      })),
    );
    const unit = creds.employers.find((e) => e.profile === 'current-employer') ?? creds.employers[0];
    if (!unit) throw new Error('the data set has no employer');
    const employer = await login(kiosk, loginBody.employer(unit));
    // Logins rotate over the spare identities: a person logs in one attempt at a time, and more than five
    // attempts of one identity in flight at once from one terminal are refused as guessing (423), which one
    // person at one kiosk never causes but one identity logged in 17 times a second can.
    const spares = creds.insured.filter((p) => p.profile.startsWith('spare'));
    if (spares.length === 0) throw new Error('the data set has no spare identities');
    const nobody = `11010119900307001${residentIdCheckChar('11010119900307001')}`;

    // The mix: mostly record reads at kiosks and by phone, some employer reads, public documents, a few
    // certificates and logins, and a few wrong PINs for identities that do not exist.
    let n = 0;
    const nextRequest = (): Req => {
      n++;
      const s = insured[n % insured.length];
      const auth = (key: string, token: string) => ({
        'x-client-key': key,
        authorization: `Bearer ${token}`,
      });
      const r = n % 20;
      if (!s) throw new Error('no sessions');
      if (r < 5) return { method: 'GET', path: '/v1/me/summary', headers: auth(phone, s.phone), ok: [200] };
      if (r < 9)
        return {
          method: 'GET',
          path: '/v1/me/contributions?pageSize=24',
          headers: auth(kiosk, s.kiosk),
          ok: [200],
        };
      if (r < 11)
        return { method: 'GET', path: '/v1/me/registration', headers: auth(kiosk, s.kiosk), ok: [200] };
      if (r < 12) return { method: 'GET', path: '/v1/me/accounts', headers: auth(kiosk, s.kiosk), ok: [200] };
      if (r < 14)
        return {
          method: 'GET',
          path: '/v1/employer/staff?pageSize=20',
          headers: auth(kiosk, employer),
          ok: [200],
        };
      if (r < 15)
        return { method: 'GET', path: '/v1/employer/summary', headers: auth(kiosk, employer), ok: [200] };
      if (r < 17)
        return { method: 'GET', path: '/v1/disclosure', headers: { 'x-client-key': kiosk }, ok: [200] };
      if (r < 18)
        return {
          method: 'POST',
          path: '/v1/me/certificates',
          headers: { ...auth(kiosk, s.kiosk), 'content-type': 'application/json' },
          body: '{}',
          ok: [201],
        };
      if (r < 19)
        return {
          method: 'POST',
          path: '/v1/sessions',
          headers: { 'x-client-key': kiosk, 'content-type': 'application/json' },
          body: JSON.stringify(
            loginBody.pin(spares[Math.floor(n / 20) % spares.length] as (typeof spares)[0]),
          ),
          ok: [201],
        };
      // A wrong PIN for an ID nobody has: throttled like any identity (401, then 423).
      return {
        method: 'POST',
        path: '/v1/sessions',
        headers: { 'x-client-key': kiosk, 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'pin', nationalId: nobody, pin: '000000' }),
        ok: [400, 401, 423],
      };
    };

    const send = async (req: Req): Promise<{ ms: number; error: string | null }> => {
      const started = performance.now();
      try {
        const res = await fetch(`${base}${req.path}`, {
          method: req.method,
          headers: req.headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
        });
        await res.arrayBuffer();
        const ms = performance.now() - started;
        return {
          ms,
          error: req.ok.includes(res.status) ? null : `${req.method} ${req.path} → ${res.status}`,
        };
      } catch (err) {
        return {
          ms: performance.now() - started,
          error: `${req.method} ${req.path} → ${(err as Error).message}`,
        };
      }
    };

    // Capacity: closed loop, `concurrency` at a time, for a few seconds.
    const measureFor = 5_000;
    let done = 0;
    const until = Date.now() + measureFor;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < until) {
          await send(nextRequest());
          done++;
        }
      }),
    );
    const capacity = done / (measureFor / 1000);
    const rate = Math.max(1, Math.floor(capacity * share));
    console.log(
      `capacity ≈ ${Math.round(capacity)} requests/s; soaking at ${rate}/s (${share * 100} %) for ${minutes} min`,
    );
    console.log('minute  requests  errors   p50 ms   p99 ms   API RSS MB');

    let totalErrors = 0;
    const examples = new Set<string>();
    const rss: number[] = [];
    const endAt = Date.now() + minutes * 60_000;
    let minute = 0;
    let inFlight = 0;
    while (Date.now() < endAt) {
      minute++;
      const minuteEnd = Math.min(endAt, Date.now() + 60_000);
      const latencies: number[] = [];
      let errors = 0;
      const pending: Promise<void>[] = [];
      const start = Date.now();
      let sent = 0;
      // Open loop: requests leave on schedule whether or not earlier ones have answered (capped in flight).
      while (Date.now() < minuteEnd) {
        const due = Math.floor(((Date.now() - start) / 1000) * rate);
        while (sent < due && inFlight < concurrency * 8) {
          sent++;
          inFlight++;
          pending.push(
            send(nextRequest()).then(({ ms, error }) => {
              inFlight--;
              latencies.push(ms);
              if (error) {
                errors++;
                if (examples.size < 10) examples.add(error);
              }
            }),
          );
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      await Promise.all(pending);
      latencies.sort((a, b) => a - b);
      const pct = (p: number) =>
        latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
      const mem = rssMb(api.pid);
      rss.push(mem);
      totalErrors += errors;
      console.log(
        `${String(minute).padStart(6)}  ${String(latencies.length).padStart(8)}  ${String(errors).padStart(6)}  ${pct(0.5).toFixed(1).padStart(7)}  ${pct(0.99).toFixed(1).padStart(7)}  ${String(mem).padStart(11)}`,
      );
    }
    for (const e of examples) console.log(`error: ${e}`);

    // Memory is flat when the last minute is within 20 % (and 40 MB) of the first.
    const first = rss[0] ?? 0;
    const last = rss[rss.length - 1] ?? 0;
    const growth = last - first;
    const flat = rss.length < 2 || growth <= Math.max(40, first * 0.2);
    console.log(`errors: ${totalErrors}; API memory ${first} → ${last} MB (${flat ? 'flat' : 'GROWING'})`);

    await new Promise<void>((resolve) => {
      api.once('exit', () => resolve());
      api.kill('SIGTERM');
    });
    const verify = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'query-api/src/ops/cli.ts', 'verify-log', '--data-dir', dataDir],
      { cwd: repoRoot, env: { ...process.env, ...logEnv }, encoding: 'utf8' },
    );
    process.stdout.write(`verify-log: ${verify.stdout}${verify.stderr}`);
    return totalErrors === 0 && flat && verify.status === 0 ? 0 : 1;
  } finally {
    if (api.exitCode === null) api.kill('SIGKILL');
  }
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`soak: ${(err as Error).message}`);
} finally {
  if (!values['data-dir']) rmSync(work, { recursive: true, force: true });
}
process.exit(code);
