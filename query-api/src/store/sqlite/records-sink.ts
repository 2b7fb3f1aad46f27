// The SQLite records sink: an import builds `.records.sqlite.building` next to records.sqlite (a full load from
// empty, a delta from a copy of the current file), then renames it over records.sqlite. rename(2) is atomic, and
// a reader that has the old file open keeps reading the old file (its inode) until it reopens, so a request sees
// one snapshot or the other. A failed or refused build is deleted; records.sqlite is never opened for writing.
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  CurrentSnapshot,
  RecordsSink,
  SinkMeta,
  StoredValue,
  TableWriter,
} from '../../interchange/sink.ts';
import { Batch } from './batch.ts';
import { createPrivateFile } from './operational.ts';

export const RECORDS_FILE = 'records.sqlite';
export const RECORDS_SCHEMA_VERSION = '1';
const STORE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Tables whose rows a delta replaces by key (reference data) rather than per person. */
const REFERENCE_TABLES = new Set(['region', 'contribution_rate', 'employer', 'employer_credential']);
/** Tables holding rows of one person, and the column naming the person. */
const PERSON_TABLES: readonly (readonly [string, string])[] = [
  ['person', 'id'],
  ['enrolment', 'person_id'],
  ['employment', 'person_id'],
  ['contribution', 'person_id'],
  ['subsidy', 'person_id'],
  ['benefit_eligibility', 'person_id'],
  ['benefit_payment', 'person_id'],
  ['contribution_period', 'person_id'],
  ['account', 'person_id'],
  ['account_year', 'person_id'],
  ['account_movement', 'person_id'],
  ['transfer', 'person_id'],
  ['correction', 'person_id'],
  ['person_credential', 'person_id'],
  ['delegate_authorization', 'person_id'],
  ['person_summary', 'person_id'],
  ['employer_staff_status', 'person_id'],
];

const TOTAL = `(pension_employer + pension_individual + medical_employer + medical_individual +
  unemployment_employer + unemployment_individual + work_injury_employer + maternity_employer)`;
const EMPLOYER_MONTH_ADD = `ON CONFLICT (employer_id, month) DO UPDATE SET headcount = headcount + excluded.headcount,
  base = base + excluded.base, employer_part = employer_part + excluded.employer_part,
  individual_part = individual_part + excluded.individual_part, paid_amount = paid_amount + excluded.paid_amount,
  arrears_amount = arrears_amount + excluded.arrears_amount`;

export interface SqliteSinkOptions {
  /** The data folder holding records.sqlite. */
  dir: string;
  /**
   * Fault injection for tests: caps the building file at this many pages, so that SQLite fails exactly as on a
   * full disk (SQLITE_FULL, "database or disk is full").
   */
  maxPages?: number;
}

