// Deltas into PostgreSQL against deltas into SQLite: one generated export (300 persons) loaded whole into SQLite
// and into a fresh PostgreSQL database (random name, dropped afterwards; the same staff-reference key, so the
// references agree), then the same delta into both — persons renamed, truncated, a month moved into arrears, the
// only contribution of an employer's month taken away, an employer renamed, a region renamed, a rate changed and
// one added, an employer credential changed. Afterwards every records table holds the same rows on both engines
// (the derived tables included) and every records method answers alike. A delta against the wrong snapshot, one
// with a bad row late in a file, one that PostgreSQL refuses while upserting, one that fails after everything is
// built, and one whose records were replaced while it was being checked are refused and change nothing: the
// pointer, the schemas and every table's rows stay as they were. Needs PostgreSQL at 127.0.0.1:5432.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../generator/index.ts';
import { formatError } from '../../interchange/importer.ts';
import type { RecordsSink } from '../../interchange/sink.ts';
import { linesOf, writeDelta, type DeltaOptions } from '../../interchange/test-exports.ts';
import { openStores } from '../open.ts';
import { openSqliteOperationalStore } from '../sqlite/operational.ts';
import { employerAnswers, personAnswers } from '../test-answers.ts';
import { loadExport } from '../test-load.ts';
import { migrate } from './migrate.ts';
import { createPool } from './pool.ts';
import { currentRecordsSchema } from './records-sink.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

const AS_OF = '2026-11-30T22:00:00.000Z';
const DELTA_AS_OF = '2026-12-01T22:00:00.000Z';
const LATER = '2026-12-02T22:00:00.000Z';
const PERSONS = 300;

const tmp = mkdtempSync(join(tmpdir(), 'consulta-pg-delta-'));
const exportDir = join(tmp, 'export');
const sqliteDir = join(tmp, 'sqlite');
const pgDir = join(tmp, 'pg');
let db: TestDatabase | null = null;
let pool: pg.Pool;

function load(databaseUrl: string | undefined, from: string, wrap?: (sink: RecordsSink) => RecordsSink) {
  return loadExport({
    dataDir: databaseUrl ? pgDir : sqliteDir,
    databaseUrl,
    from,
    dropPreviousAfterMs: 100,
    reason: 'pg delta test',
    ...(wrap ? { wrap } : {}),
  });
}

const pgUrl = (): string => (db as TestDatabase).url;

/** The PostgreSQL records in place: the pointer row, read as the sink reads it. */
async function pointer(): Promise<{ schema: string; asOf: string; dataThrough: string }> {
  const current = await currentRecordsSchema(pool);
  if (!current) throw new Error('no records in place');
  return current;
}

/** Every table of the PostgreSQL records in place: name → its columns. */
async function pgTables(): Promise<Map<string, string[]>> {
  const { schema: schema_name } = await pointer();
  const { rows } = await pool.query<{ relname: string; columns: string[] }>(
    `SELECT c.relname, array_agg(a.attname::text ORDER BY a.attnum) AS columns
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     GROUP BY c.relname ORDER BY c.relname`,
    [schema_name],
  );
  return new Map(rows.map((r) => [r.relname, r.columns]));
}

