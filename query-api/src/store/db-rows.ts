// Rows as both engines' tables hold them (the same column names in SQLite and PostgreSQL) and their mapping to
// the store interfaces' shapes: one definition, so the two stores cannot drift apart in what they answer.
import type { Channel, RecordCategory, RequestStatus, Role } from '@consulta/shared';
import type { RequestRow } from './rights-types.ts';
import type {
  ClientRow,
  DelegateScope,
  LoginThrottleRow,
  StoredQueryLogEntry,
  StoredSession,
} from './types.ts';

/**
 * The session read of both engines: the row and its person's one-time-PIN flag, in one statement (the PIN table
 * sits beside the sessions in the operational store).
 */
export const SESSION_SELECT = `SELECT s.*, (SELECT p.one_time FROM pin_credential p
  WHERE s.role = 'insured' AND p.person_id = s.subject_id) AS pin_one_time
  FROM session s WHERE s.token_hash = `;

export interface SessionDbRow {
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
  pin_one_time: number | null;
}

export function toSession(r: SessionDbRow): StoredSession {
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
    pinOneTime: r.pin_one_time === 1,
  };
}

export interface ClientDbRow {
  client_id: string;
  channel: 'kiosk' | 'phone';
  key_hash: string;
  description: string;
  created_at: string;
  revoked_at: string | null;
}

export function toClient(r: ClientDbRow): ClientRow {
  return {
    clientId: r.client_id,
    channel: r.channel,
    keyHash: r.key_hash,
    description: r.description,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  };
}

/** A query-log row (read by the operational stores and by the rights stores' access log). */
export interface LogDbRow {
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
  mac: string | null;
}

export function toLogEntry(r: LogDbRow): StoredQueryLogEntry {
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
    mac: r.mac,
  };
}

export interface ThrottleDbRow {
  key: string;
  failures: number;
  locked_until: number | null;
  locks: number;
}

export function toThrottle(r: ThrottleDbRow): LoginThrottleRow {
  return { key: r.key, failures: r.failures, lockedUntil: r.locked_until, locks: r.locks };
}

export interface RequestDbRow {
  reference: string;
  kind: 'record' | 'callback';
  person_id: number | null;
  filed_by: string;
  channel: string;
  client_id: string;
  category: RecordCategory | null;
  /** JSON array of 'YYYY-MM'. */
  months: string;
  description: string;
  callback_phone: string | null;
  language: string | null;
  topic: string | null;
  status: RequestStatus;
  answer: string | null;
  created_at: string;
  updated_at: string;
}

export function toRequest(r: RequestDbRow): RequestRow {
  return {
    reference: r.reference,
    kind: r.kind,
    personId: r.person_id,
    filedBy: r.filed_by,
    channel: r.channel,
    clientId: r.client_id,
    category: r.category,
    months: JSON.parse(r.months) as string[],
    description: r.description,
    callbackPhone: r.callback_phone,
    language: r.language,
    topic: r.topic,
    status: r.status,
    answer: r.answer,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
