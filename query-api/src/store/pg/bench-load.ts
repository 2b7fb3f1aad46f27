// Figures of a PostgreSQL load: `DATABASE_URL=postgres://… npx tsx query-api/src/store/pg/bench-load.ts EXPORT_DIR`
// loads an export (from `npm run data:generate -- --persons N --export DIR`) through the importer into PostgreSQL
// and prints the whole load's time and rate, the time the connection spent in COPY and the rate within it, the time
// of the finish (keys, indexes, derived totals, ANALYZE), and the records' size on disk (tables, indexes).
import { importExport } from '../../interchange/importer.ts';
import type { RecordsSink } from '../../interchange/sink.ts';
import { migrate } from './migrate.ts';
import { openPgOperationalStore } from './operational.ts';
import { createPool } from './pool.ts';
import { createPgRecordsSink, currentRecordsSchema } from './records-sink.ts';

const from = process.argv[2];
const url = process.env['DATABASE_URL'];
if (!from || !url) {
  console.error('usage: DATABASE_URL=postgres://… npx tsx query-api/src/store/pg/bench-load.ts EXPORT_DIR');
  process.exit(2);
}
const pool = createPool(url, { max: 4 });
await migrate(pool);
let rows = 0;
let copyMs = 0;
let finishMs = 0;
const inner = createPgRecordsSink({
  pool,
  dropPreviousAfterMs: 0,
  onCopied: (r, ms) => {
    rows = r;
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
  from,
  sink,
  ops: openPgOperationalStore({ pool }),
  reason: 'load figures (bench-load.ts)',
  who: 'bench',
  method: 'bench-load.ts',
});
const seconds = (performance.now() - started) / 1000;
if (result.outcome !== 'loaded') {
  console.error(`load ${result.outcome}: ${JSON.stringify(result.errors.slice(0, 3))}`);
  process.exit(1);
}
const cur = await currentRecordsSchema(pool);
const size = await pool.query<{ tables: number; indexes: number; contribution: number }>(
  `SELECT sum(pg_table_size(c.oid)) FILTER (WHERE c.relkind = 'r') AS tables,
     sum(pg_relation_size(c.oid)) FILTER (WHERE c.relkind = 'i') AS indexes,
     sum(pg_table_size(c.oid)) FILTER (WHERE c.relkind = 'r' AND c.relname LIKE 'contribution\\_p%') AS contribution
   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1`,
  [cur?.schema],
);
const mb = (b: number | undefined) => `${((b ?? 0) / 1048576).toFixed(0)} MB`;
const s = size.rows[0];
console.log(
  `loaded ${result.totalRows} rows in ${seconds.toFixed(1)} s (${Math.round(result.totalRows / seconds)} rows/s through the importer); ` +
    `COPY: ${rows} rows in ${(copyMs / 1000).toFixed(1)} s of COPY (${Math.round(rows / (copyMs / 1000))} rows/s); ` +
    `finish (keys, indexes, totals, ANALYZE): ${(finishMs / 1000).toFixed(1)} s; ` +
    `on disk: tables ${mb(s?.tables)} (contributions ${mb(s?.contribution)}), indexes ${mb(s?.indexes)}`,
);
await pool.end();
