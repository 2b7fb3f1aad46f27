// The PostgreSQL records sink: a load builds a new schema (records_<load id>) with COPY, inside one transaction
// that also moves the `records_current` pointer to it, so the load commits all at once: until the commit every
// reader (and every replica) sees the old records, after it the new ones; a failed load rolls back and leaves
// nothing behind. The previous schema is dropped a few seconds after the switch, once readers have moved on.
//
// A delta builds its new schema the same way, from the current one: the tables are created, every row copied over
// (INSERT … SELECT), keys and indexes built; then, as SQLite's delta does (records-delta.ts), the delta's persons
// lose every row (and their old contributions leave the employer totals), their new rows are copied in, and the
// reference tables and employer totals arrive through temporary staging tables and are upserted by key. The same
// transaction switches the pointer, so a delta too is seen whole or not at all.
//
// Rows arrive synchronously from the importer, table by table and interleaved (the derived tables are written
// while contributions are read). Each table's rows are encoded into COPY text and sent in chunks of about 1 MiB,
// each chunk one `COPY … FROM STDIN` on the load's single connection, in order.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type {
  CurrentSnapshot,
  RecordsSink,
  SinkMeta,
  StoredValue,
  TableWriter,
} from '../../interchange/sink.ts';
import {
  DELETE_PERSON_ROWS,
  DELTA_PERSON_TABLE,
  EMPLOYER_MONTH_ADD,
  EMPLOYER_MONTH_KEY,
  EMPLOYER_MONTH_SUBTRACT,
  REFERENCE_KEYS,
} from '../records-delta.ts';
import { RECORDS_SCHEMA_VERSION } from '../sqlite/records-sink.ts';

const TABLES_SQL = readFileSync(new URL('./records-tables.sql', import.meta.url), 'utf8');
const [BEFORE_LOAD = '', AFTER_LOAD = ''] = TABLES_SQL.split(/^-- @after-load.*$/m);
/** The advisory lock one load holds for its whole transaction: two loads never build at once. */
const LOAD_LOCK_KEY = '7165064497575240802';
const CHUNK_BYTES = 1 << 20;
const IDENT = /^[a-z_][a-z0-9_]*$/;
export const RECORDS_SCHEMA_PREFIX = 'records_';

/** The employer's headline figures, from its staff list (current staff; staff ever in arrears there). */
const EMPLOYER_SUMMARY = `INSERT INTO employer_summary (employer_id, staff_count, staff_in_arrears, arrears_amount)
  SELECT e.id, coalesce(sum(s.current), 0), coalesce(sum((s.months_in_arrears > 0)::int), 0),
    coalesce(sum(CASE WHEN s.months_in_arrears > 0 THEN s.arrears_amount ELSE 0 END), 0)
  FROM employer e LEFT JOIN employer_staff_status s ON s.employer_id = e.id
  GROUP BY e.id`;
/** Numbers the employment rows after the highest one (as SQLite's rowid): rows copied in keep their ids. */
const NEXT_EMPLOYMENT_ID = `SELECT setval(pg_get_serial_sequence('employment', 'id'), coalesce(max(id), 0) + 1, false)
  FROM employment`;

/** Escapes one value for COPY's text format. */
function copyField(v: StoredValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : v;
}

export interface PgSinkOptions {
  pool: pg.Pool;
  /** How long the previous records stay after the switch for requests still reading them (default 5 s). */
  dropPreviousAfterMs?: number;
  /** Told after each chunk is copied: rows so far, and the milliseconds spent in COPY so far (for figures). */
  onCopied?: (rows: number, copyMs: number) => void;
}

interface Writer {
  table: string;
  columns: readonly string[];
  lines: string[];
  bytes: number;
}

/** A delta's table whose rows are staged, then upserted into `table` by `key` when the rows are in. */
interface Staged {
  table: string;
  stage: string;
  columns: readonly string[];
  key: readonly string[];
}

/** The upsert of a staged table's rows (employer_month adds to the month's totals; the others replace). */
function upsertOf(s: Staged): string {
  const list = s.columns.join(',');
  const rest = s.columns.filter((col) => !s.key.includes(col));
  const conflict =
    s.table === 'employer_month'
      ? EMPLOYER_MONTH_ADD
      : rest.length === 0
        ? `ON CONFLICT (${s.key.join(',')}) DO NOTHING`
        : `ON CONFLICT (${s.key.join(',')}) DO UPDATE SET ${rest.map((col) => `${col} = excluded.${col}`).join(', ')}`;
  return `INSERT INTO ${s.table} (${list}) SELECT ${list} FROM ${s.stage} ${conflict}`;
}

