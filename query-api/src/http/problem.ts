// Errors as RFC 9457 problem details (`application/problem+json`) with stable codes the clients map to their
// message catalogues. Handlers throw ApiProblem; the error middleware in app.ts writes it.
import type { Response } from 'express';
import type { Problem, ProblemCode } from '@consulta/shared';
import type { z } from 'zod';

const STATUS_AND_TITLE: Record<ProblemCode, [number, string]> = {
  bad_request: [400, 'The request is not valid'],
  unauthenticated: [401, 'A valid session is required'],
  invalid_credentials: [401, 'The identity or the secret is wrong'],
  locked: [423, 'Too many wrong attempts: this identity is locked for a while'],
  forbidden: [403, 'Not allowed for this session, role or channel'],
  not_found: [404, 'Not found'],
  rate_limited: [429, 'Too many requests'],
  unknown_client: [401, 'Unknown or revoked client key'],
  session_expired: [401, 'The session has expired'],
  log_unavailable: [503, 'The query log cannot be written, so nothing is disclosed'],
  store_unavailable: [503, 'A data store is unavailable'],
  internal: [500, 'Internal error'],
};

export class ApiProblem extends Error {
  readonly body: Problem;

  constructor(code: ProblemCode, extra: Partial<Omit<Problem, 'code' | 'type' | 'title'>> = {}) {
    const [status, title] = STATUS_AND_TITLE[code];
    super(title);
    this.body = { type: `/problems/${code}`, title, status: extra.status ?? status, code, ...extra };
  }

  get status(): number {
    return this.body.status;
  }
}

export function sendProblem(res: Response, problem: ApiProblem): void {
  if (res.headersSent) return;
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.body));
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
