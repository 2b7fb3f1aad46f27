// The query API's contract: request and response schemas shared by the API (validation, OpenAPI),
// the phone server and the kiosk. Money is in integer minor units (fen); months are YYYY-MM.
import { z } from 'zod';
import {
  ACCOUNT_KINDS,
  ACCOUNT_MOVEMENT_KINDS,
  BENEFIT_KINDS,
  CHANNELS,
  CONTRIBUTION_STATUSES,
  DATE_PATTERN,
  ENROLMENT_STATUSES,
  INSURANCE_TYPES,
  MONTH_PATTERN,
  PERSON_STATUSES,
  RECORD_CATEGORIES,
  ROLES,
  STAFF_STATUSES,
  WITHHELD_FIELDS,
} from './domain.ts';
import { PIN_PATTERN, UNIT_NUMBER_PATTERN } from './ids.ts';
import { documentFacts, issuer } from './rights.ts';

export const insuranceType = z.enum(INSURANCE_TYPES);
export const recordCategory = z.enum(RECORD_CATEGORIES);
export const role = z.enum(ROLES);
export const channel = z.enum(CHANNELS);
export const contributionStatus = z.enum(CONTRIBUTION_STATUSES);
export const staffStatus = z.enum(STAFF_STATUSES);
export const month = z.string().regex(MONTH_PATTERN, 'a month as YYYY-MM');
export const date = z.string().regex(DATE_PATTERN, 'a date as YYYY-MM-DD');
/** Integer minor units (fen). */
export const money = z.number().int();
const nationalIdInput = z.string().min(1).max(32);

// ---------------------------------------------------------------- sessions

/**
 * The calling line as the phone network gave it (Twilio's `From`), sent by the phone server only: lock-outs on
 * the phone channel are scoped per calling line, so a stranger's calls cannot lock a person out of the hotline.
 * Other channels' clients cannot use it to split their own source (it is ignored there).
 */
export const callingLine = z
  .string()
  .max(32)
  .regex(/^[A-Za-z0-9+() -]*$/)
  .describe('phone server only: the calling number (Twilio From), for per-line lock-outs');
const line = { line: callingLine.optional() };

export const sessionRequest = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('pin'),
    nationalId: nationalIdInput,
    pin: z.string().regex(PIN_PATTERN, '6 digits'),
    ...line,
  }),
  z.object({
    method: z.literal('delegate'),
    delegateNationalId: nationalIdInput,
    authorizationCode: z.string().min(4).max(32),
    ...line,
  }),
  z.object({
    method: z.literal('employer'),
    unitNumber: z.string().regex(UNIT_NUMBER_PATTERN),
    password: z.string().min(1).max(128),
    ...line,
  }),
  z.object({
    method: z.literal('employer-pin'),
    unitNumber: z.string().regex(UNIT_NUMBER_PATTERN),
    pin: z.string().regex(PIN_PATTERN, '6 digits'),
    ...line,
  }),
]);
export type SessionRequest = z.infer<typeof sessionRequest>;

export const sessionResponse = z.object({
  token: z.string(),
  role,
  expiresAt: z.string().describe('absolute expiry, ISO 8601'),
  idleTimeoutSeconds: z.number().int(),
  /** For a delegate: what the authorisation allows. */
  scope: z
    .object({ categories: z.array(recordCategory), fromMonth: month, toMonth: month, validUntil: date })
    .optional(),
  /** The PIN used is a one-time PIN from the counter: only a PIN change is allowed (kiosk, web). */
  mustChangePin: z.boolean().optional(),
});
export type SessionResponse = z.infer<typeof sessionResponse>;

// ---------------------------------------------------------------- errors

/** RFC 9457 problem details. `code` is a stable machine name the clients map to their catalogues. */
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.enum([
    'bad_request',
    'unauthenticated',
    'invalid_credentials',
    'locked',
    'forbidden',
    'not_found',
    'rate_limited',
    'unknown_client',
    'session_expired',
    'authorization_expired',
    'log_unavailable',
    'pin_change_required',
    'store_unavailable',
    'internal',
  ]),
  /** For invalid_credentials: attempts left before lock-out. */
  attemptsLeft: z.number().int().optional(),
  /** For locked and rate_limited: when to try again (ISO 8601). */
  retryAt: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problem>;
export type ProblemCode = Problem['code'];

// ---------------------------------------------------------------- common

const asOf = z.string().describe('when the data was last loaded, ISO 8601');
const page = { page: z.number().int(), pageSize: z.number().int(), total: z.number().int() };

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

// ---------------------------------------------------------------- 1. registration

