// The PostgreSQL data set of `npm run bench -- --store postgres`: an export of N persons written once by the generator
// (data/bench-pg-N/export, with bench-credentials.json beside it) and loaded through the importer into a dedicated
// database, consulta_bench_N, created when missing. A database that already holds that very export (same persons,
// same export time) is reused, as the SQLite data set is; the `load` part reloads it and reports the load figure:
// wall time, rows per second (the whole load, and within COPY), the finish (keys, indexes, derived totals,
// ANALYZE) and the records' size on disk (tables, indexes).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hashSecret } from '../../query-api/src/auth/secrets.ts';
import {
  generateDataset,
  readBenchCredentials,
  type DemoCredentials,
} from '../../query-api/src/generator/index.ts';
import { importExport } from '../../query-api/src/interchange/importer.ts';
import type { RecordsSink } from '../../query-api/src/interchange/sink.ts';
import { migrate } from '../../query-api/src/store/pg/migrate.ts';
import { openPgOperationalStore } from '../../query-api/src/store/pg/operational.ts';
import { createPool, unreachableMessage } from '../../query-api/src/store/pg/pool.ts';
import { createPgRecordsSink, currentRecordsSchema } from '../../query-api/src/store/pg/records-sink.ts';
import { repoRoot } from './processes.ts';

/** The server the bench database is created on (its database part is replaced). */
export const DEFAULT_PG_SERVER_URL =
  process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PgLoadFigures {
  persons: number;
  rows: number;
  /** The whole load through the importer: read, validate, COPY, finish, switch. */
  seconds: number;
  rowsPerSecond: number;
  /** Time the load's connection spent in COPY, and the rate within it. */
  copySeconds: number;
  copyRowsPerSecond: number;
  /** Primary keys, indexes, derived totals and ANALYZE after the COPY. */
  finishSeconds: number;
}

export interface PgSize {
  tablesBytes: number;
  indexesBytes: number;
  /** The monthly contribution rows (all partitions), tables only. */
  contributionBytes: number;
}

export interface PgDataset {
  databaseUrl: string;
  database: string;
  /** Where the credentials are (the export folder); the API's DATA_DIR on PostgreSQL. */
  dir: string;
  credentials: DemoCredentials;
  /** Set when this run loaded the database. */
  load: PgLoadFigures | null;
  size: PgSize;
}

function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates the database on the server when it does not exist yet. */
async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const admin = createPool(serverUrl, { max: 1, applicationName: 'consulta-bench' });
  try {
    const { rows } = await admin
      .query<{ n: number }>('SELECT count(*) AS n FROM pg_database WHERE datname = $1', [database])
      .catch((err: unknown) => {
        throw new Error(unreachableMessage(serverUrl, err));
      });
    if (rows[0]?.n === 0) {
      console.log(`Creating the PostgreSQL database ${database}…`);
      await admin.query(`CREATE DATABASE "${database}"`);
    }
  } finally {
    await admin.end();
  }
}

/** The export's time (its manifest), which a database loaded from it carries as its records' asOf. */
function exportedAt(exportDir: string): string | null {
  const file = join(exportDir, 'manifest.json');
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, 'utf8')) as { exportedAt?: string }).exportedAt ?? null;
}

