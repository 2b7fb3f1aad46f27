// The API's handlers, one per route of the contract's table (shared/src/contract.ts): each gets its input already
// parsed and validated against the table's schemas, and must return exactly the table's response type (the map
// below does not compile otherwise, nor while a route of the table has no handler). Handlers stay thin: they ask
// the policy, read the store, write the query log, and only then answer. The role and channel gate, the session
// and the parsing run before them (pipeline.ts).
import { randomBytes } from 'node:crypto';
import {
  API,
  ROUTE_NAMES,
  maskNationalId,
  normalizeNationalId,
  routeResource,
  type Certificate,
  type Channel,
  type ContributionsQuery,
  type Contributions,
  type RouteInput,
  type RouteName,
  type RouteResponse,
  type RouteSpec,
} from '@consulta/shared';
import {
  authorizePersonResource,
  certificatePeriod,
  limitRegistration,
  clampRange,
  inEmploymentPeriods,
  shapeAccounts,
  shapeBenefits,
  shapeOther,
  shapeRegistration,
  shapeStaffMember,
  shapeSummary,
  type Decision,
  type PersonResource,
} from '../policy/disclosure.ts';
import { certificateLines, contributionItemsPage, yearTotals } from '../store/shape.ts';
import type { MonthRange } from '../store/types.ts';
import { openApiDocument } from './openapi.ts';
import { ApiProblem, operatorLog, rateLimitedProblem } from './problem.ts';
import {
  actorOf,
  authOf,
  callerOf,
  logSessionCall,
  today,
  subjectOf,
  type ApiDeps,
  type CallContext,
} from './context.ts';
import { RIGHTS_HANDLERS, mustChangePin } from './rights-routes.ts';
import {
  CERTIFICATE_VALID_DAYS,
  checkDocument,
  issuerOf,
  newCheckCode,
  sha256Hex,
} from '../rights/documents.ts';

/** A route's handler: its validated input in, exactly its response type out. */
export type Handler<N extends RouteName> = (
  call: CallContext<RouteInput<N>>,
  deps: ApiDeps,
) => RouteResponse<N> | Promise<RouteResponse<N>>;

/** A route as the adapters serve it: the contract's entry, its name, its log name and its handler. */
export interface ServerRoute extends RouteSpec {
  name: RouteName;
  /** The name the query log records (the path without /v1/ and parameters). */
  resource: string;
  handler: (call: CallContext, deps: ApiDeps) => unknown;
}

// ---------------------------------------------------------------- helpers

function checkRange(q: { from?: string | undefined; to?: string | undefined }): void {
  if (q.from && q.to && q.from > q.to) {
    throw new ApiProblem('bad_request', { errors: [{ path: 'from', message: 'from is after to' }] });
  }
}

/** Logs and refuses: the refusal is recorded like any answer. */
function refuse(
  call: CallContext,
  deps: ApiDeps,
  detail: string,
  subject = '-',
  code: 'forbidden' | 'authorization_expired' = 'forbidden',
): never {
  logSessionCall(call, deps, subject, 'forbidden');
  throw new ApiProblem(code, { detail });
}

type PersonRouteName = 'registration' | 'contributions' | 'benefits' | 'accounts' | 'other' | 'summary';

/** Runs a person-record handler under the policy and logs the disclosure before it is returned. */
function personRoute<N extends PersonRouteName>(
  resource: PersonResource,
  produce: (
    deps: ApiDeps,
    personId: number,
    decision: Extract<Decision, { allowed: true }>,
    call: CallContext<RouteInput<N>>,
    channel: Channel,
  ) => Promise<Omit<RouteResponse<N>, 'asOf'>>,
): Handler<N> {
  return async (call, deps) => {
    const body = await disclosePerson(call, deps, resource, (personId, decision, channel) =>
      produce(deps, personId, decision, call, channel),
    );
    return { asOf: deps.records.asOf, ...body } as RouteResponse<N>;
  };
}

