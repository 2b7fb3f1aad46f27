// The rest of issue 8 §4, each tried as an attacker would: wrong client keys, a write lock held by another
// process, a delegate's months on registration and certificates, a data load after a revocation, a malformed
// range, a slow body, too many connections and unparsable requests.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readiness, registration } from '@consulta/shared';
import { ClientAuthenticator } from '../../query-api/src/auth/clients.ts';
import { buildDemoDataset } from '../../query-api/src/generator/index.ts';
import { runOps } from '../../query-api/src/ops/cli.ts';
import { openSqliteOperationalStore } from '../../query-api/src/store/sqlite/operational.ts';
import { startApi } from '../../query-api/src/app.ts';
import { call, copyDemoData, login, readCredentials, startTestApi, type TestApi } from './helpers.ts';

const quiet = { out: () => undefined, err: () => undefined };

/** A GET sent from another loopback address (127.0.0.2), as a second machine would. */
function getFrom(
  localAddress: string,
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('wrong client keys', () => {
  let api: TestApi;
  beforeAll(async () => {
    // A refill too slow to matter during the test: the counts below then do not depend on the machine's speed.
    api = await startTestApi({ rateLimits: { unverifiedKeys: { perSecond: 0.001, burst: 20 } } });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('are throttled per address and do not hold up a real login', async () => {
    // The kiosk has been working (its key is verified and cached) when the attack starts.
    expect((await call(api.url, 'GET', '/v1/disclosure', { key: api.kioskKey })).status).toBe(200);
    const kioskId = api.kioskKey.split('.')[0] ?? '';
    const statuses = { 401: 0, 429: 0, other: 0 };
    for (let i = 0; i < 64; i++) {
      const reply = await call(api.url, 'GET', '/v1/disclosure', { key: `${kioskId}.wrong-secret-${i}` });
      if (reply.status === 401 || reply.status === 429) statuses[reply.status]++;
      else statuses.other++;
      expect(reply.type).toContain('application/problem+json');
    }
    // At most the burst (20) is looked at; the rest is refused unhashed.
    expect(statuses.other).toBe(0);
    expect(statuses[401]).toBeLessThanOrEqual(20);
    expect(statuses[429]).toBeGreaterThanOrEqual(44);
    const person = api.creds.insured.find((p) => p.profile === 'spare-1');
    const reply = await call(api.url, 'POST', '/v1/sessions', {
      key: api.kioskKey,
      body: { method: 'pin', nationalId: person?.nationalId, pin: person?.pin },
    });
    expect(reply.status).toBe(201);
    // A terminal at another address is not affected by this address's failures.
    const elsewhere = await getFrom('127.0.0.2', `${api.url}/v1/disclosure`, {
      'x-client-key': api.phoneKey,
    });
    expect(elsewhere.status).toBe(200);
  });

  it('cost a hash only when the id is known, and only up to the burst', async () => {
    const data = copyDemoData();
    const ops = openSqliteOperationalStore({ path: join(data.dir, 'operational.sqlite') });
    try {
      const clients = new ClientAuthenticator(ops, { perSecond: 0.001, burst: 10 });
      const now = Date.now();
      for (let i = 0; i < 64; i++) await clients.check(`no-such-client.secret${i}`, now, '192.0.2.1');
      expect(clients.hashes).toBe(0);
      const kiosk = data.creds.clients.find((c) => c.channel === 'kiosk');
      const kioskId = kiosk?.clientId ?? '';
      const outcomes: string[] = [];
      for (let i = 0; i < 64; i++)
        outcomes.push((await clients.check(`${kioskId}.secret${i}`, now, '192.0.2.2')).kind);
      expect(clients.hashes).toBe(10);
      expect(outcomes.filter((k) => k === 'throttled').length).toBe(54);
      // The real key from its own address is verified at once.
      const real = await clients.check(kiosk?.key ?? '', now, '192.0.2.3');
      expect(real.kind).toBe('ok');
    } finally {
      await ops.close();
      data.remove();
    }
  });
});

describe('a write lock held by another process', () => {
  let api: TestApi;
  let holder: ChildProcessWithoutNullStreams | null = null;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterEach(() => {
    holder?.kill('SIGKILL');
    holder = null;
  });
  afterAll(async () => {
    await api?.stop();
  });

  /** `sqlite3` in another process takes the operational store's write lock and keeps it. */
  async function holdWriteLock(): Promise<void> {
    const child = spawn('sqlite3', [join(api.dir, 'operational.sqlite')]);
    holder = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('holding')) resolve();
      });
      child.on('error', reject);
      child.stdin.write(
        "BEGIN EXCLUSIVE;\nINSERT INTO maintenance_log (at, what, why, method, who) VALUES ('x','x','x','x','x');\n.print holding\n",
      );
    });
  }

  it('fails closed fast with 503 log_unavailable, and /readyz (not /healthz) says so', async () => {
    const person = api.creds.insured.find((p) => p.profile === 'spare-2');
    const token = await login(api.url, api.kioskKey, {
      method: 'pin',
      nationalId: person?.nationalId,
      pin: person?.pin,
    });
    expect((await call(api.url, 'GET', '/readyz')).status).toBe(200);
    await holdWriteLock();

    const started = Date.now();
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => call(api.url, 'GET', '/v1/me/summary', { key: api.kioskKey, token })),
    );
    const elapsed = Date.now() - started;
    for (const reply of replies) {
      expect(reply.status).toBe(503);
      expect(reply.body.code).toBe('log_unavailable');
      expect(reply.body).not.toHaveProperty('enrolments');
    }
    // Twenty answers in well under one old busy wait (5 s each, in turn: 100 s).
    expect(elapsed).toBeLessThan(5_000);

    const live = await call(api.url, 'GET', '/healthz');
    expect(live.status).toBe(200);
    const ready = await call(api.url, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(readiness.parse(ready.body)).toMatchObject({ ready: false, logWritable: false, records: true });

    holder?.kill('SIGKILL');
    holder = null;
    // Once the lock is gone the API answers again.
    await new Promise((r) => setTimeout(r, 1_200));
    expect((await call(api.url, 'GET', '/readyz')).body.ready).toBe(true);
    expect((await call(api.url, 'GET', '/v1/me/summary', { key: api.kioskKey, token })).status).toBe(200);
  });
});

