// The rights store on PostgreSQL, beside the operational tables (same database): the same answers as
// ../sqlite/rights.ts.
import type pg from 'pg';
import type { PinRow, RightsStore } from '../rights-types.ts';
import { toLogEntry, toRequest, type LogDbRow, type RequestDbRow } from '../db-rows.ts';

const UNIQUE_VIOLATION = '23505';

export function openPgRightsStore({
  pool,
  close,
}: {
  pool: pg.Pool;
  close?: () => Promise<void>;
}): RightsStore {
  return {
    async insertRequest(row, newReference) {
      for (let attempt = 0; ; attempt++) {
        const reference = newReference();
        try {
          await pool.query(
            `INSERT INTO record_request (reference, kind, person_id, filed_by, channel, client_id, category, months,
               description, callback_phone, language, topic, status, answer, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
            [
              reference,
              row.kind,
              row.personId,
              row.filedBy,
              row.channel,
              row.clientId,
              row.category,
              JSON.stringify(row.months),
              row.description,
              row.callbackPhone,
              row.language,
              row.topic,
              row.status,
              row.answer,
              row.createdAt,
              row.updatedAt,
            ],
          );
          return reference;
        } catch (err) {
          const unique = (err as { code?: string }).code === UNIQUE_VIOLATION;
          if (!unique || attempt >= 5) throw err;
        }
      }
    },
    async request(reference) {
      const { rows } = await pool.query<RequestDbRow>('SELECT * FROM record_request WHERE reference = $1', [
        reference,
      ]);
      return rows[0] ? toRequest(rows[0]) : null;
    },
    async requestsOf(personId) {
      const { rows } = await pool.query<RequestDbRow>(
        "SELECT * FROM record_request WHERE person_id = $1 AND kind = 'record' ORDER BY id DESC LIMIT 100",
        [personId],
      );
      return rows.map(toRequest);
    },
    async listRequests({ status, limit }) {
      const { rows } = status
        ? await pool.query<RequestDbRow>(
            'SELECT * FROM record_request WHERE status = $1 ORDER BY id DESC LIMIT $2',
            [status, limit],
          )
        : await pool.query<RequestDbRow>('SELECT * FROM record_request ORDER BY id DESC LIMIT $1', [limit]);
      return rows.map(toRequest);
    },
    async countRequestsSince(personId, sinceIso) {
      const { rows } = await pool.query<{ n: number }>(
        "SELECT count(*) AS n FROM record_request WHERE person_id = $1 AND kind = 'record' AND created_at >= $2",
        [personId, sinceIso],
      );
      return rows[0]?.n ?? 0;
    },
    async countCallbacksSince(phone, sinceIso) {
      const { rows } = await pool.query<{ n: number }>(
        "SELECT count(*) AS n FROM record_request WHERE callback_phone = $1 AND kind = 'callback' AND created_at >= $2",
        [phone, sinceIso],
      );
      return rows[0]?.n ?? 0;
    },
    async updateRequest(reference, status, answer, at) {
      const r = await pool.query(
        'UPDATE record_request SET status = $1, answer = $2, updated_at = $3 WHERE reference = $4',
        [status, answer, at, reference],
      );
      return (r.rowCount ?? 0) > 0;
    },

    async pin(personId) {
      const { rows } = await pool.query<{
        person_id: number;
        pin_hash: string;
        one_time: number;
        used_at: string | null;
        set_at: string;
      }>('SELECT person_id, pin_hash, one_time, used_at, set_at FROM pin_credential WHERE person_id = $1', [
        personId,
      ]);
      const r = rows[0];
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
    async setPin(row: PinRow) {
      await pool.query(
        `INSERT INTO pin_credential (person_id, pin_hash, one_time, used_at, set_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (person_id) DO UPDATE SET pin_hash = excluded.pin_hash, one_time = excluded.one_time,
           used_at = excluded.used_at, set_at = excluded.set_at`,
        [row.personId, row.pinHash, row.oneTime ? 1 : 0, row.usedAt, row.setAt],
      );
    },
    async markPinUsed(personId, at) {
      await pool.query('UPDATE pin_credential SET used_at = $1 WHERE person_id = $2 AND used_at IS NULL', [
        at,
        personId,
      ]);
    },
    async endSessionsOf(personId) {
      await pool.query("DELETE FROM session WHERE role = 'insured' AND subject_id = $1", [personId]);
    },

    async accessEntries(subject, range, limit) {
      const { rows } = await pool.query<LogDbRow>(
        'SELECT * FROM query_log WHERE subject = $1 AND at >= $2 AND at < $3 ORDER BY id DESC LIMIT $4',
        [subject, range.fromAt, range.toAt, limit],
      );
      return rows.map(toLogEntry);
    },
    async close() {
      await close?.();
    },
  };
}
