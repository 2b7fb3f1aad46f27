// The store contract: the same cases against SQLite and PostgreSQL (one file, two stores). The records part loads
// one generated demo export into both (the same staff-reference key, so the references agree) and compares every
// records method's answer for a sample of persons and employers. The operational and rights part runs every
// method on each engine, with concurrency where it matters (login throttling, the query log appended by two
// stores at once). The PostgreSQL part also checks the load's atomic switch. PostgreSQL must be running on
// 127.0.0.1:5432: without it these tests fail (with how to start it), they are not skipped.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoDataset, type DemoCredentials } from '../generator/index.ts';
import type { RecordsSink } from '../interchange/sink.ts';
import { entryMac, verifyChain } from '../log/chain.ts';
import { openStores, type Stores } from './open.ts';
import { migrate } from './pg/migrate.ts';
import { openPgOperationalStore } from './pg/operational.ts';
import { createPool } from './pg/pool.ts';
import type { PgRecordsStore } from './pg/records.ts';
import { openPgRightsStore } from './pg/rights.ts';
import { createTestDatabase, type TestDatabase } from './pg/test-database.ts';
import type { RightsStore } from './rights-types.ts';
import { employerAnswers, personAnswers } from './test-answers.ts';
import { loadExport } from './test-load.ts';
import { openSqliteOperationalStore } from './sqlite/operational.ts';
import { openSqliteRightsStore } from './sqlite/rights.ts';
import type { OperationalStore, QueryLogEntry, RecordsStore, StoredQueryLogEntry } from './types.ts';

const AS_OF = new Date('2026-11-01T08:00:00.000Z');
const NEW_AS_OF = '2026-11-02T08:00:00.000Z';

const tmp = mkdtempSync(join(tmpdir(), 'consulta-contract-'));
const exportDir = join(tmp, 'export');
const sqliteDir = join(tmp, 'sqlite');
const pgDir = join(tmp, 'pg');
let credentials: DemoCredentials;
let recordsDb: TestDatabase | null = null;
let sqlite: Stores;
let postgres: Stores;

function load(
  dataDir: string,
  databaseUrl: string | undefined,
  from: string,
  wrap?: (sink: RecordsSink) => RecordsSink,
) {
  // The replaced records stay for 1.5 s: longer than the store's pointer check (1 s), as the default 5 s is.
  return loadExport({
    dataDir,
    databaseUrl,
    from,
    dropPreviousAfterMs: 1500,
    reason: 'store contract test',
    ...(wrap ? { wrap } : {}),
  });
}

beforeAll(async () => {
  for (const d of [sqliteDir, pgDir]) mkdirSync(d);
  credentials = await buildDemoDataset({ dir: tmp, exportTo: exportDir, asOf: AS_OF });
  expect((await load(sqliteDir, undefined, exportDir)).outcome).toBe('loaded');
  // The staff references derive from the operational store's key: the same key in both stores.
  const sqliteOps = openSqliteOperationalStore({ path: join(sqliteDir, 'operational.sqlite') });
  const staffKey = await sqliteOps.secret('staff-ref');
  await sqliteOps.close();
  recordsDb = await createTestDatabase();
  const pool = createPool(recordsDb.url, { max: 1 });
  await migrate(pool);
  await pool.query('INSERT INTO server_secret (name, value) VALUES ($1, $2)', ['staff-ref', staffKey]);
  await pool.end();
  expect((await load(pgDir, recordsDb.url, exportDir)).outcome).toBe('loaded');
  sqlite = await openStores({ dataDir: sqliteDir });
  postgres = await openStores({ dataDir: pgDir, databaseUrl: recordsDb.url, poolMax: 4 });
}, 300_000);

