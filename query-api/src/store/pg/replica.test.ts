// Record reads from a real streaming replica. The test makes a hot standby of the local PostgreSQL server with
// Debian's tools (test-replica.ts: pg_basebackup -R as the postgres user, a second server on a free port), loads a
// small generated export into a new test database on the primary through the PostgreSQL sink, waits until the
// replica has replayed it (by WAL position), and opens the stores as the API does, with RECORDS_READ_URL naming the
// replica. It shows that:
//   - record reads are answered by the replica (its statistics and its connections show the record queries; the
//     primary's show none), with the primary's answers;
//   - a load on the primary while the replica lags (replay paused) never gives a mixed answer: every answer is
//     wholly the old load's or wholly the new one's, matching the load the snapshot names;
//   - stopped at once (`pg_ctl stop -m immediate`), the replica's reads fall back to the primary, same answers.
// The replica is stopped and its folder removed, and the test database dropped, whatever happens. PostgreSQL must
// be running on 127.0.0.1:5432; as root, the test adds the pg_hba.conf replication line the primary needs.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../generator/index.ts';
import { importExport } from '../../interchange/importer.ts';
import { openLoadTarget, openStores, storeConfigFromEnv, type Stores } from '../open.ts';
import type { RecordsStore } from '../types.ts';
import type { PgRecordsStore } from './records.ts';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from './test-database.ts';
import { allowLocalReplication, startReplica, waitForReplay, type Replica } from './test-replica.ts';

const OLD_AS_OF = '2026-11-01T08:00:00.000Z';
const NEW_AS_OF = '2026-11-02T08:00:00.000Z';
const PERSONS = 150;
const EMPLOYERS = 12;
const WHOLE = { from: '0000-01', to: '9999-12' };
const SAMPLE = Array.from({ length: 30 }, (_, i) => 1 + i * 5);

const tmp = mkdtempSync(join(tmpdir(), 'consulta-replica-test-'));
const dataDir = join(tmp, 'data');
let replica: Replica | null = null;
let db: TestDatabase | null = null;
const open: Stores[] = [];

async function load(exportDir: string): Promise<void> {
  const target = await openLoadTarget({ dataDir, databaseUrl: db?.url, dropPreviousAfterMs: 1500 });
  try {
    const result = await importExport({
      from: exportDir,
      sink: target.sink,
      ops: target.ops,
      reason: 'replica test',
      who: 'test',
    });
    expect(result.outcome).toBe('loaded');
  } finally {
    await target.close();
  }
}

/** The stores as the API opens them from its environment; RECORDS_READ_URL optional. */
async function stores(readUrl?: string): Promise<Stores> {
  const env = { DATABASE_URL: db?.url, ...(readUrl ? { RECORDS_READ_URL: readUrl } : {}) };
  const s = await openStores({ ...storeConfigFromEnv(dataDir, env), poolMax: 2, migrate: false });
  open.push(s);
  return s;
}

async function close(s: Stores): Promise<void> {
  open.splice(open.indexOf(s), 1);
  await s.close();
}

/** One person's records through every kind of query, as one comparable value. */
async function personAnswers(r: RecordsStore, personId: number) {
  return {
    registration: await r.registration(personId),
    months: await r.contributionMonths(personId, WHOLE),
    subsidies: await r.subsidies(personId, WHOLE),
    benefits: await r.benefits(personId),
    accounts: await r.accounts(personId),
    other: await r.other(personId),
    summary: await r.summaryFacts(personId, WHOLE),
  };
}

async function sampleAnswers(r: RecordsStore) {
  const persons = [];
  for (const id of SAMPLE) persons.push(await personAnswers(r, id));
  const employers = [];
  for (let id = 1; id <= EMPLOYERS; id++) {
    employers.push({
      unit: await r.employer(id),
      summary: await r.employerSummary(id, '2024-11'),
      staff: await r.staffPage(id, { offset: 0, limit: 50 }),
    });
  }
  return { persons, employers };
}

async function query<R extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** Transactions committed in the test database on one server (pg_stat_database; flushed as backends end). */
async function commits(serverUrl: string): Promise<number> {
  const rows = await query<{ n: string }>(
    serverUrl,
    'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = $1',
    [db?.name],
  );
  return Number(rows[0]?.n ?? 0);
}