describe('a delegate limited to some months', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.stop();
  });

  const delegate = () => {
    const d = api.creds.delegates.find((x) => x.label === 'worker-limited');
    if (!d) throw new Error('no limited delegate');
    return d;
  };
  const delegateToken = () =>
    login(api.url, api.kioskKey, {
      method: 'delegate',
      delegateNationalId: delegate().delegateNationalId,
      authorizationCode: delegate().authorizationCode,
    });

  it('sees registration history only within the authorised months', async () => {
    const d = delegate();
    const token = await delegateToken();
    const reply = await call(api.url, 'GET', '/v1/me/registration', { key: api.kioskKey, token });
    expect(reply.status).toBe(200);
    const body = registration.parse(reply.body);
    for (const e of body.employment) {
      expect(e.firstMonth >= d.fromMonth, JSON.stringify(e)).toBe(true);
      expect(e.lastMonth === null || (e.lastMonth >= d.fromMonth && e.lastMonth <= d.toMonth)).toBe(true);
    }
    for (const e of body.enrolments) {
      expect(e.since >= d.fromMonth, JSON.stringify(e)).toBe(true);
      expect(e.until === null || e.until <= d.toMonth).toBe(true);
    }
    // The person themself sees the full history, which does reach back before the delegate's months.
    const worker = api.creds.insured.find((p) => p.nationalId === d.forNationalId);
    const own = await login(api.url, api.kioskKey, {
      method: 'pin',
      nationalId: worker?.nationalId,
      pin: worker?.pin,
    });
    const full = registration.parse(
      (await call(api.url, 'GET', '/v1/me/registration', { key: api.kioskKey, token: own })).body,
    );
    expect(full.employment.some((e) => e.firstMonth < d.fromMonth)).toBe(true);
  });

  it('cannot have a certificate outside the authorisation; nobody can have one outside the data', async () => {
    const d = delegate();
    const token = await delegateToken();
    const cert = (t: string, body: unknown) =>
      call(api.url, 'POST', '/v1/me/certificates', { key: api.kioskKey, token: t, body });
    const outside = await cert(token, { from: '2015-01', to: '2016-12' });
    expect(outside.status).toBe(403);
    expect((await cert(token, { from: '2020-01', to: d.toMonth })).status).toBe(403);
    const inside = await cert(token, { from: d.fromMonth, to: d.toMonth });
    expect(inside.status).toBe(201);
    expect(inside.body.from >= d.fromMonth && inside.body.to <= d.toMonth).toBe(true);

    const worker = api.creds.insured.find((p) => p.nationalId === d.forNationalId);
    const own = await login(api.url, api.kioskKey, {
      method: 'pin',
      nationalId: worker?.nationalId,
      pin: worker?.pin,
    });
    for (const body of [
      { from: '2027-01', to: '2027-12' },
      { from: '2005-01', to: '2005-12' },
      { to: '2030-01' },
    ]) {
      const reply = await cert(own, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.type).toContain('application/problem+json');
    }
    expect((await cert(own, {})).status).toBe(201);
  });
});

