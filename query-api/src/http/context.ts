// What every handler can reach (the stores, the services, the clock) and what the middleware established about
// the request (the caller's channel and client; the session's principal).
import type { Response } from 'express';
import type { ClientAuthenticator } from '../auth/clients.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';
import type { Caller, SessionService } from '../auth/sessions.ts';
import type { QueryLog } from '../log/query-log.ts';
import type { Principal } from '../policy/disclosure.ts';
import type { OperationalStore, RecordsStore, SessionRow } from '../store/types.ts';

export interface ApiDeps {
  records: RecordsStore;
  ops: OperationalStore;
  sessions: SessionService;
  clients: ClientAuthenticator;
  log: QueryLog;
  clientLimiter: RateLimiter;
  webLimiter: RateLimiter;
  verifyLimiter: RateLimiter;
  now: () => Date;
  /** The first month of the employer summary's 24 months (from the records' load time). */
  employerSummaryFrom: string;
}

export interface SessionAuth {
  principal: Principal;
  session: SessionRow;
}

export function callerOf(res: Response): Caller {
  const caller = res.locals['caller'] as Caller | undefined;
  if (!caller) throw new Error('caller middleware did not run');
  return caller;
}

export function authOf(res: Response): SessionAuth {
  const auth = res.locals['auth'] as SessionAuth | undefined;
  if (!auth) throw new Error('session middleware did not run');
  return auth;
}
