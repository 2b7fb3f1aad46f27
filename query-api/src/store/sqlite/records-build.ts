// Building a records file aside: the SQLite side of an import, run by the records writer thread
// (records-writer.ts) for the SQLite records sink (records-sink.ts). A full load starts from an empty file, a delta
// from a copy of the current one; rows arrive table by table, in big multi-row INSERTs and transactions of about
// 200,000 rows; the indexes and the employer summaries are built once the rows are in.
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, readFileSync, rmSync } from 'node:fs';
import type { SinkMeta, StoredValue } from '../../interchange/sink.ts';
import {
  DELETE_PERSON_ROWS,
  DELTA_PERSON_TABLE,
  EMPLOYER_MONTH_ADD,
  EMPLOYER_MONTH_SUBTRACT,
  REFERENCE_KEYS,
} from '../records-delta.ts';
import { Batch } from './batch.ts';
import { createPrivateFile } from './private-file.ts';

export const RECORDS_SCHEMA_VERSION = '1';

/** Rows per transaction: the in-memory journal of one huge transaction would grow with the load. */
const ROWS_PER_TRANSACTION = 200_000;

export function removeDatabase(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

export interface BuildOptions {
  recordsPath: string;
  buildingPath: string;
  /** records-schema.sql: run up to its '@after-load' line before the rows, the rest after. */
  schemaPath: string;
  /** Fault injection for tests: caps the building file at this many pages (SQLITE_FULL, as on a full disk). */
  maxPages?: number;
}

/** Where the rows of one opened table go: a multi-row batch, or (a delta's reference tables) an upsert. */
type Target = { batch: Batch } | { statement: Database.Statement };

export class RecordsBuild {
  private db: Database.Database | null = null;
  private kind: 'full' | 'delta' = 'full';
  private readonly batches: Batch[] = [];
  private readonly targets = new Map<number, Target>();
  private sinceCommit = 0;

  constructor(private readonly options: BuildOptions) {}

  private open(): Database.Database {
    if (!this.db) throw new Error('the build has not begun');
    return this.db;
  }

  begin(meta: SinkMeta): void {
    const { buildingPath, recordsPath } = this.options;
    this.kind = meta.kind;
    removeDatabase(buildingPath);
    // Owner-only from the first byte (SQLite gives its journal files the database's mode).
    createPrivateFile(buildingPath);
    if (meta.kind === 'delta') copyFileSync(recordsPath, buildingPath);
    chmodSync(buildingPath, 0o600);
    const d = new Database(buildingPath);
    this.db = d;
    d.pragma('page_size = 8192');
    if (this.options.maxPages !== undefined) d.pragma(`max_page_count = ${this.options.maxPages}`);
    // Rows of a table arrive before the tables they point to are complete; the importer checks references.
    d.pragma('foreign_keys = OFF');
    // Nothing to recover if the build fails: it is thrown away. (better-sqlite3's defensive mode refuses OFF.)
    d.pragma('journal_mode = MEMORY');
    d.pragma('synchronous = OFF');
    d.pragma('locking_mode = EXCLUSIVE');
    d.pragma('temp_store = MEMORY');
    // 64 MB of page cache: rows arrive in key order, so inserts touch few pages; more only holds memory.
    d.pragma('cache_size = -65536');
    if (meta.kind === 'full') {
      const schema = readFileSync(this.options.schemaPath, 'utf8');
      const [beforeLoad] = schema.split(/^-- @after-load.*$/m);
      d.exec(beforeLoad ?? '');
    }
    const put = d.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    d.transaction(() => {
      put.run('schema_version', RECORDS_SCHEMA_VERSION);
      put.run('format_version', meta.formatVersion);
      put.run('as_of', meta.asOf);
      put.run('data_through', meta.dataThrough);
      put.run('first_detail_month', meta.firstDetailMonth);
      put.run('region_profile', meta.regionProfile);
      put.run('kind', meta.kind);
    })();
    d.exec('BEGIN');
  }

  removePersons(ids: readonly number[]): void {
    const d = this.open();
    d.exec(`CREATE TEMP TABLE IF NOT EXISTS ${DELTA_PERSON_TABLE} (id INTEGER PRIMARY KEY)`);
    const add = d.prepare(`INSERT OR IGNORE INTO temp.${DELTA_PERSON_TABLE} (id) VALUES (?)`);
    for (const id of ids) add.run(id);
    // The employer totals lose what these persons' old contributions added; their new rows add back.
    d.exec(EMPLOYER_MONTH_SUBTRACT);
    for (const sql of DELETE_PERSON_ROWS) d.exec(sql);
  }

  /** Opens table `table` for rows under the number `id`; for a delta, reference tables upsert. */
  table(id: number, table: string, columns: readonly string[]): void {
    const d = this.open();
    if (this.kind === 'delta' && (REFERENCE_KEYS.has(table) || table === 'employer_month')) {
      const list = columns.join(',');
      const marks = columns.map(() => '?').join(',');
      const sql =
        table === 'employer_month'
          ? `INSERT INTO employer_month (${list}) VALUES (${marks}) ${EMPLOYER_MONTH_ADD}`
          : `INSERT OR REPLACE INTO ${table} (${list}) VALUES (${marks})`;
      this.targets.set(id, { statement: d.prepare(sql) });
      return;
    }
    const batch = new Batch(d, table, columns);
    this.batches.push(batch);
    this.targets.set(id, { batch });
  }

  /** Rows for the table opened as `id`: `rows` rows of `width` values each, flat. */
  rows(id: number, values: readonly StoredValue[], rows: number): void {
    const target = this.targets.get(id);
    if (!target) throw new Error(`no table opened as ${id}`);
    if ('statement' in target) {
      const width = values.length / rows;
      for (let r = 0; r < rows; r++) target.statement.run(values.slice(r * width, (r + 1) * width));
      return;
    }
    const { batch } = target;
    const width = values.length / rows;
    let at = 0;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < width; i++) batch.v.push(values[at++] as StoredValue);
      batch.end();
    }
    this.sinceCommit += rows;
    if (this.sinceCommit >= ROWS_PER_TRANSACTION) {
      this.sinceCommit = 0;
      const d = this.open();
      for (const b of this.batches) b.flush();
      d.exec('COMMIT');
      d.exec('BEGIN');
    }
  }

  /** Rows are in: indexes, employer summaries, counts, statistics; the file is closed, ready to switch in. */
  finish(): void {
    const d = this.open();
    for (const b of this.batches) b.flush();
    d.exec('COMMIT');
    if (this.kind === 'full') {
      const schema = readFileSync(this.options.schemaPath, 'utf8');
      const [, afterLoad] = schema.split(/^-- @after-load.*$/m);
      d.exec(afterLoad ?? '');
    } else {
      d.exec('DELETE FROM employer_month WHERE headcount = 0');
      d.exec('DELETE FROM employer_summary');
    }
    // The employer's headline figures, from its staff list (current staff; staff ever in arrears there).
    d.exec(
      `INSERT INTO employer_summary (employer_id, staff_count, staff_in_arrears, arrears_amount)
       SELECT e.id, coalesce(sum(s.current), 0), coalesce(sum(s.months_in_arrears > 0), 0),
         coalesce(sum(CASE WHEN s.months_in_arrears > 0 THEN s.arrears_amount ELSE 0 END), 0)
       FROM employer e LEFT JOIN employer_staff_status s ON s.employer_id = e.id
       GROUP BY e.id`,
    );
    const put = d.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    put.run('persons', String(d.prepare('SELECT count(*) FROM person').pluck().get()));
    put.run('employers', String(d.prepare('SELECT count(*) FROM employer').pluck().get()));
    // Statistics from a sample of each index: a full ANALYZE would read every page of a multi-gigabyte set.
    d.pragma('analysis_limit = 2000');
    d.exec('ANALYZE');
    d.pragma('journal_mode = DELETE');
    d.close();
    this.db = null;
  }

  /** Throws the build away. Safe to call more than once. */
  abort(): void {
    const d = this.db;
    if (d) {
      try {
        if (d.inTransaction) d.exec('ROLLBACK');
      } catch {
        // the build is thrown away anyway
      }
      d.close();
      this.db = null;
    }
    removeDatabase(this.options.buildingPath);
  }
}
