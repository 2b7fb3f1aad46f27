// The operational store on SQLite: the only database the API writes (sessions, lock-outs, the query log,
// certificates, registered clients, the maintenance log). WAL with synchronous=NORMAL keeps each query-log
// insert to one short transaction; statements are prepared once.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Channel, Role } from '@consulta/shared';
import { GENESIS_HASH, entryHash } from '../../log/chain.ts';
import type {
  CertificateRow,
  ClientRow,
  DelegateScope,
  LockoutRow,
  MaintenanceEntry,
  OperationalStore,
  QueryLogEntry,
  SessionRow,
  StoredQueryLogEntry,
} from '../types.ts';

const SCHEMA = readFileSync(new URL('../operational-schema.sql', import.meta.url), 'utf8');

interface SessionDbRow {
  token_hash: string;
  role: Role;
  channel: Channel;
  client_id: string | null;
  subject_id: number;
  authorization_id: number | null;
  scope: string | null;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

interface LogDbRow {
  id: number;
  at: string;
  channel: string;
  client_id: string;
  role: string;
  actor: string;
  subject: string;
  resource: string;
  outcome: string;
  prev_hash: string;
  hash: string;
}

interface ClientDbRow {
  client_id: string;
  channel: 'kiosk' | 'phone';
  key_hash: string;
  description: string;
  created_at: string;
  revoked_at: string | null;
}

function toClient(r: ClientDbRow): ClientRow {
  return {
    clientId: r.client_id,
    channel: r.channel,
    keyHash: r.key_hash,
    description: r.description,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  };
}

function toLogEntry(r: LogDbRow): StoredQueryLogEntry {
  return {
    id: r.id,
    at: r.at,
    channel: r.channel,
    clientId: r.client_id,
    role: r.role,
    actor: r.actor,
    subject: r.subject,
    resource: r.resource,
    outcome: r.outcome,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Creates the operational database's tables if missing (idempotent). */
export function migrateOperational(db: Database.Database): void {
  db.exec(SCHEMA);
}

export interface SqliteOperationalStoreOptions {
  path: string;
  /** Create the file if missing (the ops CLI's restore target, tests). The API requires it to exist. */
  create?: boolean;
}

export function openSqliteOperationalStore({
  path,
  create = false,
}: SqliteOperationalStoreOptions): OperationalStore {
  const db = new Database(path, { fileMustExist: !create });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Several processes (API instances, the ops CLI) may share the file: wait for a writer rather than fail.
  db.pragma('busy_timeout = 5000');
  migrateOperational(db);

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
    session: db.prepare('SELECT * FROM session WHERE token_hash = ?'),
    touchSession: db.prepare('UPDATE session SET last_seen_at = ? WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM session WHERE token_hash = ?'),
    deleteExpired: db.prepare('DELETE FROM session WHERE expires_at < ? OR last_seen_at < ?'),
    lockout: db.prepare('SELECT identity, failures, locked_until FROM lockout WHERE identity = ?'),
    saveLockout: db.prepare(
      `INSERT INTO lockout (identity, failures, locked_until) VALUES (?, ?, ?)
       ON CONFLICT(identity) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
    ),
    clearLockout: db.prepare('DELETE FROM lockout WHERE identity = ?'),
    lastLog: db.prepare('SELECT id, hash FROM query_log ORDER BY id DESC LIMIT 1'),
    insertLog: db.prepare(
      `INSERT INTO query_log (id, at, channel, client_id, role, actor, subject, resource, outcome, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    allLog: db.prepare('SELECT * FROM query_log ORDER BY id'),
    rangeLog: db.prepare('SELECT * FROM query_log WHERE at >= ? AND at < ? ORDER BY id'),
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
    );
    return { id, ...entry, prevHash, hash };
  };
  const append = db.transaction((entry: QueryLogEntry): StoredQueryLogEntry =>
    appendOne(entry, s.lastLog.get() as { id: number; hash: string } | undefined),
  );
  const appendBatch = db.transaction((entries: readonly QueryLogEntry[]): void => {
    let last = s.lastLog.get() as { id: number; hash: string } | undefined;
    for (const entry of entries) last = appendOne(entry, last);
  });

  const secrets = new Map<string, Buffer>();

  return {
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
    session(tokenHash: string): SessionRow | null {
      const r = s.session.get(tokenHash) as SessionDbRow | undefined;
      if (!r) return null;
      return {
        tokenHash: r.token_hash,
        role: r.role,
        channel: r.channel,
        clientId: r.client_id,
        subjectId: r.subject_id,
        authorizationId: r.authorization_id,
        scope: r.scope ? (JSON.parse(r.scope) as DelegateScope) : null,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        expiresAt: r.expires_at,
      };
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

    lockout(identity: string): LockoutRow | null {
      const r = s.lockout.get(identity) as
        { identity: string; failures: number; locked_until: number | null } | undefined;
      return r ? { identity: r.identity, failures: r.failures, lockedUntil: r.locked_until } : null;
    },
    saveLockout(row: LockoutRow): void {
      s.saveLockout.run(row.identity, row.failures, row.lockedUntil);
    },
    clearLockout(identity: string): void {
      s.clearLockout.run(identity);
    },

    appendQueryLog(entry: QueryLogEntry): StoredQueryLogEntry {
      return append.immediate(entry);
    },
    appendQueryLogBatch(entries: readonly QueryLogEntry[]): void {
      appendBatch.immediate(entries);
    },
    *iterateQueryLog(range?: { fromAt?: string; toAt?: string }): IterableIterator<StoredQueryLogEntry> {
      const rows = range
        ? (s.rangeLog.iterate(range.fromAt ?? '', range.toAt ?? '\uffff') as IterableIterator<LogDbRow>)
        : (s.allLog.iterate() as IterableIterator<LogDbRow>);
      for (const r of rows) yield toLogEntry(r);
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
    close(): void {
      db.close();
    },
  };
}
