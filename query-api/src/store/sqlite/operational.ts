// The operational store on SQLite: the only database the API writes (sessions, lock-outs, the query log,
// certificates, registered clients, the maintenance log). WAL with synchronous=NORMAL keeps each query-log
// insert to one short transaction; statements are prepared once.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { GENESIS_HASH, entryHash, entryMac } from '../../log/chain.ts';
import { createPrivateFile } from './private-file.ts';
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
import { promised, type Synchronous } from './promised.ts';
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

const SCHEMA = readFileSync(new URL('../operational-schema.sql', import.meta.url), 'utf8');
const RIGHTS_SCHEMA = readFileSync(new URL('../rights-schema.sql', import.meta.url), 'utf8');

/**
 * Creates the operational database's tables if missing (idempotent), the rights' tables among them (the session
 * read looks up the person's PIN beside it).
 */
export function migrateOperational(db: Database.Database): void {
  db.exec(SCHEMA);
  // Stores created before the log was keyed lack the MAC column (another process may add it at the same time).
  const columns = db.prepare('PRAGMA table_info(query_log)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'mac')) {
    try {
      db.exec('ALTER TABLE query_log ADD COLUMN mac TEXT');
    } catch (err) {
      if (!/duplicate column/.test((err as Error).message)) throw err;
    }
  }
  db.exec(RIGHTS_SCHEMA);
}

export { createPrivateFile };

export interface SqliteOperationalStoreOptions {
  path: string;
  /** Create the file if missing (the ops CLI's restore target, tests). The API requires it to exist. */
  create?: boolean;
  /**
   * How long a write waits for another process's write lock (ms), asynchronously: the event loop serves other
   * requests meanwhile. The ops CLI can wait; the API passes a short bound and fails closed after it (503).
   */
  busyTimeoutMs?: number;
  /**
   * The key for each query-log entry's MAC (derived from the log's signing key). Without it entries are written
   * unkeyed: only processes that write the log (the API) need it.
   */
  logMacKey?: Buffer;
}

/** Query-log entries read per statement when iterating. */
const LOG_PAGE = 1000;

/** The first and the longest pause between tries of a write that found the file locked (ms). */
const BUSY_FIRST_PAUSE_MS = 1;
const BUSY_LONGEST_PAUSE_MS = 16;

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

