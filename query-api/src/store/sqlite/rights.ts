// The rights store on SQLite, in the operational database (its own connection, WAL): requests to check the
// record and call-back requests, the person's own PIN, and the query log read by subject.
import Database from 'better-sqlite3';
import { migrateOperational } from './operational.ts';
import { toLogEntry, toRequest, type LogDbRow, type RequestDbRow } from '../db-rows.ts';
import type { PinRow, RightsStore } from '../rights-types.ts';
import { promised } from './promised.ts';

export function openSqliteRightsStore({ path }: { path: string }): RightsStore {
  const db = new Database(path, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrateOperational(db);

  const s = {
    insertRequest: db.prepare(
      `INSERT INTO record_request (reference, kind, person_id, filed_by, channel, client_id, category, months,
         description, callback_phone, language, topic, status, answer, created_at, updated_at)
       VALUES (@reference, @kind, @personId, @filedBy, @channel, @clientId, @category, @months, @description,
         @callbackPhone, @language, @topic, @status, @answer, @createdAt, @updatedAt)`,
    ),
    request: db.prepare('SELECT * FROM record_request WHERE reference = ?'),
    requestsOf: db.prepare(
      "SELECT * FROM record_request WHERE person_id = ? AND kind = 'record' ORDER BY id DESC LIMIT 100",
    ),
    listAll: db.prepare('SELECT * FROM record_request ORDER BY id DESC LIMIT ?'),
    listByStatus: db.prepare('SELECT * FROM record_request WHERE status = ? ORDER BY id DESC LIMIT ?'),
    countSince: db
      .prepare(
        "SELECT COUNT(*) FROM record_request WHERE person_id = ? AND kind = 'record' AND created_at >= ?",
      )
      .pluck(),
    countCallbacks: db
      .prepare(
        "SELECT COUNT(*) FROM record_request WHERE callback_phone = ? AND kind = 'callback' AND created_at >= ?",
      )
      .pluck(),
    update: db.prepare(
      'UPDATE record_request SET status = ?, answer = ?, updated_at = ? WHERE reference = ?',
    ),
    pin: db.prepare(
      'SELECT person_id, pin_hash, one_time, used_at, set_at FROM pin_credential WHERE person_id = ?',
    ),
    setPin: db.prepare(
      `INSERT INTO pin_credential (person_id, pin_hash, one_time, used_at, set_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(person_id) DO UPDATE SET pin_hash = excluded.pin_hash, one_time = excluded.one_time,
         used_at = excluded.used_at, set_at = excluded.set_at`,
    ),
    markUsed: db.prepare('UPDATE pin_credential SET used_at = ? WHERE person_id = ? AND used_at IS NULL'),
    endSessions: db.prepare("DELETE FROM session WHERE role = 'insured' AND subject_id = ?"),
    access: db.prepare(
      `SELECT * FROM query_log WHERE subject = ? AND at >= ? AND at < ? ORDER BY id DESC LIMIT ?`,
    ),
  };

  return promised<RightsStore>({
    insertRequest(row, newReference) {
      for (let attempt = 0; ; attempt++) {
        const reference = newReference();
        try {
          s.insertRequest.run({ ...row, reference, months: JSON.stringify(row.months) });
          return reference;
        } catch (err) {
          const unique = (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
          if (!unique || attempt >= 5) throw err;
        }
      }
    },
    request(reference) {
      const r = s.request.get(reference) as RequestDbRow | undefined;
      return r ? toRequest(r) : null;
    },
    requestsOf(personId) {
      return (s.requestsOf.all(personId) as RequestDbRow[]).map(toRequest);
    },
    listRequests({ status, limit }) {
      const rows = status ? s.listByStatus.all(status, limit) : s.listAll.all(limit);
      return (rows as RequestDbRow[]).map(toRequest);
    },
    countRequestsSince(personId, sinceIso) {
      return s.countSince.get(personId, sinceIso) as number;
    },
    countCallbacksSince(phone, sinceIso) {
      return s.countCallbacks.get(phone, sinceIso) as number;
    },
    updateRequest(reference, status, answer, at) {
      return s.update.run(status, answer, at, reference).changes > 0;
    },

    pin(personId) {
      const r = s.pin.get(personId) as
        | { person_id: number; pin_hash: string; one_time: number; used_at: string | null; set_at: string }
        | undefined;
      return r
        ? {
            personId: r.person_id,
            pinHash: r.pin_hash,
            oneTime: r.one_time === 1,
            usedAt: r.used_at,
            setAt: r.set_at,
          }
        : null;
    },
    setPin(row: PinRow) {
      s.setPin.run(row.personId, row.pinHash, row.oneTime ? 1 : 0, row.usedAt, row.setAt);
    },
    markPinUsed(personId, at) {
      s.markUsed.run(at, personId);
    },
    endSessionsOf(personId) {
      s.endSessions.run(personId);
    },

    accessEntries(subject, range, limit) {
      const rows = s.access.all(subject, range.fromAt, range.toAt, limit) as LogDbRow[];
      return rows.map(toLogEntry);
    },
    close() {
      db.close();
    },
  });
}