/** What the store's connections to the test database on one server last ran, by application name. */
async function lastQueries(serverUrl: string, application: string): Promise<string[]> {
  const rows = await query<{ query: string }>(
    serverUrl,
    'SELECT query FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
    [db?.name, application],
  );
  return rows.map((r) => r.query);
}

const primaryAdmin = (): string => TEST_SERVER_URL;
const replicaAdmin = (): string => (replica as Replica).url('postgres');
const replicaUrl = (): string => (replica as Replica).url((db as TestDatabase).name);

let oldExport = '';
let newExport = '';
let oldAnswers: Awaited<ReturnType<typeof sampleAnswers>>;

beforeAll(async () => {
  mkdirSync(dataDir);
  oldExport = join(tmp, 'export-old');
  newExport = join(tmp, 'export-new');
  // Two small loads that differ throughout (another seed), so a mixed answer cannot hide.
  const small = { dir: dataDir, persons: PERSONS, employers: EMPLOYERS, bench: { persons: 3, employers: 3 } };
  await generateDataset({ ...small, seed: 'replica-old', exportTo: oldExport, asOf: new Date(OLD_AS_OF) });
  await generateDataset({ ...small, seed: 'replica-new', exportTo: newExport, asOf: new Date(NEW_AS_OF) });
  await allowLocalReplication(primaryAdmin());
  replica = await startReplica(Number(new URL(TEST_SERVER_URL).port || 5432));
  // The database is created after the base backup: it reaches the replica by streaming, as the load does.
  db = await createTestDatabase('consulta_replica');
  await load(oldExport);
  await waitForReplay(db.url, replicaUrl());
}, 300_000);

