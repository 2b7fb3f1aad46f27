// What every handler can reach (the stores, the services, the clock) and the call context a handler gets: the
// parsed request parts and what the pipeline established about the caller (channel and client; the session's
// principal). No framework types here, so that the Express adapter and the node:http fast lane share handlers.
import type { ClientAuthenticator } from '../auth/clients.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';
import type { Caller, SessionService } from '../auth/sessions.ts';
import type { QueryLog } from '../log/query-log.ts';
import type { Disclosure } from '@consulta/shared';
import type { Principal } from '../policy/disclosure.ts';
import type { AgencyConfig } from '../rights/documents.ts';
import type { RightsStore } from '../store/rights-types.ts';
import type { OperationalStore, RecordsStore, StoredSession } from '../store/types.ts';

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
  /** The published disclosure policy, with the login throttling policy as configured. */
  disclosure: Disclosure;
  /** The first month of the employer summary's 24 months (from the records' load time). */
  employerSummaryFrom: string;
  /**
   * The records snapshot for one call (and the figures that follow from it), when the records can be reloaded
   * while the API runs: every read of a call goes to the snapshot pinned at its start.
   */
  pinRecords?: () => Pick<ApiDeps, 'records' | 'employerSummaryFrom'>;
}

export interface SessionAuth {
  principal: Principal;
  session: StoredSession;
}

/** The request parts a handler gets, already validated against the route's schemas in the contract. */
export interface CallParts {
  params: unknown;
  query: unknown;
  body: unknown;
}

/** One call as a handler sees it, whichever adapter received it. */
export interface CallContext<I extends CallParts = CallParts> {
  /** The validated query (undefined when the route takes none: any query string is ignored). */
  query: I['query'];
  /** The validated path parameters. */
  params: I['params'];
  /** The validated JSON body (undefined when the route takes none). */
  body: I['body'];
  /** The name the query log records for this route (from its path). */
  resource: string;
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

export function callerOf(call: Pick<CallContext, 'caller'>): Caller {
  if (!call.caller) throw new Error('the client step did not run');
  return call.caller;
}

export function authOf(call: Pick<CallContext, 'auth'>): SessionAuth {
  if (!call.auth) throw new Error('the session step did not run');
  return call.auth;
}

/** Who acted, as the query log names them. */
export function actorOf(p: Principal): string {
  switch (p.role) {
    case 'insured':
      return `person:${p.personId}`;
    case 'delegate':
      return `delegate:${p.authorizationId}`;
    case 'employer':
      return `employer:${p.employerId}`;
  }
}

/** Today's date (UTC) by the API's clock: the day policy decisions (authorisation expiry, scopes) are taken on. */
export function today(deps: Pick<ApiDeps, 'now'>): string {
  return deps.now().toISOString().slice(0, 10);
}

/** Writes the query-log entry of a session's call: this caller and principal, this resource. */
export function logSessionCall(call: CallContext, deps: ApiDeps, subject: string, outcome: string): void {
  const { principal } = authOf(call);
  deps.log.record({
    ...callerOf(call),
    role: principal.role,
    actor: actorOf(principal),
    subject,
    resource: call.resource,
    outcome,
  });
}

/** Whose record a session's answers are about, as the query log names it. */
export function subjectOf(p: Principal): string {
  return p.role === 'employer' ? `employer:${p.employerId}` : `person:${p.personId}`;
}
