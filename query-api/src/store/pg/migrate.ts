// The PostgreSQL schema's migration runner: versioned SQL files in ./migrations (NNNN_name.sql), applied in order,
// each in its own transaction with its row in `schema_migration` (version, name, SHA-256 of the file). A session
// advisory lock makes concurrent starts (several API instances, `npm run db:migrate`) apply each file once; a file
// changed after it was applied is refused rather than silently diverging from the databases it already built.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** The advisory lock key of the runner ("consulta" in ASCII, as a bigint). */
const LOCK_KEY = '7165064497575240801';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d{4})_([\w-]+)\.sql$/.exec(file);
    if (!m) continue;
    const sql = readFileSync(`${dir}/${file}`, 'utf8');
    out.push({
      version: Number(m[1]),
      name: m[2] as string,
      sql,
      sha256: createHash('sha256').update(sql).digest('hex'),
    });
  }
  for (let i = 1; i < out.length; i++) {
    if ((out[i] as Migration).version === (out[i - 1] as Migration).version) {
      throw new Error(`two migrations have version ${(out[i] as Migration).version}`);
    }
  }
  return out;
}

/** Applies the migrations not yet applied; returns the versions applied by this call. */
export async function migrate(pool: Pool, dir: string = MIGRATIONS_DIR): Promise<number[]> {
  const migrations = readMigrations(dir);
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
        version integer PRIMARY KEY,
        name text NOT NULL,
        sha256 text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number; name: string; sha256: string }>(
        'SELECT version, name, sha256 FROM schema_migration ORDER BY version',
      );
      const done = new Map(rows.map((r) => [r.version, r]));
      for (const m of migrations) {
        const was = done.get(m.version);
        if (was) {
          if (was.sha256 !== m.sha256) {
            throw new Error(
              `migration ${m.version} (${m.name}) was changed after it was applied: add a new migration instead`,
            );
          }
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migration (version, name, sha256) VALUES ($1, $2, $3)', [
            m.version,
            m.name,
            m.sha256,
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, {
            cause: err,
          });
        }
        applied.push(m.version);
      }
      const known = new Set(migrations.map((m) => m.version));
      const unknown = rows.filter((r) => !known.has(r.version));
      if (unknown.length > 0) {
        throw new Error(
          `the database has migrations this version does not know (${unknown.map((r) => r.version).join(', ')}): it was migrated by a newer release`,
        );
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  } finally {
    client.release();
  }
  return applied;
}
