// The query log end to end: one entry per disclosure written before the answer, refusals logged too,
// tampering found by `npm run ops -- verify-log` (a separate process), no log → no answer, and store faults
// answered with 503 and nothing disclosed.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, startTestApi, type TestApi, loginBody } from './helpers.ts';

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '..', '..');

let api: TestApi;
let opsPath: string;

function logRows(): {
  id: number;
  role: string;
  actor: string;
  subject: string;
  resource: string;
  outcome: string;
}[] {
  const db = new Database(opsPath, { readonly: true });
  try {
    return db.prepare('SELECT * FROM query_log ORDER BY id').all() as ReturnType<typeof logRows>;
  } finally {
    db.close();
  }
}

/** Runs the operator CLI as the operator would, in its own process. */
async function ops(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['query-api/src/ops/cli.ts', ...args, '--data-dir', api.dir],
      {
        cwd: repoRoot,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function withRawOps<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(opsPath);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  api = await startTestApi();
  opsPath = join(api.dir, 'operational.sqlite');
});
afterAll(async () => {
  await api?.stop();
});

const worker = () =>
  api.creds.insured.find((p) => p.profile === 'worker-arrears') ??
  (() => {
    throw new Error('no worker');
  })();

describe('the query log', () => {
  it('writes one entry per disclosure naming channel, client, role, actor, subject and resource', async () => {
    const w = worker();
    const token = await login(api.url, api.kioskKey, loginBody.pin(w));
    const before = logRows().length;
    await call(api.url, 'GET', '/v1/me/summary', { key: api.kioskKey, token });
    const rows = logRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      channel: 'kiosk',
      client_id: api.creds.clients.find((c) => c.channel === 'kiosk')?.clientId,
      role: 'insured',
      actor: `person:${w.personId}`,
      subject: `person:${w.personId}`,
      resource: 'me/summary',
      outcome: 'ok',
    });
  });

  it('logs both persons for a delegate, and the refusals', async () => {
    const d = api.creds.delegates.find((x) => x.label === 'worker-limited');
    const token = await login(api.url, api.kioskKey, {
      method: 'delegate',
      delegateNationalId: d?.delegateNationalId,
      authorizationCode: d?.authorizationCode,
    });
    await call(api.url, 'GET', '/v1/me/contributions', { key: api.kioskKey, token });
    const ok = logRows().at(-1);
    expect(ok?.actor).toMatch(/^delegate:\d+$/);
    expect(ok?.subject).toBe(`person:${worker().personId}`);
    await call(api.url, 'GET', '/v1/me/accounts', { key: api.kioskKey, token });
    expect(logRows().at(-1)).toMatchObject({
      resource: 'me/accounts',
      outcome: 'forbidden',
      role: 'delegate',
    });
    await call(api.url, 'POST', '/v1/sessions', {
      key: api.kioskKey,
      body: {
        method: 'pin',
        nationalId: worker().nationalId,
        pin: worker().pin === '000000' ? '111111' : '000000',
      },
    });
    // A failed login names its target (pseudonymised) and its source.
    expect(logRows().at(-1)).toMatchObject({
      resource: 'session',
      outcome: 'invalid_credentials',
      actor: `source:${api.creds.clients.find((c) => c.channel === 'kiosk')?.clientId}`,
      subject: `person:${worker().personId}`,
    });
  });

  it('holds no ID number, PIN or name', () => {
    const text = readFileSync(opsPath).toString('latin1');
    const w = worker();
    expect(text).not.toContain(w.nationalId);
    expect(JSON.stringify(logRows())).not.toContain(w.nationalId);
  });

  it('verifies, and verify-log finds the first tampered entry', async () => {
    const good = await ops('verify-log');
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/OK: \d+ entries/);
    const target = logRows()[2]?.id ?? 3;
    withRawOps((db) => {
      db.exec('DROP TRIGGER query_log_no_update');
      db.prepare(`UPDATE query_log SET subject = 'person:999999' WHERE id = ?`).run(target);
    });
    const bad = await ops('verify-log');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`BROKEN at entry ${target}`);
  });

  it('exports a period as JSON lines for the supervisor, with the checkpoints that prove it', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const out = await ops('export-log', '--from', today, '--to', today);
    expect(out.code).toBe(0);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; resource?: string });
    expect(lines[0]?.type).toBe('query-log-export');
    expect(lines.filter((l) => l.type === 'entry').length).toBe(logRows().length);
    expect(lines.filter((l) => l.type === 'checkpoint').length).toBeGreaterThan(0);
    const none = await ops('export-log', '--from', '2000-01-01', '--to', '2000-01-31');
    expect(none.stdout.trim().split('\n')).toHaveLength(1);
    const wrong = await ops('export-log', '--from', 'yesterday');
    expect(wrong.code).not.toBe(0);
  });
});

describe('no log, no answer', () => {
  it('refuses with 503 log_unavailable and discloses nothing when the log cannot be written', async () => {
    const w = worker();
    const token = await login(api.url, api.kioskKey, loginBody.pin(w));
    withRawOps((db) =>
      db.exec(
        `CREATE TRIGGER refuse_log BEFORE INSERT ON query_log BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
      ),
    );
    try {
      for (const route of ['registration', 'contributions', 'benefits', 'accounts', 'other', 'summary']) {
        const reply = await call(api.url, 'GET', `/v1/me/${route}`, { key: api.kioskKey, token });
        expect(reply.status, route).toBe(503);
        expect(reply.body.code).toBe('log_unavailable');
        expect(reply.type).toContain('application/problem+json');
        expect(Object.keys(reply.body).sort()).toEqual(['code', 'status', 'title', 'type']);
      }
      const cert = await call(api.url, 'POST', '/v1/me/certificates', { key: api.kioskKey, token, body: {} });
      expect(cert.status).toBe(503);
      const loginReply = await call(api.url, 'POST', '/v1/sessions', {
        key: api.kioskKey,
        body: loginBody.pin(w),
      });
      expect(loginReply.status).toBe(503);
      expect(loginReply.body).not.toHaveProperty('token');
    } finally {
      withRawOps((db) => db.exec('DROP TRIGGER refuse_log'));
    }
    expect((await call(api.url, 'GET', '/v1/me/summary', { key: api.kioskKey, token })).status).toBe(200);
  });

  it('answers a store fault with 503 store_unavailable, and healthz says which store', async () => {
    withRawOps((db) => db.exec('ALTER TABLE session RENAME TO session_moved'));
    try {
      const reply = await call(api.url, 'GET', '/v1/me/summary', {
        key: api.kioskKey,
        token: 'A'.repeat(43),
      });
      expect(reply.status).toBe(503);
      expect(reply.body.code).toBe('store_unavailable');
    } finally {
      withRawOps((db) => db.exec('ALTER TABLE session_moved RENAME TO session'));
    }
    const health = await call(api.url, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ ok: true, records: true, operational: true, asOf: api.creds.asOf });
  });
});

describe('the records database', () => {
  it('is not changed by any API traffic', async () => {
    const path = join(api.dir, 'records.sqlite');
    const digest = () => createHash('sha256').update(readFileSync(path)).digest('hex');
    const before = digest();
    const w = worker();
    const token = await login(api.url, api.kioskKey, loginBody.pin(w));
    for (const route of ['registration', 'contributions', 'benefits', 'accounts', 'other', 'summary']) {
      await call(api.url, 'GET', `/v1/me/${route}`, { key: api.kioskKey, token });
    }
    await call(api.url, 'POST', '/v1/me/certificates', { key: api.kioskKey, token, body: {} });
    expect(digest()).toBe(before);
  });
});
