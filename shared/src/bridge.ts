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
import { prepareRequest, readResponse } from './client.ts';
import type { RouteName, RouteRequest, RouteResponse } from './contract.ts';
import type { RecordCategory, Role } from './domain.ts';
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
}

/** Why a call failed: a problem code from the API, or `network` when the API could not be reached. */
export interface KioskFailure {
  code: ProblemCode | 'network';
  status: number;
  attemptsLeft?: number;
  retryAt?: string;
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
  /** Prints the current page (the certificate): silently to the terminal's printer, or the browser's dialog. */
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
  printCertificate: 'kiosk:print-certificate',
  cardRead: 'kiosk:card-read',
} as const;
export type KioskInvokeChannel = Exclude<keyof typeof KIOSK_IPC, 'cardRead'>;

// ---------------------------------------------------------------- the API client both implementations share

/** The part of `fetch` the client needs, so this module runs in the browser and in Electron's main process alike. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** The bridge's actions that are plain API calls (settings, printing and the card reader belong to the shell). */
export type KioskApiActions = Omit<KioskBridge, 'settings' | 'printCertificate' | 'onCardRead'>;

export interface KioskApiClientOptions {
  /** The API's origin and prefix, e.g. `http://127.0.0.1:8080`, or `''` for same-origin in the browser. */
  baseUrl: string;
  fetch: FetchLike;
  /** The terminal's client key (kiosk channel); absent for the web channel. */
  clientKey?: string;
}

function badRequest<T>(): KioskResult<T> {
  return { ok: false, error: { code: 'bad_request', status: 400 } };
}

/**
 * The kiosk's API calls, derived from the route table: every request is checked against the route's schemas
 * before it is sent (in the main process, nothing the renderer sends can shape an arbitrary URL) and every
 * answer against the route's response schema. The session token stays inside this closure: the screens only
 * ever see a KioskSession.
 */
export function createKioskApiClient(
  options: KioskApiClientOptions,
): KioskApiActions & { hasSession(): boolean } {
  let token: string | null = null;

  async function call<N extends RouteName>(
    name: N,
    input: RouteRequest<N>,
  ): Promise<KioskResult<RouteResponse<N>>> {
    const prepared = prepareRequest(name, input);
    if (!prepared.ok) return badRequest();
    const { method, path, body } = prepared.request;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.clientKey) headers['x-client-key'] = options.clientKey;
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await options.fetch(`${options.baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
    } catch {
      return { ok: false, error: { code: 'network', status: 0 } };
    }
    let json: unknown = undefined;
    if (response.status !== 204) {
      try {
        json = await response.json();
      } catch {
        // Not JSON (a proxy's HTML error page): readResponse refuses it below.
      }
    }
    const result = readResponse(name, response.status, json);
    if (result.kind === 'ok') return { ok: true, data: result.data };
    if (result.kind === 'bad_response')
      return { ok: false, error: { code: 'internal', status: response.status } };
    const { problem } = result;
    if (problem.code === 'session_expired' || problem.code === 'unauthenticated') token = null;
    const error: KioskFailure = { code: problem.code, status: response.status };
    if (problem.attemptsLeft !== undefined) error.attemptsLeft = problem.attemptsLeft;
    if (problem.retryAt !== undefined) error.retryAt = problem.retryAt;
    return { ok: false, error };
  }

  return {
    hasSession: () => token !== null,
    disclosure: () => call('disclosure', {}),
    async login(request) {
      token = null;
      // The phone's method is not offered here, whatever the renderer sends.
      if (
        !request ||
        typeof request !== 'object' ||
        (request as { method?: unknown }).method === 'employer-pin'
      )
        return badRequest();
      const result = await call('login', { body: request });
      if (!result.ok) return result;
      token = result.data.token;
      const session: KioskSession = { role: result.data.role, expiresAt: result.data.expiresAt };
      if (result.data.scope) session.scope = result.data.scope;
      return { ok: true, data: session };
    },
    async logout() {
      if (token) await call('logout', {});
      token = null;
    },
    registration: () => call('registration', {}),
    contributions: (filter) => call('contributions', { query: filter ?? {} }),
    benefits: () => call('benefits', {}),
    accounts: () => call('accounts', {}),
    other: () => call('other', {}),
    summary: () => call('summary', {}),
    employerSummary: () => call('employerSummary', {}),
    employerStaff: (filter) => call('employerStaff', { query: filter ?? {} }),
    employerStaffContributions: (ref, filter) =>
      call('employerStaffContributions', { params: { ref }, query: filter ?? {} }),
    issueCertificate: (period) => call('issueCertificate', { body: period ?? {} }),
    verifyCertificate: (request) => call('verifyCertificate', { body: request }),
  };
}
