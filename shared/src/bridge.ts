// The kiosk's bridge: the one typed interface between the screens (renderer) and whoever talks to the API.
// In Electron the preload implements it over IPC (the main process holds the terminal's client key and the
// session token); in a plain browser an HTTP implementation calls the API same-origin. One function per action.
import type {
  Accounts,
  Benefits,
  Certificate,
  Contributions,
  ContributionsQuery,
  Disclosure,
  EmployerSummary,
  Other,
  ProblemCode,
  Registration,
  SessionRequest,
  Staff,
  StaffContributions,
  Summary,
} from './api.ts';
import type { RouteResponse } from './contract.ts';
import type { RecordCategory, Role } from './domain.ts';
import type { Language } from './i18n.ts';
import type {
  AccessLog,
  IssuedStatement,
  RecordRequestInput,
  RecordRequestList,
  RecordRequestReceipt,
  Statement,
  StatementYears,
} from './rights.ts';
import type { z } from 'zod';
import type { staffQuery } from './api.ts';

/** What the screens may log in with: the contract's login bodies, less the phone's employer-pin method. */
export type KioskLogin = Exclude<SessionRequest, { method: 'employer-pin' }>;

/** The session as the screens know it: never the token, which stays with the bridge's implementation. */
export interface KioskSession {
  role: Role;
  expiresAt: string;
  /** For a delegate: the categories and period of the authorisation. */
  scope?: { categories: RecordCategory[]; fromMonth: string; toMonth: string; validUntil: string };
  /** Logged in with a one-time PIN from the counter: the person must choose a PIN before anything else. */
  mustChangePin?: boolean;
}

/** Why a call failed: a problem code from the API, or `network` when the API could not be reached. */
export interface KioskFailure {
  code: ProblemCode | 'network';
  status: number;
  attemptsLeft?: number;
  retryAt?: string;
  /** For bad_request: which field was refused and why (e.g. `newPin` / `run`, `currentPin` / `wrong_pin`). */
  fields?: { path: string; message: string }[];
}

export type KioskResult<T> = { ok: true; data: T } | { ok: false; error: KioskFailure };

/** The contributions route's query, every part optional. */
export type ContributionsFilter = Partial<ContributionsQuery>;

/** The staff route's query, every part optional. */
export type StaffFilter = Partial<z.output<typeof staffQuery>>;

export type CertificateVerificationResult = RouteResponse<'verifyCertificate'>;

/** Terminal settings the screens need (no secrets). */
export interface KioskSettings {
  channel: 'kiosk' | 'web';
  /** Seconds without a touch before the warning, and before logout. */
  idleWarningSeconds: number;
  idleLogoutSeconds: number;
  /** Whether printing goes silently to a configured printer (kiosk) or through the browser's dialog (web). */
  silentPrint: boolean;
  /** The agency's IANA time zone for every time shown (`AGENCY_TIME_ZONE`); Asia/Shanghai when absent. */
  timeZone?: string;
  /**
   * The screen layout: `kiosk` (portrait touch screen, on-screen keypads in the reach zone, 64 px targets) or
   * `web` (responsive, the device's own keyboard). Defaults to the channel's.
   */
  layout?: 'kiosk' | 'web';
}

export interface KioskBridge {
  settings(): Promise<KioskSettings>;
  disclosure(): Promise<KioskResult<Disclosure>>;
  login(request: KioskLogin): Promise<KioskResult<KioskSession>>;
  logout(): Promise<void>;
  registration(): Promise<KioskResult<Registration>>;
  contributions(filter: ContributionsFilter): Promise<KioskResult<Contributions>>;
  benefits(): Promise<KioskResult<Benefits>>;
  accounts(): Promise<KioskResult<Accounts>>;
  other(): Promise<KioskResult<Other>>;
  summary(): Promise<KioskResult<Summary>>;
  employerSummary(): Promise<KioskResult<EmployerSummary>>;
  employerStaff(filter: StaffFilter): Promise<KioskResult<Staff>>;
  employerStaffContributions(
    ref: string,
    filter: { page?: number; pageSize?: number },
  ): Promise<KioskResult<StaffContributions>>;
  issueCertificate(period: { from?: string; to?: string }): Promise<KioskResult<Certificate>>;
  verifyCertificate(request: {
    serial: string;
    checkCode: string;
  }): Promise<KioskResult<CertificateVerificationResult>>;
  statementYears(): Promise<KioskResult<StatementYears>>;
  statement(year: number): Promise<KioskResult<Statement>>;
  /** The year's statement as a checkable document (serial, check code, QR address and the PDF). */
  statementDocument(year: number, language: Language): Promise<KioskResult<IssuedStatement>>;
  fileRequest(request: RecordRequestInput): Promise<KioskResult<RecordRequestReceipt>>;
  listRequests(): Promise<KioskResult<RecordRequestList>>;
  accessLog(): Promise<KioskResult<AccessLog>>;
  /**
   * Changes the PIN. After a login with a one-time PIN, `currentPin` may be left out: the bridge still holds the
   * PIN that was just accepted (beside the session token, never in the screens).
   */
  changePin(request: { currentPin?: string; newPin: string }): Promise<KioskResult<{ changed: true }>>;
  /** Prints the current page (a certificate, a statement, a request's receipt): silently to the terminal's printer, or the browser's dialog. */
  printCertificate(): Promise<KioskResult<{ printed: boolean }>>;
  /** A card was read (keyboard-wedge reader, or the development simulation); returns an unsubscribe function. */
  onCardRead(listener: (nationalId: string) => void): () => void;
}

/** The IPC channel names the preload and the main process agree on, one per action. */
export const KIOSK_IPC = {
  settings: 'kiosk:settings',
  disclosure: 'kiosk:disclosure',
  login: 'kiosk:login',
  logout: 'kiosk:logout',
  registration: 'kiosk:registration',
  contributions: 'kiosk:contributions',
  benefits: 'kiosk:benefits',
  accounts: 'kiosk:accounts',
  other: 'kiosk:other',
  summary: 'kiosk:summary',
  employerSummary: 'kiosk:employer-summary',
  employerStaff: 'kiosk:employer-staff',
  employerStaffContributions: 'kiosk:employer-staff-contributions',
  issueCertificate: 'kiosk:issue-certificate',
  verifyCertificate: 'kiosk:verify-certificate',
  statementYears: 'kiosk:statement-years',
  statement: 'kiosk:statement',
  statementDocument: 'kiosk:statement-document',
  fileRequest: 'kiosk:file-request',
  listRequests: 'kiosk:list-requests',
  accessLog: 'kiosk:access-log',
  changePin: 'kiosk:change-pin',
  printCertificate: 'kiosk:print-certificate',
  cardRead: 'kiosk:card-read',
} as const;
export type KioskInvokeChannel = Exclude<keyof typeof KIOSK_IPC, 'cardRead'>;
