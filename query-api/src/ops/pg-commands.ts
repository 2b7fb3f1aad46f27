// `ops check`, `backup` and `restore` when DATABASE_URL puts the stores in PostgreSQL. `check` runs PostgreSQL's own
// index check (amcheck's bt_index_check on every B-tree index of the records in use and of the operational tables),
// counts the rows and checks the query log's hash chain. `backup` and `restore` run pg_dump and pg_restore (custom
// format) on the operational tables (schema public, less the records pointer: the records are reloaded from the
// agency's export, never restored); where the tools are missing they print exactly what the DBA runs.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { verifyChain } from '../log/chain.ts';
import { openPgOperationalStore } from '../store/pg/operational.ts';
import { createPool } from '../store/pg/pool.ts';
import type { OperationalStore } from '../store/types.ts';

const run = promisify(execFile);

/** Debian's tools for the server's major version, else whatever is on PATH. */
const TOOL_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

export class PgToolMissing extends Error {}

function tool(name: 'pg_dump' | 'pg_restore'): string {
  for (const dir of TOOL_DIRS) if (existsSync(join(dir, name))) return join(dir, name);
  return name;
}

async function runTool(name: 'pg_dump' | 'pg_restore', args: string[], shown: string): Promise<string> {
  try {
    return (await run(tool(name), args, { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT')
      throw new PgToolMissing(
        `${name} is not installed here (apt-get install postgresql-client-15). The DBA runs:\n  ${shown}`,
      );
    throw new Error(`${name} failed: ${((err as { stderr?: string }).stderr ?? String(err)).trim()}`, {
      cause: err,
    });
  }
}

/** The password never appears in what is printed. */
function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** What `backup` dumps: the operational tables, not the records pointer (records are reloaded, not restored). */
const DUMP_SCOPE = ['--schema=public', '--exclude-table=public.records_current'];

export async function pgBackup(url: string, target: string): Promise<void> {
  const args = ['--format=custom', '--no-owner', ...DUMP_SCOPE, `--file=${target}`, url];
  await runTool('pg_dump', args, `pg_dump ${[...args.slice(0, -1), redact(url)].join(' ')}`);
}

/** The archive's table of contents less the schema public itself (which holds the records pointer). */
function restoreList(listed: string): string {
  return listed
    .split('\n')
    .filter((line) => !/SCHEMA - public |COMMENT - SCHEMA public |ACL - SCHEMA public /.test(line))
    .join('\n');
}

async function restoreInto(url: string, source: string, listed: string): Promise<void> {
  const list = join(mkdtempSync(join(tmpdir(), 'consulta-restore-')), 'restore.list');
  try {
    writeFileSync(list, restoreList(listed));
    const args = ['--clean', '--if-exists', '--single-transaction', '--no-owner'];
    await runTool(
      'pg_restore',
      [...args, `--use-list=${list}`, `--dbname=${url}`, source],
      `pg_restore ${[...args, `--dbname=${redact(url)}`, source].join(' ')}`,
    );
  } finally {
    rmSync(dirname(list), { recursive: true, force: true });
  }
}

/** What a backup's query log holds, checked before it may replace anything. */
export type BackupCheck = { ok: true; count: number } | { ok: false; brokenAt: number | undefined };

export class BackupRefused extends Error {}

/**
 * Restores a backup of the operational tables. The archive is first restored into a scratch database of its own
 * and its query log's chain verified there; only a backup that passes replaces the operational tables (in one
 * transaction). A backup whose log is broken is refused and nothing changes.
 */
export async function pgRestore(url: string, source: string): Promise<BackupCheck & { ok: true }> {
  const listed = await runTool('pg_restore', ['--list', source], `pg_restore --list ${source}`);
  if (!/TABLE DATA public query_log /.test(listed))
    throw new BackupRefused(`${source} is not a backup of the operational store (no query_log in it)`);
  const checked = await checkInScratch(url, source, listed);
  if (!checked.ok) {
    throw new BackupRefused(
      `the backup's query log is broken at entry ${checked.brokenAt ?? '?'}: nothing restored`,
    );
  }
  await restoreInto(url, source, listed);
  return checked;
}

async function checkInScratch(url: string, source: string, listed: string): Promise<BackupCheck> {
  const name = `consulta_restore_check_${randomBytes(6).toString('hex')}`;
  const admin = createPool(url, { max: 1, applicationName: 'consulta-ops-restore' });
  try {
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } catch (err) {
      throw new Error(
        `the backup is checked in a scratch database first, and this role cannot create one ` +
          `(${(err as Error).message}): give it CREATEDB, or restore with pg_restore and run \`ops check\``,
        { cause: err },
      );
    }
    const scratchUrl = new URL(url);
    scratchUrl.pathname = `/${name}`;
    try {
      await restoreInto(scratchUrl.toString(), source, listed);
      const pool = createPool(scratchUrl.toString(), { max: 1, applicationName: 'consulta-ops-restore' });
      const store = openPgOperationalStore({ pool, close: () => pool.end() });
      try {
        const chain = await verifyChain(store.iterateQueryLog());
        return chain.ok ? { ok: true, count: chain.count } : { ok: false, brokenAt: chain.firstBroken?.id };
      } finally {
        await store.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

export interface CheckIo {
  out(line: string): void;
  err(line: string): void;
}

/** PostgreSQL's own checks, the row counts and the query log's chain; true when everything holds. */
export async function pgCheck(url: string, ops: OperationalStore, io: CheckIo): Promise<boolean> {
  const pool = createPool(url, { max: 1, applicationName: 'consulta-ops-check' });
  let ok = true;
  try {
    const current = (await pool.query<{ schema_name: string }>('SELECT schema_name FROM records_current'))
      .rows[0]?.schema_name;
    if (!current) {
      io.err('records: no load in use (run `npm run data:demo` or `npm run import`)');
      ok = false;
    }
    const schemas = current ? ['public', current] : ['public'];
    // Row counts: exact (a full scan of each table; minutes at 1,000,000 persons).
    const tables = await pool.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1, 2`,
      [schemas],
    );
    for (const t of tables.rows) {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${quoteIdent(t.schema)}.${quoteIdent(t.name)}`,
      );
      io.out(`${t.schema === 'public' ? 'operational' : 'records'}: ${t.name} ${rows[0]?.n ?? '?'} rows`);
    }
    // The indexes: amcheck when it can be had, else what the DBA runs.
    const amcheck = await pool
      .query('CREATE EXTENSION IF NOT EXISTS amcheck')
      .then(() => true)
      .catch((err: unknown) => {
        io.err(
          `indexes: not checked (amcheck: ${(err as Error).message}). The DBA runs, as a superuser: ` +
            `CREATE EXTENSION amcheck; then pg_amcheck --schema=public${current ? ` --schema=${current}` : ''} ` +
            '<database>',
        );
        return false;
      });
    if (amcheck) {
      const indexes = await pool.query<{ oid: number; name: string }>(
        `SELECT c.oid, n.nspname || '.' || c.relname AS name FROM pg_index i
           JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_am a ON a.oid = c.relam
          WHERE n.nspname = ANY($1) AND a.amname = 'btree' AND c.relkind = 'i' AND i.indisvalid AND i.indisready`,
        [schemas],
      );
      let broken = 0;
      for (const index of indexes.rows) {
        try {
          await pool.query('SELECT bt_index_check($1::regclass, true)', [index.oid]);
        } catch (err) {
          broken++;
          io.err(`index ${index.name}: ${(err as Error).message}`);
        }
      }
      io.out(
        `indexes: ${indexes.rows.length - broken} of ${indexes.rows.length} B-tree indexes pass bt_index_check`,
      );
      if (broken > 0) ok = false;
    }
    const chain = await verifyChain(ops.iterateQueryLog());
    if (chain.ok)
      io.out(`query log: hash chain intact (${chain.count} entries; \`ops verify-log\` also checks MACs)`);
    else {
      io.err(`query log: chain broken at entry ${chain.firstBroken?.id} (${chain.firstBroken?.reason})`);
      ok = false;
    }
    return ok;
  } finally {
    await pool.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
