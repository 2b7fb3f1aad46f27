// The operational store on PostgreSQL: the same answers and semantics as ../sqlite/operational.ts, for several API
// instances sharing one database.
// - Login throttling: each step is one statement (an upsert that counts, RETURNING the row) or one function call
//   (take_login_budget, serialised per identity by an advisory transaction lock), so attempts from every instance
//   count against the same figures.
// - The query log is one hash-chained, MAC'd chain with an ordered writer: an append takes a transaction-scoped
//   advisory lock, reads the head (the newest row), inserts the entries that follow it and commits, so appends
//   from every instance queue up and the chain never forks. Triggers refuse UPDATE, DELETE and TRUNCATE on the log
//   and on the checkpoints (migrations/0001_operational.sql).
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { GENESIS_HASH, entryHash, entryMac } from '../../log/chain.ts';
import {
  SESSION_SELECT,
  toClient,
  toLogEntry,
  toSession,
  toThrottle,
  type ClientDbRow,
  type LogDbRow,
  type SessionDbRow,
  type ThrottleDbRow,
} from '../db-rows.ts';
import type {
  CertificateRow,
  ClientRow,
  LoginBudget,
  LoginThrottleRow,
  LogHead,
  MaintenanceEntry,
  OperationalStore,
  QueryLogEntry,
  SessionRow,
  StoredCheckpoint,
  StoredSession,
  StoredQueryLogEntry,
} from '../types.ts';

/** The advisory lock that orders query-log appends across every process sharing the database. */
const LOG_LOCK_KEY = '7165064497575240803';
/** Rows per page when iterating the log (keyset pagination: no connection is held between pages). */
const PAGE = 1000;

export interface PgOperationalStoreOptions {
  pool: pg.Pool;
  /**
   * The connection the query-log batches are written on (default: one from `pool`). Batches are written one after
   * another, each a transaction held through its commit's flush to disk; on a pool of their own they never take
   * a connection from the requests' reads.
   */
  logPool?: pg.Pool;
  /** The key of each query-log entry's MAC (derived from the log's signing key); unkeyed entries without it. */
  logMacKey?: Buffer;
  /** Closes what the store's owner opened (the pool). */
  close?: () => Promise<void>;
}

