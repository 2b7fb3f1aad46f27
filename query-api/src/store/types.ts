// The storage interfaces the handlers and the policy use, implemented by SQLite (./sqlite/, the embedded default)
// and PostgreSQL (./pg/, chosen by DATABASE_URL). Every method is asynchronous so that either can sit behind them;
// handlers and policy do not know which one does. Results are in the API's shapes
// (shared/src/api.ts) without `asOf`, which the HTTP layer adds from the records store's load time.
import type {
  Accounts,
  Benefits,
  Channel,
  ContributionStatus,
  EmployerSummary,
  InsuranceType,
  Other,
  RecordCategory,
  Registration,
  Role,
  StaffStatus,
} from '@consulta/shared';

export type WithoutAsOf<T> = Omit<T, 'asOf'>;

/** A closed month range, both ends 'YYYY-MM' inclusive. */
export interface MonthRange {
  from: string;
  to: string;
}

export interface PersonCredential {
  personId: number;
  pinHash: string;
}

export interface DelegateAuthorizationRow {
  id: number;
  personId: number;
  codeHash: string;
  categories: RecordCategory[];
  fromMonth: string;
  toMonth: string;
  validUntil: string;
}

export interface EmployerCredential {
  employerId: number;
  unitNumber: string;
  name: string;
  passwordHash: string;
  phonePinHash: string;
}

/** One person-month as the core system stores it, with its per-type parts. */
export interface ContributionMonth {
  month: string;
  employerId: number | null;
  unitNumber: string | null;
  base: number;
  parts: Record<InsuranceType, { employer: number; individual: number }>;
  status: ContributionStatus;
  paidDate: string | null;
}

export interface ContributionFilter extends MonthRange {
  status?: ContributionStatus;
  /** Only months paid through this employer (the employer's view of an employee). */
  employerId?: number;
}

export interface SummaryFacts {
  enrolments: { insuranceType: InsuranceType; status: 'active' | 'suspended' | 'ended' }[];
  latestPaidMonth: string | null;
  monthsInArrears: number;
  arrearsAmount: number;
  periods: { insuranceType: InsuranceType; months: number }[];
  balances: { kind: 'pension' | 'medical'; balance: number }[];
  lastBenefitPayment: Benefits['payments'][number] | null;
}

/** One person who works or worked for a unit, with their contribution status for that unit only. */
export interface StaffRow {
  personId: number;
  /** The person's reference inside this unit (opaque, meaningless elsewhere). */
  ref: string;
  nationalId: string;
  name: string;
  status: StaffStatus;
  firstMonth: string;
  lastMonth: string | null;
  current: boolean;
  monthsInArrears: number;
  arrearsAmount: number;
  latestPaidMonth: string | null;
}

export interface StaffFilter {
  status?: StaffStatus;
  current?: boolean;
  offset: number;
  limit: number;
}

export interface RecordsStore {
  /** meta.as_of: when the records were loaded (ISO 8601). */
  readonly asOf: string;
  /** The last month the records cover (meta.data_through, else the month of asOf). */
  readonly dataThrough: string;
  findPersonCredential(nationalId: string): Promise<PersonCredential | null>;
  findDelegateAuthorizations(delegateNationalId: string): Promise<DelegateAuthorizationRow[]>;
  findEmployerCredential(unitNumber: string): Promise<EmployerCredential | null>;
  personIdByNationalId(nationalId: string): Promise<number | null>;
  employer(employerId: number): Promise<{ unitNumber: string; name: string } | null>;
  /** The delegate's own ID number behind an authorisation (shown masked in "who looked at my record"). */
  delegateNationalId(authorizationId: number): Promise<string | null>;

  registration(personId: number): Promise<WithoutAsOf<Registration> | null>;
  /** Person-months in the filter, oldest first. */
  contributionMonths(personId: number, filter: ContributionFilter): Promise<ContributionMonth[]>;
  subsidies(personId: number, range: MonthRange): Promise<{ month: string; kind: string; amount: number }[]>;
  benefits(personId: number): Promise<WithoutAsOf<Benefits>>;
  accounts(personId: number): Promise<WithoutAsOf<Accounts>>;
  other(personId: number): Promise<WithoutAsOf<Other>>;
  summaryFacts(personId: number, range: MonthRange): Promise<SummaryFacts>;

  employerSummary(employerId: number, fromMonth: string): Promise<WithoutAsOf<EmployerSummary>>;
  /** A page of everyone who works or worked for the unit: in arrears first, then paid late, then paid. */
  staffPage(employerId: number, filter: StaffFilter): Promise<{ total: number; rows: StaffRow[] }>;
  staffMember(employerId: number, personId: number): Promise<StaffRow | null>;
  /** The person behind a staff reference of this unit, or null. */
  staffPersonByRef(employerId: number, ref: string): Promise<number | null>;
  /** The months a person worked for a unit (its employment periods), oldest first. */
  employmentPeriods(employerId: number, personId: number): Promise<MonthRange[]>;

