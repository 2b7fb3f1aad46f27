// Issue 9, "any instance": two phone-server instances behind one public address share their calls in Redis
// (IVR_STATE_URL), so Twilio's webhooks of one call may reach either. Played against the real Redis at
// 127.0.0.1:6379 (under a random key prefix, removed afterwards), the real query API on a private copy of the demo
// data and real phone servers: a call alternating between instances, a call whose first instance is killed
// (SIGKILL, a process of its own) and continues on the other, and the replay protections across instances.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type RunningApi } from '../../query-api/src/app.ts';
import { startIvr, type CallEntry, type RunningIvr } from '../../ivr-server/src/app.ts';
import { CallSimulator } from '../../ivr-server/src/call/simulator.ts';
import { RedisCallStore } from '../../ivr-server/src/redis-call-store.ts';
import { repoRoot } from '../bench/processes.ts';
import {
  copyDataDir,
  demoInsured,
  insuredLoginKeys,
  readCredentials,
  type DemoCredentials,
} from './harness.ts';

const REDIS_URL = process.env['TEST_REDIS_URL'] || 'redis://127.0.0.1:6379';
/** The public address Twilio calls and signs for; both instances stand behind it. */
const PUBLIC = 'https://hotline.example.org';

let data: { dir: string; remove: () => void };
let api: RunningApi;
let creds: DemoCredentials;
let phoneKey: string;
const prefix = `consulta-test-${randomBytes(6).toString('hex')}:`;
const authToken = randomBytes(16).toString('hex');
const logs: Record<'a' | 'b', string[]> = { a: [], b: [] };
let a: RunningIvr;
let b: RunningIvr;
let redis: Redis;

function instance(name: 'a' | 'b'): Promise<RunningIvr> {
  const store = new RedisCallStore<CallEntry>({ url: REDIS_URL, prefix, isLive: (e) => !e.ended });
  return startIvr({
    apiUrl: api.url,
    clientKey: phoneKey,
    authToken,
    publicBaseUrl: PUBLIC,
    apiTimeoutMs: 8000,
    store,
    log: (line) => logs[name].push(line),
  });
}

function logEntries(): number {
  const db = new Database(`${data.dir}/operational.sqlite`, { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM query_log').pluck().get() as number;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
  } catch {
    throw new Error(
      'Redis is not reachable at 127.0.0.1:6379: start it (e.g. `redis-server --daemonize yes`)',
    );
  }
  data = copyDataDir(inject('demoDataDir'));
  creds = readCredentials(data.dir);
  const key = creds.clients.find((c) => c.channel === 'phone')?.key;
  if (!key) throw new Error('the demo data set has no phone client');
  phoneKey = key;
  api = await startApi({ dataDir: data.dir, port: 0 });
  a = await instance('a');
  b = await instance('b');
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await api?.close();
  data?.remove();
  if (redis) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
});

/** Presses keys in order on a call that is waiting for them. */
async function press(call: CallSimulator, keys: string[]): Promise<void> {
  for (const k of keys) {
    expect(call.waiting, `the call ended before "${k}"`).toBe(true);
    await call.input(k);
  }
}