/** Runs `fn` in a transaction on one connection; rolls back on error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

export function openPgOperationalStore({
  pool,
  logPool = pool,
  logMacKey,
  close,
}: PgOperationalStoreOptions): OperationalStore {
  const secrets = new Map<string, Buffer>();

  // One batch in three round trips: BEGIN, the lock and the head in one simple-protocol message (its statements
  // run in order, so the head is read under the lock), the rows, COMMIT. Each round trip costs both processes CPU.
  const appendEntries = async (entries: readonly QueryLogEntry[]) => {
    const c = await logPool.connect();
    try {
      const opened = (await c.query(
        `BEGIN; SELECT pg_advisory_xact_lock(${LOG_LOCK_KEY}); SELECT id, hash FROM query_log ORDER BY id DESC LIMIT 1`,
      )) as unknown as pg.QueryResult<{ id: number; hash: string }>[];
      const head = opened[2];
      if (!head) throw new Error('query log: the head was not read');
      let id = head.rows[0]?.id ?? 0;
      let prevHash = head.rows[0]?.hash ?? GENESIS_HASH;
      const stored: StoredQueryLogEntry[] = [];
      let values: unknown[] = [];
      let rows: string[] = [];
      const insert = async (): Promise<void> => {
        if (rows.length === 0) return;
        await c.query(
          `INSERT INTO query_log (id, at, channel, client_id, role, actor, subject, resource, outcome, prev_hash,
             hash, mac) VALUES ${rows.join(',')}`,
          values,
        );
        values = [];
        rows = [];
      };
      for (const entry of entries) {
        id += 1;
        const hash = entryHash(prevHash, id, entry);
        const mac = logMacKey ? entryMac(logMacKey, hash) : null;
        stored.push({ id, ...entry, prevHash, hash, mac });
        const base = values.length;
        values.push(
          id,
          entry.at,
          entry.channel,
          entry.clientId,
          entry.role,
          entry.actor,
          entry.subject,
          entry.resource,
          entry.outcome,
          prevHash,
          hash,
          mac,
        );
        rows.push(`(${Array.from({ length: 12 }, (_, k) => `$${base + k + 1}`).join(',')})`);
        prevHash = hash;
        // At most 1000 rows per statement (PostgreSQL binds at most 65,535 parameters).
        if (rows.length === 1000) await insert();
      }
      await insert();
      await c.query('COMMIT');
      return { stored, head: { size: id, hash: prevHash } };
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  };

  return {
    async secret(name: string): Promise<Buffer> {
      const cached = secrets.get(name);
      if (cached) return cached;
      const { rows } = await pool.query<{ value: Buffer }>(
        `WITH put AS (
           INSERT INTO server_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING value)
         SELECT value FROM put UNION ALL SELECT value FROM server_secret WHERE name = $1`,
        [name, randomBytes(32)],
      );
      const value = rows[0]?.value as Buffer;
      secrets.set(name, value);
      return value;
    },

    async client(clientId: string): Promise<ClientRow | null> {
      const { rows } = await pool.query<ClientDbRow>('SELECT * FROM client WHERE client_id = $1', [clientId]);
      return rows[0] ? toClient(rows[0]) : null;
    },
    async clientRevoked(clientId: string): Promise<boolean> {
      const { rows } = await pool.query<{ revoked_at: string | null }>(
        'SELECT revoked_at FROM client WHERE client_id = $1',
        [clientId],
      );
      // As SQLite: an unknown client counts as revoked (no row: not null).
      return rows.length === 0 || rows[0]?.revoked_at !== null;
    },
    async listClients(): Promise<ClientRow[]> {
      const { rows } = await pool.query<ClientDbRow>('SELECT * FROM client ORDER BY created_at, client_id');
      return rows.map(toClient);
    },
    async addClient(row: ClientRow): Promise<void> {
      await pool.query(
        `INSERT INTO client (client_id, channel, key_hash, description, created_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [row.clientId, row.channel, row.keyHash, row.description, row.createdAt, row.revokedAt],
      );
    },
    async registerClient(row: ClientRow): Promise<void> {
      await pool.query(
        `INSERT INTO client (client_id, channel, key_hash, description, created_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (client_id) DO UPDATE SET channel = excluded.channel, key_hash = excluded.key_hash,
           description = excluded.description`,
        [row.clientId, row.channel, row.keyHash, row.description, row.createdAt, row.revokedAt],
      );
    },
    async revokeClient(clientId: string, at: string): Promise<boolean> {
      const r = await pool.query(
        'UPDATE client SET revoked_at = $1 WHERE client_id = $2 AND revoked_at IS NULL',
        [at, clientId],
      );
      return (r.rowCount ?? 0) > 0;
    },

    async insertSession(row: SessionRow): Promise<void> {
      await pool.query(
        `INSERT INTO session (token_hash, role, channel, client_id, subject_id, authorization_id, scope, created_at,
           last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          row.tokenHash,
          row.role,
          row.channel,
          row.clientId,
          row.subjectId,
          row.authorizationId,
          row.scope ? JSON.stringify(row.scope) : null,
          row.createdAt,
          row.lastSeenAt,
          row.expiresAt,
        ],
      );
    },
    async session(tokenHash: string): Promise<StoredSession | null> {
      const { rows } = await pool.query<SessionDbRow>(`${SESSION_SELECT}$1`, [tokenHash]);
      const r = rows[0];
      return r ? toSession(r) : null;
    },
    async touchSession(tokenHash: string, at: number): Promise<void> {
      await pool.query('UPDATE session SET last_seen_at = $1 WHERE token_hash = $2', [at, tokenHash]);
    },
    async deleteSession(tokenHash: string): Promise<void> {
      await pool.query('DELETE FROM session WHERE token_hash = $1', [tokenHash]);
    },
    async deleteExpiredSessions(now: number, idleMs: number): Promise<void> {
      await pool.query('DELETE FROM session WHERE expires_at < $1 OR last_seen_at < $2', [now, now - idleMs]);
    },

    async loginThrottle(key: string): Promise<LoginThrottleRow | null> {
      const { rows } = await pool.query<ThrottleDbRow>(
        'SELECT key, failures, locked_until, locks FROM login_throttle WHERE key = $1',
        [key],
      );
      return rows[0] ? toThrottle(rows[0]) : null;
    },
    async addLoginFailure(key: string): Promise<LoginThrottleRow> {
      const { rows } = await pool.query<ThrottleDbRow>(
        `INSERT INTO login_throttle AS t (key, failures, locked_until, locks) VALUES ($1, 1, NULL, 0)
         ON CONFLICT (key) DO UPDATE SET failures = t.failures + 1
         RETURNING key, failures, locked_until, locks`,
        [key],
      );
      return toThrottle(rows[0] as ThrottleDbRow);
    },
    async saveLoginThrottle(row: LoginThrottleRow): Promise<void> {
      await pool.query(
        `INSERT INTO login_throttle (key, failures, locked_until, locks) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until,
           locks = excluded.locks`,
        [row.key, row.failures, row.lockedUntil, row.locks],
      );
    },
    async clearLoginThrottle(key: string): Promise<void> {
      await pool.query('DELETE FROM login_throttle WHERE key = $1', [key]);
    },
    async takeLoginBudget(pool_: string, now: number, windowMs: number, limit: number): Promise<LoginBudget> {
      const { rows } = await pool.query<{ taken_id: number | null; retry_at: number | null }>(
        'SELECT taken_id, retry_at FROM take_login_budget($1, $2, $3, $4)',
        [pool_, now, windowMs, limit],
      );
      const r = rows[0];
      if (!r || r.taken_id === null) return { kind: 'spent', retryAt: r?.retry_at ?? now + windowMs };
      return { kind: 'taken', id: r.taken_id };
    },
    async releaseLoginBudget(id: number): Promise<void> {
      await pool.query('DELETE FROM login_attempt WHERE id = $1', [id]);
    },
    async pruneLoginBudget(before: number): Promise<void> {
      await pool.query('DELETE FROM login_attempt WHERE at <= $1', [before]);
    },

    async appendQueryLog(entry: QueryLogEntry): Promise<StoredQueryLogEntry> {
      return (await appendEntries([entry])).stored[0] as StoredQueryLogEntry;
    },
    async appendQueryLogBatch(entries: readonly QueryLogEntry[]): Promise<LogHead> {
      if (entries.length === 0) return this.queryLogHead();
      return (await appendEntries(entries)).head;
    },
    async *iterateQueryLog(range?: {
      fromAt?: string;
      toAt?: string;
      fromId?: number;
      toId?: number;
    }): AsyncIterableIterator<StoredQueryLogEntry> {
      const byId = range?.fromId !== undefined || range?.toId !== undefined;
      let after = byId ? (range?.fromId ?? 1) - 1 : 0;
      const toId = byId ? (range?.toId ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
      const fromAt = !byId && range ? (range.fromAt ?? '') : null;
      const toAt = !byId && range ? (range.toAt ?? '\uffff') : null;
      for (;;) {
        const { rows } = await pool.query<LogDbRow>(
          fromAt === null
            ? 'SELECT * FROM query_log WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3'
            : 'SELECT * FROM query_log WHERE id > $1 AND id <= $2 AND at >= $4 AND at < $5 ORDER BY id LIMIT $3',
          fromAt === null ? [after, toId, PAGE] : [after, toId, PAGE, fromAt, toAt],
        );
        for (const r of rows) yield toLogEntry(r);
        if (rows.length < PAGE) return;
        after = (rows[rows.length - 1] as LogDbRow).id;
      }
    },
    async queryLogHead(): Promise<LogHead> {
      const { rows } = await pool.query<{ id: number; hash: string }>(
        'SELECT id, hash FROM query_log ORDER BY id DESC LIMIT 1',
      );
      const last = rows[0];
      return last ? { size: last.id, hash: last.hash } : { size: 0, hash: GENESIS_HASH };
    },
    async addLogCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
      await pool.query('INSERT INTO log_checkpoint (size, note) VALUES ($1, $2)', [
        checkpoint.size,
        checkpoint.note,
      ]);
    },
    async listLogCheckpoints(): Promise<StoredCheckpoint[]> {
      const { rows } = await pool.query<StoredCheckpoint>(
        'SELECT size, note FROM log_checkpoint ORDER BY id',
      );
      return rows;
    },

    async insertCertificate(row: CertificateRow): Promise<void> {
      await pool.query(
        `INSERT INTO certificate (serial, check_hash, person_id, issued_at, valid_until, body)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [row.serial, row.checkHash, row.personId, row.issuedAt, row.validUntil, row.body],
      );
    },
    async certificate(serial: string): Promise<CertificateRow | null> {
      const { rows } = await pool.query<{
        serial: string;
        check_hash: string;
        person_id: number;
        issued_at: string;
        valid_until: string;
        body: string;
      }>('SELECT * FROM certificate WHERE serial = $1', [serial]);
      const r = rows[0];
      return r
        ? {
            serial: r.serial,
            checkHash: r.check_hash,
            personId: r.person_id,
            issuedAt: r.issued_at,
            validUntil: r.valid_until,
            body: r.body,
          }
        : null;
    },

    async addMaintenance(entry: MaintenanceEntry): Promise<void> {
      await pool.query(
        'INSERT INTO maintenance_log (at, what, why, method, who) VALUES ($1, $2, $3, $4, $5)',
        [entry.at, entry.what, entry.why, entry.method, entry.who],
      );
    },
    async listMaintenance(): Promise<(MaintenanceEntry & { id: number })[]> {
      const { rows } = await pool.query<MaintenanceEntry & { id: number }>(
        'SELECT id, at, what, why, method, who FROM maintenance_log ORDER BY id',
      );
      return rows;
    },

    async healthy(): Promise<boolean> {
      try {
        await pool.query('SELECT count(*) FROM client');
        return true;
      } catch {
        return false;
      }
    },
    async writable(): Promise<boolean> {
      try {
        const { rows } = await pool.query<{ ro: string }>(
          `SELECT current_setting('transaction_read_only') AS ro`,
        );
        return rows[0]?.ro === 'off';
      } catch {
        return false;
      }
    },
    async close(): Promise<void> {
      await close?.();
    },
  };
}
