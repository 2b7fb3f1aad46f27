// The kiosk's API client, shared by both bridge implementations (Electron's main process and the web channel's
// HTTP bridge) and derived from the route table. Kept apart from bridge.ts so that the sandboxed preload, which
// needs only the bridge's type and IPC channel names, bundles no schema library.
import { prepareRequest, readResponse } from './client.ts';
import type { RouteName, RouteRequest, RouteResponse } from './contract.ts';
import type { KioskBridge, KioskFailure, KioskResult, KioskSession } from './bridge.ts';

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
  // A one-time PIN just accepted at login, kept only until the person has chosen their own.
  let oneTimePin: string | null = null;

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
    if (problem.errors?.length) error.fields = problem.errors;
    return { ok: false, error };
  }

  return {
    hasSession: () => token !== null,
    disclosure: () => call('disclosure', {}),
    async login(request) {
      token = null;
      oneTimePin = null;
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
      if (result.data.mustChangePin && request.method === 'pin') {
        session.mustChangePin = true;
        oneTimePin = request.pin;
      }
      return { ok: true, data: session };
    },
    async logout() {
      if (token) await call('logout', {});
      token = null;
      oneTimePin = null;
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
    statementYears: () => call('statementYears', {}),
    statement: (year) => call('statement', { params: { year } }),
    statementDocument: (year, language) =>
      call('statementDocument', { params: { year }, body: { language } }),
    fileRequest: (request) => call('fileRequest', { body: request }),
    listRequests: () => call('listRequests', {}),
    accessLog: () => call('accessLog', {}),
    async changePin(request) {
      const currentPin = request?.currentPin ?? oneTimePin;
      if (!currentPin || !request) return badRequest();
      const result = await call('changePin', { body: { currentPin, newPin: request.newPin } });
      if (!result.ok) return result;
      oneTimePin = null;
      return { ok: true, data: { changed: true } };
    },
  };
}
