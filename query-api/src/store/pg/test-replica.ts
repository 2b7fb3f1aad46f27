// For tests: a real streaming replica of the local PostgreSQL server (127.0.0.1:5432), made with Debian's
// PostgreSQL 15 tools: `pg_basebackup -R` into a temporary folder owned by the postgres OS user (mode 0700), then a
// second server started with `pg_ctl` on a free port. The tools refuse to run as root, so as root they run through
// `runuser -u postgres --`. `stop()` stops the server (`-m immediate`, as a crash would) and `remove()` deletes the
// folder; both can be called more than once.
//
// The primary must accept replication connections. Debian's default pg_hba.conf on the project machines has
// `host all all 127.0.0.1/32 trust`, and `all` does not cover replication connections, so
// `allowLocalReplication()` appends `host replication postgres 127.0.0.1/32 trust` to the primary's pg_hba.conf
// when no earlier line decides such a connection, and reloads the configuration (idempotent: a second call finds the
// line and changes nothing). It also checks `wal_level` and `max_wal_senders`, which need a restart to change; it
// reports them instead of restarting a shared server.
import { execFile } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  chmodSync,
  existsSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
const HBA_LINE = 'host replication postgres 127.0.0.1/32 trust';

/** Runs one of PostgreSQL's programs as the postgres OS user (directly if this process is that user). */
async function asPostgres(program: string, args: string[], timeoutMs = 120_000): Promise<string> {
  const path = join(PG_BIN, program);
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: the replica test needs PostgreSQL 15's server programs ` +
        '(`apt-get install postgresql-15`), or PG_BIN set to the folder that holds pg_basebackup and pg_ctl',
    );
  }
  const me = userInfo().username;
  const [cmd, argv] =
    me === 'postgres' ? [path, args] : (['runuser', ['-u', 'postgres', '--', path, ...args]] as const);
  try {
    const { stdout } = await run(cmd, argv, { timeout: timeoutMs, cwd: '/' });
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`${program} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`, { cause: err });
  }
}

/** A TCP port nobody listens on now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface HbaRule {
  line_number: number;
  type: string;
  database: string[] | null;
  user_name: string[] | null;
  address: string | null;
  netmask: string | null;
  auth_method: string | null;
  error: string | null;
}

function ipv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!/^\d{1,3}$/.test(p) || v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** The first pg_hba.conf rule that decides a non-SSL replication connection from 127.0.0.1 as user postgres. */
function replicationRule(rules: readonly HbaRule[]): HbaRule | undefined {
  const from = ipv4('127.0.0.1') as number;
  return rules.find((r) => {
    if (r.error !== null || (r.type !== 'host' && r.type !== 'hostnossl')) return false;
    // Only the keyword `replication` covers replication connections (`all` does not).
    if (!r.database?.includes('replication')) return false;
    if (!r.user_name?.some((u) => u === 'all' || u === 'postgres')) return false;
    if (r.address === 'all' || r.address === 'samehost') return true;
    const net = r.address === null ? null : ipv4(r.address);
    const mask = r.netmask === null ? null : ipv4(r.netmask);
    return net !== null && mask !== null && (from & mask) >>> 0 === (net & mask) >>> 0;
  });
}