afterAll(async () => {
  await sqlite?.close();
  await postgres?.close();
  await recordsDb?.drop();
  rmSync(tmp, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------------------------ records

describe('records: SQLite and PostgreSQL give the same answers', () => {
  it('report the same load time and last month, and are healthy', async () => {
    expect(postgres.records.asOf).toBe(AS_OF.toISOString());
    expect(postgres.records.asOf).toBe(sqlite.records.asOf);
    expect(postgres.records.dataThrough).toBe(sqlite.records.dataThrough);
    expect(await postgres.records.healthy()).toBe(true);
  });

  it('answer every person method alike for a sample of persons (with numbers as numbers)', async () => {
    const ids = new Map<number, string | null>();
    for (const c of credentials.insured) ids.set(c.personId, c.nationalId);
    for (let id = 1; id <= 3000; id += 13) if (!ids.has(id)) ids.set(id, null);
    ids.set(999_999, '000000000000000000');
    let compared = 0;
    for (const [id, nationalId] of ids) {
      const a = await personAnswers(sqlite.records, id, nationalId);
      const b = await personAnswers(postgres.records, id, nationalId);
      expect(b, `person ${id}`).toStrictEqual(a);
      if (a.months.length > 0) compared++;
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('answer delegate look-ups alike', async () => {
    for (const d of credentials.delegates) {
      const a = await sqlite.records.findDelegateAuthorizations(d.delegateNationalId);
      const b = await postgres.records.findDelegateAuthorizations(d.delegateNationalId);
      expect(b).toStrictEqual(a);
      expect(a.length).toBeGreaterThan(0);
      for (const row of a) {
        expect(await postgres.records.delegateNationalId(row.id)).toBe(
          await sqlite.records.delegateNationalId(row.id),
        );
      }
    }
    expect(await postgres.records.delegateNationalId(987_654)).toBeNull();
  });

  it('answer every employer method alike for a sample of employers', async () => {
    const ids = new Set<number>(credentials.employers.map((e) => e.employerId));
    for (let id = 1; id <= 300; id += 7) ids.add(id);
    ids.add(99_999);
    let withStaff = 0;
    for (const id of ids) {
      const a = await employerAnswers(sqlite.records, id, '2024-11');
      const b = await employerAnswers(postgres.records, id, '2024-11');
      expect(b, `employer ${id}`).toStrictEqual(a);
      if (a.all.total > 0) withStaff++;
    }
    expect(withStaff).toBeGreaterThan(40);
  });

  it('reads through replicas, and falls back to the primary when a replica is down', async () => {
    const url = recordsDb?.url as string;
    const replicated = await openStores({
      dataDir: pgDir,
      databaseUrl: url,
      // One unreachable "replica" and one that answers (the primary under another pool).
      recordsReadUrls: ['postgres://postgres@127.0.0.1:1/none', url],
      poolMax: 2,
      migrate: false,
    });
    try {
      for (const c of credentials.insured.slice(0, 5)) {
        expect(await personAnswers(replicated.records, c.personId, c.nationalId)).toStrictEqual(
          await personAnswers(sqlite.records, c.personId, c.nationalId),
        );
      }
    } finally {
      await replicated.close();
    }
  });
});

// --------------------------------------------------------------------------------- the load's atomic switch

describe('PostgreSQL loads switch in atomically', () => {
  const schemas = async (): Promise<string[]> => {
    const pool = createPool(recordsDb?.url as string, { max: 1 });
    try {
      const { rows } = await pool.query<{ nspname: string }>(
        `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'records\\_%' ORDER BY nspname`,
      );
      return rows.map((r) => r.nspname);
    } finally {
      await pool.end();
    }
  };
  const probe = async (r: RecordsStore) => {
    const c = credentials.insured[0] as DemoCredentials['insured'][number];
    return personAnswers(r, c.personId, c.nationalId);
  };

  it('a load that fails leaves the records in place, and nothing behind', async () => {
    const before = await schemas();
    const answer = await probe(postgres.records);
    const result = await load(pgDir, recordsDb?.url, exportDir, (sink) => ({
      ...sink,
      async finish() {
        await sink.finish();
        throw new Error('disk full (injected by the test)');
      },
    }));
    expect(result.outcome).toBe('refused');
    expect(await schemas()).toStrictEqual(before);
    expect(await (postgres.records as PgRecordsStore).refresh()).toBe(false);
    expect(postgres.records.asOf).toBe(AS_OF.toISOString());
    expect(await probe(postgres.records)).toStrictEqual(answer);
  });

  it('reads during a load answer from the old records; after the commit from the new', async () => {
    const second = join(tmp, 'export-2');
    cpSync(exportDir, second, { recursive: true });
    const manifestPath = join(second, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exportedAt: string };
    manifest.exportedAt = NEW_AS_OF;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const answer = await probe(postgres.records);
    const before = await schemas();
    let readsDuringLoad = 0;
    let loading = true;
    // A second API instance reading all through the load.
    const reader = (async () => {
      while (loading) {
        const snapshot = postgres.records.snapshot();
        if (snapshot.asOf === AS_OF.toISOString()) {
          expect(await probe(snapshot)).toStrictEqual(answer);
          readsDuringLoad++;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const result = await load(pgDir, recordsDb?.url, second, (sink) => ({
      ...sink,
      async finish() {
        await sink.finish();
        // Every row is in, indexes built, not yet committed: the API still sees the old load.
        expect(await (postgres.records as PgRecordsStore).refresh()).toBe(false);
        expect(postgres.records.asOf).toBe(AS_OF.toISOString());
        expect((await schemas()).length).toBe(before.length);
      },
    }));
    loading = false;
    await reader;
    expect(result.outcome).toBe('loaded');
    expect(readsDuringLoad).toBeGreaterThan(0);
    await (postgres.records as PgRecordsStore).refresh();
    expect(postgres.records.asOf).toBe(NEW_AS_OF);
    expect(await probe(postgres.records)).toStrictEqual(answer);
    // The previous schema is dropped after the grace period.
    const after = await schemas();
    expect(after).toHaveLength(1);
    expect(before).not.toContain(after[0]);
  });
});

// ------------------------------------------------------------------------------ operational and rights

interface Engine {
  /** Two stores on the same data (as two API instances), and the rights store. */
  ops: OperationalStore;
  ops2: OperationalStore;
  rights: RightsStore;
  /** Runs a statement outside the stores (an intruder with database access). */
  raw(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

const MAC_KEY = Buffer.alloc(32, 7);

const ENGINES: Record<'sqlite' | 'postgres', () => Promise<Engine>> = {
  async sqlite() {
    const dir = mkdtempSync(join(tmpdir(), 'consulta-contract-ops-'));
    const path = join(dir, 'operational.sqlite');
    const ops = openSqliteOperationalStore({ path, create: true, logMacKey: MAC_KEY });
    const ops2 = openSqliteOperationalStore({ path, logMacKey: MAC_KEY });
    const rights = openSqliteRightsStore({ path });
    const db = new Database(path);
    return {
      ops,
      ops2,
      rights,
      raw: (sql) => Promise.resolve().then(() => db.exec(sql)),
      async close() {
        db.close();
        await rights.close();
        await ops2.close();
        await ops.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  async postgres() {
    const db = await createTestDatabase();
    const pool1 = createPool(db.url, { max: 4 });
    const pool2 = createPool(db.url, { max: 4 });
    await migrate(pool1);
    return {
      ops: openPgOperationalStore({ pool: pool1, logMacKey: MAC_KEY }),
      ops2: openPgOperationalStore({ pool: pool2, logMacKey: MAC_KEY }),
      rights: openPgRightsStore({ pool: pool1 }),
      raw: (sql) => pool1.query(sql),
      async close() {
        await pool1.end();
        await pool2.end();
        await db.drop();
      },
    };
  },
};

const entry = (i: number, subject = `person:${i % 5}`): QueryLogEntry => ({
  at: new Date(Date.UTC(2026, 10, 1, 8, 0, 0, i)).toISOString(),
  channel: 'kiosk',
  clientId: 'kiosk-1',
  role: 'insured',
  actor: `person:${i % 5}`,
  subject,
  resource: 'me/summary',
  outcome: 'ok',
});

async function collect<T>(it: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe.each(['sqlite', 'postgres'] as const)('operational and rights store contract: %s', (kind) => {
  let e: Engine;
  beforeAll(async () => {
    e = await ENGINES[kind]();
  });
  afterAll(async () => {
    await e?.close();
  });

  it('keeps one random secret per name, shared by every instance', async () => {
    const a = await e.ops.secret('staff-ref');
    expect(a).toBeInstanceOf(Buffer);
    expect(a.length).toBe(32);
    expect(await e.ops2.secret('staff-ref')).toStrictEqual(a);
    expect((await e.ops.secret('other')).equals(a)).toBe(false);
  });

  it('registers, lists, re-issues and revokes clients', async () => {
    const row = {
      clientId: 'kiosk-b',
      channel: 'kiosk' as const,
      keyHash: 'h1',
      description: 'b',
      createdAt: '2026-11-01T00:00:02Z',
      revokedAt: null,
    };
    await e.ops.addClient({ ...row, clientId: 'kiosk-a', createdAt: '2026-11-01T00:00:01Z' });
    await e.ops.registerClient(row);
    expect(await e.ops2.client('kiosk-b')).toStrictEqual(row);
    await e.ops.registerClient({ ...row, keyHash: 'h2', channel: 'phone', description: 'B' });
    expect(await e.ops.client('kiosk-b')).toMatchObject({
      keyHash: 'h2',
      channel: 'phone',
      description: 'B',
    });
    expect((await e.ops.listClients()).map((c) => c.clientId)).toStrictEqual(['kiosk-a', 'kiosk-b']);
    expect(await e.ops.clientRevoked('kiosk-b')).toBe(false);
    expect(await e.ops.revokeClient('kiosk-b', '2026-11-02T00:00:00Z')).toBe(true);
    expect(await e.ops.revokeClient('kiosk-b', '2026-11-03T00:00:00Z')).toBe(false);
    expect(await e.ops2.clientRevoked('kiosk-b')).toBe(true);
    expect(await e.ops.clientRevoked('nobody')).toBe(true);
    await e.ops.registerClient({ ...row, keyHash: 'h3' });
    expect((await e.ops.client('kiosk-b'))?.revokedAt).toBe('2026-11-02T00:00:00Z');
    expect(await e.ops.client('nobody')).toBeNull();
  });

  it('keeps sessions across instances, touches, expires and ends them', async () => {
    const base = {
      role: 'delegate' as const,
      channel: 'kiosk' as const,
      clientId: 'kiosk-a',
      subjectId: 12,
      authorizationId: 3,
      scope: {
        categories: ['contributions' as const],
        fromMonth: '2020-01',
        toMonth: '2021-12',
        validUntil: '2027-01-01',
      },
      createdAt: 1_000,
      lastSeenAt: 1_000,
      expiresAt: 1_800_000,
    };
    await e.ops.insertSession({ ...base, tokenHash: 't1' });
    await e.ops.insertSession({
      ...base,
      tokenHash: 't2',
      role: 'insured',
      authorizationId: null,
      scope: null,
    });
    expect(await e.ops2.session('t1')).toStrictEqual({ ...base, tokenHash: 't1', pinOneTime: false });
    await e.ops.touchSession('t1', 500_000);
    expect((await e.ops.session('t1'))?.lastSeenAt).toBe(500_000);
    await e.ops.deleteExpiredSessions(600_000, 300_000);
    expect(await e.ops.session('t1')).not.toBeNull();
    expect(await e.ops.session('t2')).toBeNull();
    await e.ops.deleteSession('t1');
    expect(await e.ops.session('t1')).toBeNull();
    await e.ops.insertSession({ ...base, tokenHash: 't3', role: 'insured', subjectId: 44, scope: null });
    await e.ops.insertSession({ ...base, tokenHash: 't4', role: 'employer', subjectId: 44, scope: null });
    // The session read says whether the insured person's current PIN is a one-time PIN (never an employer's).
    await e.rights.setPin({ personId: 44, pinHash: 'p', oneTime: true, usedAt: null, setAt: '2026-11-01' });
    expect((await e.ops2.session('t3'))?.pinOneTime).toBe(true);
    expect((await e.ops2.session('t4'))?.pinOneTime).toBe(false);
    await e.rights.setPin({ personId: 44, pinHash: 'q', oneTime: false, usedAt: null, setAt: '2026-11-02' });
    expect((await e.ops2.session('t3'))?.pinOneTime).toBe(false);
    await e.rights.endSessionsOf(44);
    expect(await e.ops.session('t3')).toBeNull();
    expect(await e.ops.session('t4')).not.toBeNull();
  });

  it('counts login failures atomically across instances', async () => {
    const n = 40;
    const rows = await Promise.all(
      Array.from({ length: n }, (_, i) => (i % 2 ? e.ops : e.ops2).addLoginFailure('id-a')),
    );
    expect(rows.map((r) => r.failures).sort((a, b) => a - b)).toStrictEqual(
      Array.from({ length: n }, (_, i) => i + 1),
    );
    expect(await e.ops.loginThrottle('id-a')).toStrictEqual({
      key: 'id-a',
      failures: n,
      lockedUntil: null,
      locks: 0,
    });
    await e.ops.saveLoginThrottle({ key: 'id-a', failures: 0, lockedUntil: 99_000, locks: 2 });
    expect(await e.ops2.loginThrottle('id-a')).toStrictEqual({
      key: 'id-a',
      failures: 0,
      lockedUntil: 99_000,
      locks: 2,
    });
    expect(await e.ops.addLoginFailure('id-a')).toStrictEqual({
      key: 'id-a',
      failures: 1,
      lockedUntil: 99_000,
      locks: 2,
    });
    await e.ops.clearLoginThrottle('id-a');
    expect(await e.ops.loginThrottle('id-a')).toBeNull();
  });

  it('never lets concurrent attempts past the hourly budget', async () => {
    const now = 10_000_000;
    const hour = 3_600_000;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? e.ops : e.ops2).takeLoginBudget('pool-a', now + i, hour, 7),
      ),
    );
    const taken = results.filter((r) => r.kind === 'taken');
    expect(taken).toHaveLength(7);
    const spent = results.filter((r) => r.kind === 'spent');
    const oldest = Math.min(...results.map((r, i) => (r.kind === 'taken' ? now + i : Infinity)));
    for (const s of spent) expect(s).toStrictEqual({ kind: 'spent', retryAt: oldest + hour });
    await e.ops.releaseLoginBudget((taken[0] as { id: number }).id);
    expect((await e.ops2.takeLoginBudget('pool-a', now + 100, hour, 7)).kind).toBe('taken');
    expect((await e.ops2.takeLoginBudget('pool-a', now + 101, hour, 7)).kind).toBe('spent');
    expect((await e.ops.takeLoginBudget('pool-b', now, hour, 7)).kind).toBe('taken');
    // Outside the window the attempts no longer count; pruned, they are gone.
    expect((await e.ops.takeLoginBudget('pool-a', now + hour + 200, hour, 7)).kind).toBe('taken');
    await e.ops.pruneLoginBudget(now + hour + 1000);
    for (let i = 0; i < 7; i++)
      expect((await e.ops.takeLoginBudget('pool-a', now + 2 * hour, hour, 7)).kind).toBe('taken');
  });

  it('keeps one hash chain when two instances append at once, and refuses changes to it', async () => {
    const head0 = await e.ops.queryLogHead();
    expect(head0.size).toBe(0);
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      const store = i % 2 ? e.ops : e.ops2;
      writes.push(
        i % 10 === 0
          ? store.appendQueryLogBatch([entry(i), entry(i + 1000), entry(i + 2000)])
          : store.appendQueryLog(entry(i)),
      );
    }
    await Promise.all(writes);
    const all: StoredQueryLogEntry[] = await collect(e.ops.iterateQueryLog());
    expect(all).toHaveLength(54 + 18);
    expect(await verifyChain(all)).toStrictEqual({ ok: true, count: all.length });
    for (const x of all) expect(x.mac).toBe(entryMac(MAC_KEY, x.hash));
    const head = await e.ops2.queryLogHead();
    expect(head).toStrictEqual({ size: all.length, hash: all[all.length - 1]?.hash });
    expect(await e.ops.appendQueryLogBatch([])).toStrictEqual(head);

    const byId = await collect(e.ops.iterateQueryLog({ fromId: 10, toId: 20 }));
    expect(byId.map((x) => x.id)).toStrictEqual(Array.from({ length: 11 }, (_, i) => 10 + i));
    const from = entry(5).at;
    const to = entry(30).at;
    const byTime = await collect(e.ops.iterateQueryLog({ fromAt: from, toAt: to }));
    expect(byTime).toStrictEqual(all.filter((x) => x.at >= from && x.at < to));
    expect(byTime.length).toBeGreaterThan(10);

    const one = await e.ops.appendQueryLog(entry(7, 'person:77'));
    expect(one).toMatchObject({ id: all.length + 1, prevHash: head.hash, subject: 'person:77' });

    await expect(e.raw(`UPDATE query_log SET outcome = 'forbidden' WHERE id = 3`)).rejects.toThrow(
      /append-only/,
    );
    await expect(e.raw('DELETE FROM query_log WHERE id = 3')).rejects.toThrow(/append-only/);
    expect((await verifyChain(e.ops.iterateQueryLog())).ok).toBe(true);
  });

  it('reads the access log by subject, newest first, in a time range', async () => {
    for (let i = 0; i < 5; i++) await e.ops.appendQueryLog(entry(100 + i, 'person:900'));
    const all = await e.rights.accessEntries('person:900', { fromAt: '2026-01-01', toAt: '2027-01-01' }, 10);
    expect(all.map((x) => x.at)).toStrictEqual([104, 103, 102, 101, 100].map((i) => entry(i).at));
    const some = await e.rights.accessEntries(
      'person:900',
      { fromAt: entry(101).at, toAt: entry(104).at },
      2,
    );
    expect(some.map((x) => x.at)).toStrictEqual([entry(103).at, entry(102).at]);
    expect(some[0]).toMatchObject({
      subject: 'person:900',
      resource: 'me/summary',
      mac: entryMac(MAC_KEY, some[0]?.hash ?? ''),
    });
  });

  it('keeps checkpoints append-only, in order', async () => {
    await e.ops.addLogCheckpoint({ size: 10, note: 'note 10' });
    await e.ops2.addLogCheckpoint({ size: 20, note: 'note 20' });
    expect(await e.ops.listLogCheckpoints()).toStrictEqual([
      { size: 10, note: 'note 10' },
      { size: 20, note: 'note 20' },
    ]);
    await expect(e.raw(`UPDATE log_checkpoint SET note = 'x'`)).rejects.toThrow(/append-only/);
    await expect(e.raw('DELETE FROM log_checkpoint')).rejects.toThrow(/append-only/);
  });

  it('keeps certificates and the maintenance log', async () => {
    const cert = {
      serial: 'S-1',
      checkHash: 'c',
      personId: 5,
      issuedAt: '2026-11-01T00:00:00Z',
      validUntil: '2027-02-01',
      body: '{"kind":"statement"}',
    };
    await e.ops.insertCertificate(cert);
    expect(await e.ops2.certificate('S-1')).toStrictEqual(cert);
    expect(await e.ops.certificate('S-2')).toBeNull();
    await expect(Promise.resolve().then(() => e.ops.insertCertificate(cert))).rejects.toThrow();
    const m = { at: '2026-11-01T00:00:00Z', what: 'w', why: 'y', method: 'm', who: 'o' };
    await e.ops.addMaintenance(m);
    await e.ops2.addMaintenance({ ...m, what: 'w2' });
    const list = await e.ops.listMaintenance();
    expect(list.map(({ id: _id, ...rest }) => rest)).toStrictEqual([m, { ...m, what: 'w2' }]);
    expect(list[1]?.id).toBeGreaterThan(list[0]?.id ?? Infinity);
    expect(typeof list[0]?.id).toBe('number');
    expect(await e.ops.healthy()).toBe(true);
    expect(await e.ops.writable()).toBe(true);
  });

  it('files, lists, counts and answers requests', async () => {
    const base = {
      kind: 'record' as const,
      personId: 7,
      filedBy: 'person:7',
      channel: 'kiosk',
      clientId: 'kiosk-a',
      category: 'contributions' as const,
      months: ['2024-01', '2024-02'],
      description: 'missing months',
      callbackPhone: null,
      language: null,
      topic: null,
      status: 'received' as const,
      answer: null,
      createdAt: '2026-11-01T10:00:00Z',
      updatedAt: '2026-11-01T10:00:00Z',
    };
    const refs = ['100001', '100001', '100002', '100003', '100004'];
    const next = () => refs.shift() as string;
    expect(await e.rights.insertRequest(base, next)).toBe('100001');
    // A collision: the store asks for another reference.
    expect(await e.rights.insertRequest({ ...base, createdAt: '2026-11-02T10:00:00Z' }, next)).toBe('100002');
    await e.rights.insertRequest(
      {
        ...base,
        kind: 'callback',
        personId: null,
        filedBy: 'caller',
        category: null,
        months: [],
        callbackPhone: '+8613800000000',
        language: 'es',
        topic: 'pension',
      },
      next,
    );
    expect(await e.rights.request('100001')).toStrictEqual({ ...base, reference: '100001' });
    expect((await e.rights.requestsOf(7)).map((r) => r.reference)).toStrictEqual(['100002', '100001']);
    expect(await e.rights.countRequestsSince(7, '2026-11-02T00:00:00Z')).toBe(1);
    expect(await e.rights.countCallbacksSince('+8613800000000', '2026-11-01T00:00:00Z')).toBe(1);
    expect(await e.rights.updateRequest('100002', 'in_review', 'looking', '2026-11-03T00:00:00Z')).toBe(true);
    expect(await e.rights.updateRequest('999999', 'in_review', null, '2026-11-03T00:00:00Z')).toBe(false);
    expect(
      (await e.rights.listRequests({ status: 'in_review', limit: 10 })).map((r) => r.reference),
    ).toStrictEqual(['100002']);
    expect((await e.rights.listRequests({ limit: 2 })).map((r) => r.reference)).toStrictEqual([
      '100003',
      '100002',
    ]);
    expect(await e.rights.request('nope')).toBeNull();
  });

  it('sets, replaces and uses PINs once', async () => {
    expect(await e.rights.pin(8)).toBeNull();
    await e.rights.setPin({ personId: 8, pinHash: 'p1', oneTime: true, usedAt: null, setAt: '2026-11-01' });
    await e.rights.markPinUsed(8, '2026-11-02');
    await e.rights.markPinUsed(8, '2026-11-03');
    expect(await e.rights.pin(8)).toStrictEqual({
      personId: 8,
      pinHash: 'p1',
      oneTime: true,
      usedAt: '2026-11-02',
      setAt: '2026-11-01',
    });
    await e.rights.setPin({ personId: 8, pinHash: 'p2', oneTime: false, usedAt: null, setAt: '2026-11-04' });
    expect(await e.rights.pin(8)).toStrictEqual({
      personId: 8,
      pinHash: 'p2',
      oneTime: false,
      usedAt: null,
      setAt: '2026-11-04',
    });
  });
});