afterAll(async () => {
  try {
    for (const s of [...open]) await s.close().catch(() => undefined);
  } finally {
    try {
      await replica?.remove();
    } finally {
      try {
        await db?.drop();
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  }
}, 60_000);

describe('record reads on a real streaming replica', () => {
  it('the replica answers the record reads, with the primary answers', async () => {
    // The replica is a standby that has the load.
    const [standby] = await query<{ r: boolean; port: number }>(
      replicaUrl(),
      'SELECT pg_is_in_recovery() AS r, inet_server_port() AS port',
    );
    expect(standby).toStrictEqual({ r: true, port: (replica as Replica).port });
    const [onReplica] = await query<{ schema_name: string; as_of: string }>(
      replicaUrl(),
      'SELECT schema_name, as_of FROM records_current',
    );
    expect(onReplica?.as_of).toBe(OLD_AS_OF);

    const primaryOnly = await stores();
    oldAnswers = await sampleAnswers(primaryOnly.records);
    expect(oldAnswers.persons.filter((p) => p.months.length > 0).length).toBeGreaterThan(20);
    await close(primaryOnly);

    const primaryBefore = await commits(primaryAdmin());
    const replicaBefore = await commits(replicaAdmin());
    const replicated = await stores(replicaUrl());
    expect(await sampleAnswers(replicated.records)).toStrictEqual(oldAnswers);
    // The store's read connections are on the replica, and last ran record queries of the load's schema; on the
    // primary there are none.
    const reads = await lastQueries(replicaAdmin(), 'consulta-api-reads');
    expect(reads.length).toBeGreaterThan(0);
    for (const q of reads) expect(q).toContain(`"${onReplica?.schema_name}".`);
    expect(await lastQueries(primaryAdmin(), 'consulta-api-reads')).toStrictEqual([]);
    await close(replicated);
    // Every record query was one transaction on the replica (hundreds); on the primary only the store's opening
    // (a probe and the records pointer). Backends flush their counts as they end: wait for the replica's to arrive.
    const queries = SAMPLE.length * 10 + EMPLOYERS * 3;
    const deadline = Date.now() + 10_000;
    while ((await commits(replicaAdmin())) - replicaBefore < queries && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await commits(replicaAdmin())) - replicaBefore).toBeGreaterThanOrEqual(queries);
    expect((await commits(primaryAdmin())) - primaryBefore).toBeLessThan(10);
  });

  it('a load on the primary while the replica lags never gives a mixed answer', async () => {
    const replicated = await stores(replicaUrl());
    const records = replicated.records as unknown as PgRecordsStore;
    const probe = async (r: RecordsStore) => [await personAnswers(r, 1), await personAnswers(r, 76)];
    const oldProbe = [oldAnswers.persons[0], oldAnswers.persons[15]];
    expect(await probe(records)).toStrictEqual(oldProbe);

    // The replica stops replaying: it lags behind everything the primary does from now on.
    await query(replicaAdmin(), 'SELECT pg_wal_replay_pause()');
    const seen: { asOf: string; answer: unknown }[] = [];
    const failures: string[] = [];
    let reading = true;
    let sawNew = 0;
    const readUntil = Date.now() + 45_000;
    // Another API instance reading all through the load and after it, one pinned snapshot per request.
    const reader = (async () => {
      while ((reading || sawNew < 5) && Date.now() < readUntil) {
        const snapshot = records.snapshot();
        try {
          const answer = await probe(snapshot);
          seen.push({ asOf: snapshot.asOf, answer });
          if (snapshot.asOf === NEW_AS_OF) sawNew++;
        } catch (err) {
          failures.push((err as Error).message);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    try {
      await load(newExport);
      // The replica still has the old records: the lag is real.
      const [lagging] = await query<{ as_of: string }>(replicaUrl(), 'SELECT as_of FROM records_current');
      expect(lagging?.as_of).toBe(OLD_AS_OF);
      await records.refresh();
    } finally {
      reading = false;
      await reader;
    }
    const primaryOnly = await stores();
    const newProbe = await probe(primaryOnly.records);
    await close(primaryOnly);
    expect(newProbe).not.toStrictEqual(oldProbe);

    // Every answer is wholly the old load's or wholly the new one's, and the one its snapshot names.
    const old = seen.filter((s) => s.asOf === OLD_AS_OF);
    const fresh = seen.filter((s) => s.asOf === NEW_AS_OF);
    expect(old.length + fresh.length).toBe(seen.length);
    for (const s of old) expect(s.answer).toStrictEqual(oldProbe);
    for (const s of fresh) expect(s.answer).toStrictEqual(newProbe);
    expect(old.length).toBeGreaterThan(0);
    expect(fresh.length).toBeGreaterThanOrEqual(5);
    // A read may fail (a replaced load dropped under a request pinned to it), never answer wrongly.
    expect(failures.length).toBeLessThan(seen.length);

    // Replay resumes; once the replica has the new load, it answers again (after the router's 5 s pause).
    await query(replicaAdmin(), 'SELECT pg_wal_replay_resume()');
    await waitForReplay((db as TestDatabase).url, replicaUrl());
    const [caughtUp] = await query<{ schema_name: string; as_of: string }>(
      replicaUrl(),
      'SELECT schema_name, as_of FROM records_current',
    );
    expect(caughtUp?.as_of).toBe(NEW_AS_OF);
    const deadline = Date.now() + 15_000;
    let onReplica = false;
    while (!onReplica && Date.now() < deadline) {
      expect(await probe(records)).toStrictEqual(newProbe);
      const reads = await lastQueries(replicaAdmin(), 'consulta-api-reads');
      onReplica = reads.some((q) => q.includes(`"${caughtUp?.schema_name}".`));
      if (!onReplica) await new Promise((r) => setTimeout(r, 250));
    }
    expect(onReplica).toBe(true);
    await close(replicated);
  }, 60_000);

  it('when the replica stops, reads fall back to the primary with the same answers', async () => {
    const primaryOnly = await stores();
    const expected = await sampleAnswers(primaryOnly.records);
    await close(primaryOnly);
    const replicated = await stores(replicaUrl());
    expect(await sampleAnswers(replicated.records)).toStrictEqual(expected);
    expect((await lastQueries(replicaAdmin(), 'consulta-api-reads')).length).toBeGreaterThan(0);

    await (replica as Replica).stop();
    await expect(query(replicaAdmin(), 'SELECT 1')).rejects.toThrow();
    const started = performance.now();
    expect(await sampleAnswers(replicated.records)).toStrictEqual(expected);
    // The fallback costs no waiting: a stopped server refuses the connection at once.
    expect(performance.now() - started).toBeLessThan(10_000);
    await close(replicated);
  }, 60_000);
});