/** What a refused load must leave as it was: the pointer, the record schemas, and a digest of every table. */
async function pgState(): Promise<{ pointer: unknown; schemas: string[]; tables: Record<string, string> }> {
  const current = await pointer();
  const { rows } = await pool.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'records\\_%' ORDER BY nspname`,
  );
  const tables: Record<string, string> = {};
  for (const table of (await pgTables()).keys()) {
    const digest = await pool.query<{ d: string }>(
      `SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') AS d
       FROM "${current.schema}"."${table}" t`,
    );
    tables[table] = digest.rows[0]?.d ?? '';
  }
  return { pointer: current, schemas: rows.map((r) => r.nspname), tables };
}

/** A table's rows on both engines, each row as JSON of the PostgreSQL columns, sorted. */
async function bothRows(table: string, columns: readonly string[]): Promise<[string[], string[]]> {
  const list = columns.map((c) => `"${c}"`).join(',');
  const { schema: schema_name } = await pointer();
  const pgRows = await pool.query({
    text: `SELECT ${list} FROM "${schema_name}"."${table}"`,
    rowMode: 'array',
  });
  const lite = new Database(join(sqliteDir, 'records.sqlite'), { readonly: true });
  try {
    const liteRows = lite.prepare(`SELECT ${list} FROM ${table}`).raw().all() as unknown[][];
    const norm = (rows: unknown[][]): string[] => rows.map((r) => JSON.stringify(r)).sort();
    return [norm(liteRows), norm(pgRows.rows as unknown[][])];
  } finally {
    lite.close();
  }
}

/** A delta of the first export with the asOf and appliesTo given (the same edits as the first delta if asked). */
function delta(name: string, options: Omit<DeltaOptions, 'persons'> & { persons?: number[] }): string {
  const dir = join(tmp, name);
  writeDelta(exportDir, dir, { persons: [7], ...options });
  return dir;
}

beforeAll(async () => {
  for (const d of [sqliteDir, pgDir]) mkdirSync(d);
  await generateDataset({
    dir: join(tmp, 'generated'),
    persons: PERSONS,
    seed: 'pg-delta',
    bench: { persons: 2, employers: 1 },
    exportTo: exportDir,
    asOf: new Date(AS_OF),
  });
  const lite = await load(undefined, exportDir);
  expect(lite.errors.map(formatError)).toEqual([]);
  // The staff references derive from the operational store's key: the same key in both stores.
  const sqliteOps = openSqliteOperationalStore({ path: join(sqliteDir, 'operational.sqlite') });
  const staffKey = await sqliteOps.secret('staff-ref');
  await sqliteOps.close();
  db = await createTestDatabase();
  pool = createPool(db.url, { max: 2 });
  await migrate(pool);
  await pool.query('INSERT INTO server_secret (name, value) VALUES ($1, $2)', ['staff-ref', staffKey]);
  const full = await load(db.url, exportDir);
  expect(full.errors.map(formatError)).toEqual([]);
  expect(full.outcome).toBe('loaded');
}, 300_000);

afterAll(async () => {
  await pool?.end();
  await db?.drop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('a delta into PostgreSQL', () => {
  it('gives the same records as the same delta into SQLite: every table, every answer', async () => {
    // The only contribution of some employer's month: taking it away leaves the month with no one.
    const lite0 = new Database(join(sqliteDir, 'records.sqlite'), { readonly: true });
    const solo = lite0
      .prepare(
        `SELECT c.person_id, c.month, c.employer_id FROM employer_month m JOIN contribution c
           ON c.employer_id = m.employer_id AND c.month = m.month
         WHERE m.headcount = 1 AND c.person_id NOT IN (7, 42, 300) ORDER BY m.month DESC LIMIT 1`,
      )
      .get() as { person_id: number; month: string; employer_id: number };
    lite0.close();
    expect(solo).toBeDefined();
    const soloRow = `${solo.person_id},${solo.month},`;
    const dir = delta('delta-1', {
      persons: [7, 42, solo.person_id, 300].sort((a, b) => a - b),
      appliesTo: AS_OF,
      exportedAt: DELTA_AS_OF,
      edit: {
        persons: (rows) => rows.map((l) => l.replace(/^7,(\d+X?),[^,]+,/, '7,$1,新名字,')),
        contributions: (rows) => {
          const p42 = rows.filter((l) => l.startsWith('42,'));
          const arrears = rows.filter((l) => l.startsWith('300,') && /,paid,[^,]+$/.test(l)).at(-1);
          expect(p42.length).toBeGreaterThan(6);
          expect(arrears).toBeDefined();
          return rows
            .filter((l) => !l.startsWith(soloRow))
            .filter((l) => !p42.slice(-6).includes(l))
            .map((l) => (l === arrears ? l.replace(/,paid,[^,]+$/, ',arrears,') : l));
        },
        regions: (_rows, all) => [(all[0] as string).replace(/,[^,]+$/, ',Peking')],
        contribution_rates: (_rows, all) => [
          ...all.filter((l) => l.startsWith('2016,maternity,')).map((l) => l.replace(/,0$/, ',5')),
          '2027,maternity,90,0',
        ],
        employers: (_rows, all) => [
          (all.find((l) => l.startsWith('3,')) as string).replace(
            /^3,(\d+),[^,]+,/,
            '3,$1,改名后的单位有限公司,',
          ),
        ],
        employer_credentials: (_rows, all) =>
          all.slice(0, 1).map((l) => {
            const [id, password] = l.split(',');
            return `${id},${password},${password}`;
          }),
      },
    });
    for (const [url, engine] of [
      [undefined, 'SQLite'],
      [pgUrl(), 'PostgreSQL'],
    ] as const) {
      const result = await load(url, dir);
      expect(result.errors.map(formatError), engine).toEqual([]);
      expect(result.outcome, engine).toBe('loaded');
      expect(result.kind).toBe('delta');
    }

    // The pointer moved, the old schema is gone after the grace period, meta says what was loaded.
    expect(await pointer()).toMatchObject({ asOf: DELTA_AS_OF });
    const state = await pgState();
    expect(state.schemas).toStrictEqual([(await pointer()).schema]);

    // Every table, the derived ones included, row for row as SQLite's delta left it.
    const tables = await pgTables();
    expect([...tables.keys()]).toContain('employer_month');
    for (const [table, columns] of tables) {
      const [lite, postgres] = await bothRows(table, columns);
      expect(postgres, table).toStrictEqual(lite);
    }
    const [meta] = await bothRows('meta', ['key', 'value']);
    expect(meta).toContain(JSON.stringify(['kind', 'delta']));
    expect(meta).toContain(JSON.stringify(['as_of', DELTA_AS_OF]));
    expect(meta).toContain(JSON.stringify(['persons', String(PERSONS)]));

    // The employer totals equal a recomputation from the contributions; the emptied month is gone.
    const { schema: s } = await pointer();
    const TOTAL = `pension_employer + pension_individual + medical_employer + medical_individual +
      unemployment_employer + unemployment_individual + work_injury_employer + maternity_employer`;
    const months = async (sql: string): Promise<string[]> =>
      (await pool.query({ text: sql, rowMode: 'array' })).rows.map((r) => JSON.stringify(r)).sort();
    const recomputed = await months(
      `SELECT employer_id, month, count(*), sum(base),
         sum(pension_employer + medical_employer + unemployment_employer + work_injury_employer + maternity_employer),
         sum(pension_individual + medical_individual + unemployment_individual),
         sum(CASE WHEN status = 'arrears' THEN 0 ELSE ${TOTAL} END),
         sum(CASE WHEN status = 'arrears' THEN ${TOTAL} ELSE 0 END)
       FROM "${s}".contribution WHERE employer_id IS NOT NULL GROUP BY employer_id, month`,
    );
    expect(await months(`SELECT * FROM "${s}".employer_month`)).toStrictEqual(recomputed);
    expect(
      await months(
        `SELECT * FROM "${s}".employer_month WHERE employer_id = ${solo.employer_id} AND month = '${solo.month}'`,
      ),
    ).toStrictEqual([]);

    // The API's records stores answer alike, for every person and every employer.
    const sqlite = await openStores({ dataDir: sqliteDir });
    const postgres = await openStores({ dataDir: pgDir, databaseUrl: pgUrl(), poolMax: 2, migrate: false });
    try {
      expect(postgres.records.asOf).toBe(DELTA_AS_OF);
      expect(sqlite.records.asOf).toBe(DELTA_AS_OF);
      const nationalIds = new Map(
        linesOf(exportDir, 'persons.csv')
          .slice(1)
          .map((l) => l.split(','))
          .map(([id, nid]) => [Number(id), nid as string]),
      );
      nationalIds.set(999_999, '000000000000000000');
      for (const [id, nid] of nationalIds) {
        expect(await personAnswers(postgres.records, id, nid), `person ${id}`).toStrictEqual(
          await personAnswers(sqlite.records, id, nid),
        );
      }
      expect((await postgres.records.registration(7))?.person.name).toBe('新名字');
      for (const id of [...Array.from({ length: 20 }, (_, i) => i + 1), 99_999]) {
        expect(await employerAnswers(postgres.records, id, '2016-01'), `employer ${id}`).toStrictEqual(
          await employerAnswers(sqlite.records, id, '2016-01'),
        );
      }
      expect((await postgres.records.employer(3))?.name).toBe('改名后的单位有限公司');
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });

  it('is refused against the wrong snapshot, and nothing changes', async () => {
    const before = await pgState();
    const result = await load(pgUrl(), delta('delta-stale', { appliesTo: AS_OF, exportedAt: LATER }));
    expect(result.outcome).toBe('refused');
    expect(result.errors.map(formatError)).toStrictEqual([
      `manifest.json:1:1: appliesTo: the delta applies to the snapshot as of ${AS_OF}, but the records in place are as of ${DELTA_AS_OF}`,
    ]);
    expect(await pgState()).toStrictEqual(before);
  });

  it('is refused by a bad row late in a file, after rows went in, and nothing changes', async () => {
    const before = await pgState();
    // Every person: megabytes of rows, so COPY has sent several chunks before the bad row is read.
    const dir = delta('delta-bad-row', {
      persons: Array.from({ length: PERSONS }, (_, i) => i + 1),
      appliesTo: DELTA_AS_OF,
      exportedAt: LATER,
      edit: {
        // A late file: the rows of contributions and the files before are in the new schema by then.
        account_movements: (rows) => [
          ...rows.slice(0, -1),
          (rows.at(-1) as string).replace(/,-?\d+,(-?\d+)$/, ',x,$1'),
        ],
      },
    });
    const result = await load(pgUrl(), dir);
    expect(result.outcome).toBe('refused');
    expect(result.errors.map(formatError)).toStrictEqual([
      expect.stringMatching(/^account_movements\.csv:\d+:6: amount: /),
    ]);
    expect(await pgState()).toStrictEqual(before);
  });

  it('is rolled back when PostgreSQL refuses a row (a unit number taken), and nothing changes', async () => {
    const before = await pgState();
    const dir = delta('delta-unit-taken', {
      appliesTo: DELTA_AS_OF,
      exportedAt: LATER,
      edit: {
        // Employer 3 takes employer 4's unit number: the unique index refuses it when the rows are upserted.
        employers: (_rows, all) => {
          const unit4 = (all.find((l) => l.startsWith('4,')) as string).split(',')[1] as string;
          return [(all.find((l) => l.startsWith('3,')) as string).replace(/^3,\d+,/, `3,${unit4},`)];
        },
      },
    });
    const result = await load(pgUrl(), dir);
    expect(result.outcome).toBe('refused');
    expect(result.errors.map(formatError)).toStrictEqual([
      expect.stringMatching(
        /^\(load\):0:0: the load failed and was rolled back: duplicate key value .*employer_by_unit_number/,
      ),
    ]);
    expect(await pgState()).toStrictEqual(before);
  });

  it('is rolled back when the load fails once everything is built, and nothing changes', async () => {
    const before = await pgState();
    const result = await load(
      pgUrl(),
      delta('delta-late-fault', { appliesTo: DELTA_AS_OF, exportedAt: LATER }),
      (sink) => ({
        ...sink,
        async finish() {
          await sink.finish();
          throw new Error('disk full (injected by the test)');
        },
      }),
    );
    expect(result.outcome).toBe('refused');
    expect(await pgState()).toStrictEqual(before);
  });

  it('is refused when other records were switched in after it was checked', async () => {
    const dir = delta('delta-raced', { appliesTo: DELTA_AS_OF, exportedAt: LATER });
    let replaced = false;
    const result = await load(pgUrl(), dir, (sink) => ({
      ...sink,
      async begin(meta) {
        // Between the importer's check (current()) and the build, another load switches in a full export.
        const other = await load(pgUrl(), exportDir);
        replaced = other.outcome === 'loaded';
        await sink.begin(meta);
      },
    }));
    expect(replaced).toBe(true);
    expect(result.outcome).toBe('refused');
    expect(result.errors.map(formatError)).toStrictEqual([
      '(load):0:0: the load failed and was rolled back: other records were switched in while the delta was being checked: load it again',
    ]);
    expect(await pointer()).toMatchObject({ asOf: AS_OF });
  });
});
