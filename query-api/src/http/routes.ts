// The API's routes as one table: each entry names its method, path, input and output schemas (from the shared
// contract) and a thin handler. Express routes and the OpenAPI document are both built from this table, so the
// document lists exactly the routes that exist. Handlers ask the policy, read the store, write the query log,
// and only then answer.
import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  certificate as certificateSchema,
  certificateRequest,
  certificateVerification,
  certificateVerifyRequest,
  contributions as contributionsSchema,
  contributionsQuery,
  disclosure as disclosureSchema,
  employerSummary as employerSummarySchema,
  health as healthSchema,
  maskNationalId,
  normalizeNationalId,
  registration as registrationSchema,
  benefits as benefitsSchema,
  accounts as accountsSchema,
  other as otherSchema,
  sessionRequest,
  sessionResponse,
  staff as staffSchema,
  staffContributions as staffContributionsSchema,
  staffLookup as staffLookupSchema,
  staffLookupRequest,
  staffQuery,
  summary as summarySchema,
  type Certificate,
  type Channel,
} from '@consulta/shared';
import {
  authorizePersonResource,
  clampRange,
  disclosureDocument,
  inEmploymentPeriods,
  shapeAccounts,
  shapeBenefits,
  shapeOther,
  shapeRegistration,
  shapeStaffMember,
  shapeSummary,
  type Decision,
  type PersonResource,
  type Principal,
} from '../policy/disclosure.ts';
import { certificateLines, contributionItemsPage, yearTotals } from '../store/shape.ts';
import type { MonthRange } from '../store/types.ts';
import { ApiProblem, parseInput } from './problem.ts';
import { authOf, callerOf, type ApiDeps, type CallContext } from './context.ts';

/**
 * session: a logged-in caller; none: any caller (the client key still fixes channel and rate limit);
 * probe: no client step at all (health checks from monitors and load balancers, which hold no key).
 */
export type AuthKind = 'none' | 'session' | 'probe';

export interface RouteDef {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI form, e.g. /v1/employer/staff/{ref}/contributions. */
  path: string;
  summary: string;
  auth: AuthKind;
  query?: z.ZodObject;
  params?: z.ZodObject;
  body?: z.ZodType;
  status: number;
  /** null: no content. */
  response: z.ZodType | null;
  handler: (call: CallContext, deps: ApiDeps) => Promise<unknown> | unknown;
}

const CERTIFICATE_VALID_DAYS = 30;
const CHECK_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const refParams = z.object({ ref: z.string().min(1).max(64) });

// ---------------------------------------------------------------- helpers

function actorOf(p: Principal): string {
  switch (p.role) {
    case 'insured':
      return `person:${p.personId}`;
    case 'delegate':
      return `delegate:${p.authorizationId}`;
    case 'employer':
      return `employer:${p.employerId}`;
  }
}

function subjectOf(p: Principal): string {
  return p.role === 'employer' ? `employer:${p.employerId}` : `person:${p.personId}`;
}

function today(deps: ApiDeps): string {
  return deps.now().toISOString().slice(0, 10);
}

function checkRange(q: { from?: string | undefined; to?: string | undefined }): void {
  if (q.from && q.to && q.from > q.to) {
    throw new ApiProblem('bad_request', { errors: [{ path: 'from', message: 'from is after to' }] });
  }
}

/** Logs and refuses: the refusal is recorded like any answer. */
function refuse(
  call: CallContext,
  deps: ApiDeps,
  resource: string,
  detail: string,
  subject = '-',
  code: 'forbidden' | 'authorization_expired' = 'forbidden',
): never {
  const caller = callerOf(call);
  const { principal } = authOf(call);
  deps.log.record({
    ...caller,
    role: principal.role,
    actor: actorOf(principal),
    subject,
    resource,
    outcome: 'forbidden',
  });
  throw new ApiProblem(code, { detail });
}