  /** Both stores answer a trivial query. */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- operational store

export interface ClientRow {
  clientId: string;
  channel: 'kiosk' | 'phone';
  keyHash: string;
  description: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface DelegateScope {
  categories: RecordCategory[];
  fromMonth: string;
  toMonth: string;
  validUntil: string;
}

export interface SessionRow {
  tokenHash: string;
  role: Role;
  channel: Channel;
  clientId: string | null;
  subjectId: number;
  authorizationId: number | null;
  scope: DelegateScope | null;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

/**
 * A session as read back: the row, and whether the person's current PIN is a one-time PIN from the counter
 * (insured sessions only; such a session may only change the PIN). Read with the session in one query, so the
 * check costs no second round trip on every call.
 */
export interface StoredSession extends SessionRow {
  pinOneTime: boolean;
}

/** Login throttling for one identity as seen from one source (a client, or a web network). */
export interface LoginThrottleRow {
  key: string;
  /** Failures since the last lock or success, counting attempts still being checked. */
  failures: number;
  /** Epoch ms; null when not locked. */
  lockedUntil: number | null;
  /** Locks imposed so far: each lasts longer than the one before. */
  locks: number;
}

/** An attempt counted against an identity's hourly budget, or when the budget has room again. */
export type LoginBudget = { kind: 'taken'; id: number } | { kind: 'spent'; retryAt: number };

export interface QueryLogEntry {
  at: string;
  channel: string;
  clientId: string;
  role: string;
  actor: string;
  subject: string;
  resource: string;
  outcome: string;
}

export interface StoredQueryLogEntry extends QueryLogEntry {
  id: number;
  prevHash: string;
  hash: string;
  /** HMAC of the hash under the key derived from the log's signing key; null when written without a key. */
  mac?: string | null;
}

/** The query log's head: how many entries, and the newest entry's hash (GENESIS_HASH when empty). */
export interface LogHead {
  size: number;
  hash: string;
}

/** A signed checkpoint as kept in the operational store (the note is what counts; size is for lookup). */
export interface StoredCheckpoint {
  size: number;
  note: string;
}

export interface CertificateRow {
  serial: string;
  checkHash: string;
  personId: number;
  issuedAt: string;
  validUntil: string;
  body: string;
}

export interface MaintenanceEntry {
  at: string;
  what: string;
  why: string;
  method: string;
  who: string;
}

export interface OperationalStore {
  /** A named server secret, created at random on first use. */
  secret(name: string): Promise<Buffer>;

  client(clientId: string): Promise<ClientRow | null>;
  clientRevoked(clientId: string): Promise<boolean>;
  listClients(): Promise<ClientRow[]>;
  addClient(row: ClientRow): Promise<void>;
  /**
   * Adds a client or, if its id exists, re-issues its key (channel and description follow). A revoked client
   * stays revoked: registering again is not an operator's decision to re-admit it.
   */
  registerClient(row: ClientRow): Promise<void>;
  revokeClient(clientId: string, at: string): Promise<boolean>;

  insertSession(row: SessionRow): Promise<void>;
  session(tokenHash: string): Promise<StoredSession | null>;
  touchSession(tokenHash: string, at: number): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteExpiredSessions(now: number, idleMs: number): Promise<void>;

  // Login throttling. Every step is atomic across the processes sharing the store, so concurrent attempts
  // cannot slip past a count (an attempt is counted before its secret is checked and released on success).
  loginThrottle(key: string): Promise<LoginThrottleRow | null>;
  /** Adds one failure to a source's count and returns the row after the change. */
  addLoginFailure(key: string): Promise<LoginThrottleRow>;
  saveLoginThrottle(row: LoginThrottleRow): Promise<void>;
  clearLoginThrottle(key: string): Promise<void>;
  /**
   * Counts one attempt against `pool` unless `limit` attempts already fall in the last `windowMs`;
   * when spent, `retryAt` is when the oldest of them leaves the window.
   */
  takeLoginBudget(pool: string, now: number, windowMs: number, limit: number): Promise<LoginBudget>;
  /** Gives an attempt back (it succeeded, or was never checked). */
  releaseLoginBudget(id: number): Promise<void>;
  /** Forgets attempts older than `before` (epoch ms). */
  pruneLoginBudget(before: number): Promise<void>;

  /** Appends one hash-chained entry atomically; throws if it cannot be written. */
  appendQueryLog(entry: QueryLogEntry): Promise<StoredQueryLogEntry>;
  /** Appends several entries in order in one transaction: all are written or none. Returns the new head. */
  appendQueryLogBatch(entries: readonly QueryLogEntry[]): Promise<LogHead>;
  /**
   * Entries in id order (for verification and export): all, those whose time is in [fromAt, toAt), or those
   * whose id is in [fromId, toId].
   */
  iterateQueryLog(range?: {
    fromAt?: string;
    toAt?: string;
    fromId?: number;
    toId?: number;
  }): AsyncIterableIterator<StoredQueryLogEntry>;
  /** The current head (size 0 and GENESIS_HASH when empty). */
  queryLogHead(): Promise<LogHead>;
  /** Keeps a signed checkpoint (append-only; the witness file outside the store has the same). */
  addLogCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  /** The kept checkpoints in the order they were added. */
  listLogCheckpoints(): Promise<StoredCheckpoint[]>;

  insertCertificate(row: CertificateRow): Promise<void>;
  certificate(serial: string): Promise<CertificateRow | null>;

  addMaintenance(entry: MaintenanceEntry): Promise<void>;
  listMaintenance(): Promise<(MaintenanceEntry & { id: number })[]>;

  healthy(): Promise<boolean>;
  /** Whether a write (a query-log entry) could start now, without writing anything. */
  writable(): Promise<boolean>;
  close(): Promise<void>;
}