/** The policy's decision for the session's person, the produced answer, and its log entry (or a logged refusal). */
async function disclosePerson<T>(
  call: CallContext,
  deps: ApiDeps,
  resource: PersonResource,
  produce: (personId: number, decision: Extract<Decision, { allowed: true }>, channel: Channel) => Promise<T>,
): Promise<T> {
  const caller = callerOf(call);
  const { principal } = authOf(call);
  const decision = authorizePersonResource(principal, caller.channel, resource, today(deps));
  if (!decision.allowed || principal.role === 'employer') {
    const reason = decision.allowed ? 'wrong_role' : decision.reason;
    refuse(
      call,
      deps,
      `not allowed: ${reason}`,
      '-',
      reason === 'expired' ? 'authorization_expired' : 'forbidden',
    );
  }
  const body = await produce(principal.personId, decision, caller.channel);
  logSessionCall(call, deps, subjectOf(principal), 'ok');
  return body;
}

function employerOf(call: CallContext, deps: ApiDeps): number {
  const { principal } = authOf(call);
  if (principal.role !== 'employer') refuse(call, deps, 'employer routes are for employers only');
  return principal.employerId;
}

// ---------------------------------------------------------------- the handlers

export const HANDLERS: { [N in RouteName]: Handler<N> } = {
  async login(call, deps) {
    const request = call.body;
    const caller = callerOf(call);
    const now = deps.now().getTime();
    const result = await deps.sessions.login(request, caller, now, call.ip);
    const role =
      request.method === 'pin' ? 'insured' : request.method === 'delegate' ? 'delegate' : 'employer';
    const log = (actor: string, subject: string, outcome: string): void =>
      deps.log.record({ ...caller, role, actor, subject, resource: 'session', outcome });
    switch (result.kind) {
      case 'bad_id': {
        const path = request.method === 'delegate' ? 'delegateNationalId' : 'nationalId';
        throw new ApiProblem('bad_request', { errors: [{ path, message: 'not a valid ID number' }] });
      }
      // A refused login is logged with its target (pseudonymised) and its source; `lockout` marks the failure
      // that set a lock, `locked` an attempt refused by one.
      case 'invalid_credentials':
        log(`source:${result.source}`, result.target, 'invalid_credentials');
        throw new ApiProblem('invalid_credentials', { attemptsLeft: result.attemptsLeft });
      case 'locked':
        log(`source:${result.source}`, result.target, result.imposed ? 'lockout' : 'locked');
        if (result.imposed) operatorLog(`lock-out of ${result.target} from ${result.source}`);
        throw new ApiProblem('locked', { retryAt: new Date(result.retryAt).toISOString() });
      case 'forbidden':
        log(result.actor, '-', `forbidden:${result.reason}`);
        if (result.reason === 'expired')
          throw new ApiProblem('authorization_expired', { detail: 'the authorisation has expired' });
        throw new ApiProblem('forbidden', { detail: 'this login method is not available on this channel' });
      case 'ok': {
        log(actorOf(result.principal), subjectOf(result.principal), 'ok');
        const oneTime = await mustChangePin(deps, result.principal);
        // A one-time PIN works once on kiosk and web (where it is changed at once); the phone only says where to go.
        if (oneTime && result.principal.role === 'insured' && caller.channel !== 'phone')
          await deps.rights.markPinUsed(result.principal.personId, deps.now().toISOString());
        return {
          ...(oneTime ? { mustChangePin: true } : {}),
          token: result.token,
          role: result.principal.role,
          expiresAt: new Date(result.expiresAt).toISOString(),
          idleTimeoutSeconds: deps.sessions.idleSeconds,
          ...(result.scope ? { scope: result.scope } : {}),
        };
      }
    }
  },

  async logout(call, deps) {
    await deps.sessions.logout(authOf(call).session);
    return undefined;
  },

  registration: personRoute<'registration'>(
    'registration',
    async (deps, personId, decision, call, channel) => {
      const registration = await deps.records.registration(personId);
      if (!registration) throw new ApiProblem('not_found');
      return shapeRegistration(
        limitRegistration(registration, decision.range, deps.records.dataThrough),
        authOf(call).principal.role,
        channel,
      );
    },
  ),

  contributions: personRoute<'contributions'>('contributions', async (deps, personId, decision, call) => {
    const q = call.query;
    checkRange(q);
    return contributionsPage(deps, personId, q, clampRange(q, decision.range));
  }),

  benefits: personRoute<'benefits'>('benefits', async (deps, personId, decision) =>
    shapeBenefits(await deps.records.benefits(personId), decision.range),
  ),

  accounts: personRoute<'accounts'>('accounts', async (deps, personId, decision) =>
    shapeAccounts(await deps.records.accounts(personId), decision.range),
  ),

  other: personRoute<'other'>('other', async (deps, personId, decision) =>
    shapeOther(await deps.records.other(personId), decision.range),
  ),

  summary: personRoute<'summary'>('summary', async (deps, personId, decision) =>
    shapeSummary(await deps.records.summaryFacts(personId, decision.range), decision.categories),
  ),

  async issueCertificate(call, deps) {
    const input = call.body;
    checkRange(input);
    const certificate = await disclosePerson(call, deps, 'certificate', (personId, decision) => {
      const period = certificatePeriod(input, decision.range, deps.records.dataThrough);
      if (!period.ok && period.reason === 'outside_scope') {
        refuse(call, deps, 'the period is outside the authorised months', `person:${personId}`);
      }
      if (!period.ok) {
        throw new ApiProblem('bad_request', {
          detail: `the records end in ${deps.records.dataThrough}: a certificate cannot cover later months`,
        });
      }
      return issueCertificate(deps, personId, period.range);
    });
    return { ...certificate, issuer: issuerOf(deps.agency, certificate.serial, certificate.checkCode) };
  },

  async verifyCertificate(call, deps) {
    const caller = callerOf(call);
    const now = deps.now();
    const retryAt = deps.verifyLimiter.take(caller.clientId ?? `web:${call.ip}`, now.getTime());
    if (retryAt !== null) throw rateLimitedProblem(retryAt, now.getTime());
    const input = call.body;
    const result = await checkDocument(deps.ops, input.serial, input.checkCode, now);
    deps.log.record({
      ...caller,
      role: 'public',
      actor: 'anonymous',
      subject: result.status === 'unknown' ? '-' : `person:${result.personId}`,
      resource: call.resource,
      outcome: result.status === 'valid' ? 'ok' : result.status === 'expired' ? 'expired' : 'invalid',
    });
    if (result.status !== 'valid') return { valid: false, status: result.status };
    return {
      valid: true,
      status: 'valid' as const,
      document: result.facts,
      ...(result.certificate ? { certificate: result.certificate } : {}),
    };
  },

  async employerSummary(call, deps) {
    const employerId = employerOf(call, deps);
    const body = await deps.records.employerSummary(employerId, deps.employerSummaryFrom);
    logSessionCall(call, deps, `employer:${employerId}`, 'ok');
    return { asOf: deps.records.asOf, ...body };
  },

  async employerStaff(call, deps) {
    const employerId = employerOf(call, deps);
    const q = call.query;
    const channel = callerOf(call).channel;
    const { total, rows } = await deps.records.staffPage(employerId, {
      ...(q.status ? { status: q.status } : {}),
      ...(q.current ? { current: q.current === 'true' } : {}),
      offset: (q.page - 1) * q.pageSize,
      limit: q.pageSize,
    });
    logSessionCall(call, deps, `employer:${employerId}`, 'ok');
    return {
      asOf: deps.records.asOf,
      page: q.page,
      pageSize: q.pageSize,
      total,
      items: rows.map((r) => shapeStaffMember(r, channel)),
    };
  },

  async employerStaffLookup(call, deps) {
    const employerId = employerOf(call, deps);
    const nationalId = normalizeNationalId(call.body.nationalId);
    if (!nationalId) {
      throw new ApiProblem('bad_request', {
        errors: [{ path: 'nationalId', message: 'not a valid ID number' }],
      });
    }
    const personId = await deps.records.personIdByNationalId(nationalId);
    const row = personId === null ? null : await deps.records.staffMember(employerId, personId);
    if (!row) {
      logSessionCall(call, deps, '-', 'not_found');
      throw new ApiProblem('not_found');
    }
    const member = shapeStaffMember(row, callerOf(call).channel);
    logSessionCall(call, deps, `person:${row.personId}`, 'ok');
    return { asOf: deps.records.asOf, member };
  },

  async employerStaffContributions(call, deps) {
    const employerId = employerOf(call, deps);
    const { ref } = call.params;
    const q = call.query;
    checkRange(q);
    const personId = await deps.records.staffPersonByRef(employerId, ref);
    const periods = personId === null ? [] : await deps.records.employmentPeriods(employerId, personId);
    if (personId === null || periods.length === 0) {
      logSessionCall(call, deps, '-', 'not_found');
      throw new ApiProblem('not_found');
    }
    const range = clampRange(q, { from: '0000-01', to: '9999-12' });
    const months = range
      ? (
          await deps.records.contributionMonths(personId, {
            ...range,
            employerId,
            ...(q.status ? { status: q.status } : {}),
          })
        ).filter((m) => inEmploymentPeriods(m.month, periods))
      : [];
    const page = contributionItemsPage(months, q.insuranceType, q.page, q.pageSize);
    logSessionCall(call, deps, `person:${personId}`, 'ok');
    return { asOf: deps.records.asOf, ref, ...page };
  },

  ...RIGHTS_HANDLERS,

  disclosure: (_call, deps) => deps.disclosure,

  openapi: () => OPENAPI,

  async health(_call, deps) {
    const [records, operational] = await Promise.all([deps.records.healthy(), deps.ops.healthy()]);
    return { ok: true, records, operational, asOf: records ? deps.records.asOf : null };
  },

  async ready(call, deps) {
    const [records, operational] = await Promise.all([deps.records.healthy(), deps.ops.healthy()]);
    const logWritable = operational && (await deps.ops.writable());
    const ready = records && operational && logWritable;
    if (!ready) call.status = 503;
    return { ready, records, operational, logWritable, asOf: records ? deps.records.asOf : null };
  },
};

