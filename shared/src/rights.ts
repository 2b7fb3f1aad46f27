// The person's rights beyond reading (regulation Art. 15-17): the annual statement, a request to check the
// record, who looked at it, documents anyone can check, and a PIN of one's own. Schemas shared by the API, the
// phone server and the kiosk; the PIN rules live here so that the kiosk can say what is wrong before sending.
import { z } from 'zod';
import { BENEFIT_KINDS, ENROLMENT_STATUSES, INSURANCE_TYPES, RECORD_CATEGORIES } from './domain.ts';
import { LANGUAGES } from './i18n.ts';
import { PIN_PATTERN } from './ids.ts';

const monthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const moneyInt = z.number().int();
const asOf = z.string().describe('when the data was last loaded, ISO 8601');

// ---------------------------------------------------------------- requests to check the record (Art. 16)

export const REQUEST_STATUSES = ['received', 'in_review', 'corrected', 'rejected'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_OUTCOMES = ['corrected', 'rejected'] as const;
/** How many requests one person may file per day (all channels together). */
export const REQUESTS_PER_PERSON_PER_DAY = 3;
/** How many call-back requests one phone number may leave per day. */
export const CALLBACKS_PER_NUMBER_PER_DAY = 3;

/** E.164: a plus sign and 8 to 15 digits, the first not 0. */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;
const e164 = z.string().regex(E164_PATTERN, 'a phone number in international form, e.g. +8613800138000');

export const recordRequestInput = z.object({
  category: z.enum(RECORD_CATEGORIES),
  months: z
    .array(monthText)
    .max(24, 'at most 24 months')
    .optional()
    .refine((m) => !m || new Set(m).size === m.length, 'each month once'),
  description: z.string().trim().min(1, 'say what is wrong').max(1000, 'at most 1000 characters'),
  callbackPhone: e164.optional(),
});
export type RecordRequestInput = z.infer<typeof recordRequestInput>;

/** A reference is digits only, so that the phone can read it digit by digit and a person can type it. */
export const REFERENCE_PATTERN = /^\d{9}$/;

export const recordRequestReceipt = z.object({
  reference: z.string().regex(REFERENCE_PATTERN),
  status: z.literal('received'),
  createdAt: z.string(),
});
export type RecordRequestReceipt = z.infer<typeof recordRequestReceipt>;

export const recordRequestItem = z.object({
  reference: z.string(),
  category: z.enum(RECORD_CATEGORIES),
  months: z.array(monthText),
  description: z.string(),
  status: z.enum(REQUEST_STATUSES),
  /** The agency's answer, once the request is resolved. */
  answer: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  channel: z.string(),
});
export type RecordRequestItem = z.infer<typeof recordRequestItem>;
export const recordRequestList = z.object({ asOf, items: z.array(recordRequestItem) });
export type RecordRequestList = z.infer<typeof recordRequestList>;

export const CALLBACK_TOPICS = ['agent', 'locked', 'record'] as const;
export const callbackRequestInput = z.object({
  phoneNumber: e164,
  language: z.enum(LANGUAGES),
  topic: z.enum(CALLBACK_TOPICS),
});
export type CallbackRequestInput = z.infer<typeof callbackRequestInput>;
export const callbackRequestReceipt = z.object({
  reference: z.string().regex(REFERENCE_PATTERN),
  status: z.literal('received'),
});

// ---------------------------------------------------------------- the annual statement (Art. 17)

export const statementYears = z.object({ asOf, years: z.array(z.number().int()) });
export type StatementYears = z.infer<typeof statementYears>;

export const statementYearParams = z.object({
  year: z.coerce.number().int().min(1990).max(2100),
});

const accountYear = z.object({
  openingBalance: moneyInt,
  accrual: moneyInt,
  interest: moneyInt,
  closingBalance: moneyInt,
});

export const statement = z.object({
  asOf,
  year: z.number().int(),
  /** Masked on the phone and in print; name and full number on kiosk and web. */
  person: z
    .object({ name: z.string().optional(), nationalId: z.string(), maskedNationalId: z.string() })
    .optional(),
  enrolments: z
    .array(
      z.object({
        insuranceType: z.enum(INSURANCE_TYPES),
        since: monthText,
        until: monthText.nullable(),
        status: z.enum(ENROLMENT_STATUSES),
      }),
    )
    .optional(),
  /** The twelve months (only those with a record), oldest first. Absent when the role may not see them. */
  months: z
    .array(
      z.object({
        month: monthText,
        unitNumber: z.string().nullable(),
        base: moneyInt,
        employerPart: moneyInt,
        individualPart: moneyInt,
        status: z.enum(['paid', 'arrears', 'late']),
      }),
    )
    .optional(),
  totals: z
    .object({
      monthsPaid: z.number().int(),
      amountPaid: moneyInt,
      employerPart: moneyInt,
      individualPart: moneyInt,
      monthsInArrears: z.number().int(),
      arrearsAmount: moneyInt,
    })
    .optional(),
  /** Cumulative contribution months per insurance type at the end of the year. */
  cumulativeMonths: z
    .array(z.object({ insuranceType: z.enum(INSURANCE_TYPES), months: z.number().int() }))
    .optional(),
  accounts: z.object({ pension: accountYear.optional(), medical: accountYear.optional() }).optional(),
  benefitsPaid: z
    .array(z.object({ benefit: z.enum(BENEFIT_KINDS), months: z.number().int(), amount: moneyInt }))
    .optional(),
});
export type Statement = z.infer<typeof statement>;

// ---------------------------------------------------------------- documents anyone can check (Art. 15)

export const DOCUMENT_KINDS = ['certificate', 'statement'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** What a printed document must say, as the public check shows it (no name, a masked ID). */
export const documentFacts = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  serial: z.string(),
  issuedAt: z.string(),
  validUntil: z.string(),
  maskedNationalId: z.string(),
  /** The period the document covers. */
  from: monthText,
  to: monthText,
  monthsPaid: z.number().int(),
  amountPaid: moneyInt,
  monthsInArrears: z.number().int(),
});
export type DocumentFacts = z.infer<typeof documentFacts>;

