// `npm run api`: starts the query API alone, configured by environment variables (see the README).
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startApi } from './app.ts';
import { runPrimary } from './cluster.ts';
import { ROUTES } from './http/routes.ts';
import { queryLogConfigFromEnv } from './log/config.ts';
import { loadSigningKey } from './log/signing.ts';
import { OPERATIONAL_SQLITE, RECORDS_SQLITE, openStores, storeConfigFromEnv } from './store/open.ts';
import { ApiTelemetry, createLogger, routeMatcher } from './telemetry.ts';
import { agencyFromEnv, type AgencyConfig } from './rights/documents.ts';

const USAGE = `npm run api   the query API alone (run \`npm run data:demo\` first if DATA_DIR has no data set)

Configured by environment variables (README, "The query API"):
  API_PORT (8080), API_HOST (127.0.0.1), DATA_DIR (data/), KIOSK_STATIC_DIR (renderer/dist),
  SESSION_IDLE_SECONDS (300), SESSION_MAX_SECONDS (1800), LOCKOUT_MINUTES (15),
  RATE_LIMIT_CLIENT_PER_SECOND / _BURST (200 / 400), RATE_LIMIT_WEB_PER_SECOND / _BURST (10 / 30),
  API_WORKERS (the number of cores: processes sharing the port), LOG_LEVEL (info), METRICS_TOKEN`;
const cliArgs = process.argv.slice(2);
if (cliArgs.includes('--help') || cliArgs.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
if (cliArgs.length > 0) {
  console.error(`api: unknown argument "${cliArgs[0]}" (npm run api -- --help)`);
  process.exit(2);
}

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`${name} must be a positive whole number (got "${raw}")`);
    process.exit(2);
  }
  return value;
}

function portEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number 0-65535 (got "${raw}")`);
    process.exit(2);
  }
  return value;
}

const port = portEnv('API_PORT', 8080);
const host = process.env['API_HOST'] || '127.0.0.1';
const dataDir = resolve(process.env['DATA_DIR'] || join(repoRoot, 'data'));
const defaultStatic = join(repoRoot, 'renderer', 'dist');
const staticDir = process.env['KIOSK_STATIC_DIR'] || (existsSync(defaultStatic) ? defaultStatic : undefined);

const PROBES = [
  [RECORDS_SQLITE, `SELECT value FROM meta WHERE key = 'as_of'`],
  [OPERATIONAL_SQLITE, 'SELECT COUNT(*) FROM query_log'],
] as const;
const storeConfig = storeConfigFromEnv(dataDir);
const onSqlite = !storeConfig.databaseUrl;

if (
  onSqlite &&
  (!existsSync(join(dataDir, RECORDS_SQLITE)) || !existsSync(join(dataDir, OPERATIONAL_SQLITE)))
) {
  console.error(`No data set in ${dataDir}.`);
  console.error(
    'Create the demo data set with `npm run data:demo` (or set DATA_DIR to a folder that has one).',
  );
  process.exit(1);
}

// A damaged database is named before anything starts (the stores' own errors do not say which file). On
// PostgreSQL, openStores names an unreachable server or a database without records itself.
for (const [file, probe] of onSqlite ? PROBES : []) {
  try {
    const db = new Database(join(dataDir, file), { readonly: true, fileMustExist: true });
    try {
      db.prepare(probe).get();
    } finally {
      db.close();
    }
  } catch (err) {
    console.error(`${file} in ${dataDir} cannot be read: ${(err as Error).message}.`);
    console.error(
      file === 'records.sqlite'
        ? 'Load the records again (`npm run data:demo`, `npm run import`) or restore them from a backup.'
        : 'Restore the operational store from a backup (`npm run ops -- restore`); its query log is an audit trail.',
    );
    process.exit(1);
  }
}

let agency: AgencyConfig;
try {
  agency = agencyFromEnv(process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

const workers = intEnv('API_WORKERS', availableParallelism());
const logger = createLogger('api');

if (workers > 1 && cluster.isPrimary) {
  // Made once here, before any worker opens them: the signing key (created on first start) and the operational
  // store's schema, so that workers starting together never race to create either.
  try {
    const logConfig = queryLogConfigFromEnv();
    const { key, created } = loadSigningKey({ ...logConfig, dataDir, create: true });
    if (created)
      console.log(
        `Created the query log signing key ${logConfig.keyFile} (public key: ${logConfig.keyFile}.pub); keep it off the data disk.`,
      );
    const stores = await openStores({ ...storeConfig, logMacKey: key.macKey });
    await stores.ops.secret('query-log-id');
    await stores.close();
  } catch (err) {
    console.error(`The query API could not start: ${(err as Error).message}`);
    process.exit(1);
  }
  const code = await runPrimary({
    workers,
    log: logger,
    onListening: (address) =>
      console.log(
        `Query API listening on http://${host}:${address.port} with ${workers} workers (data: ${dataDir}${staticDir ? `, kiosk web: ${staticDir}` : ''})`,
      ),
  });
  process.exit(code);
}

const api = await startApi({
  telemetry: new ApiTelemetry({
    routeOf: routeMatcher(ROUTES),
    logger,
    metricsToken: process.env['METRICS_TOKEN'] || undefined,
    defaultMetrics: true,
  }),
  dataDir,
  port,
  host,
  agency,
  ...(staticDir ? { staticDir } : {}),
  timeZone: process.env['AGENCY_TIME_ZONE'],
  sessionIdleSeconds: intEnv('SESSION_IDLE_SECONDS', 300),
  sessionMaxSeconds: intEnv('SESSION_MAX_SECONDS', 1800),
  lockoutMinutes: intEnv('LOCKOUT_MINUTES', 15),
  rateLimits: {
    client: {
      perSecond: intEnv('RATE_LIMIT_CLIENT_PER_SECOND', 200),
      burst: intEnv('RATE_LIMIT_CLIENT_BURST', 400),
    },
    web: { perSecond: intEnv('RATE_LIMIT_WEB_PER_SECOND', 10), burst: intEnv('RATE_LIMIT_WEB_BURST', 30) },
  },
}).catch((err: unknown) => {
  const code = (err as { code?: string }).code;
  console.error(
    code === 'EADDRINUSE'
      ? `Port ${port} on ${host} is already in use: stop the other process or set API_PORT.`
      : `The query API could not start: ${(err as Error).message}`,
  );
  process.exit(1);
});
if (cluster.isWorker) logger.info({ event: 'worker_listening', url: api.url }, 'worker listening');
else
  console.log(
    `Query API listening on ${api.url} (data: ${dataDir}${staticDir ? `, kiosk web: ${staticDir}` : ''})`,
  );

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void api.close().then(() => process.exit(0));
  });
}