function removeDatabase(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

export function createSqliteRecordsSink(options: SqliteSinkOptions): RecordsSink {
  const recordsPath = join(options.dir, RECORDS_FILE);
  const buildingPath = join(options.dir, `.${RECORDS_FILE}.building`);
  let db: Database.Database | null = null;
  let kind: 'full' | 'delta' = 'full';
  const batches: Batch[] = [];

  const open = (): Database.Database => {
    if (!db) throw new Error('the sink has not begun');
    return db;
  };

  const flushAll = (): void => {
    for (const b of batches) b.flush();
  };

  return {
    current(): CurrentSnapshot | null {
      if (!existsSync(recordsPath)) return null;
      const cur = new Database(recordsPath, { readonly: true, fileMustExist: true });
      try {
        const asOf = cur.prepare(`SELECT value FROM meta WHERE key = 'as_of'`).pluck().get() as
          string | undefined;
        const employerIds = new Set(cur.prepare('SELECT id FROM employer').pluck().all() as number[]);
        const regionCodes = new Set(cur.prepare('SELECT code FROM region').pluck().all() as string[]);
        const rates = new Map<string, readonly [number, number]>();
        for (const r of cur
          .prepare('SELECT year, insurance_type, employer_bp, individual_bp FROM contribution_rate')
          .all() as { year: number; insurance_type: string; employer_bp: number; individual_bp: number }[]) {
          rates.set(`${r.year}|${r.insurance_type}`, [r.employer_bp, r.individual_bp]);
        }
        return { asOf: asOf ?? '', employerIds, regionCodes, rates };
      } finally {
        cur.close();
      }
    },

    begin(meta: SinkMeta): void {
      kind = meta.kind;
      removeDatabase(buildingPath);
      // Owner-only from the first byte (SQLite gives its journal files the database's mode).
      createPrivateFile(buildingPath);
      if (kind === 'delta') copyFileSync(recordsPath, buildingPath);
      chmodSync(buildingPath, 0o600);
      const d = new Database(buildingPath);
      db = d;
      d.pragma('page_size = 8192');
      if (options.maxPages !== undefined) d.pragma(`max_page_count = ${options.maxPages}`);
      // Rows of a table arrive before the tables they point to are complete; the importer checks references.
      d.pragma('foreign_keys = OFF');
      // Nothing to recover if the build fails: it is thrown away. (better-sqlite3's defensive mode refuses OFF.)
      d.pragma('journal_mode = MEMORY');
      d.pragma('synchronous = OFF');
      d.pragma('locking_mode = EXCLUSIVE');
      d.pragma('temp_store = MEMORY');
      d.pragma('cache_size = -262144');
      if (kind === 'full') {
        const schema = readFileSync(join(STORE_DIR, 'records-schema.sql'), 'utf8');
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
    },

    removePersons(ids: readonly number[]): void {
      const d = open();
      d.exec('CREATE TEMP TABLE IF NOT EXISTS delta_person (id INTEGER PRIMARY KEY)');
      const add = d.prepare('INSERT OR IGNORE INTO temp.delta_person (id) VALUES (?)');
      for (const id of ids) add.run(id);
      // The employer totals lose what these persons' old contributions added; their new rows add back.
      d.exec(
        `INSERT INTO employer_month (employer_id, month, headcount, base, employer_part, individual_part, paid_amount,
           arrears_amount)
         SELECT employer_id, month, -count(*), -sum(base),
           -sum(pension_employer + medical_employer + unemployment_employer + work_injury_employer + maternity_employer),
           -sum(pension_individual + medical_individual + unemployment_individual),
           -sum(CASE WHEN status = 'arrears' THEN 0 ELSE ${TOTAL} END),
           -sum(CASE WHEN status = 'arrears' THEN ${TOTAL} ELSE 0 END)
         FROM contribution WHERE person_id IN (SELECT id FROM temp.delta_person) AND employer_id IS NOT NULL
         GROUP BY employer_id, month
         ${EMPLOYER_MONTH_ADD}`,
      );
      for (const [table, column] of PERSON_TABLES) {
        d.exec(`DELETE FROM ${table} WHERE ${column} IN (SELECT id FROM temp.delta_person)`);
      }
    },

    table(table: string, columns: readonly string[]): TableWriter {
      const d = open();
      if (kind === 'delta' && (REFERENCE_TABLES.has(table) || table === 'employer_month')) {
        const list = columns.join(',');
        const marks = columns.map(() => '?').join(',');
        const sql =
          table === 'employer_month'
            ? `INSERT INTO employer_month (${list}) VALUES (${marks}) ${EMPLOYER_MONTH_ADD}`
            : `INSERT OR REPLACE INTO ${table} (${list}) VALUES (${marks})`;
        const statement = d.prepare(sql);
        return { row: (values) => void statement.run(values as StoredValue[]) };
      }
      const batch = new Batch(d, table, columns);
      batches.push(batch);
      let pending = 0;
      return {
        row(values) {
          for (const v of values) batch.v.push(v);
          batch.end();
          // Commit every so often: the in-memory journal of one huge transaction would grow with the load.
          if (++pending === 200_000) {
            pending = 0;
            flushAll();
            d.exec('COMMIT');
            d.exec('BEGIN');
          }
        },
      };
    },

    finish(): void {
      const d = open();
      flushAll();
      d.exec('COMMIT');
      if (kind === 'full') {
        const schema = readFileSync(join(STORE_DIR, 'records-schema.sql'), 'utf8');
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
      db = null;
    },

    switchIn(): void {
      renameSync(buildingPath, recordsPath);
    },

    abort(): void {
      if (db) {
        try {
          if (db.inTransaction) db.exec('ROLLBACK');
        } catch {
          // the build is thrown away anyway
        }
        db.close();
        db = null;
      }
      removeDatabase(buildingPath);
    },
  };
}
