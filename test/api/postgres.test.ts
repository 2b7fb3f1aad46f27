// The whole query API on PostgreSQL (issue 9): the demo data loaded into a new database by the project's generator,
// two API instances over it, and a third API on the SQLite demo set built the same way. Every login and every GET
// route of the route table answers the same on both stores (less what differs by design: load time, tokens,
// serials, staff references), within the contract; a session made on instance A works on B; wrong PINs count
// across instances; a client key revoked with `ops clients revoke` stops working on both within a second; and
// the query log both instances wrote is one chain that `ops verify-log` checks.
// Needs PostgreSQL at 127.0.0.1:5432 (see store/pg/test-database.ts): without it the test fails and says how to
// start it.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, problem, routeProblems, type Channel, type RouteSpec } from '@consulta/shared';
import { startApi, type ApiOptions, type RunningApi } from '../../query-api/src/app.ts';
import { buildDemoDataset } from '../../query-api/src/generator/index.ts';
import { ROUTES } from '../../query-api/src/http/routes.ts';
import { runOps } from '../../query-api/src/ops/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../query-api/src/store/pg/test-database.ts';
import {
  call,
  copyDemoData,
  spareIdentity,
  type CallOptions,
  type DemoCredentials,
  type Reply,
} from './helpers.ts';

const RATE_LIMITS: ApiOptions['rateLimits'] = {
  client: { perSecond: 10_000, burst: 10_000 },
  web: { perSecond: 10_000, burst: 10_000 },
  verify: { perSecond: 1000, burst: 1000 },
};

/** Fields that differ by design between two loads or two calls (times, tokens, serials, staff references). */
const BY_DESIGN = new Set([
  'asOf',
  'dataThrough',
  'generatedAt',
  'token',
  'expiresAt',
  'serial',
  'checkCode',
  'issuedAt',
  'validUntil',
  'reference',
  'createdAt',
  'ref',
  'verifyUrl',
  'pdf',
  'fileName',
  'at',
]);

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !BY_DESIGN.has(k))
      .map(([k, v]) => [k, stable(v)]),
  );
}

/** The staff list less its references, in one order (the store orders by the per-load reference). */
function sortedStaff(body: { items: unknown[] }): unknown {
  const items = (stable(body.items) as Record<string, unknown>[]).map((item) => JSON.stringify(item)).sort();
  return { ...(stable(body) as object), items };
}

