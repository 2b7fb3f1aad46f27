// The steps every API call goes through, as plain functions shared by both adapters (Express and the node:http
// fast lane): the security headers, the client key (channel and rate limit), the bearer session, then the
// route's handler. Kept deliberately small: they run on every request.
import { KIOSK_CSP } from '@consulta/shared';
import type { Caller } from '../auth/sessions.ts';
import type { RouteDef } from './routes.ts';
import { ApiProblem } from './problem.ts';
import type { ApiDeps, CallContext, SessionAuth } from './context.ts';

/** Strict headers on documents (the kiosk's web build); personal data is never cached. */
export const DOCUMENT_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': KIOSK_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cache-Control': 'no-store',
};

/**
 * The set for JSON answers (a JSON answer is never rendered as a page, so it loads nothing and may not be
 * framed); computed once and written with one writeHead on the fast lane.
 */
export const API_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** The document-only headers a JSON answer drops. */
export const DOCUMENT_ONLY_HEADERS = Object.keys(DOCUMENT_HEADERS).filter((name) => !(name in API_HEADERS));

export const JSON_TYPE = 'application/json; charset=utf-8';
export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

function rateLimited(retryAt: number, now: number): never {
  const problem = new ApiProblem('rate_limited', { retryAt: new Date(retryAt).toISOString() });
  problem.headers['Retry-After'] = String(Math.max(1, Math.ceil((retryAt - now) / 1000)));
  throw problem;
}

/**
 * X-Client-Key fixes the channel; without one the request is the web channel, rate-limited per address.
 * Keys not yet verified are throttled per address (auth/clients.ts). Throws ApiProblem (unknown_client,
 * rate_limited).
 */
export async function resolveClient(
  deps: ApiDeps,
  presented: string | string[] | undefined,
  ip: string,
): Promise<Caller> {
  const now = deps.now().getTime();
  if (presented === undefined) {
    const retryAt = deps.webLimiter.take(`web:${ip}`, now);
    if (retryAt !== null) rateLimited(retryAt, now);
    return { channel: 'web', clientId: null };
  }
  if (typeof presented !== 'string') throw new ApiProblem('unknown_client');
  const checked = await deps.clients.check(presented, now, ip);
  if (checked.kind === 'throttled') rateLimited(checked.retryAt, now);
  if (checked.kind === 'unknown') throw new ApiProblem('unknown_client');
  const { identity } = checked;
  const retryAt = deps.clientLimiter.take(identity.clientId, now);
  if (retryAt !== null) rateLimited(retryAt, now);
  return { channel: identity.channel, clientId: identity.clientId };
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

/** The bearer session, read from the operational store on every call (it is the truth). */
export function resolveSession(
  deps: ApiDeps,
  authorization: string | undefined,
  caller: Caller,
): SessionAuth {
  const match = BEARER.exec(authorization ?? '');
  if (!match?.[1]) throw new ApiProblem('unauthenticated');
  const result = deps.sessions.resolve(match[1], caller, deps.now().getTime());
  if (result.kind !== 'ok') throw new ApiProblem(result.kind);
  return { principal: result.principal, session: result.session };
}

/** The request parts an adapter hands to `runRoute`. */
export interface CallInput {
  query: Record<string, unknown>;
  params: Record<string, string>;
  body: unknown;
  ip: string;
  authorization: string | undefined;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  /** Undefined: no content. */
  body: unknown;
}

/** The session step and the route's handler (the policy, the store, the query log), for an established caller. */
export async function runRoute(
  route: RouteDef,
  deps: ApiDeps,
  caller: Caller | null,
  input: CallInput,
): Promise<Answer> {
  const auth = route.auth === 'session' && caller ? resolveSession(deps, input.authorization, caller) : null;
  if (route.auth === 'session' && !auth) throw new Error('a session route needs the client step');
  const call: CallContext = {
    query: input.query,
    params: input.params,
    body: input.body,
    ip: input.ip,
    caller,
    auth,
    status: route.status,
    headers: {},
  };
  const mark = deps.log.mark();
  let result: unknown;
  try {
    result = await route.handler(call, deps);
  } catch (err) {
    // A refusal is logged too: its entry must be written before the refusal leaves.
    await deps.log.written(mark);
    throw err;
  }
  // No entry, no answer: the call's log entries are written (or the call fails) before anything is sent.
  await deps.log.written(mark);
  return { status: call.status, headers: call.headers, body: route.response === null ? undefined : result };
}
