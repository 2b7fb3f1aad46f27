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
  insertRequest(row: Omit<RequestRow, 'reference'>, newReference: () => string): Promise<string>;
  request(reference: string): Promise<RequestRow | null>;
  /** A person's requests, newest first. */
  requestsOf(personId: number): Promise<RequestRow[]>;
  listRequests(filter: { status?: RequestStatus; limit: number }): Promise<RequestRow[]>;
  countRequestsSince(personId: number, sinceIso: string): Promise<number>;
  countCallbacksSince(phone: string, sinceIso: string): Promise<number>;
  updateRequest(
    reference: string,
    status: RequestStatus,
    answer: string | null,
    at: string,
  ): Promise<boolean>;

  pin(personId: number): Promise<PinRow | null>;
  setPin(row: PinRow): Promise<void>;
  markPinUsed(personId: number, at: string): Promise<void>;
  /** Ends every session of an insured person (after a PIN reset at the counter). */
  endSessionsOf(personId: number): Promise<void>;

  /** Query-log entries whose subject is `subject`, newest first, `at` in [fromAt, toAt). */
  accessEntries(
    subject: string,
    range: { fromAt: string; toAt: string },
    limit: number,
  ): Promise<StoredQueryLogEntry[]>;
  close(): Promise<void>;
}