/** Can 127.0.0.1 open a replication connection as postgres? (IDENTIFY_SYSTEM over the replication protocol.) */
async function replicationConnects(port: number): Promise<boolean> {
  try {
    await run(
      join(PG_BIN, 'psql'),
      [`host=127.0.0.1 port=${port} user=postgres replication=true`, '-Atc', 'IDENTIFY_SYSTEM'],
      { timeout: 10_000 },
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure the primary at `adminUrl` (a superuser connection to 127.0.0.1) accepts streaming replication from
 * 127.0.0.1 for user postgres; adds the pg_hba.conf line and reloads when needed. Returns what it did.
 */
export async function allowLocalReplication(adminUrl: string): Promise<'already allowed' | 'hba line added'> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    const setting = async (name: string): Promise<string> =>
      (await admin.query<{ v: string }>('SELECT current_setting($1) AS v', [name])).rows[0]?.v ?? '';
    const walLevel = await setting('wal_level');
    const senders = Number(await setting('max_wal_senders'));
    if (walLevel === 'minimal' || senders < 2) {
      throw new Error(
        `the PostgreSQL server cannot feed a streaming replica (wal_level=${walLevel}, max_wal_senders=${senders}): ` +
          'set wal_level = replica and max_wal_senders = 10 (the defaults) and restart it',
      );
    }
    const port = Number(await setting('port'));
    const { rows } = await admin.query<HbaRule>(
      `SELECT line_number, type, database, user_name, address, netmask, auth_method, error
       FROM pg_hba_file_rules ORDER BY line_number`,
    );
    const rule = replicationRule(rows);
    if (rule && rule.auth_method !== 'trust') {
      throw new Error(
        `pg_hba.conf line ${rule.line_number} decides replication connections from 127.0.0.1 with ` +
          `"${rule.auth_method}": the replica test needs trust there (e.g. "${HBA_LINE}")`,
      );
    }
    let did: 'already allowed' | 'hba line added' = 'already allowed';
    if (!rule) {
      const hbaFile = await setting('hba_file');
      try {
        appendFileSync(
          hbaFile,
          `\n# Added by Consulta's replica test (query-api/src/store/pg/test-replica.ts): streaming replicas on this host\n${HBA_LINE}\n`,
        );
      } catch (err) {
        throw new Error(
          `the replica test needs "${HBA_LINE}" in ${hbaFile} and cannot write it ` +
            `(${(err as Error).message}): add it as root and run SELECT pg_reload_conf()`,
          { cause: err },
        );
      }
      did = 'hba line added';
    }
    // The file may hold the line while the server has not reloaded it yet (or another run just added it).
    for (let attempt = 0; !(await replicationConnects(port)); attempt++) {
      if (attempt === 0) await admin.query('SELECT pg_reload_conf()');
      if (attempt > 50) {
        throw new Error(
          `replication connections from 127.0.0.1 are still refused after adding "${HBA_LINE}"`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return did;
  } finally {
    await admin.end();
  }
}

export interface Replica {
  /** Its data folder (owned by postgres, mode 0700). */
  dir: string;
  port: number;
  /** A connection URL to `database` on the replica. */
  url(database: string): string;
  /** Stops the server at once (`pg_ctl stop -m immediate`); a no-op once stopped. */
  stop(): Promise<void>;
  /** Stops it if running and deletes the folder. */
  remove(): Promise<void>;
}

/**
 * A hot-standby replica of the server at 127.0.0.1:`primaryPort`, streaming from it (`pg_basebackup -R`: the
 * standby.signal file and primary_conninfo). Debian keeps postgresql.conf and pg_hba.conf outside the data folder,
 * so the replica gets its own small ones: its port, loopback only, its socket in its folder, hot standby on.
 */
export async function startReplica(primaryPort = 5432): Promise<Replica> {
  const dir = mkdtempSync(join(tmpdir(), 'consulta-replica-'));
  const data = join(dir, 'data');
  let running = false;
  const stop = async (): Promise<void> => {
    if (!running) return;
    running = false;
    await asPostgres('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
  };
  const remove = async (): Promise<void> => {
    try {
      await stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const pgUid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const pgGid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(dir, pgUid, pgGid);
    chmodSync(dir, 0o700);
    await asPostgres('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      data,
      '-R', // standby.signal + primary_conninfo
      '-X',
      'stream',
      '-c',
      'fast', // an immediate checkpoint, not a spread one
      '--no-password',
    ]);
    const port = await freePort();
    const own = (path: string, text: string): void => {
      writeFileSync(path, text, { mode: 0o600 });
      chownSync(path, pgUid, pgGid);
    };
    own(
      join(data, 'postgresql.conf'),
      [
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        'hot_standby = on',
        'shared_buffers = 32MB',
        'fsync = off',
        'autovacuum = off',
        "log_min_messages = 'warning'",
        '',
      ].join('\n'),
    );
    own(join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    // `-w`: returns once the standby accepts read-only connections (consistent state reached).
    await asPostgres('pg_ctl', ['start', '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60']);
    running = true;
    return {
      dir,
      port,
      url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
      stop,
      remove,
    };
  } catch (err) {
    await remove().catch(() => undefined);
    throw err;
  }
}

/**
 * Waits until the replica has replayed the primary's WAL up to the primary's position now
 * (`pg_current_wal_lsn()` on the primary ≤ `pg_last_wal_replay_lsn()` on the replica).
 */
export async function waitForReplay(
  primaryUrl: string,
  replicaUrl: string,
  timeoutMs = 30_000,
): Promise<void> {
  const primary = new pg.Client({ connectionString: primaryUrl });
  const replica = new pg.Client({ connectionString: replicaUrl });
  await primary.connect();
  try {
    await replica.connect();
    try {
      const target = (await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn'))
        .rows[0]?.lsn as string;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await replica.query<{ done: boolean; at: string | null }>(
          `SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done, pg_last_wal_replay_lsn()::text AS at`,
          [target],
        );
        if (rows[0]?.done) return;
        if (Date.now() > deadline) {
          throw new Error(
            `the replica replayed up to ${rows[0]?.at ?? 'nothing'}, not ${target}, in ${timeoutMs} ms`,
          );
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await replica.end();
    }
  } finally {
    await primary.end();
  }
}
