// The query API's route contract: one table, one entry per route, naming its method, path, input schemas (path,
// query, body), response schema and status, who may call it (roles, channels) and the problems it may answer.
// Everything else is derived from this table: the server's request parsing and handler types, the OpenAPI
// document, the kiosk's and the phone's API clients, and the route × role and lanes tests.
//
// To add a route: add one entry below (its key is the operationId), then the server's handler in
// query-api/src/http/routes.ts (the handler map does not compile until it exists, nor if the handler returns
// anything but the entry's response type). See README, "The query API".
import { z } from 'zod';
import {
  certificate,
  certificateRequest,
  certificateVerification,
  certificateVerifyRequest,
  accounts,
  benefits,
  contributions,
  contributionsQuery,
  disclosure,
  employerSummary,
  health,
  other,
  readiness,
  registration,
  sessionRequest,
  sessionResponse,
  staff,
  staffContributions,
  staffLookup,
  staffLookupRequest,
  staffQuery,
  summary,
  type ProblemCode,
} from './api.ts';
import { CHANNELS, ROLES, type Channel, type RecordCategory, type Role } from './domain.ts';
import {
  accessLog,
  accessLogQuery,
  callbackRequestInput,
  callbackRequestReceipt,
  issueStatementInput,
  issuedStatement,
  pinChangeRequest,
  pinChanged,
  recordRequestInput,
  recordRequestList,
  recordRequestReceipt,
  statement,
  statementYearParams,
  statementYears,
} from './rights.ts';

/**
 * session: a logged-in caller (client step, then bearer session); none: any caller (the client key, or none for
 * the web channel, still fixes channel and rate limit); probe: no client step at all (monitors and load
 * balancers, which hold no key, and the published documents).
 */
export type AuthKind = 'none' | 'session' | 'probe';

/** OpenAPI tags: one per audience. */
export const ROUTE_TAGS = {
  sessions: 'Logging in and out',
  records: "The insured person's own record (also a delegate, within the authorisation)",
  certificates: 'Contribution certificates and their public verification',
  employer: "An employer's own unit and staff",
  rights:
    "The person's rights beyond reading: the annual statement, requests to check the record, who looked at it, the PIN",
  public: 'Published documents anyone may read',
  operations: 'Health checks for operators and load balancers',
} as const;
export type RouteTag = keyof typeof ROUTE_TAGS;

export interface RouteSpec {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI form, e.g. /v1/employer/staff/{ref}/contributions. */
  path: string;
  tag: RouteTag;
  summary: string;
  description: string;
  auth: AuthKind;
  /** Roles whose session may call the route (session routes); anyone on other routes. */
  roles: readonly Role[];
  /** Channels the route answers on; others get 403 forbidden. */
  channels: readonly Channel[];
  /** The record category it discloses: the disclosure policy's rule for it decides what is withheld. */
  category?: RecordCategory;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  status: 200 | 201 | 204;
  /** null: no content. */
  response: z.ZodType | null;
  /** Also answered with the response schema (not a problem), e.g. 503 from a failing health check. */
  alsoStatus?: { status: number; description: string };
  /** Problems this route raises itself, beyond those its auth kind and inputs imply (see `routeProblems`). */
  problems: readonly ProblemCode[];
}

const PERSON_ROLES = ['insured', 'delegate'] as const;
const EMPLOYER_ROLES = ['employer'] as const;
/** The staff reference an employer got from its staff list: meaningful only inside that unit. */
export const staffRefParams = z.object({
  ref: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
});
const openApiResponse = z.looseObject({ openapi: z.string() });