/** The agency's name in each language and the public check address, for print. */
export const issuer = z.object({
  name: z.record(z.enum(LANGUAGES), z.string()),
  verifyUrl: z.string().describe('the page printed in the QR code, with serial and code'),
});
export type Issuer = z.infer<typeof issuer>;

export const issuedStatement = z.object({
  serial: z.string(),
  checkCode: z.string(),
  validUntil: z.string(),
  issuer,
  /** The PDF, base64-encoded (the web channel's download). */
  pdf: z.string(),
  fileName: z.string(),
});
export type IssuedStatement = z.infer<typeof issuedStatement>;
export const issueStatementInput = z.object({ language: z.enum(LANGUAGES).default('es') });

// ---------------------------------------------------------------- who looked at my record

export const ACCESS_WHO_KINDS = ['self', 'delegate', 'employer', 'agency', 'public', 'unknown'] as const;
/** A day of the calendar as YYYY-MM-DD: the shape and a real date (no month 13, no 30 February). */
const calendarDay = z.iso.date({ error: 'a real date as YYYY-MM-DD' });
export const accessLogQuery = z.object({
  from: calendarDay.optional(),
  to: calendarDay.optional(),
});
export const accessLogItem = z.object({
  at: z.string(),
  channel: z.enum(['kiosk', 'phone', 'web', 'counter']),
  who: z.object({
    /** public: someone checking a document the person holds; unknown: a failed login on their ID. */
    kind: z.enum(ACCESS_WHO_KINDS),
    maskedId: z.string().optional(),
    unitName: z.string().optional(),
  }),
  /** A record category, or login, statement, certificate, request, access-log, pin, check. */
  category: z.string(),
  /** ok, refused, wrong_pin, locked, not_found, ... */
  outcome: z.string(),
});
export type AccessLogItem = z.infer<typeof accessLogItem>;
export const accessLog = z.object({ asOf, items: z.array(accessLogItem) });
export type AccessLog = z.infer<typeof accessLog>;
/** At most this many entries per answer, newest first. */
export const ACCESS_LOG_LIMIT = 200;

// ---------------------------------------------------------------- a PIN of one's own

export const pinChangeRequest = z.object({
  currentPin: z.string().regex(PIN_PATTERN, '6 digits'),
  newPin: z.string().regex(PIN_PATTERN, '6 digits'),
});
export type PinChangeRequest = z.infer<typeof pinChangeRequest>;
export const pinChanged = z.object({ changed: z.literal(true), at: z.string() });

export const PIN_WEAKNESSES = ['equal_digits', 'run', 'birth_date', 'same_as_current'] as const;
export type PinWeakness = (typeof PIN_WEAKNESSES)[number];

/**
 * Why a new PIN is refused, or null when it is acceptable: six equal digits, an ascending or descending run
 * (123456, 987654, also wrapping like 890123), or the birth date written in the ID (YYMMDD, DDMMYY, MMDDYY,
 * YYYYMM, MMYYYY).
 */
export function pinWeakness(pin: string, nationalId: string | null): PinWeakness | null {
  if (!PIN_PATTERN.test(pin)) return 'equal_digits';
  if (/^(\d)\1{5}$/.test(pin)) return 'equal_digits';
  const digits = [...pin].map(Number);
  const steps = digits.slice(1).map((d, i) => (d - (digits[i] ?? 0) + 10) % 10);
  if (steps.every((s) => s === 1) || steps.every((s) => s === 9)) return 'run';
  if (nationalId && /^\d{14}/.test(nationalId)) {
    const yyyy = nationalId.slice(6, 10);
    const yy = yyyy.slice(2);
    const mm = nationalId.slice(10, 12);
    const dd = nationalId.slice(12, 14);
    const forms = [yy + mm + dd, dd + mm + yy, mm + dd + yy, yyyy + mm, mm + yyyy];
    if (forms.includes(pin)) return 'birth_date';
  }
  return null;
}
