// Connection pools for the PostgreSQL stores, and the read router that sends record reads to replicas.
//
// Numbers: PostgreSQL sends bigint (count(*), sums, identity ids) and numeric (sums of bigint) as text; every
// value this project stores fits in a double exactly (money in fen, epoch milliseconds, row ids), so both are
// parsed to `number`, as SQLite gives them.
import pg from 'pg';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

const toNumber = (text: string): number => Number(text);

/** Type parsers of one pool: the driver's defaults, with bigint and numeric as numbers. */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return toNumber;
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid);
  },
} as unknown as pg.CustomTypesConfig;

export interface PoolOptions {
  /** Connections at most (default 10). */
  max?: number;
  /** How long a checkout waits for a free or new connection before failing (default 5 s). */
  connectionTimeoutMs?: number;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'consulta',
    types: TYPES,
  });
  // An idle connection that the server closed (restart, failover) must not crash the process: the pool drops it
  // and the next checkout opens a new one.
  pool.on('error', () => undefined);
  return pool;
}

/** A query on whichever server the router picks; the same shape as pool.query for the calls the stores make. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    config: pg.QueryConfig | string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

export interface ReadRouterOptions {
  /** After a replica failed, it is skipped for this long (default 5 s), then tried again. */
  retryAfterMs?: number;
  /** Told when a replica fails (the error) — for logs and metrics. */
  onReplicaError?: (index: number, error: Error) => void;
}

/**
 * Record reads across streaming replicas, round robin, with the primary as the last resort: a replica that errs
 * (down, a conflict with recovery, a table it has not replayed yet) is skipped for a while and the same query
 * goes to the next replica, then to the primary. A replica never gives a wrong answer by lagging: the records of
 * a load appear at once with the load's commit (one transaction), under a schema name the replica either has
 * (then complete) or has not (an error, then the next server).
 */
export class ReadRouter implements Queryable {
  private next = 0;
  private readonly downUntil: number[];

  constructor(
    private readonly primary: pg.Pool,
    private readonly replicas: readonly pg.Pool[],
    private readonly options: ReadRouterOptions = {},
  ) {
    this.downUntil = replicas.map(() => 0);
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    config: pg.QueryConfig | string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    const n = this.replicas.length;
    if (n > 0) {
      const now = Date.now();
      const start = this.next++ % n;
      for (let k = 0; k < n; k++) {
        const i = (start + k) % n;
        if ((this.downUntil[i] as number) > now) continue;
        try {
          return await (this.replicas[i] as pg.Pool).query<R>(config, values);
        } catch (err) {
          this.downUntil[i] = Date.now() + (this.options.retryAfterMs ?? 5000);
          this.options.onReplicaError?.(i, err as Error);
        }
      }
    }
    return this.primary.query<R>(config, values);
  }

  /** How many replicas are being used now (not skipped after a failure). */
  replicasUp(): number {
    const now = Date.now();
    return this.downUntil.filter((t) => t <= now).length;
  }
}

/** A message that says what to do when PostgreSQL cannot be reached. */
export function unreachableMessage(url: string, err: unknown): string {
  const safe = url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1@');
  return (
    `PostgreSQL at ${safe} cannot be reached (${(err as Error).message}). ` +
    'Start it (on the project machines: `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`) ' +
    'or unset DATABASE_URL to use SQLite under DATA_DIR.'
  );
}
