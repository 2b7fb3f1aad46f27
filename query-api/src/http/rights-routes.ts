// The routes of the person's rights beyond reading (Art. 15-17): requests to check the record and call-back
// requests, the annual statement (JSON and PDF), who looked at my record, and the PIN change. Thin handlers:
// the rules are in policy/rights.ts, the statement in rights/statement.ts, documents in rights/documents.ts.
import { randomInt } from 'node:crypto';
import {
  ACCESS_LOG_LIMIT,
  CALLBACKS_PER_NUMBER_PER_DAY,
  REQUESTS_PER_PERSON_PER_DAY,
  pinWeakness,
} from '@consulta/shared';
import { hashSecret } from '../auth/secrets.ts';
import type { Principal } from '../policy/disclosure.ts';
import {
  authorizeAccessLog,
  authorizePinChange,
  authorizeRequestFiling,
  authorizeRequestList,
  authorizeStatement,
  authorizeStatementDocument,
  describeAccess,
  type AccessLookups,
} from '../policy/rights.ts';
import { issuerOf } from '../rights/documents.ts';
import { KeyedQueue } from '../store/keyed-queue.ts';
import type { StoredQueryLogEntry } from '../store/types.ts';
import { buildStatement, statementYears } from '../rights/statement.ts';
import { issueStatementPdf } from '../rights/pdf.ts';
import { ApiProblem } from './problem.ts';
import {
  actorOf,
  authOf,
  callerOf,
  logSessionCall,
  today,
  type ApiDeps,
  type CallContext,
} from './context.ts';
import type { Handler } from './routes.ts';

const DAY_MS = 86_400_000;

/**
 * The daily limits count the rows already filed and then insert one: within this process, the count and the
 * insert of one person (or one call-back number) run one after another, so two requests at once cannot both
 * pass a count of one below the limit.
 */
const filing = new KeyedQueue();

function personSubject(p: Principal): string {
  return p.role === 'employer' ? '-' : `person:${p.personId}`;
}

function log(call: CallContext, deps: ApiDeps, outcome: string, subject?: string): void {
  logSessionCall(call, deps, subject ?? personSubject(authOf(call).principal), outcome);
}

function refuse(call: CallContext, deps: ApiDeps, reason: string): never {
  log(call, deps, `forbidden:${reason}`);
  throw new ApiProblem('forbidden', { detail: `not allowed: ${reason}` });
}

/** A session made with a one-time PIN may only change the PIN. */
export async function mustChangePin(deps: ApiDeps, principal: Principal): Promise<boolean> {
  return principal.role === 'insured' && (await deps.rights.pin(principal.personId))?.oneTime === true;
}

/**
 * The names "who looked at my record" shows (a delegate's ID number, an employer's name), read from the records
 * store once per delegate or employer among the entries' actors, for the policy's describeAccess.
 */
async function accessLookups(deps: ApiDeps, entries: readonly StoredQueryLogEntry[]): Promise<AccessLookups> {
  const delegates = new Map<number, string | null>();
  const employers = new Map<number, string | null>();
  for (const entry of entries) {
    const [kind, idText] = entry.actor.split(':');
    const id = Number(idText);
    if (kind === 'delegate' && !delegates.has(id)) {
      delegates.set(id, await deps.records.delegateNationalId(id));
    } else if (kind === 'employer' && !employers.has(id)) {
      employers.set(id, (await deps.records.employer(id))?.name ?? null);
    }
  }
  return {
    delegateNationalId: (id) => delegates.get(id) ?? null,
    employerName: (id) => employers.get(id) ?? null,
  };
}