/** Runs a person-record handler under the policy and logs the disclosure before it is returned. */
function personRoute<T extends object>(
  resource: PersonResource,
  logName: string,
  produce: (
    deps: ApiDeps,
    personId: number,
    decision: Extract<Decision, { allowed: true }>,
    call: CallContext,
    channel: Channel,
  ) => T,
) {
  return (call: CallContext, deps: ApiDeps): T & { asOf: string } => {
    const caller = callerOf(call);
    const { principal } = authOf(call);
    const decision = authorizePersonResource(principal, caller.channel, resource, today(deps));
    if (!decision.allowed || principal.role === 'employer') {
      const reason = decision.allowed ? 'wrong_role' : decision.reason;
      refuse(
        call,
        deps,
        logName,
        `not allowed: ${reason}`,
        '-',
        reason === 'expired' ? 'authorization_expired' : 'forbidden',
      );
    }
    const body = produce(deps, principal.personId, decision, call, caller.channel);
    deps.log.record({
      ...caller,
      role: principal.role,
      actor: actorOf(principal),
      subject: subjectOf(principal),
      resource: logName,
      outcome: 'ok',
    });
    return { asOf: deps.records.asOf, ...body };
  };
}

function employerOf(call: CallContext, deps: ApiDeps, resource: string): number {
  const { principal } = authOf(call);
  if (principal.role !== 'employer') refuse(call, deps, resource, 'employer routes are for employers only');
  return principal.employerId;
}

