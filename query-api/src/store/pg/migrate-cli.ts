// `npm run db:migrate`: applies the PostgreSQL migrations (./migrations) to DATABASE_URL. The API runs the same on
// start; this is for a DBA who migrates before rolling out, or with a role the API does not have.
import { migrate, readMigrations } from './migrate.ts';
import { createPool, unreachableMessage } from './pool.ts';

const USAGE = 'npm run db:migrate   applies the PostgreSQL migrations to DATABASE_URL (postgres://…)';

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (argv.length > 0) {
    console.error(`db:migrate: unknown argument "${argv[0]}" (npm run db:migrate -- --help)`);
    return 2;
  }
  const url = process.env['DATABASE_URL']?.trim();
  if (!url) {
    console.error('db:migrate: DATABASE_URL is not set (the SQLite store needs no migration)');
    return 2;
  }
  const pool = createPool(url, { max: 1, applicationName: 'consulta-migrate' });
  try {
    try {
      await pool.query('SELECT 1');
    } catch (err) {
      console.error(`db:migrate: ${unreachableMessage(url, err)}`);
      return 1;
    }
    const applied = await migrate(pool);
    const all = readMigrations();
    console.log(
      applied.length > 0
        ? `applied ${applied.length} migration(s): ${applied.join(', ')}; the schema is at version ${all.at(-1)?.version ?? 0}`
        : `nothing to apply; the schema is at version ${all.at(-1)?.version ?? 0}`,
    );
    return 0;
  } finally {
    await pool.end();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`db:migrate: ${(error as Error).message}`);
    process.exitCode = 1;
  },
);
