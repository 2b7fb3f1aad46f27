// The API client's two halves, derived from the route table (contract.ts) and shared by every client (the
// kiosk's main process, the web channel's bridge, the phone server): `prepareRequest` checks what a client is
// about to send against the route's schemas and builds the method, path, query string and body; `readResponse`
// checks what came back against the route's response schema (or the problem schema). Each client brings its
// own transport (fetch, node:http). No node:*, no DOM.
import { problem, type Problem } from './api.ts';
import {
  API,
  routePath,
  type RouteName,
  type RouteRequest,
  type RouteResponse,
  type RouteSpec,
} from './contract.ts';

export interface PreparedRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** The path and the query string, e.g. `/v1/me/contributions?pageSize=20`. */
  path: string;
  /** The JSON body, when the route takes one. */
  body?: string;
}

export type Prepared =
  { ok: true; request: PreparedRequest } | { ok: false; errors: { path: string; message: string }[] };

/** The answer as a client sees it: the route's data, a problem, or an answer that fits neither schema. */
export type ReadResult<T> =
  { kind: 'ok'; data: T } | { kind: 'problem'; problem: Problem } | { kind: 'bad_response' };

type Issues = { path: PropertyKey[]; message: string }[];

function errorsOf(part: string, issues: Issues): { path: string; message: string }[] {
  return issues.map((i) => ({ path: [part, ...i.path.map(String)].join('.'), message: i.message }));
}

/**
 * Checks a request against the route's schemas and builds it; nothing malformed reaches the network (in the
 * kiosk's main process this also means nothing the renderer sends can shape an arbitrary URL). Only the query
 * parameters given are sent (the API applies its own defaults).
 */
export function prepareRequest<N extends RouteName>(name: N, input: RouteRequest<N>): Prepared {
  const spec: RouteSpec = API[name];
  const given = (input ?? {}) as { params?: unknown; query?: unknown; body?: unknown };
  let params: Record<string, string> | undefined;
  if (spec.params) {
    const parsed = spec.params.safeParse(given.params ?? {});
    if (!parsed.success) return { ok: false, errors: errorsOf('params', parsed.error.issues) };
    params = parsed.data as Record<string, string>;
  }
  let search = '';
  if (spec.query && given.query !== undefined) {
    if (typeof given.query !== 'object' || given.query === null) {
      return { ok: false, errors: [{ path: 'query', message: 'not an object' }] };
    }
    const present = Object.entries(given.query).filter(([, value]) => value !== undefined);
    const parsed = spec.query.safeParse(Object.fromEntries(present));
    if (!parsed.success) return { ok: false, errors: errorsOf('query', parsed.error.issues) };
    const values = parsed.data as Record<string, unknown>;
    const parts = present
      .filter(([key]) => key in values)
      .map(([key]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(values[key]))}`);
    search = parts.length ? `?${parts.join('&')}` : '';
  }
  let body: string | undefined;
  if (spec.body) {
    const parsed = spec.body.safeParse(given.body);
    if (!parsed.success) return { ok: false, errors: errorsOf('body', parsed.error.issues) };
    body = JSON.stringify(parsed.data);
  }
  const method = spec.method.toUpperCase() as PreparedRequest['method'];
  return { ok: true, request: { method, path: routePath(spec, params) + search, ...(body ? { body } : {}) } };
}

/** Checks an answer against the route's response schema (success) or the problem schema (anything else). */
export function readResponse<N extends RouteName>(
  name: N,
  status: number,
  json: unknown,
): ReadResult<RouteResponse<N>> {
  const spec: RouteSpec = API[name];
  if (status === spec.status || status === spec.alsoStatus?.status) {
    if (spec.response === null) return { kind: 'ok', data: undefined as RouteResponse<N> };
    const parsed = spec.response.safeParse(json);
    return parsed.success ? { kind: 'ok', data: parsed.data as RouteResponse<N> } : { kind: 'bad_response' };
  }
  const parsed = problem.safeParse(json);
  return parsed.success ? { kind: 'problem', problem: parsed.data } : { kind: 'bad_response' };
}

/** A bad_request problem for a request the client refused to send. */
export function clientSideProblem(errors: { path: string; message: string }[]): Problem {
  return {
    type: '/problems/bad_request',
    title: 'The request is not valid',
    status: 400,
    code: 'bad_request',
    errors,
  };
}
