// The kiosk's bridge: the one typed interface between the screens (renderer) and whoever talks to the API.
// In Electron the preload implements it over IPC (the main process holds the terminal's client key and the
// session token); in a plain browser an HTTP implementation calls the API same-origin. One function per action.
import type {
  Accounts,
  Benefits,
  Certificate,
  Contributions,
  Disclosure,
  EmployerSummary,
  Other,
  ProblemCode,
  Registration,
  Staff,
  StaffContributions,
  Summary,
} from './api.ts';
import type { RecordCategory, Role, StaffStatus } from './domain.ts';

/** What the screens may log in with (the phone's employer-pin method is not offered at the kiosk). */
export type KioskLogin =
  | { method: 'pin'; nationalId: string; pin: string }
  | { method: 'delegate'; delegateNationalId: string; authorizationCode: string }
  | { method: 'employer'; unitNumber: string; password: string };

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

export interface ContributionsFilter {
  page?: number;
  pageSize?: number;
  from?: string;
  to?: string;
  insuranceType?: string;
  status?: string;
}

export interface StaffFilter {
  page?: number;
  pageSize?: number;
  status?: StaffStatus;
}

export interface CertificateVerificationResult {
  valid: boolean;
  certificate?: Omit<Certificate, 'checkCode'>;
}

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

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const STAFF_REF = /^[A-Za-z0-9_-]{1,64}$/;
const INSURANCE = /^(pension|medical|unemployment|work_injury|maternity)$/;
const CONTRIBUTION_STATUS = /^(paid|arrears|late)$/;

function badRequest<T>(): KioskResult<T> {
  return { ok: false, error: { code: 'bad_request', status: 400 } };
}

function isPositiveInt(n: unknown, max: number): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= max;
}

/** Builds a query string from the filter, refusing anything malformed before it reaches the network. */
function queryString(values: Record<string, string | number | undefined>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function pageValid(filter: { page?: number; pageSize?: number }): boolean {
  return (
    (filter.page === undefined || isPositiveInt(filter.page, 100_000)) &&
    (filter.pageSize === undefined || isPositiveInt(filter.pageSize, 200))
  );
}

/**
 * The kiosk's API calls. The session token stays inside this closure: the screens only ever see a KioskSession.
 * Arguments are checked here so that, in the main process, nothing the renderer sends can shape an arbitrary URL.
 */
export function createKioskApiClient(
  options: KioskApiClientOptions,
): KioskApiActions & { hasSession(): boolean } {
  let token: string | null = null;

  async function call<T>(method: string, path: string, body?: unknown): Promise<KioskResult<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.clientKey) headers['x-client-key'] = options.clientKey;
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await options.fetch(`${options.baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      return { ok: false, error: { code: 'network', status: 0 } };
    }
    if (response.ok) {
      if (response.status === 204) return { ok: true, data: undefined as T };
      try {
        return { ok: true, data: (await response.json()) as T };
      } catch {
        return { ok: false, error: { code: 'internal', status: response.status } };
      }
    }
    let problemBody: Partial<KioskFailure> & { code?: unknown } = {};
    try {
      problemBody = ((await response.json()) ?? {}) as typeof problemBody;
    } catch {
      // A proxy's HTML error page: keep the status only.
    }
    const code =
      typeof problemBody.code === 'string' ? (problemBody.code as KioskFailure['code']) : 'internal';
    if (code === 'session_expired' || code === 'unauthenticated') token = null;
    const error: KioskFailure = { code, status: response.status };
    if (typeof problemBody.attemptsLeft === 'number') error.attemptsLeft = problemBody.attemptsLeft;
    if (typeof problemBody.retryAt === 'string') error.retryAt = problemBody.retryAt;
    return { ok: false, error };
  }

  return {
    hasSession: () => token !== null,
    disclosure: () => call('GET', '/v1/disclosure'),
    async login(request) {
      token = null;
      if (!request || typeof request !== 'object') return badRequest();
      let body: KioskLogin;
      if (request.method === 'pin') {
        body = { method: 'pin', nationalId: String(request.nationalId), pin: String(request.pin) };
      } else if (request.method === 'delegate') {
        body = {
          method: 'delegate',
          delegateNationalId: String(request.delegateNationalId),
          authorizationCode: String(request.authorizationCode),
        };
      } else if (request.method === 'employer') {
        body = {
          method: 'employer',
          unitNumber: String(request.unitNumber),
          password: String(request.password),
        };
      } else {
        return badRequest();
      }
      const result = await call<KioskSession & { token: string }>('POST', '/v1/sessions', body);
      if (!result.ok) return result;
      token = result.data.token;
      const session: KioskSession = { role: result.data.role, expiresAt: result.data.expiresAt };
      if (result.data.scope) session.scope = result.data.scope;
      return { ok: true, data: session };
    },
    async logout() {
      if (token) await call('DELETE', '/v1/sessions/current');
      token = null;
    },
    registration: () => call('GET', '/v1/me/registration'),
    contributions(filter) {
      const f = filter ?? {};
      if (!pageValid(f)) return Promise.resolve(badRequest());
      if (f.from !== undefined && !MONTH.test(String(f.from))) return Promise.resolve(badRequest());
      if (f.to !== undefined && !MONTH.test(String(f.to))) return Promise.resolve(badRequest());
      if (f.insuranceType !== undefined && !INSURANCE.test(String(f.insuranceType)))
        return Promise.resolve(badRequest());
      if (f.status !== undefined && !CONTRIBUTION_STATUS.test(String(f.status)))
        return Promise.resolve(badRequest());
      const { page, pageSize, from, to, insuranceType, status } = f;
      return call(
        'GET',
        `/v1/me/contributions${queryString({ page, pageSize, from, to, insuranceType, status })}`,
      );
    },
    benefits: () => call('GET', '/v1/me/benefits'),
    accounts: () => call('GET', '/v1/me/accounts'),
    other: () => call('GET', '/v1/me/other'),
    summary: () => call('GET', '/v1/me/summary'),
    employerSummary: () => call('GET', '/v1/employer/summary'),
    employerStaff(filter) {
      const f = filter ?? {};
      if (!pageValid(f)) return Promise.resolve(badRequest());
      if (f.status !== undefined && !CONTRIBUTION_STATUS.test(String(f.status)))
        return Promise.resolve(badRequest());
      return call(
        'GET',
        `/v1/employer/staff${queryString({ page: f.page, pageSize: f.pageSize, status: f.status })}`,
      );
    },
    employerStaffContributions(ref, filter) {
      const f = filter ?? {};
      if (typeof ref !== 'string' || !STAFF_REF.test(ref) || !pageValid(f))
        return Promise.resolve(badRequest());
      return call(
        'GET',
        `/v1/employer/staff/${encodeURIComponent(ref)}/contributions${queryString({ page: f.page, pageSize: f.pageSize })}`,
      );
    },
    issueCertificate(period) {
      const p = period ?? {};
      if (p.from !== undefined && !MONTH.test(String(p.from))) return Promise.resolve(badRequest());
      if (p.to !== undefined && !MONTH.test(String(p.to))) return Promise.resolve(badRequest());
      const body: { from?: string; to?: string } = {};
      if (p.from) body.from = p.from;
      if (p.to) body.to = p.to;
      return call('POST', '/v1/me/certificates', body);
    },
    verifyCertificate(request) {
      if (!request || typeof request.serial !== 'string' || typeof request.checkCode !== 'string') {
        return Promise.resolve(badRequest());
      }
      return call('POST', '/v1/certificates/verify', {
        serial: request.serial,
        checkCode: request.checkCode,
      });
    },
  };
}