/** The table with its handlers, in the table's order: what both adapters serve. */
export const ROUTES: readonly ServerRoute[] = ROUTE_NAMES.map((name) => {
  const spec: RouteSpec = API[name];
  return {
    ...spec,
    name,
    resource: routeResource(spec),
    handler: HANDLERS[name] as unknown as ServerRoute['handler'],
  };
});

const OPENAPI = openApiDocument();

async function contributionsPage(
  deps: ApiDeps,
  personId: number,
  q: ContributionsQuery,
  range: MonthRange | null,
): Promise<Omit<Contributions, 'asOf'>> {
  const { records } = deps;
  if (!range) return { page: q.page, pageSize: q.pageSize, total: 0, items: [], years: [], subsidies: [] };
  const months = await records.contributionMonths(personId, {
    ...range,
    ...(q.status ? { status: q.status } : {}),
  });
  const page = contributionItemsPage(months, q.insuranceType, q.page, q.pageSize);
  return {
    ...page,
    years: yearTotals(months, q.insuranceType),
    subsidies: await records.subsidies(personId, range),
  };
}

async function issueCertificate(deps: ApiDeps, personId: number, range: MonthRange): Promise<Certificate> {
  const registration = await deps.records.registration(personId);
  if (!registration) throw new ApiProblem('not_found');
  const months = await deps.records.contributionMonths(personId, range);
  const first = months[0]?.month;
  const last = months[months.length - 1]?.month;
  // A certificate proves recorded months: a period without any is refused, never certified empty.
  if (first === undefined || last === undefined) {
    throw new ApiProblem('bad_request', { detail: 'there are no contributions recorded in this period' });
  }
  const { lines, arrearsMonths } = certificateLines(months);
  const issued = deps.now();
  const validUntil = new Date(issued.getTime() + CERTIFICATE_VALID_DAYS * 86_400_000);
  const serial = `${issued.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(5).toString('hex').toUpperCase()}`;
  const checkCode = newCheckCode();
  const body: Omit<Certificate, 'checkCode'> = {
    serial,
    issuedAt: issued.toISOString(),
    validUntil: validUntil.toISOString(),
    holder: {
      name: registration.person.name ?? '',
      maskedNationalId: maskNationalId(registration.person.nationalId),
    },
    from: first,
    to: last,
    lines,
    arrearsMonths,
    asOf: deps.records.asOf,
  };
  await deps.ops.insertCertificate({
    serial,
    checkHash: sha256Hex(checkCode),
    personId,
    issuedAt: body.issuedAt,
    validUntil: body.validUntil,
    body: JSON.stringify(body),
  });
  return { ...body, checkCode };
}