describe('a data load after a revocation', () => {
  it('never revives the revoked client', { timeout: 240_000 }, async () => {
    const data = copyDemoData();
    try {
      const kiosk = data.creds.clients.find((c) => c.channel === 'kiosk');
      const clientId = kiosk?.clientId ?? '';
      expect(
        await runOps(['clients', 'revoke', clientId, '--data-dir', data.dir, '--reason', 'stolen'], quiet),
      ).toBe(0);
      await buildDemoDataset({ dir: data.dir });
      const ops = openSqliteOperationalStore({ path: join(data.dir, 'operational.sqlite') });
      try {
        expect(await ops.clientRevoked(clientId)).toBe(true);
      } finally {
        await ops.close();
      }
      const api = await startApi({ dataDir: data.dir });
      try {
        // Neither the old key nor the one the load wrote to demo-credentials.json opens the revoked client.
        const reissued = readCredentials(data.dir).clients.find((c) => c.clientId === clientId);
        for (const key of [kiosk?.key, reissued?.key]) {
          const reply = await call(api.url, 'GET', '/v1/disclosure', { key });
          expect(reply.status).toBe(401);
        }
      } finally {
        await api.close();
      }
    } finally {
      data.remove();
    }
  });
});

describe('the HTTP edge', () => {
  let api: TestApi;
  let staticDir: string;
  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'consulta-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title><p>kiosk</p>');
    api = await startTestApi({
      staticDir,
      http: { maxConnections: 8, requestTimeoutMs: 1_000, headersTimeoutMs: 1_000 },
    });
  });
  afterAll(async () => {
    await api?.stop();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('answers a malformed or unsatisfiable Range on / without an error', async () => {
    for (const range of ['bytes=5-2', 'bytes=999999-', 'bytes=x']) {
      for (const path of ['/', '/index.html', '/some/page']) {
        const res = await fetch(`${api.url}${path}`, { headers: { range } });
        expect(res.status, `${path} ${range}`).toBeLessThan(500);
        await res.text();
      }
    }
  });

  /** Sends raw bytes and collects what comes back until the server closes. */
  function raw(bytes: string): Promise<string> {
    const { port } = new URL(api.url);
    return new Promise((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
  }

  it('does not hold a slow body: 408 problem+json once the request time is up', async () => {
    const started = Date.now();
    const answer = await raw(
      'POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"met',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('application/problem+json');
  });

  it('answers unparsable requests with problem+json 4xx', async () => {
    const answer = await raw('GET /v1/disclosure HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain('"code":"bad_request"');
  });

  it('caps open connections', async () => {
    const { port } = new URL(api.url);
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const s = connect(Number(port), '127.0.0.1');
        await new Promise((r) => s.once('connect', r));
        sockets.push(s);
      }
      await new Promise((r) => setTimeout(r, 100));
      const extra = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(extra).toBe('');
    } finally {
      for (const s of sockets) s.destroy();
    }
    await new Promise((r) => setTimeout(r, 100));
    expect((await call(api.url, 'GET', '/healthz')).status).toBe(200);
  });
});