/** The table. Keys are operationIds (and the clients' action names). */
export const API = {
  login: {
    method: 'post',
    path: '/v1/sessions',
    tag: 'sessions',
    summary: 'Log in',
    description:
      'Insured PIN, delegate authorisation code, employer password (kiosk, web) or employer phone PIN (phone). ' +
      'A wrong secret and an unknown identity get the same answer; five wrong secrets in a row lock the identity ' +
      'for that source only (a kiosk terminal, the phone server, a web address), with an hourly budget per ' +
      'identity (see `login` in GET /v1/disclosure).',
    auth: 'none',
    roles: ROLES,
    channels: CHANNELS,
    body: sessionRequest,
    status: 201,
    response: sessionResponse,
    problems: ['invalid_credentials', 'locked', 'forbidden', 'authorization_expired'],
  },
  logout: {
    method: 'delete',
    path: '/v1/sessions/current',
    tag: 'sessions',
    summary: 'Log out',
    description: 'Ends the current session: the token stops working at once.',
    auth: 'session',
    roles: ROLES,
    channels: CHANNELS,
    status: 204,
    response: null,
    problems: [],
  },
  registration: {
    method: 'get',
    path: '/v1/me/registration',
    tag: 'records',
    summary: 'Registration',
    description:
      'Identity, enrolment per insurance type and employers (record category 1). On the phone the ID number ' +
      'is masked and the address and name are withheld.',
    auth: 'session',
    roles: PERSON_ROLES,
    channels: CHANNELS,
    category: 'registration',
    status: 200,
    response: registration,
    problems: ['not_found', 'pin_change_required'],
  },
  contributions: {
    method: 'get',
    path: '/v1/me/contributions',
    tag: 'records',
    summary: 'Contributions',
    description:
      'Contributions per month and insurance type, filtered by period, type and status and paged, with ' +
      'totals per year and subsidies (record category 2).',
    auth: 'session',
    roles: PERSON_ROLES,
    channels: CHANNELS,
    category: 'contributions',
    query: contributionsQuery,
    status: 200,
    response: contributions,
    problems: ['pin_change_required'],
  },
  benefits: {
    method: 'get',
    path: '/v1/me/benefits',
    tag: 'records',
    summary: 'Benefits',
    description: 'Benefit eligibility and payments (record category 3).',
    auth: 'session',
    roles: PERSON_ROLES,
    channels: CHANNELS,
    category: 'benefits',
    status: 200,
    response: benefits,
    problems: ['pin_change_required'],
  },
  accounts: {
    method: 'get',
    path: '/v1/me/accounts',
    tag: 'records',
    summary: 'Contribution periods and personal accounts',
    description:
      'Cumulative contribution months per insurance type, and the personal accounts with balances, yearly ' +
      'accrual, interest and movements (record category 4).',
    auth: 'session',
    roles: PERSON_ROLES,
    channels: CHANNELS,
    category: 'accounts',
    status: 200,
    response: accounts,
    problems: ['pin_change_required'],
  },
  other: {
    method: 'get',
    path: '/v1/me/other',
    tag: 'records',
    summary: 'Transfers and corrections',
    description:
      'Transfers of the insurance relationship between regions and corrections (record category 5).',
    auth: 'session',
    roles: PERSON_ROLES,
    channels: CHANNELS,
    category: 'other',
    status: 200,
    response: other,
    problems: ['pin_change_required'],
  },
  summary: {
    method: 'get',
    path: '/v1/me/summary',
    tag: 'records',
    summary: 'Summary',
    description:
      'The short form the phone reads, cut to the categories the role may see: enrolments, latest paid ' +
      'month, arrears, contribution periods, balances, last benefit payment.',
    auth: 'session',
    roles: PERSON_ROLES,
    channels: CHANNELS,
    status: 200,
    response: summary,
    problems: ['pin_change_required'],
  },
  issueCertificate: {
    method: 'post',
    path: '/v1/me/certificates',
    tag: 'certificates',
    summary: 'Issue a contribution certificate',
    description:
      'A certificate of contributions for a period, with a serial number and a check code anyone can verify ' +
      'for 30 days. Not on the phone, which cannot hand over a printed proof.',
    auth: 'session',
    roles: PERSON_ROLES,
    channels: ['kiosk', 'web'],
    category: 'contributions',
    body: certificateRequest,
    status: 201,
    response: certificate,
    problems: ['not_found', 'pin_change_required'],
  },
  verifyCertificate: {
    method: 'post',
    path: '/v1/certificates/verify',
    tag: 'certificates',
    summary: 'Verify a certificate',
    description:
      'Whether a serial number and check code name a certificate that is still valid, and its content. ' +
      'Public, and rate limited on its own.',
    auth: 'none',
    roles: ROLES,
    channels: CHANNELS,
    body: certificateVerifyRequest,
    status: 200,
    response: certificateVerification,
    problems: [],
  },
  employerSummary: {
    method: 'get',
    path: '/v1/employer/summary',
    tag: 'employer',
    summary: "The unit's summary",
    description: "The unit's current staff count, staff in arrears and totals for the last 24 months.",
    auth: 'session',
    roles: EMPLOYER_ROLES,
    channels: CHANNELS,
    category: 'contributions',
    status: 200,
    response: employerSummary,
    problems: [],
  },
  employerStaff: {
    method: 'get',
    path: '/v1/employer/staff',
    tag: 'employer',
    summary: 'Staff with contribution status',
    description:
      "The unit's staff, in arrears first, filtered by status and current employment and paged; IDs masked, " +
      'no names on the phone.',
    auth: 'session',
    roles: EMPLOYER_ROLES,
    channels: CHANNELS,
    category: 'registration',
    query: staffQuery,
    status: 200,
    response: staff,
    problems: [],
  },
  employerStaffLookup: {
    method: 'post',
    path: '/v1/employer/staff/lookup',
    tag: 'employer',
    summary: 'One employee by ID number',
    description:
      'Finds an employee by ID number (in the body, never in the URL), only if they work or worked for this ' +
      'unit; anyone else is not found, whether or not the ID exists.',
    auth: 'session',
    roles: EMPLOYER_ROLES,
    channels: CHANNELS,
    category: 'registration',
    body: staffLookupRequest,
    status: 200,
    response: staffLookup,
    problems: ['not_found'],
  },
  employerStaffContributions: {
    method: 'get',
    path: '/v1/employer/staff/{ref}/contributions',
    tag: 'employer',
    summary: "One employee's contributions",
    description: "An employee's contributions, only for the months they worked for this unit.",
    auth: 'session',
    roles: EMPLOYER_ROLES,
    channels: CHANNELS,
    category: 'contributions',
    params: staffRefParams,
    query: contributionsQuery,
    status: 200,
    response: staffContributions,
    problems: ['not_found'],
  },
  callbackRequest: {
    method: 'post',
    path: '/v1/callback-requests',
    tag: 'rights',
    summary: 'Leave a number to be called back',
    description:
      'The phone server records a call-back request when no agent is free or the caller is locked out: the ' +
      "caller's number (stored only with the request), language and topic. No session; at most three per " +
      'number per day.',
    auth: 'none',
    roles: ROLES,
    channels: ['phone'],
    body: callbackRequestInput,
    status: 201,
    response: callbackRequestReceipt,
    problems: ['rate_limited'],
  },
  fileRequest: {
    method: 'post',
    path: '/v1/me/requests',
    tag: 'rights',
    summary: 'Ask for the record to be checked',
    description:
      'A request to check or correct the record (Art. 16): category, months, what is wrong, a number to call ' +
      'back. The insured person on any channel; a delegate only within the authorisation; at most three per ' +
      'person per day. The answer is a reference of nine digits.',
    auth: 'session',
    roles: PERSON_ROLES,
    channels: CHANNELS,
    body: recordRequestInput,
    status: 201,
    response: recordRequestReceipt,
    problems: ['rate_limited', 'pin_change_required'],
  },
  listRequests: {
    method: 'get',
    path: '/v1/me/requests',
    tag: 'rights',
    summary: 'My requests to check the record',
    description:
      "The person's requests with their status and the agency's answer (a delegate: those they filed).",
    auth: 'session',
    roles: PERSON_ROLES,
    channels: CHANNELS,
    status: 200,
    response: recordRequestList,
    problems: ['pin_change_required'],
  },
  statementYears: {
    method: 'get',
    path: '/v1/me/statements',
    tag: 'rights',
    summary: 'Years with an annual statement',
    description: 'The years for which the annual statement (Art. 17) can be given.',
    auth: 'session',
    roles: PERSON_ROLES,
    channels: CHANNELS,
    status: 200,
    response: statementYears,
    problems: ['pin_change_required'],
  },
  statement: {
    method: 'get',
    path: '/v1/me/statements/{year}',
    tag: 'rights',
    summary: 'One annual statement',
    description:
      "One year's statement: the person (masked on the phone), enrolment, the months with totals and arrears, " +
      'cumulative contribution months, both personal accounts and the benefits paid. A delegate gets only the ' +
      'sections and months the authorisation names.',
    auth: 'session',
    roles: PERSON_ROLES,
    channels: CHANNELS,
    params: statementYearParams,
    status: 200,
    response: statement,
    problems: ['not_found', 'pin_change_required'],
  },
  statementDocument: {
    method: 'post',
    path: '/v1/me/statements/{year}/document',
    tag: 'rights',
    summary: 'The annual statement as a PDF',
    description:
      "One year's statement as a PDF in the chosen language, with the agency's name, a serial, a check code and " +
      'a QR code to the public check page (checkable for a year). Kiosk (print) and web (download).',
    auth: 'session',
    roles: PERSON_ROLES,
    channels: ['kiosk', 'web'],
    params: statementYearParams,
    body: issueStatementInput,
    status: 201,
    response: issuedStatement,
    problems: ['not_found', 'pin_change_required'],
  },
  accessLog: {
    method: 'get',
    path: '/v1/me/access-log',
    tag: 'rights',
    summary: 'Who looked at my record',
    description:
      'Every disclosure about the person, refusals and failed logins on their ID, newest first: when, which ' +
      'channel, who (you, your representative, an employer by name, agency staff), what. This look is logged too.',
    auth: 'session',
    roles: ['insured'],
    channels: CHANNELS,
    query: accessLogQuery,
    status: 200,
    response: accessLog,
    problems: ['pin_change_required'],
  },
  changePin: {
    method: 'post',
    path: '/v1/me/pin',
    tag: 'rights',
    summary: 'Change my PIN',
    description:
      'The current PIN and a new one (not six equal digits, not a run, not the birth date in the ID). The new ' +
      'PIN works on every channel at once. Five wrong current PINs end the session.',
    auth: 'session',
    roles: ['insured'],
    channels: ['kiosk', 'web'],
    body: pinChangeRequest,
    status: 200,
    response: pinChanged,
    problems: [],
  },
  disclosure: {
    method: 'get',
    path: '/v1/disclosure',
    tag: 'public',
    summary: 'The disclosure policy',
    description:
      'The published disclosure policy (Art. 14): which content, for which role, on which channel, and what ' +
      'is withheld.',
    auth: 'none',
    roles: ROLES,
    channels: CHANNELS,
    status: 200,
    response: disclosure,
    problems: [],
  },
  openapi: {
    method: 'get',
    path: '/v1/openapi.json',
    tag: 'public',
    summary: 'This document',
    description: 'The OpenAPI 3.1 document of this API, generated from the route table.',
    auth: 'probe',
    roles: ROLES,
    channels: CHANNELS,
    status: 200,
    response: openApiResponse,
    problems: [],
  },
  health: {
    method: 'get',
    path: '/healthz',
    tag: 'operations',
    summary: 'Liveness',
    description:
      'Whether the process answers: always 200 while it does (the store flags are for information). ' +
      'Load balancers use /readyz.',
    auth: 'probe',
    roles: ROLES,
    channels: CHANNELS,
    status: 200,
    response: health,
    problems: [],
  },
  ready: {
    method: 'get',
    path: '/readyz',
    tag: 'operations',
    summary: 'Readiness',
    description:
      'Whether both stores answer and the query log can be written now; 503 with the same body when not ' +
      '(e.g. another process holds the write lock).',
    auth: 'probe',
    roles: ROLES,
    channels: CHANNELS,
    status: 200,
    response: readiness,
    alsoStatus: { status: 503, description: 'a store is unreadable or the query log is not writable' },
    problems: [],
  },
} as const satisfies Record<string, RouteSpec>;