function logEmployer(
  call: CallContext,
  deps: ApiDeps,
  resource: string,
  subject: string,
  outcome = 'ok',
): void {
  const caller = callerOf(call);
  const { principal } = authOf(call);
  deps.log.record({ ...caller, role: principal.role, actor: actorOf(principal), subject, resource, outcome });
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function randomCode(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += CHECK_CODE_ALPHABET[b % CHECK_CODE_ALPHABET.length];
  return out;
}

// ---------------------------------------------------------------- the table

export const ROUTES: RouteDef[] = [
  {
    method: 'post',
    path: '/v1/sessions',
    summary: 'Log in (insured PIN, delegate authorisation, employer password or phone PIN)',
    auth: 'none',
    body: sessionRequest,
    status: 201,
    response: sessionResponse,
    async handler(call, deps) {
      const request = parseInput(sessionRequest, call.body);
      const caller = callerOf(call);
      const now = deps.now().getTime();
      const result = await deps.sessions.login(request, caller, now);
      const role =
        request.method === 'pin' ? 'insured' : request.method === 'delegate' ? 'delegate' : 'employer';
      const log = (actor: string, subject: string, outcome: string): void =>
        deps.log.record({ ...caller, role, actor, subject, resource: 'session', outcome });
      switch (result.kind) {
        case 'bad_id': {
          const path = request.method === 'delegate' ? 'delegateNationalId' : 'nationalId';
          throw new ApiProblem('bad_request', { errors: [{ path, message: 'not a valid ID number' }] });
        }
        case 'invalid_credentials':
          log(result.actor, '-', 'invalid_credentials');
          throw new ApiProblem('invalid_credentials', { attemptsLeft: result.attemptsLeft });
        case 'locked':
          log(result.actor, '-', 'locked');
          throw new ApiProblem('locked', { retryAt: new Date(result.retryAt).toISOString() });
        case 'forbidden':
          log(result.actor, '-', `forbidden:${result.reason}`);
          if (result.reason === 'expired')
            throw new ApiProblem('authorization_expired', { detail: 'the authorisation has expired' });
          throw new ApiProblem('forbidden', { detail: 'this login method is not available on this channel' });
        case 'ok': {
          log(actorOf(result.principal), subjectOf(result.principal), 'ok');
          return {
            token: result.token,
            role: result.principal.role,
            expiresAt: new Date(result.expiresAt).toISOString(),
            idleTimeoutSeconds: deps.sessions.idleSeconds,
            ...(result.scope ? { scope: result.scope } : {}),
          };
        }
      }
    },
  },
  {
    method: 'delete',
    path: '/v1/sessions/current',
    summary: 'Log out: the token stops working at once',
    auth: 'session',
    status: 204,
    response: null,
    handler(call, deps) {
      deps.sessions.logout(authOf(call).session);
      return undefined;
    },
  },
  {
    method: 'get',
    path: '/v1/me/registration',
    summary: 'Registration: identity, enrolment per insurance type, employers',
    auth: 'session',
    status: 200,
    response: registrationSchema,
    handler: personRoute('registration', 'me/registration', (deps, personId, _d, _call, channel) => {
      const registration = deps.records.registration(personId);
      if (!registration) throw new ApiProblem('not_found');
      return shapeRegistration(registration, channel);
    }),
  },
  {
    method: 'get',
    path: '/v1/me/contributions',
    summary:
      'Contributions per month and insurance type (filter by period, type, status; paged) and subsidies',
    auth: 'session',
    query: contributionsQuery,
    status: 200,
    response: contributionsSchema,
    handler: personRoute('contributions', 'me/contributions', (deps, personId, decision, call) => {
      const q = parseInput(contributionsQuery, call.query);
      checkRange(q);
      return contributionsPage(deps, personId, q, clampRange(q, decision.range));
    }),
  },
  {
    method: 'get',
    path: '/v1/me/benefits',
    summary: 'Benefit eligibility and payments',
    auth: 'session',
    status: 200,
    response: benefitsSchema,
    handler: personRoute('benefits', 'me/benefits', (deps, personId, decision) =>
      shapeBenefits(deps.records.benefits(personId), decision.range),
    ),
  },
  {
    method: 'get',
    path: '/v1/me/accounts',
    summary: 'Contribution periods and personal accounts',
    auth: 'session',
    status: 200,
    response: accountsSchema,
    handler: personRoute('accounts', 'me/accounts', (deps, personId, decision) =>
      shapeAccounts(deps.records.accounts(personId), decision.range),
    ),
  },
  {
    method: 'get',
    path: '/v1/me/other',
    summary: 'Transfers between regions and corrections',
    auth: 'session',
    status: 200,
    response: otherSchema,
    handler: personRoute('other', 'me/other', (deps, personId, decision) =>
      shapeOther(deps.records.other(personId), decision.range),
    ),
  },
  {
    method: 'get',
    path: '/v1/me/summary',
    summary: 'The short form the phone reads (cut to what the role may see)',
    auth: 'session',
    status: 200,
    response: summarySchema,
    handler: personRoute('summary', 'me/summary', (deps, personId, decision) =>
      shapeSummary(deps.records.summaryFacts(personId, decision.range), decision.categories),
    ),
  },
  {
    method: 'post',
    path: '/v1/me/certificates',
    summary: 'Issue a contribution certificate (serial number and check code, verifiable for 30 days)',
    auth: 'session',
    body: certificateRequest,
    status: 201,
    response: certificateSchema,
    handler(call, deps) {
      const input = parseInput(certificateRequest, call.body ?? {});
      checkRange(input);
      const issue = personRoute('certificate', 'me/certificates', (d, personId, decision) =>
        issueCertificate(d, personId, clampRange(input, decision.range)),
      );
      const { asOf: _asOf, ...certificate } = issue(call, deps);
      return certificate;
    },
  },
  {
    method: 'post',
    path: '/v1/certificates/verify',
    summary: 'Verify a certificate by serial number and check code (public, rate limited)',
    auth: 'none',
    body: certificateVerifyRequest,
    status: 200,
    response: certificateVerification,
    handler(call, deps) {
      const caller = callerOf(call);
      const now = deps.now();
      const retryAt = deps.verifyLimiter.take(caller.clientId ?? `web:${call.ip}`, now.getTime());
      if (retryAt !== null)
        throw new ApiProblem('rate_limited', { retryAt: new Date(retryAt).toISOString() });
      const input = parseInput(certificateVerifyRequest, call.body);
      const row = deps.ops.certificate(input.serial.trim().toUpperCase());
      const presented = sha256(input.checkCode.trim().toUpperCase());
      const valid =
        row !== null &&
        timingSafeEqual(presented, Buffer.from(row.checkHash, 'hex')) &&
        now.toISOString() <= row.validUntil;
      deps.log.record({
        ...caller,
        role: 'public',
        actor: 'anonymous',
        subject: valid && row ? `person:${row.personId}` : '-',
        resource: 'certificates/verify',
        outcome: valid ? 'ok' : 'invalid',
      });
      if (!valid || !row) return { valid: false };
      return { valid: true, certificate: JSON.parse(row.body) as Omit<Certificate, 'checkCode'> };
    },
  },
  {
    method: 'get',
    path: '/v1/employer/summary',
    summary: "The unit's staff count, arrears and totals for the last 24 months",
    auth: 'session',
    status: 200,
    response: employerSummarySchema,
    handler(call, deps) {
      const employerId = employerOf(call, deps, 'employer/summary');
      const body = deps.records.employerSummary(employerId, deps.employerSummaryFrom);
      logEmployer(call, deps, 'employer/summary', `employer:${employerId}`);
      return { asOf: deps.records.asOf, ...body };
    },
  },
  {
    method: 'get',
    path: '/v1/employer/staff',
    summary: 'Staff with contribution status (in arrears first; filter by status and current; paged)',
    auth: 'session',
    query: staffQuery,
    status: 200,
    response: staffSchema,
    handler(call, deps) {
      const employerId = employerOf(call, deps, 'employer/staff');
      const q = parseInput(staffQuery, call.query);
      const channel = callerOf(call).channel;
      const { total, rows } = deps.records.staffPage(employerId, {
        ...(q.status ? { status: q.status } : {}),
        ...(q.current ? { current: q.current === 'true' } : {}),
        offset: (q.page - 1) * q.pageSize,
        limit: q.pageSize,
      });
      const page = {
        page: q.page,
        pageSize: q.pageSize,
        total,
        items: rows.map((r) => shapeStaffMember(r, channel)),
      };
      logEmployer(call, deps, 'employer/staff', `employer:${employerId}`);
      return { asOf: deps.records.asOf, ...page };
    },
  },
  {
    method: 'post',
    path: '/v1/employer/staff/lookup',
    summary: 'One employee by ID number (only if they work or worked for this unit)',
    auth: 'session',
    body: staffLookupRequest,
    status: 200,
    response: staffLookupSchema,
    handler(call, deps) {
      const employerId = employerOf(call, deps, 'employer/staff/lookup');
      const input = parseInput(staffLookupRequest, call.body);
      const nationalId = normalizeNationalId(input.nationalId);
      if (!nationalId) {
        throw new ApiProblem('bad_request', {
          errors: [{ path: 'nationalId', message: 'not a valid ID number' }],
        });
      }
      const personId = deps.records.personIdByNationalId(nationalId);
      const row = personId === null ? null : deps.records.staffMember(employerId, personId);
      if (!row) {
        logEmployer(call, deps, 'employer/staff/lookup', '-', 'not_found');
        throw new ApiProblem('not_found');
      }
      const member = shapeStaffMember(row, callerOf(call).channel);
      logEmployer(call, deps, 'employer/staff/lookup', `person:${row.personId}`);
      return { asOf: deps.records.asOf, member };
    },
  },
  {
    method: 'get',
    path: '/v1/employer/staff/{ref}/contributions',
    summary: "One employee's contributions, only for the months they worked for this unit",
    auth: 'session',
    params: refParams,
    query: contributionsQuery,
    status: 200,
    response: staffContributionsSchema,
    handler(call, deps) {
      const employerId = employerOf(call, deps, 'employer/staff/contributions');
      const { ref } = parseInput(refParams, call.params);
      const q = parseInput(contributionsQuery, call.query);
      checkRange(q);
      const personId = deps.records.staffPersonByRef(employerId, ref);
      const periods = personId === null ? [] : deps.records.employmentPeriods(employerId, personId);
      if (personId === null || periods.length === 0) {
        logEmployer(call, deps, 'employer/staff/contributions', '-', 'not_found');
        throw new ApiProblem('not_found');
      }
      const range = clampRange(q, { from: '0000-01', to: '9999-12' });
      const months = range
        ? deps.records
            .contributionMonths(personId, { ...range, employerId, ...(q.status ? { status: q.status } : {}) })
            .filter((m) => inEmploymentPeriods(m.month, periods))
        : [];
      const page = contributionItemsPage(months, q.insuranceType, q.page, q.pageSize);
      logEmployer(call, deps, 'employer/staff/contributions', `person:${personId}`);
      return { asOf: deps.records.asOf, ref, ...page };
    },
  },
  {
    method: 'get',
    path: '/v1/disclosure',
    summary: 'The published disclosure policy: which content, for which role, on which channel (public)',
    auth: 'none',
    status: 200,
    response: disclosureSchema,
    handler: () => DISCLOSURE,
  },
  {
    method: 'get',
    path: '/healthz',
    summary: 'Whether both stores are readable',
    auth: 'probe',
    status: 200,
    response: healthSchema,
    handler(call, deps) {
      const records = deps.records.healthy();
      const operational = deps.ops.healthy();
      const ok = records && operational;
      if (!ok) call.status = 503;
      return { ok, records, operational, asOf: records ? deps.records.asOf : null };
    },
  },
];

const DISCLOSURE = disclosureDocument();

function contributionsPage(
  deps: ApiDeps,
  personId: number,
  q: z.infer<typeof contributionsQuery>,
  range: MonthRange | null,
): Omit<z.infer<typeof contributionsSchema>, 'asOf'> {
  const { records } = deps;
  if (!range) return { page: q.page, pageSize: q.pageSize, total: 0, items: [], years: [], subsidies: [] };
  const months = records.contributionMonths(personId, {
    ...range,
    ...(q.status ? { status: q.status } : {}),
  });
  const page = contributionItemsPage(months, q.insuranceType, q.page, q.pageSize);
  return {
    ...page,
    years: yearTotals(months, q.insuranceType),
    subsidies: records.subsidies(personId, range),
  };
}

function issueCertificate(deps: ApiDeps, personId: number, range: MonthRange | null): Certificate {
  const registration = deps.records.registration(personId);
  if (!registration) throw new ApiProblem('not_found');
  const months = range ? deps.records.contributionMonths(personId, range) : [];
  const first = months[0]?.month ?? range?.from ?? deps.records.asOf.slice(0, 7);
  const last = months[months.length - 1]?.month ?? range?.to ?? deps.records.asOf.slice(0, 7);
  const { lines, arrearsMonths } = certificateLines(months);
  const issued = deps.now();
  const validUntil = new Date(issued.getTime() + CERTIFICATE_VALID_DAYS * 86_400_000);
  const serial = `${issued.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(5).toString('hex').toUpperCase()}`;
  const checkCode = randomCode(10);
  const body: Omit<Certificate, 'checkCode'> = {
    serial,
    issuedAt: issued.toISOString(),
    validUntil: validUntil.toISOString(),
    holder: {
      name: registration.person.name ?? '',
      maskedNationalId: maskNationalId(registration.person.nationalId),
    },
    from: range && range.from > first ? range.from : first,
    to: range && range.to < last ? range.to : last,
    lines,
    arrearsMonths,
    asOf: deps.records.asOf,
  };
  deps.ops.insertCertificate({
    serial,
    checkHash: sha256(checkCode).toString('hex'),
    personId,
    issuedAt: body.issuedAt,
    validUntil: body.validUntil,
    body: JSON.stringify(body),
  });
  return { ...body, checkCode };
}
