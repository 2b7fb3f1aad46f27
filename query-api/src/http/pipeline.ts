// The steps every API call goes through, as plain functions shared by both adapters (Express and the node:http
// fast lane): the security headers, the client key (channel and rate limit), the bearer session, then the
// route's gate (roles and channels from the contract), its input parsing (the contract's schemas), then its
// handler. Also the one way both adapters read the client address and the query string. Kept deliberately
// small: they run on every request.
import type { IncomingMessage } from 'node:http';
import { KIOSK_CSP } from '@consulta/shared';
import type { Caller } from '../auth/sessions.ts';
import type { ServerRoute } from './routes.ts';
import { ApiProblem, parseInput, rateLimitedProblem } from './problem.ts';
import { actorOf, type ApiDeps, type CallContext, type SessionAuth } from './context.ts';

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
  throw rateLimitedProblem(retryAt, now);
}

/** The query string as one object: one string per name, an array when a name repeats. */
export function queryObject(search: string): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (search === '') return query;
  for (const [name, value] of new URLSearchParams(search)) {
    const previous = query[name];
    if (previous === undefined) query[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else query[name] = [previous, value];
  }
  return query;
}

/** The peer address: the web channel's rate-limit key, read the same way by both adapters. */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? '';
}

/** The raw query string of a request (without the `?`). */
export function searchOf(req: IncomingMessage): string {
  const url = req.url ?? '';
  const mark = url.indexOf('?');
  return mark < 0 ? '' : url.slice(mark + 1);
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
export async function resolveSession(
  deps: ApiDeps,
  authorization: string | undefined,
  caller: Caller,
): Promise<SessionAuth> {
  const match = BEARER.exec(authorization ?? '');
  if (!match?.[1]) throw new ApiProblem('unauthenticated');
  const result = await deps.sessions.resolve(match[1], caller, deps.now().getTime());
  if (result.kind !== 'ok') throw new ApiProblem(result.kind);
  return { principal: result.principal, session: result.session };
}

/** The request parts an adapter hands to `runRoute`, not yet validated. */
export interface CallInput {
  /** The raw query string, without the `?`. */
  search: string;
  params: Record<string, string>;
  /** The parsed JSON body, undefined when none was sent. */
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

/**
 * The route's gate: a session whose role, or a caller whose channel, the route's contract does not name is
 * refused with 403, and the refusal is logged like any answer.
 */
function gate(route: ServerRoute, deps: ApiDeps, caller: Caller | null, auth: SessionAuth | null): void {
  if (!caller) return;
  const channelOk = route.channels.includes(caller.channel);
  const roleOk = !auth || route.roles.includes(auth.principal.role);
  if (channelOk && roleOk) return;
  deps.log.record({
    ...caller,
    role: auth ? auth.principal.role : 'public',
    actor: auth ? actorOf(auth.principal) : 'anonymous',
    subject: '-',
    resource: route.resource,
    outcome: 'forbidden',
  });
  throw new ApiProblem('forbidden', {
    detail: channelOk
      ? `not allowed: this route is not for the ${auth?.principal.role ?? 'caller'}'s role`
      : `not allowed on the ${caller.channel} channel`,
  });
}

/**
 * A session opened with a one-time PIN from the counter may only change the PIN: every route whose contract
 * names `pin_change_required` refuses it (logged).
 */
function requireOwnPin(
  route: ServerRoute,
  deps: ApiDeps,
  caller: Caller | null,
  auth: SessionAuth | null,
): void {
  if (!caller || !auth || !route.problems.includes('pin_change_required')) return;
  if (!auth.session.pinOneTime) return;
  deps.log.record({
    ...caller,
    role: auth.principal.role,
    actor: actorOf(auth.principal),
    subject: auth.principal.role === 'employer' ? '-' : `person:${auth.principal.personId}`,
    resource: route.resource,
    outcome: 'pin_change_required',
  });
  throw new ApiProblem('pin_change_required');
}

/**
 * The session step, the gate, the input parsing and the route's handler (the policy, the store, the query log),
 * for an established caller.
 */
export async function runRoute(
  route: ServerRoute,
  deps: ApiDeps,
  caller: Caller | null,
  input: CallInput,
): Promise<Answer> {
  const auth =
    route.auth === 'session' && caller ? await resolveSession(deps, input.authorization, caller) : null;
  if (route.auth === 'session' && !auth) throw new Error('a session route needs the client step');
  const mark = deps.log.mark();
  // One records snapshot for the whole call, even if a data load switches new records in meanwhile.
  const pinned = deps.pinRecords ? { ...deps, ...deps.pinRecords() } : deps;
  let result: unknown;
  let status: number;
  let headers: Record<string, string>;
  try {
    gate(route, pinned, caller, auth);
    requireOwnPin(route, pinned, caller, auth);
    const call: CallContext = {
      params: route.params ? parseInput(route.params, input.params) : undefined,
      query: route.query ? parseInput(route.query, queryObject(input.search)) : undefined,
      // An empty body is an empty object: the schema then names what is missing.
      body: route.body ? parseInput(route.body, input.body ?? {}) : undefined,
      resource: route.resource,
      ip: input.ip,
      caller,
      auth,
      status: route.status,
      headers: {},
    };
    result = await route.handler(call, pinned);
    status = call.status;
    headers = call.headers;
  } catch (err) {
    // A refusal is logged too: its entry must be written before the refusal leaves.
    await deps.log.written(mark);
    throw err;
  }
  // No entry, no answer: the call's log entries are written (or the call fails) before anything is sent.
  await deps.log.written(mark);
  return { status, headers, body: route.response === null ? undefined : result };
}