/** The tables of a records schema (partitions are reached through their parent), and each one's columns. */
async function tablesOf(c: pg.PoolClient, schema: string): Promise<Map<string, string[]>> {
  const { rows } = await c.query<{ relname: string; columns: string[] }>(
    `SELECT c.relname, array_agg(a.attname::text ORDER BY a.attnum) AS columns
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     GROUP BY c.relname ORDER BY c.relname`,
    [schema],
  );
  return new Map(rows.map((r) => [r.relname, r.columns]));
}

/** The records in place: the pointer row, or null before the first load. */
export async function currentRecordsSchema(
  q: Pick<pg.Pool, 'query'>,
): Promise<{ schema: string; asOf: string; dataThrough: string } | null> {
  const { rows } = await q.query<{ schema_name: string; as_of: string; data_through: string }>(
    'SELECT schema_name, as_of, data_through FROM records_current',
  );
  const r = rows[0];
  return r ? { schema: r.schema_name, asOf: r.as_of, dataThrough: r.data_through } : null;
}

/** Drops record schemas other than the current one (left by crashed loads, or kept for the grace period). */
export async function dropStaleRecordSchemas(pool: pg.Pool, keep: readonly string[]): Promise<string[]> {
  const { rows } = await pool.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'records\\_%' AND nspname <> ALL($1::text[])`,
    [keep],
  );
  const dropped: string[] = [];
  for (const { nspname } of rows) {
    const client = await pool.connect();
    try {
      // Readers still on it hold their table locks: wait a little for them, else leave it for the next load.
      await client.query('BEGIN');
      await client.query(`SET LOCAL lock_timeout = '5s'`);
      await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
      await client.query('COMMIT');
      dropped.push(nspname);
    } catch {
      await client.query('ROLLBACK').catch(() => undefined);
    } finally {
      client.release();
    }
  }
  return dropped;
}

export function createPgRecordsSink(options: PgSinkOptions): RecordsSink {
  const { pool } = options;
  let client: pg.PoolClient | null = null;
  let schema = '';
  let meta: SinkMeta | null = null;
  /** The records `current()` described: a delta is checked against them, so it must apply to them. */
  let described: string | null = null;
  const writers: Writer[] = [];
  const staged: Staged[] = [];
  let queue: Promise<void> = Promise.resolve();
  let failure: Error | null = null;
  let copied = 0;
  let copyMs = 0;

  const open = (): pg.PoolClient => {
    if (!client) throw new Error('the sink has not begun');
    return client;
  };

  /** Runs `step` on the load's connection after everything queued before it (skipped after a failure). */
  const enqueue = (step: (c: pg.PoolClient) => Promise<void>): Promise<void> => {
    const c = open();
    queue = queue.then(async () => {
      if (failure) return;
      try {
        await step(c);
      } catch (err) {
        failure = err as Error;
      }
    });
    return queue;
  };

  const send = (w: Writer): void => {
    if (w.lines.length === 0) return;
    const text = w.lines.join('');
    const rows = w.lines.length;
    w.lines = [];
    w.bytes = 0;
    void enqueue(async (c) => {
      const started = performance.now();
      const stream = c.query(copyFrom(`COPY ${w.table} (${w.columns.join(',')}) FROM STDIN`));
      await pipeline(Readable.from([Buffer.from(text)]), stream);
      copied += rows;
      copyMs += performance.now() - started;
      options.onCopied?.(copied, copyMs);
    });
  };

  const release = (c: pg.PoolClient, err?: Error): void => {
    c.release(err);
    if (client === c) client = null;
  };

  /** A delta's new schema starts as a copy of the records in place (`from`), keys and indexes built. */
  const copyRecords = async (c: pg.PoolClient, from: string): Promise<void> => {
    const source = await tablesOf(c, from);
    for (const [table, columns] of await tablesOf(c, schema)) {
      // The new meta rows are written below; the rest comes over whole.
      if (table === 'meta') continue;
      const list = columns.map((col) => `"${col}"`).join(',');
      if (!source.has(table)) {
        throw new Error(`the records in place have no table ${table}: load a full export`);
      }
      await c.query(`INSERT INTO "${schema}"."${table}" (${list}) SELECT ${list} FROM "${from}"."${table}"`);
    }
    await c.query(AFTER_LOAD);
    await c.query(NEXT_EMPLOYMENT_ID);
  };

  return {
    async current(): Promise<CurrentSnapshot | null> {
      const cur = await currentRecordsSchema(pool);
      described = cur?.schema ?? null;
      if (!cur) return null;
      const s = `"${cur.schema}"`;
      const employers = await pool.query<{ id: number }>(`SELECT id FROM ${s}.employer`);
      const regions = await pool.query<{ code: string }>(`SELECT code FROM ${s}.region`);
      const rates = await pool.query<{
        year: number;
        insurance_type: string;
        employer_bp: number;
        individual_bp: number;
      }>(`SELECT year, insurance_type, employer_bp, individual_bp FROM ${s}.contribution_rate`);
      return {
        asOf: cur.asOf,
        employerIds: new Set(employers.rows.map((r) => r.id)),
        regionCodes: new Set(regions.rows.map((r) => r.code)),
        rates: new Map(
          rates.rows.map((r) => [`${r.year}|${r.insurance_type}`, [r.employer_bp, r.individual_bp] as const]),
        ),
      };
    },

    async begin(m: SinkMeta): Promise<void> {
      meta = m;
      writers.length = 0;
      staged.length = 0;
      failure = null;
      queue = Promise.resolve();
      const c = await pool.connect();
      client = c;
      try {
        await c.query('BEGIN');
        const { rows } = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [
          LOAD_LOCK_KEY,
        ]);
        if (!rows[0]?.ok) throw new Error('another records load is running on this database');
        // Leftovers of earlier loads go only now, under the lock: read before it, the pointer could be one that a
        // load finishing meanwhile has just replaced, and its new records would be taken for a leftover.
        const inPlace = await currentRecordsSchema(c);
        await dropStaleRecordSchemas(pool, inPlace ? [inPlace.schema] : []);
        // Under the lock no other load can switch in: the records a delta applies to stay current until commit.
        const base = m.kind === 'delta' ? await currentRecordsSchema(c) : null;
        if (m.kind === 'delta') {
          if (!base) throw new Error('a delta needs records in place to apply to, and there are none');
          if (described !== null && base.schema !== described) {
            throw new Error(
              'other records were switched in while the delta was being checked: load it again',
            );
          }
        }
        const stamp = m.asOf.replace(/\D/g, '').slice(0, 14);
        schema = `${RECORDS_SCHEMA_PREFIX}${stamp}_${randomBytes(4).toString('hex')}`;
        await c.query(`CREATE SCHEMA "${schema}"`);
        // The new schema first; the pointer (records_current) stays reachable where the migrations put it.
        const path = await c.query<{ p: string }>(`SELECT current_setting('search_path') AS p`);
        await c.query(`SET LOCAL search_path TO "${schema}", ${path.rows[0]?.p ?? 'public'}`);
        await c.query(BEFORE_LOAD);
        if (base) await copyRecords(c, base.schema);
        const put = 'INSERT INTO meta (key, value) VALUES ($1, $2)';
        for (const [k, v] of [
          ['schema_version', RECORDS_SCHEMA_VERSION],
          ['format_version', m.formatVersion],
          ['as_of', m.asOf],
          ['data_through', m.dataThrough],
          ['first_detail_month', m.firstDetailMonth],
          ['region_profile', m.regionProfile],
          ['kind', m.kind],
        ] as const) {
          await c.query(put, [k, v]);
        }
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        release(c);
        throw err;
      }
    },

    async removePersons(ids: readonly number[]): Promise<void> {
      if (meta?.kind !== 'delta') throw new Error('removePersons is for a delta');
      await enqueue(async (c) => {
        await c.query(
          `CREATE TEMP TABLE IF NOT EXISTS ${DELTA_PERSON_TABLE} (id bigint PRIMARY KEY) ON COMMIT DROP`,
        );
        await c.query(
          `INSERT INTO ${DELTA_PERSON_TABLE} (id) SELECT DISTINCT unnest($1::bigint[]) ON CONFLICT DO NOTHING`,
          [ids],
        );
        // The employer totals lose what these persons' old contributions added; their new rows add back.
        await c.query(EMPLOYER_MONTH_SUBTRACT);
        for (const sql of DELETE_PERSON_ROWS) await c.query(sql);
        // New employment rows are numbered after the highest one left, as SQLite's rowid is.
        await c.query(NEXT_EMPLOYMENT_ID);
      });
      if (failure) throw failure;
    },

    table(table: string, columns: readonly string[]): TableWriter {
      open();
      if (!IDENT.test(table) || !columns.every((col) => IDENT.test(col))) {
        throw new Error(`not a table or column name: ${table} (${columns.join(', ')})`);
      }
      // A delta's reference rows and employer totals go to a staging table, upserted by key in finish.
      const key =
        meta?.kind === 'delta'
          ? (REFERENCE_KEYS.get(table) ?? (table === 'employer_month' ? EMPLOYER_MONTH_KEY : null))
          : null;
      let target = table;
      if (key) {
        const s: Staged = { table, stage: `stage_${table}`, columns, key };
        if (staged.some((other) => other.stage === s.stage)) throw new Error(`${table} opened twice`);
        staged.push(s);
        target = s.stage;
        void enqueue(async (c) => {
          await c.query(`CREATE TEMP TABLE ${s.stage} (LIKE ${table}) ON COMMIT DROP`);
        });
      }
      const w: Writer = { table: target, columns, lines: [], bytes: 0 };
      writers.push(w);
      const width = columns.length;
      return {
        row(values) {
          if (values.length !== width) {
            throw new Error(`${table}: ${values.length} values for ${width} columns`);
          }
          let line = copyField(values[0] as StoredValue);
          for (let i = 1; i < width; i++) line += `\t${copyField(values[i] as StoredValue)}`;
          line += '\n';
          w.lines.push(line);
          w.bytes += line.length;
          if (w.bytes >= CHUNK_BYTES) send(w);
        },
      };
    },

    async finish(): Promise<void> {
      const c = open();
      for (const w of writers) send(w);
      await queue;
      if (failure) throw failure;
      if (meta?.kind === 'delta') {
        // Keys and indexes are there (built on the copy). Reference rows replace, employer months add up.
        for (const s of staged) await c.query(upsertOf(s));
        await c.query('DELETE FROM employer_month WHERE headcount = 0');
        await c.query('DELETE FROM employer_summary');
      } else {
        await c.query(AFTER_LOAD);
      }
      await c.query(EMPLOYER_SUMMARY);
      await c.query(
        `INSERT INTO meta (key, value) SELECT 'persons', count(*)::text FROM person
         UNION ALL SELECT 'employers', count(*)::text FROM employer`,
      );
      // Planner statistics of the new tables only (a bare ANALYZE would visit the whole database).
      const { rows } = await c.query<{ relname: string }>(
        `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')`,
        [schema],
      );
      for (const { relname } of rows) await c.query(`ANALYZE "${schema}"."${relname}"`);
    },
    async switchIn(): Promise<void> {
      const c = open();
      const m = meta as SinkMeta;
      const previous = await c.query<{ schema_name: string }>(
        'SELECT schema_name FROM records_current FOR UPDATE',
      );
      await c.query(
        `INSERT INTO records_current (one, schema_name, as_of, data_through, switched_at)
         VALUES (true, $1, $2, $3, now())
         ON CONFLICT (one) DO UPDATE SET schema_name = excluded.schema_name, as_of = excluded.as_of,
           data_through = excluded.data_through, switched_at = excluded.switched_at`,
        [schema, m.asOf, m.dataThrough],
      );
      await c.query('COMMIT');
      release(c);
      if (previous.rows.length > 0) {
        await new Promise((r) => setTimeout(r, options.dropPreviousAfterMs ?? 5000));
        await dropStaleRecordSchemas(pool, [schema]);
      }
    },

    async abort(): Promise<void> {
      const c = client;
      if (!c) return;
      await queue.catch(() => undefined);
      try {
        await c.query('ROLLBACK');
        release(c);
      } catch (err) {
        release(c, err as Error);
      }
    },
  };
}
