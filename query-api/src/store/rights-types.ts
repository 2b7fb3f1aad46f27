// The storage interface of the person's rights (requests, own PINs, the access log read by subject). SQLite
// implements it in the operational database (./sqlite/rights.ts).
import type { RecordCategory, RequestStatus } from '@consulta/shared';
import type { StoredQueryLogEntry } from './types.ts';

export interface RequestRow {
  reference: string;
  kind: 'record' | 'callback';
  personId: number | null;
  filedBy: string;
  channel: string;
  clientId: string;
  category: RecordCategory | null;
  months: string[];
  description: string;
  callbackPhone: string | null;
  language: string | null;
  topic: string | null;
  status: RequestStatus;
  answer: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PinRow {
  personId: number;
  pinHash: string;
  oneTime: boolean;
  usedAt: string | null;
  setAt: string;
}

export interface RightsStore {
  /** Inserts a request with a fresh reference (retried on the rare collision); returns the reference. */
  insertRequest(row: Omit<RequestRow, 'reference'>, newReference: () => string): string;
  request(reference: string): RequestRow | null;
  /** A person's requests, newest first. */
  requestsOf(personId: number): RequestRow[];
  listRequests(filter: { status?: RequestStatus; limit: number }): RequestRow[];
  countRequestsSince(personId: number, sinceIso: string): number;
  countCallbacksSince(phone: string, sinceIso: string): number;
  updateRequest(reference: string, status: RequestStatus, answer: string | null, at: string): boolean;

  pin(personId: number): PinRow | null;
  setPin(row: PinRow): void;
  markPinUsed(personId: number, at: string): void;
  /** Ends every session of an insured person (after a PIN reset at the counter). */
  endSessionsOf(personId: number): void;

  /** Query-log entries whose subject is `subject`, newest first, `at` in [fromAt, toAt). */
  accessEntries(
    subject: string,
    range: { fromAt: string; toAt: string },
    limit: number,
  ): StoredQueryLogEntry[];
  close(): void;
}