export const enrolment = z.object({
  insuranceType,
  since: month,
  until: month.nullable(),
  status: z.enum(ENROLMENT_STATUSES),
});
export const employmentPeriod = z.object({
  unitNumber: z.string(),
  employerName: z.string(),
  firstMonth: month,
  lastMonth: month.nullable(),
});
/** A region's name: `local` in the region's own language (深圳市), `en` in English (Shenzhen). */
export const regionName = z.object({ local: z.string(), en: z.string() });
export type RegionName = z.infer<typeof regionName>;

export const registration = z.object({
  asOf,
  person: z.object({
    /** Full on kiosk and web; masked on the phone. */
    nationalId: z.string(),
    name: z.string().optional(),
    sex: z.enum(['F', 'M']),
    birthDate: date,
    /** Never on the phone. */
    address: z.string().optional(),
    registeredOn: date,
    region: z.string(),
    /** Absent when the code is not in the region table: clients then show the code. */
    regionName: regionName.optional(),
    status: z.enum(PERSON_STATUSES),
  }),
  enrolments: z.array(enrolment),
  employment: z.array(employmentPeriod),
});
export type Registration = z.infer<typeof registration>;

// ---------------------------------------------------------------- 2. contributions

export const contributionsQuery = pageQuery.extend({
  from: month.optional(),
  to: month.optional(),
  insuranceType: insuranceType.optional(),
  status: contributionStatus.optional(),
});
export type ContributionsQuery = z.infer<typeof contributionsQuery>;

export const contributionItem = z.object({
  month,
  insuranceType,
  unitNumber: z.string().nullable().describe('null for flexible employment'),
  base: money,
  employerPart: money,
  individualPart: money,
  status: contributionStatus,
  paidDate: date.nullable(),
});
export type ContributionItem = z.infer<typeof contributionItem>;

export const yearTotal = z.object({
  year: z.number().int(),
  months: z.number().int(),
  employerPart: money,
  individualPart: money,
  arrearsMonths: z.number().int(),
  arrearsAmount: money,
});
export const subsidy = z.object({ month, kind: z.string(), amount: money });

export const contributions = z.object({
  asOf,
  ...page,
  items: z.array(contributionItem),
  /** Totals per year over the whole filter (not only this page), oldest first. */
  years: z.array(yearTotal),
  subsidies: z.array(subsidy),
});
export type Contributions = z.infer<typeof contributions>;

// ---------------------------------------------------------------- 3. benefits

export const benefits = z.object({
  asOf,
  eligibility: z.array(
    z.object({
      benefit: z.enum(BENEFIT_KINDS),
      eligible: z.boolean(),
      since: date.nullable(),
      until: date.nullable(),
      monthlyAmount: money.nullable(),
    }),
  ),
  payments: z.array(
    z.object({ benefit: z.enum(BENEFIT_KINDS), period: month, amount: money, paidDate: date }),
  ),
});
export type Benefits = z.infer<typeof benefits>;

// ---------------------------------------------------------------- 4. periods and accounts

export const accounts = z.object({
  asOf,
  periods: z.array(z.object({ insuranceType, months: z.number().int() })),
  accounts: z.array(
    z.object({
      kind: z.enum(ACCOUNT_KINDS),
      balance: money,
      years: z.array(
        z.object({
          year: z.number().int(),
          accrual: money,
          interest: money,
          closingBalance: money,
        }),
      ),
      movements: z.array(
        z.object({ date, kind: z.enum(ACCOUNT_MOVEMENT_KINDS), amount: money, balanceAfter: money }),
      ),
    }),
  ),
});
export type Accounts = z.infer<typeof accounts>;

// ---------------------------------------------------------------- 5. other

export const other = z.object({
  asOf,
  transfers: z.array(
    z.object({
      date,
      fromRegion: z.string(),
      toRegion: z.string(),
      /** Absent when the code is not in the region table: clients then show the code. */
      fromRegionName: regionName.optional(),
      toRegionName: regionName.optional(),
      months: z.number().int(),
      fundsTransferred: money,
    }),
  ),
  corrections: z.array(z.object({ date, category: recordCategory, field: z.string(), reason: z.string() })),
});
export type Other = z.infer<typeof other>;

// ---------------------------------------------------------------- summary (what the phone reads)

export const summary = z.object({
  asOf,
  /** Parts the caller's role may not see (a delegate's authorisation) are absent. */
  enrolments: z.array(z.object({ insuranceType, status: z.enum(ENROLMENT_STATUSES) })).optional(),
  latestPaidMonth: month.nullable().optional(),
  monthsInArrears: z.number().int().optional(),
  arrearsAmount: money.optional(),
  periods: z.array(z.object({ insuranceType, months: z.number().int() })).optional(),
  balances: z.array(z.object({ kind: z.enum(ACCOUNT_KINDS), balance: money })).optional(),
  lastBenefitPayment: z
    .object({ benefit: z.enum(BENEFIT_KINDS), period: month, amount: money, paidDate: date })
    .nullable()
    .optional(),
});
export type Summary = z.infer<typeof summary>;

