// Errors as RFC 9457 problem details (`application/problem+json`) with stable codes the clients map to their
// message catalogues. Handlers throw ApiProblem; both adapters (Express and the fast lane) map any error with
// the one `toProblem` below and write the result.
import { PROBLEM_STATUS, type Problem, type ProblemCode } from '@consulta/shared';
import type { z } from 'zod';
import { LogUnavailableError } from '../log/query-log.ts';

/** Titles for operators and API users (the clients show their own catalogues' text for each code). */
const TITLE: Record<ProblemCode, string> = {
  bad_request: 'The request is not valid',
  unauthenticated: 'A valid session is required',
  invalid_credentials: 'The identity or the secret is wrong',
  locked: 'Too many wrong attempts: this identity is locked for a while',
  forbidden: 'Not allowed for this session, role or channel',
  not_found: 'Not found',
  rate_limited: 'Too many requests',
  unknown_client: 'Unknown or revoked client key',
  session_expired: 'The session has expired',
  authorization_expired: "The delegate's authorisation has expired",
  pin_change_required: 'The PIN is a one-time PIN: choose a new PIN first',
  log_unavailable: 'The query log cannot be written, so nothing is disclosed',
  store_unavailable: 'A data store is unavailable',
  internal: 'Internal error',
};

export class ApiProblem extends Error {
  readonly body: Problem;
  /** Answer headers that go with the problem (e.g. Retry-After). */
  readonly headers: Record<string, string> = {};

  constructor(code: ProblemCode, extra: Partial<Omit<Problem, 'code' | 'type' | 'title'>> = {}) {
    const status = PROBLEM_STATUS[code];
    const title = TITLE[code];
    super(title);
    this.body = { type: `/problems/${code}`, title, status: extra.status ?? status, code, ...extra };
  }

  get status(): number {
    return this.body.status;
  }
}

/** 429 with `retryAt` in the body and `Retry-After` (whole seconds) in the headers, wherever a limit trips. */
export function rateLimitedProblem(retryAt: number, now: number): ApiProblem {
  const problem = new ApiProblem('rate_limited', { retryAt: new Date(retryAt).toISOString() });
  problem.headers['Retry-After'] = String(Math.max(1, Math.ceil((retryAt - now) / 1000)));
  return problem;
}

/** Operator log lines: codes and routes only, never personal data. */
export function operatorLog(message: string): void {
  console.error(`[query-api] ${new Date().toISOString()} ${message}`);
}

function isSqliteError(err: unknown): err is Error & { code: string } {
  return err instanceof Error && err.name === 'SqliteError';
}

/**
 * Any error as the problem to answer, for both adapters: a store fault is a 503 `store_unavailable` and an
 * operator log line; an unwritable query log is a 503 `log_unavailable` that discloses nothing; bad input
 * (including the body parser's errors) is a 400-class answer, never a 500. `where` is "METHOD route" for the log.
 */
export function toProblem(err: unknown, where: string): ApiProblem {
  if (err instanceof ApiProblem) return err;
  if (err instanceof LogUnavailableError) {
    const cause =
      err.cause instanceof Error ? ((err.cause as { code?: string }).code ?? err.cause.name) : 'unknown';
    operatorLog(`query log write failed (${cause}) on ${where}`);
    return new ApiProblem('log_unavailable');
  }
  const httpError = err as { type?: string; status?: number };
  if (httpError.type === 'entity.parse.failed') {
    return new ApiProblem('bad_request', { errors: [{ path: '(body)', message: 'not valid JSON' }] });
  }
  if (httpError.type === 'entity.too.large') {
    return new ApiProblem('bad_request', { status: 413, detail: 'the body is too large' });
  }
  if (typeof httpError.type === 'string' && typeof httpError.status === 'number' && httpError.status < 500) {
    return new ApiProblem('bad_request', { status: httpError.status, detail: httpError.type });
  }
  // Any other HTTP error a library raises for the request itself (a 4xx from send or the body parser).
  const status = httpError.status ?? (err as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && err instanceof Error) {
    return new ApiProblem(status === 404 ? 'not_found' : 'bad_request', { status, detail: err.message });
  }
  if (err instanceof URIError) {
    // A malformed percent-escape in the path (Express's parameter decoding throws it).
    return new ApiProblem('bad_request', { detail: 'the path is not valid percent-encoding' });
  }
  if (isSqliteError(err) && /^SQLITE_(BUSY|LOCKED)/.test(err.code)) {
    // Another process holds the operational store's write lock: no entry can be written, nothing is disclosed.
    operatorLog(`operational store locked by another process (${err.code}) on ${where}`);
    return new ApiProblem('log_unavailable');
  }
  if (isSqliteError(err)) {
    operatorLog(`store fault ${err.code} on ${where}`);
    return new ApiProblem('store_unavailable');
  }
  operatorLog(`internal error on ${where}: ${(err as Error | undefined)?.name ?? 'unknown'}`);
  return new ApiProblem('internal');
}

/** Validates input with a contract schema; a failure is a 400 naming every wrong field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ApiProblem('bad_request', {
    errors: result.error.issues.map((i) => ({
      path: i.path.map(String).join('.') || '(body)',
      message: i.message,
    })),
  });
}