export function openSqliteOperationalStore({
  path,
  create = false,
  busyTimeoutMs = 5000,
  logMacKey,
}: SqliteOperationalStoreOptions): OperationalStore {
  if (create) createPrivateFile(path);
  const db = new Database(path, { fileMustExist: !create });
  // Several processes (API instances, the ops CLI) may share the file. Opening waits for a writer in SQLite's own
  // busy handler (once, before serving anything); after that a write never sleeps on the event loop: it fails at
  // once when the file is locked and is tried again after a pause (below).
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrateOperational(db);
  db.pragma('busy_timeout = 0');

  const s = {
    getSecret: db.prepare('SELECT value FROM server_secret WHERE name = ?').pluck(),
    putSecret: db.prepare('INSERT OR IGNORE INTO server_secret (name, value) VALUES (?, ?)'),
    client: db.prepare('SELECT * FROM client WHERE client_id = ?'),
    clientRevoked: db.prepare('SELECT revoked_at FROM client WHERE client_id = ?').pluck(),
    listClients: db.prepare('SELECT * FROM client ORDER BY created_at, client_id'),
    addClient: db.prepare(
      `INSERT INTO client (client_id, channel, key_hash, description, created_at, revoked_at)
       VALUES (@clientId, @channel, @keyHash, @description, @createdAt, @revokedAt)`,
    ),
    registerClient: db.prepare(
      `INSERT INTO client (client_id, channel, key_hash, description, created_at, revoked_at)
       VALUES (@clientId, @channel, @keyHash, @description, @createdAt, @revokedAt)
       ON CONFLICT (client_id) DO UPDATE SET channel = excluded.channel, key_hash = excluded.key_hash,
         description = excluded.description`,
    ),
    revokeClient: db.prepare('UPDATE client SET revoked_at = ? WHERE client_id = ? AND revoked_at IS NULL'),
    insertSession: db.prepare(
      `INSERT INTO session (token_hash, role, channel, client_id, subject_id, authorization_id, scope, created_at,
         last_seen_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    session: db.prepare(`${SESSION_SELECT}?`),
    touchSession: db.prepare('UPDATE session SET last_seen_at = ? WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM session WHERE token_hash = ?'),
    deleteExpired: db.prepare('DELETE FROM session WHERE expires_at < ? OR last_seen_at < ?'),
    throttle: db.prepare('SELECT key, failures, locked_until, locks FROM login_throttle WHERE key = ?'),
    addFailure: db.prepare(
      `INSERT INTO login_throttle (key, failures, locked_until, locks) VALUES (?, 1, NULL, 0)
       ON CONFLICT(key) DO UPDATE SET failures = failures + 1
       RETURNING key, failures, locked_until, locks`,
    ),
    saveThrottle: db.prepare(
      `INSERT INTO login_throttle (key, failures, locked_until, locks) VALUES (?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until,
         locks = excluded.locks`,
    ),
    clearThrottle: db.prepare('DELETE FROM login_throttle WHERE key = ?'),
    countAttempts: db.prepare(
      'SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_attempt WHERE pool = ? AND at > ?',
    ),
    addAttempt: db.prepare('INSERT INTO login_attempt (pool, at) VALUES (?, ?)'),
    releaseAttempt: db.prepare('DELETE FROM login_attempt WHERE id = ?'),
    pruneAttempts: db.prepare('DELETE FROM login_attempt WHERE at <= ?'),
    lastLog: db.prepare('SELECT id, hash FROM query_log ORDER BY id DESC LIMIT 1'),
    insertLog: db.prepare(
      `INSERT INTO query_log (id, at, channel, client_id, role, actor, subject, resource, outcome, prev_hash, hash, mac)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    idRangeLogPage: db.prepare('SELECT * FROM query_log WHERE id > ? AND id <= ? ORDER BY id LIMIT ?'),
    rangeLogPage: db.prepare(
      'SELECT * FROM query_log WHERE id > ? AND at >= ? AND at < ? ORDER BY id LIMIT ?',
    ),
    addCheckpoint: db.prepare('INSERT INTO log_checkpoint (size, note) VALUES (?, ?)'),
    listCheckpoints: db.prepare('SELECT size, note FROM log_checkpoint ORDER BY id'),
    insertCertificate: db.prepare(
      `INSERT INTO certificate (serial, check_hash, person_id, issued_at, valid_until, body)
       VALUES (@serial, @checkHash, @personId, @issuedAt, @validUntil, @body)`,
    ),
    certificate: db.prepare('SELECT * FROM certificate WHERE serial = ?'),
    addMaintenance: db.prepare(
      'INSERT INTO maintenance_log (at, what, why, method, who) VALUES (@at, @what, @why, @method, @who)',
    ),
    listMaintenance: db.prepare('SELECT id, at, what, why, method, who FROM maintenance_log ORDER BY id'),
    health: db.prepare('SELECT COUNT(*) FROM client').pluck(),
  };

  // One immediate transaction per entry (or per batch of entries): reading the chain's head and appending stay
  // atomic even when several processes share the file, so the chain never forks.
  const appendOne = (
    entry: QueryLogEntry,
    last: { id: number; hash: string } | undefined,
  ): StoredQueryLogEntry => {
    const id = (last?.id ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const hash = entryHash(prevHash, id, entry);
    const mac = logMacKey ? entryMac(logMacKey, hash) : null;
    s.insertLog.run(
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
    return { id, ...entry, prevHash, hash, mac };
  };
  const append = db.transaction((entry: QueryLogEntry): StoredQueryLogEntry =>
    appendOne(entry, s.lastLog.get() as { id: number; hash: string } | undefined),
  );
  const appendBatch = db.transaction((entries: readonly QueryLogEntry[]): LogHead => {
    let last = s.lastLog.get() as { id: number; hash: string } | undefined;
    for (const entry of entries) last = appendOne(entry, last);
    return last ? { size: last.id, hash: last.hash } : { size: 0, hash: GENESIS_HASH };
  });

  const takeBudget = db.transaction(
    (pool: string, now: number, windowMs: number, limit: number): LoginBudget => {
      const { n, oldest } = s.countAttempts.get(pool, now - windowMs) as { n: number; oldest: number | null };
      if (n >= limit) return { kind: 'spent', retryAt: (oldest ?? now) + windowMs };
      return { kind: 'taken', id: Number(s.addAttempt.run(pool, now).lastInsertRowid) };
    },
  );

  const secrets = new Map<string, Buffer>();

  const store: Synchronous<OperationalStore> = {
    secret(name: string): Buffer {
      const cached = secrets.get(name);
      if (cached) return cached;
      s.putSecret.run(name, randomBytes(32));
      const value = s.getSecret.get(name) as Buffer;
      secrets.set(name, value);
      return value;
    },

    client(clientId: string): ClientRow | null {
      const row = s.client.get(clientId) as ClientDbRow | undefined;
      return row ? toClient(row) : null;
    },
    clientRevoked(clientId: string): boolean {
      const revokedAt = s.clientRevoked.get(clientId) as string | null | undefined;
      return revokedAt !== null;
    },
    listClients(): ClientRow[] {
      return (s.listClients.all() as ClientDbRow[]).map(toClient);
    },
    addClient(row: ClientRow): void {
      s.addClient.run(row);
    },
    registerClient(row: ClientRow): void {
      s.registerClient.run(row);
    },
    revokeClient(clientId: string, at: string): boolean {
      return s.revokeClient.run(at, clientId).changes > 0;
    },

    insertSession(row: SessionRow): void {
      s.insertSession.run(
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
      );
    },
    session(tokenHash: string): StoredSession | null {
      const r = s.session.get(tokenHash) as SessionDbRow | undefined;
      return r ? toSession(r) : null;
    },
    touchSession(tokenHash: string, at: number): void {
      s.touchSession.run(at, tokenHash);
    },
    deleteSession(tokenHash: string): void {
      s.deleteSession.run(tokenHash);
    },
    deleteExpiredSessions(now: number, idleMs: number): void {
      s.deleteExpired.run(now, now - idleMs);
    },

    loginThrottle(key: string): LoginThrottleRow | null {
      const r = s.throttle.get(key) as ThrottleDbRow | undefined;
      return r ? toThrottle(r) : null;
    },
    addLoginFailure(key: string): LoginThrottleRow {
      return toThrottle(s.addFailure.get(key) as ThrottleDbRow);
    },
    saveLoginThrottle(row: LoginThrottleRow): void {
      s.saveThrottle.run(row.key, row.failures, row.lockedUntil, row.locks);
    },
    clearLoginThrottle(key: string): void {
      s.clearThrottle.run(key);
    },
    takeLoginBudget(pool: string, now: number, windowMs: number, limit: number): LoginBudget {
      return takeBudget.immediate(pool, now, windowMs, limit);
    },
    releaseLoginBudget(id: number): void {
      s.releaseAttempt.run(id);
    },
    pruneLoginBudget(before: number): void {
      s.pruneAttempts.run(before);
    },

    appendQueryLog(entry: QueryLogEntry): StoredQueryLogEntry {
      return append.immediate(entry);
    },
    appendQueryLogBatch(entries: readonly QueryLogEntry[]): LogHead {
      return appendBatch.immediate(entries);
    },
    // Read a page at a time, each statement run to its end before the next yield: the connection is never
    // left in the middle of a query while other calls use it between pages. Entries appended meanwhile may
    // appear at the end (the log only grows).
    async *iterateQueryLog(range?: {
      fromAt?: string;
      toAt?: string;
      fromId?: number;
      toId?: number;
    }): AsyncIterableIterator<StoredQueryLogEntry> {
      const byId = range?.fromId !== undefined || range?.toId !== undefined;
      let after = byId ? (range.fromId ?? 1) - 1 : 0;
      const toId = byId ? (range.toId ?? Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
      const fromAt = byId ? '' : (range?.fromAt ?? '');
      const toAt = byId ? '\uffff' : (range?.toAt ?? '\uffff');
      const timed = !byId && range !== undefined;
      for (;;) {
        const rows = (
          timed
            ? s.rangeLogPage.all(after, fromAt, toAt, LOG_PAGE)
            : s.idRangeLogPage.all(after, toId, LOG_PAGE)
        ) as LogDbRow[];
        for (const r of rows) yield toLogEntry(r);
        const last = rows[rows.length - 1];
        if (rows.length < LOG_PAGE || !last) return;
        after = last.id;
      }
    },
    queryLogHead(): LogHead {
      const last = s.lastLog.get() as { id: number; hash: string } | undefined;
      return last ? { size: last.id, hash: last.hash } : { size: 0, hash: GENESIS_HASH };
    },
    addLogCheckpoint(checkpoint: StoredCheckpoint): void {
      s.addCheckpoint.run(checkpoint.size, checkpoint.note);
    },
    listLogCheckpoints(): StoredCheckpoint[] {
      return s.listCheckpoints.all() as StoredCheckpoint[];
    },

    insertCertificate(row: CertificateRow): void {
      s.insertCertificate.run(row);
    },
    certificate(serial: string): CertificateRow | null {
      const r = s.certificate.get(serial) as
        | {
            serial: string;
            check_hash: string;
            person_id: number;
            issued_at: string;
            valid_until: string;
            body: string;
          }
        | undefined;
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

    addMaintenance(entry: MaintenanceEntry): void {
      s.addMaintenance.run(entry);
    },
    listMaintenance() {
      return s.listMaintenance.all() as (MaintenanceEntry & { id: number })[];
    },

    healthy(): boolean {
      try {
        s.health.get();
        return true;
      } catch {
        return false;
      }
    },
    writable(): boolean {
      try {
        db.exec('BEGIN IMMEDIATE');
        db.exec('ROLLBACK');
        return true;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        // Locked by another writer: tried again until busyTimeoutMs (below), then false.
        if (isBusy(err)) throw err;
        return false;
      }
    },
    close(): void {
      db.close();
    },
  };

  // Another process's write lock: each method is atomic (one statement or one transaction, rolled back when it
  // fails), so one that found the file locked is simply run again after a pause, asynchronously, until
  // busyTimeoutMs has passed; then it fails (writable() says false). Other requests go on meanwhile.
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const waiting = (name: keyof OperationalStore, fn: (...args: never[]) => unknown) =>
    async function (this: unknown, ...args: never[]): Promise<unknown> {
      const deadline = Date.now() + busyTimeoutMs;
      for (let wait = BUSY_FIRST_PAUSE_MS; ; wait = Math.min(wait * 2, BUSY_LONGEST_PAUSE_MS)) {
        try {
          return fn.apply(this, args);
        } catch (err) {
          if (!isBusy(err)) throw err;
          if (Date.now() + wait > deadline) {
            if (name === 'writable') return false;
            throw err;
          }
          // A little jitter, so that the processes waiting for the lock do not all try again at once.
          await pause(wait * (0.5 + Math.random()));
        }
      }
    };
  const out = promised<OperationalStore>(store, ['iterateQueryLog']);
  for (const name of Object.keys(store) as (keyof OperationalStore)[]) {
    if (name === 'close' || name === 'iterateQueryLog') continue;
    (out as unknown as Record<string, unknown>)[name] = waiting(
      name,
      store[name] as (...args: never[]) => unknown,
    );
  }
  return out;
}