// ---------------------------------------------------------------- employer

export const employerSummary = z.object({
  asOf,
  unit: z.object({ unitNumber: z.string(), name: z.string() }),
  staffCount: z.number().int().describe('current staff'),
  staffInArrears: z.number().int(),
  arrearsAmount: money,
  /** The unit's totals per month, newest first (last 24 months). */
  months: z.array(
    z.object({
      month,
      headcount: z.number().int(),
      base: money,
      employerPart: money,
      individualPart: money,
      paidAmount: money,
      arrearsAmount: money,
    }),
  ),
});
export type EmployerSummary = z.infer<typeof employerSummary>;

export const staffQuery = pageQuery.extend({
  status: staffStatus.optional(),
  current: z.enum(['true', 'false']).optional(),
});
export const staffMember = z.object({
  /** Meaningful only inside this unit. */
  ref: z.string(),
  maskedNationalId: z.string(),
  /** Not on the phone. */
  name: z.string().optional(),
  status: staffStatus,
  firstMonth: month,
  lastMonth: month.nullable(),
  current: z.boolean(),
  monthsInArrears: z.number().int(),
  arrearsAmount: money,
  latestPaidMonth: month.nullable(),
});
export type StaffMember = z.infer<typeof staffMember>;
export const staff = z.object({ asOf, ...page, items: z.array(staffMember) });
export type Staff = z.infer<typeof staff>;

/** The phone looks an employee up by ID number in the body, never in the URL. */
export const staffLookupRequest = z.object({ nationalId: nationalIdInput });
export const staffLookup = z.object({ asOf, member: staffMember });

export const staffContributions = z.object({
  asOf,
  ref: z.string(),
  ...page,
  items: z.array(contributionItem),
});
export type StaffContributions = z.infer<typeof staffContributions>;

// ---------------------------------------------------------------- certificates (Art. 15)

export const certificateRequest = z.object({ from: month.optional(), to: month.optional() });
export const certificate = z.object({
  serial: z.string(),
  checkCode: z.string(),
  issuedAt: z.string(),
  validUntil: z.string(),
  holder: z.object({ name: z.string(), maskedNationalId: z.string() }),
  from: month,
  to: month,
  /** Contribution months and amounts per insurance type in the period. */
  lines: z.array(
    z.object({ insuranceType, months: z.number().int(), employerPart: money, individualPart: money }),
  ),
  arrearsMonths: z.number().int(),
  /** When the records the certificate was drawn from were loaded. */
  asOf: z.string().optional(),
  /** The agency's name per language and the public check address (for the QR code and the print). */
  issuer: issuer.optional(),
});
export type Certificate = z.infer<typeof certificate>;
export const certificateVerifyRequest = z.object({
  serial: z.string().min(1).max(40),
  checkCode: z.string().min(1).max(40),
});
export const certificateVerification = z.object({
  valid: z.boolean(),
  /** valid; expired (serial and code match, the validity has passed); unknown (no such serial and code). */
  status: z.enum(['valid', 'expired', 'unknown']).optional(),
  /** What the paper must say (kind, period, masked person, totals): shown when valid. */
  document: documentFacts.optional(),
  certificate: certificate.omit({ checkCode: true }).optional(),
});

// ---------------------------------------------------------------- disclosure (Art. 14)

/** How wrong secrets are throttled (published with the disclosure policy). */
export const loginPolicy = z.object({
  failuresBeforeLock: z.number().int(),
  firstLockMinutes: z.number().int(),
  maxLockHours: z.number(),
  lockScope: z.string(),
  lockGrowth: z.string(),
  /** Failed attempts per identity in any rolling hour, per channel, from all sources together. */
  failedAttemptsPerHour: z.object({
    kiosk: z.number().int(),
    phone: z.number().int(),
    web: z.number().int(),
  }),
  note: z.string(),
});
export type LoginPolicy = z.infer<typeof loginPolicy>;

export const disclosure = z.object({
  version: z.string(),
  login: loginPolicy,
  rules: z.array(
    z.object({
      role,
      channel,
      category: recordCategory,
      allowed: z.boolean(),
      /** Fields withheld on this channel, e.g. full ID number, address, names of other persons. */
      withheld: z.array(z.enum(WITHHELD_FIELDS)),
      note: z.string().optional(),
    }),
  ),
});
export type Disclosure = z.infer<typeof disclosure>;

/** Liveness: the process answers (`ok` is always true); the store flags are for information. */
export const health = z.object({
  ok: z.boolean(),
  records: z.boolean(),
  operational: z.boolean(),
  asOf: z.string().nullable(),
});

/** Readiness: both stores answer and the query log can be written now (503 otherwise). */
export const readiness = z.object({
  ready: z.boolean(),
  records: z.boolean(),
  operational: z.boolean(),
  logWritable: z.boolean(),
  asOf: z.string().nullable(),
});
