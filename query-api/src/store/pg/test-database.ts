// For tests: a PostgreSQL database with a random name on the local server (127.0.0.1:5432, user postgres, trust
// authentication), dropped afterwards. If the server cannot be reached the test fails with how to start it: the
// PostgreSQL tests are never skipped.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_SERVER_URL = process.env['TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'consulta_test'): Promise<TestDatabase> {
  const admin = new pg.Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_SERVER_URL} (${(err as Error).message}). The store contract tests need ` +
        'it: start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` ' +
        '(trust authentication for user postgres on 127.0.0.1:5432), or point TEST_PG_URL at a server.',
      { cause: err },
    );
  }
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_SERVER_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