export type Api = typeof API;
export type RouteName = keyof Api;
export const ROUTE_NAMES = Object.keys(API) as RouteName[];

// ---------------------------------------------------------------- derived types

type SchemaOf<R, K extends string> = R extends { [P in K]: infer S extends z.ZodType } ? S : never;

/** The response body a route answers with (undefined for no content). */
export type RouteResponse<N extends RouteName> = Api[N]['response'] extends z.ZodType
  ? z.output<Api[N]['response']>
  : undefined;

/** The parsed (validated) input a handler gets; parts a route does not take are undefined. */
export interface RouteInput<N extends RouteName> {
  params: [SchemaOf<Api[N], 'params'>] extends [never] ? undefined : z.output<SchemaOf<Api[N], 'params'>>;
  query: [SchemaOf<Api[N], 'query'>] extends [never] ? undefined : z.output<SchemaOf<Api[N], 'query'>>;
  body: [SchemaOf<Api[N], 'body'>] extends [never] ? undefined : z.output<SchemaOf<Api[N], 'body'>>;
}

/** What a client sends: path parameters and body when the route takes them, the query optionally. */
export type RouteRequest<N extends RouteName> = ([SchemaOf<Api[N], 'params'>] extends [never]
  ? { params?: undefined }
  : { params: z.output<SchemaOf<Api[N], 'params'>> }) &
  ([SchemaOf<Api[N], 'query'>] extends [never]
    ? { query?: undefined }
    : { query?: Partial<z.output<SchemaOf<Api[N], 'query'>>> }) &
  ([SchemaOf<Api[N], 'body'>] extends [never]
    ? { body?: undefined }
    : { body: z.input<SchemaOf<Api[N], 'body'>> });

