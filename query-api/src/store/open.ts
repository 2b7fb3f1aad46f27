// One place that chooses the store from configuration. DATABASE_URL set: both stores in PostgreSQL (migrations run
// on open), record reads optionally on streaming replicas (RECORDS_READ_URL, comma-separated; a failing replica
// falls back to the next, then to the primary). Unset: SQLite files under DATA_DIR, exactly as before.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordsSink } from '../interchange/sink.ts';
import { migrate } from './pg/migrate.ts';
import { openPgOperationalStore } from './pg/operational.ts';
import { ReadRouter, createPool, unreachableMessage } from './pg/pool.ts';
import { openPgRecordsStore } from './pg/records.ts';
import { createPgRecordsSink } from './pg/records-sink.ts';
import { openPgRightsStore } from './pg/rights.ts';
import { reloadingRecordsStore } from './reloading.ts';
import type { RightsStore } from './rights-types.ts';
import { openSqliteOperationalStore } from './sqlite/operational.ts';
import { openSqliteRecordsStore } from './sqlite/records.ts';
import { createSqliteRecordsSink } from './sqlite/records-sink.ts';
import { openSqliteRightsStore } from './sqlite/rights.ts';
import type { OperationalStore, RecordsStore } from './types.ts';

export const RECORDS_SQLITE = 'records.sqlite';
export const OPERATIONAL_SQLITE = 'operational.sqlite';

export interface StoreConfig {
  /** DATA_DIR: the SQLite files (and, on either store, the credential files the generator writes). */
  dataDir: string;
  /** DATABASE_URL: PostgreSQL for both stores; unset means SQLite. */
  databaseUrl?: string | undefined;
  /** RECORDS_READ_URL: replicas for record reads (PostgreSQL only). */
  recordsReadUrls?: readonly string[];
  /** The query log's MAC key (only processes that write the log need it). */
  logMacKey?: Buffer;
  /** SQLite: how long a write waits for another process's lock (the API passes a short bound). */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections per pool (default 10). */
  poolMax?: number;
  /** PostgreSQL: apply pending migrations on open (default true). */
  migrate?: boolean;
  /** Told when a new records load is in use, or when opening it failed. */
  onRecordsSwitch?: (event: { asOf: string } | { error: Error }) => void;
}

/** The configuration from the environment (DATABASE_URL, RECORDS_READ_URL, PG_POOL_MAX). */
export function storeConfigFromEnv(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Pick<StoreConfig, 'dataDir' | 'databaseUrl' | 'recordsReadUrls' | 'poolMax'> {
  const databaseUrl = env['DATABASE_URL']?.trim() || undefined;
  const reads = (env['RECORDS_READ_URL'] ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u.length > 0);
  const poolMax = Number(env['PG_POOL_MAX'] ?? '');
  return {
    dataDir,
    databaseUrl,
    recordsReadUrls: reads,
    ...(Number.isInteger(poolMax) && poolMax > 0 ? { poolMax } : {}),
  };
}

/** The records store with per-request pinning (`snapshot()`), on either engine. */
export interface SnapshotRecordsStore extends RecordsStore {
  snapshot(): RecordsStore;
}

export interface Stores {
  kind: 'sqlite' | 'postgres';
  records: SnapshotRecordsStore;
  ops: OperationalStore;
  rights: RightsStore;
  /** Closes all three (and the PostgreSQL pools). */
  close(): Promise<void>;
}

export async function openStores(config: StoreConfig): Promise<Stores> {
  if (!config.databaseUrl) return openSqliteStores(config);
  const url = config.databaseUrl;
  const primary = createPool(url, { max: config.poolMax ?? 10, applicationName: 'consulta-api' });
  // The query-log writer's own connection: its batches go one after another (see query-log.ts).
  const logPool = createPool(url, { max: 1, applicationName: 'consulta-api-log' });
  const replicas = (config.recordsReadUrls ?? []).map((u) =>
    createPool(u, { max: config.poolMax ?? 10, applicationName: 'consulta-api-reads' }),
  );
  const endAll = async (): Promise<void> => {
    await Promise.all([primary, logPool, ...replicas].map((p) => p.end().catch(() => undefined)));
  };
  try {
    await primary.query('SELECT 1').catch((err: unknown) => {
      throw new Error(unreachableMessage(url, err));
    });
    if (config.migrate !== false) await migrate(primary);
    const records = await openPgRecordsStore({
      primary,
      reads: new ReadRouter(primary, replicas),
      ...(config.onRecordsSwitch ? { onSwitch: config.onRecordsSwitch } : {}),
    });
    const ops = openPgOperationalStore({
      pool: primary,
      logPool,
      ...(config.logMacKey ? { logMacKey: config.logMacKey } : {}),
    });
    const rights = openPgRightsStore({ pool: primary });
    return {
      kind: 'postgres',
      records,
      ops,
      rights,
      async close() {
        await records.close();
        await endAll();
      },
    };
  } catch (err) {
    await endAll();
    throw err;
  }
}

function openSqliteStores(config: StoreConfig): Stores {
  const recordsPath = join(config.dataDir, RECORDS_SQLITE);
  const opsPath = join(config.dataDir, OPERATIONAL_SQLITE);
  // A data load renames a new file over records.sqlite: its inode changes, and the next call opens it.
  const records = reloadingRecordsStore({
    open: () => openSqliteRecordsStore({ path: recordsPath }),
    version: () => {
      const st = statSync(recordsPath, { throwIfNoEntry: false });
      return st ? `${st.ino}:${st.mtimeMs}:${st.size}` : null;
    },
    ...(config.onRecordsSwitch ? { onSwitch: config.onRecordsSwitch } : {}),
  });
  const ops = openSqliteOperationalStore({
    path: opsPath,
    ...(config.logMacKey ? { logMacKey: config.logMacKey } : {}),
    ...(config.busyTimeoutMs !== undefined ? { busyTimeoutMs: config.busyTimeoutMs } : {}),
  });
  const rights = openSqliteRightsStore({ path: opsPath });
  return {
    kind: 'sqlite',
    records,
    ops,
    rights,
    async close() {
      await records.close();
      await rights.close();
      await ops.close();
    },
  };
}

/** Where a data load writes: the records sink and the operational store (maintenance log, clients). */
export interface LoadTarget {
  kind: 'sqlite' | 'postgres';
  sink: RecordsSink;
  ops: OperationalStore;
  close(): Promise<void>;
}

export async function openLoadTarget(config: {
  dataDir: string;
  databaseUrl?: string | undefined;
  /** PostgreSQL: how long the replaced records stay for readers after the switch (default 5 s). */
  dropPreviousAfterMs?: number;
}): Promise<LoadTarget> {
  if (!config.databaseUrl) {
    const ops = openSqliteOperationalStore({ path: join(config.dataDir, OPERATIONAL_SQLITE), create: true });
    return {
      kind: 'sqlite',
      sink: createSqliteRecordsSink({ dir: config.dataDir }),
      ops,
      async close() {
        await ops.close();
      },
    };
  }
  const url = config.databaseUrl;
  const pool = createPool(url, { max: 4, applicationName: 'consulta-load' });
  try {
    await pool.query('SELECT 1').catch((err: unknown) => {
      throw new Error(unreachableMessage(url, err));
    });
    await migrate(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return {
    kind: 'postgres',
    sink: createPgRecordsSink({
      pool,
      ...(config.dropPreviousAfterMs !== undefined
        ? { dropPreviousAfterMs: config.dropPreviousAfterMs }
        : {}),
    }),
    ops: openPgOperationalStore({ pool }),
    async close() {
      await pool.end();
    },
  };
}