async function ensureExport(exportDir: string, persons: number, seed: string): Promise<DemoCredentials> {
  const ready =
    exportedAt(exportDir) !== null &&
    existsSync(join(exportDir, 'bench-credentials.json')) &&
    readBenchCredentials(exportDir).seed === seed;
  if (!ready) {
    console.log(
      `Writing a ${persons.toLocaleString('en')}-person export to ${exportDir} (once; reused next time)…`,
    );
    rmSync(exportDir, { recursive: true, force: true });
    const started = Date.now();
    await generateDataset({ dir: dirname(exportDir), persons, seed, exportTo: exportDir });
    console.log(`  written in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return readBenchCredentials(exportDir);
}

export async function ensurePgDataset(o: {
  persons: number;
  seed: string;
  serverUrl: string;
  /** Load even when the database already holds this export (the load figure). */
  reload: boolean;
}): Promise<PgDataset> {
  const dir = join(repoRoot, 'data', `bench-pg-${o.persons}`);
  const exportDir = join(dir, 'export');
  const credentials = await ensureExport(exportDir, o.persons, o.seed);
  const database = `consulta_bench_${o.persons}`;
  await ensureDatabase(o.serverUrl, database);
  const databaseUrl = databaseUrlFor(o.serverUrl, database);
  const pool = createPool(databaseUrl, { max: 4, applicationName: 'consulta-bench-load' });
  try {
    await migrate(pool);
    const current = await currentRecordsSchema(pool);
    let loadedPersons: number | null = null;
    if (current) {
      const { rows } = await pool.query<{ value: string }>(
        `SELECT value FROM "${current.schema}".meta WHERE key = 'persons'`,
      );
      loadedPersons = rows[0] ? Number(rows[0].value) : null;
    }
    const same = current?.asOf === exportedAt(exportDir) && loadedPersons === o.persons;
    let load: PgLoadFigures | null = null;
    if (same && !o.reload) {
      console.log(
        `Reusing the ${o.persons.toLocaleString('en')}-person data set in PostgreSQL database ${database}`,
      );
    } else {
      console.log(
        `Loading the ${o.persons.toLocaleString('en')}-person export into PostgreSQL database ${database}…`,
      );
      load = await loadInto(pool, exportDir, o.persons);
    }
    // The bench clients, as the generator registers them after a load (idempotent: same keys, not revived).
    const ops = openPgOperationalStore({ pool });
    for (const c of credentials.clients) {
      await ops.registerClient({
        clientId: c.clientId,
        channel: c.channel,
        keyHash: await hashSecret(c.key),
        description: `bench ${c.channel} client (npm run bench -- --store postgres)`,
        createdAt: new Date().toISOString(),
        revokedAt: null,
      });
    }
    const size = await sizeOnDisk(pool);
    return { databaseUrl, database, dir: exportDir, credentials, load, size };
  } finally {
    await pool.end();
  }
}

async function loadInto(
  pool: ReturnType<typeof createPool>,
  exportDir: string,
  persons: number,
): Promise<PgLoadFigures> {
  let copiedRows = 0;
  let copyMs = 0;
  let finishMs = 0;
  const inner = createPgRecordsSink({
    pool,
    dropPreviousAfterMs: 0,
    onCopied: (rows, ms) => {
      copiedRows = rows;
      copyMs = ms;
    },
  });
  const sink: RecordsSink = {
    ...inner,
    async finish() {
      const t = performance.now();
      await inner.finish();
      finishMs = performance.now() - t;
    },
  };
  const started = performance.now();
  const result = await importExport({
    from: exportDir,
    sink,
    ops: openPgOperationalStore({ pool }),
    reason: 'benchmark data set (npm run bench -- --store postgres)',
    who: 'bench',
    method: 'npm run bench (importer into PostgreSQL)',
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.outcome !== 'loaded') {
    throw new Error(`the load into PostgreSQL was refused: ${JSON.stringify(result.errors.slice(0, 3))}`);
  }
  return {
    persons,
    rows: result.totalRows,
    seconds: round1(seconds),
    rowsPerSecond: Math.round(result.totalRows / seconds),
    copySeconds: round1(copyMs / 1000),
    copyRowsPerSecond: Math.round(copiedRows / Math.max(copyMs / 1000, 0.001)),
    finishSeconds: round1(finishMs / 1000),
  };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The current records schema's size on disk: tables (with TOAST), indexes, and the contribution partitions. */
async function sizeOnDisk(pool: ReturnType<typeof createPool>): Promise<PgSize> {
  const current = await currentRecordsSchema(pool);
  const { rows } = await pool.query<{ tables: number; indexes: number; contribution: number }>(
    `SELECT coalesce(sum(pg_table_size(c.oid)) FILTER (WHERE c.relkind = 'r'), 0) AS tables,
       coalesce(sum(pg_relation_size(c.oid)) FILTER (WHERE c.relkind = 'i'), 0) AS indexes,
       coalesce(sum(pg_table_size(c.oid)) FILTER (WHERE c.relkind = 'r' AND c.relname LIKE 'contribution\\_p%'), 0)
         AS contribution
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1`,
    [current?.schema],
  );
  const r = rows[0];
  return {
    tablesBytes: r?.tables ?? 0,
    indexesBytes: r?.indexes ?? 0,
    contributionBytes: r?.contribution ?? 0,
  };
}

export function printPgLoad(d: PgDataset): void {
  const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
  console.log('\nLoading into PostgreSQL (importer → COPY into a new schema, switched in at the end)');
  if (d.load) {
    const l = d.load;
    console.log(
      `  ${l.persons.toLocaleString('en')} persons, ${l.rows.toLocaleString('en')} rows in ${l.seconds} s: ` +
        `${l.rowsPerSecond.toLocaleString('en')} rows/s (within COPY ${l.copyRowsPerSecond.toLocaleString('en')} rows/s, ` +
        `${l.copySeconds} s); finish (keys, indexes, totals, ANALYZE) ${l.finishSeconds} s`,
    );
  } else {
    console.log('  (the database was reused, not loaded: `--only load` reloads it and times the load)');
  }
  console.log(
    `  on disk: tables ${mb(d.size.tablesBytes)} (contributions ${mb(d.size.contributionBytes)}), ` +
      `indexes ${mb(d.size.indexesBytes)}`,
  );
}
