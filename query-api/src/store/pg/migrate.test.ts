// The migration runner on a real PostgreSQL database: applies in order once, concurrent runners apply each file
// once, a failing file rolls back, and a file changed after it was applied is refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from './migrate.ts';
import { createPool } from './pool.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

describe('the migration runner', () => {
  let db: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'consulta-migrations-'));
  beforeAll(async () => {
    db = await createTestDatabase('consulta_migrate');
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies the project's migrations once, also when two processes start at once", async () => {
    const a = createPool(db.url, { max: 1 });
    const b = createPool(db.url, { max: 1 });
    try {
      const [x, y] = await Promise.all([migrate(a), migrate(b)]);
      const versions = readMigrations().map((m) => m.version);
      expect([...x, ...y].sort()).toStrictEqual(versions);
      expect(await migrate(a)).toStrictEqual([]);
      const { rows } = await a.query<{ version: number }>(
        'SELECT version FROM schema_migration ORDER BY version',
      );
      expect(rows.map((r) => r.version)).toStrictEqual(versions);
      const tables = await a.query<{ n: number }>(
        `SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'
         AND tablename IN ('query_log', 'session', 'record_request', 'records_current')`,
      );
      expect(tables.rows[0]?.n).toBe(4);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('rolls back a failing migration and refuses one changed after it was applied', async () => {
    const pool = createPool(db.url, { max: 1 });
    try {
      await pool.query('CREATE SCHEMA scratch');
      await pool.query('SET search_path TO scratch');
      writeFileSync(join(dir, '0001_first.sql'), 'CREATE TABLE scratch.one (x int);');
      writeFileSync(
        join(dir, '0002_broken.sql'),
        'CREATE TABLE scratch.two (x int); SELECT no_such_function();',
      );
      await expect(migrate(pool, dir)).rejects.toThrow(/migration 2 \(broken\) failed/);
      const { rows } = await pool.query<{ tablename: string }>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'scratch' ORDER BY tablename`,
      );
      expect(rows.map((r) => r.tablename)).toContain('one');
      expect(rows.map((r) => r.tablename)).not.toContain('two');
      writeFileSync(join(dir, '0002_broken.sql'), 'CREATE TABLE scratch.two (x int);');
      expect(await migrate(pool, dir)).toStrictEqual([2]);
      writeFileSync(join(dir, '0001_first.sql'), 'CREATE TABLE scratch.one (x bigint);');
      await expect(migrate(pool, dir)).rejects.toThrow(/migration 1 \(first\) was changed/);
    } finally {
      await pool.end();
    }
  });
});