/** A success against the route's response schema, a problem against the problem schema with a declared code. */
function expectContract(spec: RouteSpec, reply: Reply, label: string): void {
  if (reply.status === spec.status || reply.status === spec.alsoStatus?.status) {
    if (spec.response === null) return;
    const parsed = spec.response.safeParse(reply.body);
    expect(parsed.success, `${label}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
    return;
  }
  expect(problem.safeParse(reply.body).success, label).toBe(true);
  expect(routeProblems(spec), `${label}: ${reply.body?.code} is declared`).toContain(reply.body?.code);
}

interface Side {
  url: string;
  creds: DemoCredentials;
  key(channel: Channel): string | undefined;
}

function side(url: string, creds: DemoCredentials): Side {
  return {
    url,
    creds,
    key: (channel) => creds.clients.find((c) => c.channel === channel)?.key,
  };
}

let db: TestDatabase;
let pgDir: string;
let sqliteData: ReturnType<typeof copyDemoData>;
let apiA: RunningApi;
let apiB: RunningApi;
let apiLite: RunningApi;
let A: Side;
let B: Side;
let lite: Side;
const savedDatabaseUrl = process.env['DATABASE_URL'];

async function ops(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  process.env['DATABASE_URL'] = db.url;
  try {
    const code = await runOps([...args, '--data-dir', pgDir, '--operator', 'test-operator'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out, err };
  } catch (e) {
    return { code: 2, out, err: [...err, (e as Error).message] };
  } finally {
    if (savedDatabaseUrl === undefined) delete process.env['DATABASE_URL'];
    else process.env['DATABASE_URL'] = savedDatabaseUrl;
  }
}

beforeAll(async () => {
  db = await createTestDatabase('consulta_api');
  pgDir = mkdtempSync(join(tmpdir(), 'consulta-pg-api-'));
  const creds = await buildDemoDataset({ dir: pgDir, databaseUrl: db.url });
  const store = { databaseUrl: db.url };
  apiA = await startApi({ dataDir: pgDir, store, rateLimits: RATE_LIMITS });
  apiB = await startApi({ dataDir: pgDir, store, rateLimits: RATE_LIMITS });
  sqliteData = copyDemoData();
  apiLite = await startApi({
    dataDir: sqliteData.dir,
    store: { databaseUrl: undefined },
    rateLimits: RATE_LIMITS,
  });
  A = side(apiA.url, creds);
  B = side(apiB.url, creds);
  lite = side(apiLite.url, sqliteData.creds);
}, 120_000);

afterAll(async () => {
  await apiA?.close();
  await apiB?.close();
  await apiLite?.close();
  sqliteData?.remove();
  if (pgDir) rmSync(pgDir, { recursive: true, force: true });
  await db?.drop();
});

type Identity = 'none' | 'insured' | 'delegate' | 'employer';

async function loginAs(s: Side, identity: Identity, channel: Channel): Promise<Reply | undefined> {
  const worker = s.creds.insured.find((p) => p.profile === 'worker-arrears');
  const unit = s.creds.employers.find((e) => e.profile === 'current-employer');
  const limited = s.creds.delegates.find((d) => d.label === 'worker-limited');
  const body =
    identity === 'insured'
      ? { method: 'pin', nationalId: worker?.nationalId, pin: worker?.pin }
      : identity === 'delegate'
        ? channel === 'phone'
          ? undefined
          : {
              method: 'delegate',
              delegateNationalId: limited?.delegateNationalId,
              authorizationCode: limited?.authorizationCode,
            }
        : identity === 'employer'
          ? channel === 'phone'
            ? { method: 'employer-pin', unitNumber: unit?.unitNumber, pin: unit?.phonePin }
            : { method: 'employer', unitNumber: unit?.unitNumber, password: unit?.password }
          : undefined;
  if (!body) return undefined;
  return call(s.url, 'POST', '/v1/sessions', { key: s.key(channel), body });
}

describe('the query API on PostgreSQL', () => {
  it('answers every login and every GET route as on the SQLite demo set, within the contract', async () => {
    const sessions = new Map<string, string | undefined>();
    const gets = ROUTES.filter((r) => r.method === 'get');
    let compared = 0;
    for (const channel of ['kiosk', 'phone', 'web'] as const) {
      for (const identity of ['none', 'insured', 'delegate', 'employer'] as const) {
        const label = `login as ${identity} on ${channel}`;
        const [onPg, onLite] = await Promise.all([
          loginAs(A, identity, channel),
          loginAs(lite, identity, channel),
        ]);
        if (onPg && onLite) {
          expect(onPg.status, label).toBe(onLite.status);
          expect(stable(onPg.body), label).toEqual(stable(onLite.body));
          expectContract(API.login, onPg, label);
          if (onPg.status === 201) {
            sessions.set(`pg:${identity}@${channel}`, onPg.body.token as string);
            sessions.set(`lite:${identity}@${channel}`, onLite.body.token as string);
          }
          compared++;
        }
      }
    }
    // The staff reference of the same person on each store (references are random per load).
    const refs: Record<'pg' | 'lite', string> = { pg: '', lite: '' };
    for (const [name, s] of [
      ['pg', A],
      ['lite', lite],
    ] as const) {
      const worker = s.creds.insured.find((p) => p.profile === 'worker-arrears');
      const lookup = await call(s.url, 'POST', '/v1/employer/staff/lookup', {
        key: s.key('kiosk'),
        token: sessions.get(`${name}:employer@kiosk`),
        body: { nationalId: worker?.nationalId },
      });
      expect(lookup.status).toBe(200);
      refs[name] = lookup.body.member.ref as string;
    }
    const queries: Partial<Record<string, string>> = {
      contributions: '?page=2&pageSize=7&insuranceType=pension',
      // Staff are listed by status, then by staff reference, which is random per load: one whole page, sorted.
      employerStaff: '?status=arrears&pageSize=200',
      employerStaffContributions: '?pageSize=4',
    };
    for (const route of gets) {
      const spec: RouteSpec = API[route.name];
      const pathOn = (name: 'pg' | 'lite'): string =>
        spec.path.replace('{year}', '2025').replace('{ref}', refs[name]) + (queries[route.name] ?? '');
      for (const channel of ['kiosk', 'phone', 'web'] as const) {
        for (const identity of ['none', 'insured', 'delegate', 'employer'] as const) {
          if (route.auth !== 'session' && identity !== 'none') continue;
          const label = `GET ${spec.path} as ${identity} on ${channel}`;
          const options = (name: 'pg' | 'lite', s: Side): CallOptions => ({
            key: s.key(channel),
            token: sessions.get(`${name}:${identity}@${channel}`),
          });
          if (identity !== 'none' && !sessions.has(`pg:${identity}@${channel}`)) continue;
          // Instance A, instance B and SQLite answer alike.
          const onA = await call(A.url, 'GET', pathOn('pg'), options('pg', A));
          const onB = await call(B.url, 'GET', pathOn('pg'), options('pg', B));
          const onLite = await call(lite.url, 'GET', pathOn('lite'), options('lite', lite));
          expect(onA.status, label).toBe(onLite.status);
          expect(onB.status, label).toBe(onLite.status);
          // The access log lists the looks just made: the number of them differs in order, not in kind.
          const same = (reply: Reply): unknown =>
            route.name === 'employerStaff' && reply.status === 200
              ? sortedStaff(reply.body)
              : stable(reply.body);
          if (route.name !== 'accessLog') {
            expect(same(onA), label).toEqual(same(onLite));
            expect(same(onB), label).toEqual(same(onLite));
          }
          expectContract(spec, onA, label);
          expectContract(spec, onB, label);
          if (route.auth === 'session' && identity === 'none') expect(onA.status, label).toBe(401);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(gets.length * 3);
  }, 120_000);

  it('serves a session made on instance A on instance B, and ends it on both at logout', async () => {
    const made = await loginAs(A, 'insured', 'kiosk');
    expect(made?.status).toBe(201);
    const token = made?.body.token as string;
    const onB = await call(B.url, 'GET', '/v1/me/summary', { key: B.key('kiosk'), token });
    expect(onB.status).toBe(200);
    const out = await call(B.url, 'DELETE', '/v1/sessions/current', { key: B.key('kiosk'), token });
    expect(out.status).toBe(API.logout.status);
    const afterOnA = await call(A.url, 'GET', '/v1/me/summary', { key: A.key('kiosk'), token });
    expect(afterOnA.status).toBe(401);
  });

  it('counts wrong PINs across instances: a lock-out made through A holds on B', async () => {
    const person = spareIdentity(A.creds, 0);
    const wrong = person.pin === '000000' ? '111111' : '000000';
    const attempt = (s: Side, pin: string) =>
      call(s.url, 'POST', '/v1/sessions', {
        key: s.key('kiosk'),
        body: { method: 'pin', nationalId: person.nationalId, pin },
      });
    const statuses: number[] = [];
    // Alternating instances: each count must see the other's.
    for (let i = 0; i < 5; i++) statuses.push((await attempt(i % 2 ? B : A, wrong)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    // The right PIN is refused on the other instance while the lock holds.
    const onB = await attempt(B, person.pin);
    expect(onB.status).toBe(423);
    expect((await attempt(A, person.pin)).status).toBe(423);
  });

  it('stops a client key revoked with `ops clients revoke` on both instances within a second', async () => {
    const added = await ops(
      'clients',
      'add',
      '--channel',
      'kiosk',
      '--description',
      'e2e kiosk',
      '--reason',
      'test',
    );
    expect(added.code, added.err.join('\n')).toBe(0);
    const key = added.out[1] ?? '';
    const clientId = key.split('.')[0] ?? '';
    const summaryWith = async (s: Side, token: string) =>
      (await call(s.url, 'GET', '/v1/me/summary', { key, token })).status;
    const made = await call(A.url, 'POST', '/v1/sessions', {
      key,
      body: {
        method: 'pin',
        nationalId: A.creds.insured.find((p) => p.profile === 'worker-arrears')?.nationalId,
        pin: A.creds.insured.find((p) => p.profile === 'worker-arrears')?.pin,
      },
    });
    expect(made.status).toBe(201);
    const token = made.body.token as string;
    // Both instances have verified (and cached) the key.
    expect(await summaryWith(A, token)).toBe(200);
    expect(await summaryWith(B, token)).toBe(200);
    const revoked = await ops('clients', 'revoke', clientId, '--reason', 'terminal stolen');
    expect(revoked.code, revoked.err.join('\n')).toBe(0);
    const at = Date.now();
    const stoppedAfter: Record<string, number> = {};
    while (Object.keys(stoppedAfter).length < 2 && Date.now() - at < 3000) {
      for (const [name, s] of [
        ['A', A],
        ['B', B],
      ] as const) {
        if (stoppedAfter[name] === undefined && (await summaryWith(s, token)) === 401)
          stoppedAfter[name] = Date.now() - at;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(stoppedAfter['A'], 'A stops the key').toBeDefined();
    expect(stoppedAfter['B'], 'B stops the key').toBeDefined();
    // Within a second of the revocation (plus one poll).
    expect(Math.max(stoppedAfter['A'] ?? Infinity, stoppedAfter['B'] ?? Infinity)).toBeLessThanOrEqual(1100);
  });

  it('keeps one query log for both instances, which `ops verify-log` checks', async () => {
    // Both instances write at once.
    const tokenA = (await loginAs(A, 'insured', 'kiosk'))?.body.token as string;
    const tokenB = (await loginAs(B, 'employer', 'kiosk'))?.body.token as string;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? call(A.url, 'GET', '/v1/me/summary', { key: A.key('kiosk'), token: tokenA })
          : call(B.url, 'GET', '/v1/employer/summary', { key: B.key('kiosk'), token: tokenB }),
      ),
    );
    const verified = await ops('verify-log');
    expect(verified.code, [...verified.out, ...verified.err].join('\n')).toBe(0);
    expect(verified.out.join('\n')).toMatch(/entries/);
  });
});

describe('`npm run ops` on PostgreSQL', () => {
  it("checks with PostgreSQL's own index check, the row counts and the log chain", async () => {
    const checked = await ops('check');
    expect(checked.code, [...checked.out, ...checked.err].join('\n')).toBe(0);
    const text = checked.out.join('\n');
    expect(text).toMatch(/^records: person \d+ rows$/m);
    expect(text).toMatch(/^operational: query_log \d+ rows$/m);
    expect(text).toMatch(/indexes: (\d+) of \1 B-tree indexes pass bt_index_check/);
    expect(text).toMatch(/query log: hash chain intact \(\d+ entries/);
  });

  it('gives a one-time PIN at the counter that logs in on either instance', async () => {
    const person = spareIdentity(A.creds, 1);
    const reset = await ops('pin', 'reset', person.nationalId, '--reason', 'forgot the PIN at the counter');
    expect(reset.code, reset.err.join('\n')).toBe(0);
    const pin = /: (\d{6})$/.exec(reset.out[0] ?? '')?.[1];
    expect(pin).toBeDefined();
    const made = await call(B.url, 'POST', '/v1/sessions', {
      key: B.key('kiosk'),
      body: { method: 'pin', nationalId: person.nationalId, pin },
    });
    expect(made.status).toBe(201);
    const requests = await ops('requests', 'list');
    expect(requests.code, requests.err.join('\n')).toBe(0);
  });

  it('backs up with pg_dump and restores with pg_restore, the log chain verified', async () => {
    const file = join(pgDir, '..', `${db.name}.dump`);
    try {
      const backup = await ops('backup', '--to', file, '--reason', 'before the upgrade');
      expect(backup.code, backup.err.join('\n')).toBe(0);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // A client registered after the backup is gone after the restore.
      const added = await ops(
        'clients',
        'add',
        '--channel',
        'phone',
        '--description',
        'after the backup',
        '--reason',
        't',
      );
      expect(added.code).toBe(0);
      const restored = await ops('restore', '--from', file, '--reason', 'disk replaced');
      expect(restored.code, restored.err.join('\n')).toBe(0);
      expect(restored.out.join('\n')).toMatch(/\d+ log entries verified/);
      const clients = await ops('clients', 'list');
      expect(clients.out.join('\n')).not.toContain('after the backup');
      const log = (await ops('maintenance-log')).out.join('\n');
      expect(log).toContain('backup of the operational tables');
      expect(log).toContain('restore of the operational tables');
      // The API answers on from the restored store, and the log stays one chain.
      const token = (await loginAs(A, 'insured', 'kiosk'))?.body.token as string;
      expect((await call(B.url, 'GET', '/v1/me/summary', { key: B.key('kiosk'), token })).status).toBe(200);
      expect((await ops('verify-log')).code).toBe(0);
      // Not a backup: refused before anything is replaced.
      const bogus = join(pgDir, 'not-a-dump');
      writeFileSync(bogus, 'nothing');
      expect((await ops('restore', '--from', bogus, '--reason', 't')).code).not.toBe(0);
      expect((await ops('check')).code).toBe(0);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('refuses to restore a backup whose query log was edited, checked aside first, and changes nothing', async () => {
    const good = join(pgDir, '..', `${db.name}-good.dump`);
    const bad = join(pgDir, '..', `${db.name}-bad.dump`);
    try {
      expect((await ops('backup', '--to', good, '--reason', 'before the edit')).code).toBe(0);
      const admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
      try {
        await admin.query('SET session_replication_role = replica');
        await admin.query("UPDATE query_log SET outcome = 'edited' WHERE id = 3");
        expect((await ops('backup', '--to', bad, '--reason', 'an edited store')).code).toBe(0);
        const back = await ops('restore', '--from', good, '--reason', 'undo the edit');
        expect(back.code, back.err.join('\n')).toBe(0);
        const rowsBefore = (await admin.query<{ n: string }>('SELECT count(*)::text AS n FROM query_log'))
          .rows[0];
        const refused = await ops('restore', '--from', bad, '--reason', 'the edited backup');
        expect(refused.code).not.toBe(0);
        expect(refused.err.join('\n')).toMatch(/query log is broken at entry 3: nothing restored/);
        // Nothing replaced, nothing left behind.
        expect((await ops('check')).code).toBe(0);
        expect(
          (await admin.query<{ n: string }>('SELECT count(*)::text AS n FROM query_log')).rows[0],
        ).toEqual(rowsBefore);
        const scratch = await admin.query(
          "SELECT datname FROM pg_database WHERE datname LIKE 'consulta\\_restore\\_check\\_%'",
        );
        expect(scratch.rows).toEqual([]);
      } finally {
        await admin.end();
      }
    } finally {
      rmSync(good, { force: true });
      rmSync(bad, { force: true });
    }
  });

  it('fails the check when the query log was edited in the database', async () => {
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      // Past the append-only trigger, as a superuser can.
      await admin.query('SET session_replication_role = replica');
      await admin.query("UPDATE query_log SET outcome = 'edited' WHERE id = 2");
    } finally {
      await admin.end();
    }
    const checked = await ops('check');
    expect(checked.code).toBe(1);
    expect(checked.err.join('\n')).toMatch(/query log: chain broken at entry 2/);
  });
});
