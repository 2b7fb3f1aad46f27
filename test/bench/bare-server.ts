// The bare limit for the benchmark: a plain node:http server that answers the same queries as the API, straight
// from the same records store through the same asynchronous interface, without Express, authentication, policy,
// rate limits or the query log. SQLite (records.sqlite in DATA_DIR) by default; with DATABASE_URL, the PostgreSQL
// records store (the very SQL the API's store runs, prepared per connection) on a pg Pool of PG_POOL_MAX
// connections (default 10, the API's default), so the two compare like for like.
// GET /summary?p=<personId>, /contributions?p=<personId>, /staff?e=<employerId>, /healthz.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { openSqliteRecordsStore } from '../../query-api/src/store/sqlite/records.ts';
import { createPool } from '../../query-api/src/store/pg/pool.ts';
import { openPgRecordsStore } from '../../query-api/src/store/pg/records.ts';
import { contributionItems, paginate, yearTotals } from '../../query-api/src/store/shape.ts';
import type { RecordsStore } from '../../query-api/src/store/types.ts';
import { ALL_MONTHS } from '../../query-api/src/policy/disclosure.ts';

const dataDir = process.env['DATA_DIR'] ?? 'data';
const port = Number(process.env['BARE_PORT'] ?? 8090);
const databaseUrl = process.env['DATABASE_URL']?.trim() || undefined;

async function openRecords(): Promise<RecordsStore> {
  if (!databaseUrl) return openSqliteRecordsStore({ path: join(dataDir, 'records.sqlite') });
  const max = Number(process.env['PG_POOL_MAX'] ?? '10');
  const pool = createPool(databaseUrl, { max, applicationName: 'consulta-bench-bare' });
  return openPgRecordsStore({ primary: pool, reads: pool, close: () => pool.end() });
}
const records = await openRecords();

async function answer(path: string, id: number): Promise<unknown> {
  switch (path) {
    case '/summary':
      return { asOf: records.asOf, ...(await records.summaryFacts(id, ALL_MONTHS)) };
    case '/contributions': {
      const months = await records.contributionMonths(id, ALL_MONTHS);
      return {
        asOf: records.asOf,
        ...paginate(contributionItems(months), 1, 50),
        years: yearTotals(months),
        subsidies: await records.subsidies(id, ALL_MONTHS),
      };
    }
    case '/staff': {
      const { total, rows } = await records.staffPage(id, { offset: 0, limit: 50 });
      return { asOf: records.asOf, page: 1, pageSize: 50, total, items: rows };
    }
    case '/healthz':
      return { ok: true };
    default:
      return undefined;
  }
}

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://bare');
  const body = await answer(
    url.pathname,
    Number(url.searchParams.get('p') ?? url.searchParams.get('e') ?? 0),
  );
  if (body === undefined) {
    res.writeHead(404).end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}).listen(port, '127.0.0.1');