// ---------------------------------------------------------------- problems

/** The HTTP status of each problem code (bad_request also answers 413 for a body that is too large). */
export const PROBLEM_STATUS: Record<ProblemCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  unknown_client: 401,
  session_expired: 401,
  forbidden: 403,
  authorization_expired: 403,
  pin_change_required: 403,
  not_found: 404,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  log_unavailable: 503,
  store_unavailable: 503,
};

/**
 * Every problem a route may answer: its own, plus those implied by its auth kind (the client step, the session,
 * the role and channel gate, the query log) and by its inputs (bad_request).
 */
export function routeProblems(spec: RouteSpec): ProblemCode[] {
  const codes = new Set<ProblemCode>(spec.problems);
  if (spec.params || spec.query || spec.body) codes.add('bad_request');
  if (spec.auth !== 'probe') {
    for (const code of ['unknown_client', 'rate_limited', 'log_unavailable', 'store_unavailable'] as const)
      codes.add(code);
  }
  if (spec.auth === 'session') {
    for (const code of ['unauthenticated', 'session_expired', 'forbidden'] as const) codes.add(code);
    // A delegate's authorisation can run out during a session.
    if (spec.roles.includes('delegate')) codes.add('authorization_expired');
  }
  if (spec.roles.length < ROLES.length || spec.channels.length < CHANNELS.length) codes.add('forbidden');
  codes.add('internal');
  return [...codes].sort((a, b) => PROBLEM_STATUS[a] - PROBLEM_STATUS[b] || a.localeCompare(b));
}

/** The path with its parameters filled in (each encoded as one segment). */
export function routePath(spec: RouteSpec, params: Record<string, string> | undefined): string {
  return spec.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params?.[name] ?? ''));
}

/** The name the query log records for a route: its path without the version and the parameters. */
export function routeResource(spec: RouteSpec): string {
  return spec.path
    .replace(/^\/v1\//, '')
    .split('/')
    .filter((segment) => !segment.startsWith('{'))
    .join('/');
}
