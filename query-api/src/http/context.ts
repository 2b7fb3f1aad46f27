// What every handler can reach (the stores, the services, the clock) and the call context a handler gets: the
// parsed request parts and what the pipeline established about the caller (channel and client; the session's
// principal). No framework types here, so that the Express adapter and the node:http fast lane share handlers.
import type { ClientAuthenticator } from '../auth/clients.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';
import type { Caller, SessionService } from '../auth/sessions.ts';
import type { QueryLog } from '../log/query-log.ts';
import type { Principal } from '../policy/disclosure.ts';
import type { AgencyConfig } from '../rights/documents.ts';
import type { RightsStore } from '../store/rights-types.ts';
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
  /** Call-back requests, per phone client. */
  callbackLimiter: RateLimiter;
  /** Requests, own PINs, the access log (the person's rights beyond reading). */
  rights: RightsStore;
  /** The agency's name and public check address, printed on documents. */
  agency: AgencyConfig;
  now: () => Date;
  /** The first month of the employer summary's 24 months (from the records' load time). */
  employerSummaryFrom: string;
}

export interface SessionAuth {
  principal: Principal;
  session: SessionRow;
}

/** One call as a handler sees it, whichever adapter received it. */
export interface CallContext {
  /** The query string: one string per name, an array when a name repeats. */
  query: Record<string, unknown>;
  /** Path parameters, already decoded. */
  params: Record<string, string>;
  /** The parsed JSON body (undefined when the route takes none). */
  body: unknown;
  /** The peer address (the web channel's rate-limit key). */
  ip: string;
  /** Null only on routes without a client step (health). */
  caller: Caller | null;
  /** Null on routes without a session. */
  auth: SessionAuth | null;
  /** The answer's status: the route's own unless the handler changes it. */
  status: number;
  /** Extra answer headers a handler adds. */
  headers: Record<string, string>;
}

export function callerOf(call: CallContext): Caller {
  if (!call.caller) throw new Error('the client step did not run');
  return call.caller;
}

export function authOf(call: CallContext): SessionAuth {
  if (!call.auth) throw new Error('the session step did not run');
  return call.auth;
}