describe('two phone-server instances sharing Redis', () => {
  it('take alternate webhooks of one whole call: login, the answer, hang-up; the call is counted by both', async () => {
    const p = demoInsured(creds, 'worker-arrears');
    const call = new CallSimulator({
      ivrUrl: a.url,
      ivrUrls: [a.url, b.url],
      publicBaseUrl: PUBLIC,
      authToken,
    });
    const before = { a: logs.a.length, b: logs.b.length };
    await call.start();
    expect(await a.ivr.countActiveCalls()).toBeGreaterThanOrEqual(1);
    expect(await b.ivr.countActiveCalls()).toBe(await a.ivr.countActiveCalls());
    await press(call, [...insuredLoginKeys('en', p.nationalId, p.pin), '1']);
    expect(call.heardText()).toMatch(/yuan/);
    // Both instances ran steps of this call (each logs the steps it ran).
    const tag = `call ${call.callSid.slice(-6)} step`;
    expect(logs.a.slice(before.a).filter((l) => l.startsWith(tag)).length).toBeGreaterThanOrEqual(2);
    expect(logs.b.slice(before.b).filter((l) => l.startsWith(tag)).length).toBeGreaterThanOrEqual(2);
    await call.finish('completed');
    // Ended is shared: every webhook of the call, replayed to either instance, is refused.
    const entries = logEntries();
    for (const w of call.sent.filter((x) => x.path !== '/ivr/status')) {
      for (const target of [a.url, b.url]) {
        const replay = new CallSimulator({
          ivrUrl: target,
          publicBaseUrl: PUBLIC,
          authToken,
          callSid: call.callSid,
        });
        const res = await replay.post(w.path, w.params);
        expect(res.status, `${w.path} on ${target === a.url ? 'a' : 'b'}`).toBe(410);
        expect(res.body).not.toMatch(/<Say/);
      }
    }
    expect(logEntries()).toBe(entries);
  });

  it('run a step token once: the same step sent to both at once runs once; another key with it is refused', async () => {
    const p = demoInsured(creds, 'unemployed');
    const call = new CallSimulator({
      ivrUrl: a.url,
      ivrUrls: [a.url, b.url],
      publicBaseUrl: PUBLIC,
      authToken,
    });
    await call.start();
    await press(call, insuredLoginKeys('en', p.nationalId, p.pin));
    const action = call.pendingAction;
    if (!action) throw new Error('no open gather after login');
    const params = { ...call.baseParams(), Digits: '1' };
    // Webhooks so far, one step each (the first is step 1): the log line the next step's run writes.
    const stepLine = `call ${call.callSid.slice(-6)} step ${call.sent.length + 1} input`;
    const entries = logEntries();
    const toA = new CallSimulator({ ivrUrl: a.url, publicBaseUrl: PUBLIC, authToken, callSid: call.callSid });
    const toB = new CallSimulator({ ivrUrl: b.url, publicBaseUrl: PUBLIC, authToken, callSid: call.callSid });
    // Twilio's retry of one step reaching the other instance while the first still works on it.
    const [ra, rb] = await Promise.all([toA.post(action, params), toB.post(action, params)]);
    expect(ra.status).toBe(200);
    expect(rb.status).toBe(200);
    expect(ra.body).toBe(rb.body);
    expect(ra.body).toMatch(/Latest paid month|No paid contribution/);
    // The step ran once: one of the two instances logged it, and the query log grew by one step's reads.
    const ran = (lines: string[]) => lines.filter((l) => l.startsWith(stepLine)).length;
    expect(ran(logs.a) + ran(logs.b)).toBe(1);
    const grown = logEntries() - entries;
    expect(grown).toBeGreaterThan(0);
    // The same token with other keys, on either instance: refused, nothing read.
    for (const other of [toA, toB]) {
      const res = await other.post(action, { ...params, Digits: '2' });
      expect(res.status).toBe(409);
      expect(res.body).not.toMatch(/<Say/);
    }
    expect(logEntries()).toBe(entries + grown);
    await call.finish('completed');
  });
});

describe('an instance killed mid-call', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('the call goes on at the other instance, from the step it had reached', async () => {
    // Instance one runs as `npm run ivr` does, in its own process, configured by IVR_STATE_URL.
    child = spawn(process.execPath, ['--import', 'tsx', 'ivr-server/src/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        IVR_PORT: '0',
        PUBLIC_BASE_URL: PUBLIC,
        QUERY_API_URL: api.url,
        IVR_CLIENT_KEY: phoneKey,
        TWILIO_AUTH_TOKEN: authToken,
        IVR_STATE_URL: REDIS_URL,
        IVR_STATE_PREFIX: prefix,
        DATA_DIR: data.dir,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const proc = child;
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      proc.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      proc.once('exit', (code) => reject(new Error(`the phone server exited with ${code}: ${out}`)));
    });
    expect(await fetch(`${url}/healthz`).then((r) => r.status)).toBe(200);

    const p = demoInsured(creds, 'retiree');
    const call = new CallSimulator({ ivrUrl: url, publicBaseUrl: PUBLIC, authToken });
    await call.start();
    await press(call, insuredLoginKeys('es', p.nationalId, p.pin)); // logged in, on instance one only
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
    // The load balancer now sends everything to instance two.
    call.retarget([b.url]);
    const from = call.transcript.length;
    await press(call, ['1']);
    expect(call.heardText(from)).toMatch(/pagad|cotiz|mes/i);
    expect(call.waiting).toBe(true);
    await call.finish('completed');
    expect(await b.ivr.countActiveCalls()).toBe(0);
  });
});