/** Nine digits: eight random (the first not 0) and a Luhn check digit, so a mistyped reference is caught. */
export function newReference(): string {
  const body = `${randomInt(1, 10)}${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
  return body + luhnDigit(body);
}

export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function tooMany(retryAtMs: number, now: number): ApiProblem {
  const problem = new ApiProblem('rate_limited', { retryAt: new Date(retryAtMs).toISOString() });
  problem.headers['Retry-After'] = String(Math.max(1, Math.ceil((retryAtMs - now) / 1000)));
  return problem;
}

type RightsRoute =
  | 'callbackRequest'
  | 'fileRequest'
  | 'listRequests'
  | 'statementYears'
  | 'statement'
  | 'statementDocument'
  | 'accessLog'
  | 'changePin';

/** The rights routes' handlers (the contract's entries with tag 'rights'). */
export const RIGHTS_HANDLERS: { [N in RightsRoute]: Handler<N> } = {
  async callbackRequest(call, deps) {
    const caller = callerOf(call);
    const entry = (outcome: string): void =>
      deps.log.record({
        ...caller,
        role: 'public',
        actor: 'caller',
        subject: '-',
        resource: 'callback-requests',
        outcome,
      });
    if (caller.channel !== 'phone') {
      entry('forbidden:channel');
      throw new ApiProblem('forbidden', { detail: 'call-back requests come from the phone server only' });
    }
    const input = call.body;
    const now = deps.now();
    const retryAt = deps.callbackLimiter.take(caller.clientId ?? 'phone', now.getTime());
    if (retryAt !== null) throw tooMany(retryAt, now.getTime());
    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const reference = await filing.run(`callback:${input.phoneNumber}`, async () => {
      if ((await deps.rights.countCallbacksSince(input.phoneNumber, since)) >= CALLBACKS_PER_NUMBER_PER_DAY) {
        entry('rate_limited');
        throw tooMany(now.getTime() + DAY_MS, now.getTime());
      }
      const at = now.toISOString();
      return deps.rights.insertRequest(
        {
          kind: 'callback',
          personId: null,
          filedBy: 'caller',
          channel: caller.channel,
          clientId: caller.clientId ?? 'web',
          category: null,
          months: [],
          description: '',
          callbackPhone: input.phoneNumber,
          language: input.language,
          topic: input.topic,
          status: 'received',
          answer: null,
          createdAt: at,
          updatedAt: at,
        },
        newReference,
      );
    });
    entry('ok');
    return { reference, status: 'received' as const };
  },
  async fileRequest(call, deps) {
    const { principal } = authOf(call);
    const caller = callerOf(call);
    const input = call.body;
    const months = [...(input.months ?? [])].sort();
    const late = months.filter((m) => m > deps.records.dataThrough);
    if (late.length > 0) {
      throw new ApiProblem('bad_request', {
        errors: [
          { path: 'months', message: `months after the records' last month (${deps.records.dataThrough})` },
        ],
      });
    }
    const decision = authorizeRequestFiling(principal, caller.channel, input.category, months, today(deps));
    if (!decision.allowed || principal.role === 'employer')
      refuse(call, deps, decision.allowed ? 'wrong_role' : decision.reason);
    const now = deps.now();
    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const at = now.toISOString();
    const personId = principal.personId;
    const reference = await filing.run(`person:${personId}`, async () => {
      if ((await deps.rights.countRequestsSince(personId, since)) >= REQUESTS_PER_PERSON_PER_DAY) {
        log(call, deps, 'rate_limited');
        throw tooMany(now.getTime() + DAY_MS, now.getTime());
      }
      return deps.rights.insertRequest(
        {
          kind: 'record',
          personId,
          filedBy: actorOf(principal),
          channel: caller.channel,
          clientId: caller.clientId ?? 'web',
          category: input.category,
          months,
          description: input.description,
          callbackPhone: input.callbackPhone ?? null,
          language: null,
          topic: null,
          status: 'received',
          answer: null,
          createdAt: at,
          updatedAt: at,
        },
        newReference,
      );
    });
    log(call, deps, 'ok');
    return { reference, status: 'received' as const, createdAt: at };
  },
  async listRequests(call, deps) {
    const { principal } = authOf(call);
    const decision = authorizeRequestList(principal, callerOf(call).channel, today(deps));
    if (!decision.allowed || principal.role === 'employer')
      refuse(call, deps, decision.allowed ? 'wrong_role' : decision.reason);
    const actor = actorOf(principal);
    const rows = (await deps.rights.requestsOf(principal.personId)).filter(
      (r) => principal.role === 'insured' || r.filedBy === actor,
    );
    log(call, deps, 'ok');
    return {
      asOf: deps.records.asOf,
      items: rows.map((r) => ({
        reference: r.reference,
        category: r.category ?? 'other',
        months: r.months,
        description: r.description,
        status: r.status,
        answer: r.answer,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        channel: r.channel,
      })),
    };
  },
  async statementYears(call, deps) {
    const { principal } = authOf(call);
    const decision = authorizeStatement(principal, callerOf(call).channel, null, today(deps));
    if (!decision.allowed || principal.role === 'employer')
      refuse(call, deps, decision.allowed ? 'wrong_role' : decision.reason);
    const years = await statementYears(deps.records, principal.personId, decision.range);
    log(call, deps, 'ok');
    return { asOf: deps.records.asOf, years };
  },
  async statement(call, deps) {
    const { principal } = authOf(call);
    const channel = callerOf(call).channel;
    const { year } = call.params;
    const decision = authorizeStatement(principal, channel, year, today(deps));
    if (!decision.allowed || principal.role === 'employer')
      refuse(call, deps, decision.allowed ? 'wrong_role' : decision.reason);
    const body = await buildStatement(
      deps.records,
      principal.personId,
      year,
      decision.range,
      decision.sections,
      channel,
    );
    if (!body) {
      log(call, deps, 'not_found');
      throw new ApiProblem('not_found', { detail: 'no data for that year' });
    }
    log(call, deps, 'ok');
    return { asOf: deps.records.asOf, ...body };
  },
  async statementDocument(call, deps) {
    const { principal } = authOf(call);
    const channel = callerOf(call).channel;
    const { year } = call.params;
    const { language } = call.body;
    const decision = authorizeStatementDocument(principal, channel, year, today(deps));
    if (!decision.allowed || principal.role === 'employer')
      refuse(call, deps, decision.allowed ? 'wrong_role' : decision.reason);
    const body = await buildStatement(
      deps.records,
      principal.personId,
      year,
      decision.range,
      decision.sections,
      channel,
    );
    const registration = await deps.records.registration(principal.personId);
    if (!body || !registration) {
      log(call, deps, 'not_found');
      throw new ApiProblem('not_found', { detail: 'no data for that year' });
    }
    const { pdf, serial, checkCode, validUntil } = await issueStatementPdf({
      ops: deps.ops,
      personId: principal.personId,
      statement: body,
      person: registration.person,
      issued: deps.now(),
      agency: deps.agency,
      language,
      asOf: deps.records.asOf,
    });
    log(call, deps, 'ok');
    return {
      serial,
      checkCode,
      validUntil,
      issuer: issuerOf(deps.agency, serial, checkCode),
      pdf: pdf.toString('base64'),
      fileName: `statement-${year}-${serial}.pdf`,
    };
  },
  async accessLog(call, deps) {
    const { principal } = authOf(call);
    const q = call.query;
    if (q.from && q.to && q.from > q.to) {
      throw new ApiProblem('bad_request', { errors: [{ path: 'from', message: 'from is after to' }] });
    }
    const decision = authorizeAccessLog(principal);
    if (!decision.allowed || principal.role !== 'insured')
      refuse(call, deps, decision.allowed ? 'wrong_role' : decision.reason);
    const toAt = q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + DAY_MS).toISOString() : '\uffff';
    const entries = await deps.rights.accessEntries(
      `person:${principal.personId}`,
      { fromAt: q.from ?? '', toAt },
      ACCESS_LOG_LIMIT,
    );
    const lookups = await accessLookups(deps, entries);
    const items = entries.map((e) => describeAccess(e, principal.personId, lookups));
    log(call, deps, 'ok');
    return { asOf: deps.records.asOf, items };
  },
  async changePin(call, deps) {
    const { principal, session } = authOf(call);
    const channel = callerOf(call).channel;
    const decision = authorizePinChange(principal, channel);
    if (!decision.allowed || principal.role !== 'insured')
      refuse(call, deps, decision.allowed ? 'wrong_role' : decision.reason);
    const input = call.body;
    const personId = principal.personId;
    const now = deps.now();
    const registration = await deps.records.registration(personId);
    const own = await deps.rights.pin(personId);
    const storedHash = own
      ? own.pinHash
      : registration
        ? (await deps.records.findPersonCredential(registration.person.nationalId))?.pinHash
        : undefined;
    if (!registration || !storedHash) throw new ApiProblem('not_found');
    const checked = await deps.sessions.checkPin(
      registration.person.nationalId,
      storedHash,
      input.currentPin,
      callerOf(call),
      now.getTime(),
      call.ip,
    );
    if (checked.kind !== 'ok') {
      log(call, deps, 'wrong_pin');
      if (checked.kind === 'locked') {
        // A session is not a way to guess the PIN: when the login throttle locks, the session ends too.
        await deps.sessions.logout(session);
        throw new ApiProblem('unauthenticated', { detail: 'too many wrong PINs: the session has ended' });
      }
      throw new ApiProblem('bad_request', {
        errors: [{ path: 'currentPin', message: 'wrong_pin' }],
        attemptsLeft: checked.attemptsLeft,
      });
    }
    const weakness =
      input.newPin === input.currentPin
        ? 'same_as_current'
        : pinWeakness(input.newPin, registration.person.nationalId);
    if (weakness) {
      log(call, deps, `weak:${weakness}`);
      throw new ApiProblem('bad_request', { errors: [{ path: 'newPin', message: weakness }] });
    }
    const at = now.toISOString();
    await deps.rights.setPin({
      personId,
      pinHash: await hashSecret(input.newPin),
      oneTime: false,
      usedAt: null,
      setAt: at,
    });
    log(call, deps, 'ok');
    return { changed: true as const, at };
  },
};
