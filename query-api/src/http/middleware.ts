// Request middleware kept deliberately small (it runs on every request): security headers, the client key
// (channel and rate limit), and the bearer session.
import type { NextFunction, Request, Response } from 'express';
import { ApiProblem } from './problem.ts';
import type { ApiDeps, SessionAuth } from './context.ts';
import type { Caller } from '../auth/sessions.ts';

/** Strict headers on every answer; personal data is never cached. */
const SECURITY_HEADERS: [string, string][] = [
  [
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
      "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  ],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'],
  ['Cache-Control', 'no-store'],
];

export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
  next();
}

function rateLimited(res: Response, retryAt: number): never {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil((retryAt - Date.now()) / 1000))));
  throw new ApiProblem('rate_limited', { retryAt: new Date(retryAt).toISOString() });
}

/** X-Client-Key fixes the channel; without one the request is the web channel, rate-limited per address. */
export function clientMiddleware(deps: ApiDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const presented = req.headers['x-client-key'];
    const now = deps.now().getTime();
    let caller: Caller;
    if (presented === undefined) {
      caller = { channel: 'web', clientId: null };
      const retryAt = deps.webLimiter.take(`web:${req.ip ?? ''}`, now);
      if (retryAt !== null) rateLimited(res, retryAt);
    } else {
      const identity = typeof presented === 'string' ? await deps.clients.authenticate(presented) : null;
      if (!identity) throw new ApiProblem('unknown_client');
      caller = { channel: identity.channel, clientId: identity.clientId };
      const retryAt = deps.clientLimiter.take(identity.clientId, now);
      if (retryAt !== null) rateLimited(res, retryAt);
    }
    res.locals['caller'] = caller;
    next();
  };
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

export function sessionMiddleware(deps: ApiDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const match = BEARER.exec(req.headers.authorization ?? '');
    if (!match?.[1]) throw new ApiProblem('unauthenticated');
    const result = deps.sessions.resolve(match[1], res.locals['caller'] as Caller, deps.now().getTime());
    if (result.kind !== 'ok') throw new ApiProblem(result.kind);
    const auth: SessionAuth = { principal: result.principal, session: result.session };
    res.locals['auth'] = auth;
    next();
  };
}
