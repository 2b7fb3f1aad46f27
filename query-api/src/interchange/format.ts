// The interchange format between an agency's core system and Consulta: one CSV file per entity of the record
// store plus a manifest. These zod definitions are the format: the importer validates every field and row with
// them, and docs/interchange.md and docs/interchange.schema.json are generated from them (npm run docs:interchange),
// so the documentation cannot drift from what is checked.
import { z } from 'zod';
import {
  ACCOUNT_KINDS,
  ACCOUNT_MOVEMENT_KINDS,
  BENEFIT_KINDS,
  CONTRIBUTION_STATUSES,
  ENROLMENT_STATUSES,
  INSURANCE_TYPES,
  PERSON_STATUSES,
  RECORD_CATEGORIES,
  type RecordCategory,
} from '../../../shared/src/domain.ts';
import { UNIT_NUMBER_PATTERN, residentIdCheckChar } from '../../../shared/src/ids.ts';

/** Major.minor: a reader accepts any minor version of its major (minor versions only add optional things). */
export const FORMAT_VERSION = '1.0';
export const FORMAT_NAME = 'consulta-interchange';
export const MANIFEST_FILE = 'manifest.json';

// ------------------------------------------------------------------------------------------------ field types
// Every field arrives as the text of one CSV field. A type checks the text and turns it into the stored value.

const whole = (max: number): RegExp => new RegExp(`^(0|[1-9]\\d{0,${max - 1}})$`);

function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
  return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d;
}

export const types = {
  id: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'expected a positive whole number')
    .transform(Number)
    .describe('Positive whole number (at most 15 digits): a key issued by the core system.'),
  count: z
    .string()
    .regex(whole(9), 'expected a whole number of at least 0')
    .transform(Number)
    .describe('Whole number of at least 0.'),
  amount: z
    .string()
    .regex(whole(15), 'expected a non-negative amount in minor units')
    .transform(Number)
    .describe('Money in minor units (fen), a whole number of at least 0.'),
  signedAmount: z
    .string()
    .regex(/^-?(0|[1-9]\d{0,14})$/, 'expected an amount in minor units')
    .transform(Number)
    .describe('Money in minor units (fen), a whole number; negative for money leaving the account.'),
  basisPoints: z
    .string()
    .regex(/^(0|[1-9]\d{0,3})$/, 'expected basis points 0-9999')
    .transform(Number)
    .describe('Basis points of the base (1 % = 100), 0-9999.'),
  year: z
    .string()
    .regex(/^(19|20)\d{2}$/, 'expected a year YYYY')
    .transform(Number)
    .describe('Calendar year, YYYY.'),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM')
    .describe('Month, YYYY-MM.'),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
    .refine(isCalendarDate, 'not a calendar date')
    .describe('Date, YYYY-MM-DD (a real calendar day).'),
  flag: z
    .enum(['0', '1'], 'expected 0 or 1')
    .transform((v) => (v === '1' ? 1 : 0))
    .describe('0 (no) or 1 (yes).'),
  nationalId: z
    .string()
    .regex(/^\d{17}[\dX]$/, 'expected an 18-character resident ID (17 digits and a digit or X)')
    .refine((v) => residentIdCheckChar(v.slice(0, 17)) === v[17], 'bad check character')
    .describe(
      '18-character resident ID: 17 digits and the ISO 7064 MOD 11-2 check character (digit or capital X).',
    ),
  unitNumber: z
    .string()
    .regex(UNIT_NUMBER_PATTERN, 'expected a unit number (9-18 digits or capital letters)')
    .describe('Employer unit number, 9-18 digits or capital letters.'),
  regionCode: z
    .string()
    .regex(/^\d{6}$/, 'expected a 6-digit region code')
    .describe('6-digit administrative region code (prefecture level).'),
  name: z
    .string()
    .min(1, 'must not be empty')
    .max(100, 'longer than 100 characters')
    .describe('Text, 1-100 characters.'),
  text: z
    .string()
    .min(1, 'must not be empty')
    .max(300, 'longer than 300 characters')
    .describe('Text, 1-300 characters.'),
  code: z
    .string()
    .regex(/^[a-z][a-z0-9_:.-]{0,63}$/, 'expected a code (lower-case letters, digits, _ : . -)')
    .describe('Code: lower-case letters, digits and _ : . - (at most 64 characters).'),
  secretHash: z
    .string()
    .regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'expected an scrypt hash')
    .describe('A salted scrypt hash, scrypt$N$r$p$salt$hash (base64). Never the secret itself.'),
  categories: z
    .string()
    .refine(
      (v) => v.split(',').every((c) => (RECORD_CATEGORIES as readonly string[]).includes(c)),
      `expected record categories separated by commas (${RECORD_CATEGORIES.join(', ')})`,
    )
    .describe(`Record categories separated by commas: ${RECORD_CATEGORIES.join(', ')}.`),
  sex: z.enum(['F', 'M'], 'expected F or M').describe('F or M.'),
  personStatus: z.enum(PERSON_STATUSES, `expected one of ${PERSON_STATUSES.join(', ')}`),
  insuranceType: z.enum(INSURANCE_TYPES, `expected one of ${INSURANCE_TYPES.join(', ')}`),
  enrolmentStatus: z.enum(ENROLMENT_STATUSES, `expected one of ${ENROLMENT_STATUSES.join(', ')}`),
  contributionStatus: z.enum(CONTRIBUTION_STATUSES, `expected one of ${CONTRIBUTION_STATUSES.join(', ')}`),
  benefit: z.enum(BENEFIT_KINDS, `expected one of ${BENEFIT_KINDS.join(', ')}`),
  accountKind: z.enum(ACCOUNT_KINDS, `expected one of ${ACCOUNT_KINDS.join(', ')}`),
  movement: z.enum(ACCOUNT_MOVEMENT_KINDS, `expected one of ${ACCOUNT_MOVEMENT_KINDS.join(', ')}`),
  category: z.enum(RECORD_CATEGORIES, `expected one of ${RECORD_CATEGORIES.join(', ')}`),
} as const;

// ------------------------------------------------------------------------------------------------ fast paths
// The importer checks every field of every row, a hundred million and more at a million persons; asking zod each
// time is most of a load's time. So the hot types also have a fast path: a hand-written check that accepts only
// text its zod type accepts and returns the very value zod returns, and answers "not sure" (undefined) for
// anything else. Zod stays the authority: every field the fast path does not accept goes to zod, which accepts
// it or gives the error message. (fast-path.test.ts holds each fast path to its zod type, field by field.)

/**
 * A fast path: the stored value of the field `text.slice(start, end)` if its type surely accepts it, else undefined
 * ("ask zod"). It reads the field in place: a number is never cut out as a string.
 */
export type FastPath = (text: string, start: number, end: number) => string | number | null | undefined;

const fastPaths = new WeakMap<z.ZodType<unknown, string>, FastPath>();

/** The fast path of a column type, if it has one. */
export function fastPathOf(type: z.ZodType<unknown, string>): FastPath | undefined {
  return fastPaths.get(type);
}

/** Digits only, no leading zero unless the whole field is "0", at most `max` digits: the number, else undefined. */
function wholeNumber(text: string, start: number, end: number, max: number): number | undefined {
  const n = end - start;
  if (n <= 0 || n > max) return undefined;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    value = value * 10 + d;
  }
  if (n > 1 && text.charCodeAt(start) === 48) return undefined;
  return value;
}

function digit(text: string, at: number): number {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : -100_000; // negative whatever the other digits
}

/** YYYY-MM at `start` (month 01-12): the month's index year * 12 + month - 1, else -1. */
function monthAt(text: string, start: number): number {
  if (text.charCodeAt(start + 4) !== 45) return -1;
  const year = digit(text, start) * 1000 + digit(text, start + 1) * 100 + digit(text, start + 2) * 10;
  const y = year + digit(text, start + 3);
  const month = digit(text, start + 5) * 10 + digit(text, start + 6);
  return y >= 0 && month >= 1 && month <= 12 ? y * 12 + month - 1 : -1;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The stored texts of months and dates of 1900-2099, one string per distinct value (indexed by month index, and
 * by month index * 32 + day): the millions of month and date fields share a few thousand strings instead of each
 * being cut out of its line.
 */
const FIRST_CACHED = 1900 * 12;
const CACHED_MONTHS = 200 * 12;
const monthTexts: (string | undefined)[] = new Array<string | undefined>(CACHED_MONTHS).fill(undefined);
const dateTexts: (string | undefined)[] = new Array<string | undefined>(CACHED_MONTHS * 32).fill(undefined);

function monthField(text: string, start: number, end: number): string | undefined {
  if (end - start !== 7) return undefined;
  const index = monthAt(text, start);
  if (index < 0) return undefined;
  const slot = index - FIRST_CACHED;
  if (slot < 0 || slot >= CACHED_MONTHS) return text.slice(start, end);
  return (monthTexts[slot] ??= text.slice(start, end));
}

/** YYYY-MM-DD of a real calendar day in years 1000-9999 (other years: ask zod). */
function dateField(text: string, start: number, end: number): string | undefined {
  if (end - start !== 10 || text.charCodeAt(start + 7) !== 45) return undefined;
  const index = monthAt(text, start);
  const day = digit(text, start + 8) * 10 + digit(text, start + 9);
  if (index < 1000 * 12 || day < 1) return undefined;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0))) return undefined;
  const slot = index - FIRST_CACHED;
  if (slot < 0 || slot >= CACHED_MONTHS) return text.slice(start, end);
  return (dateTexts[slot * 32 + day] ??= text.slice(start, end));
}

function withFastPath<T extends z.ZodType<unknown, string>>(type: T, fast: FastPath): T {
  fastPaths.set(type, fast);
  return type;
}

/** An enumeration: the field is one of the options (returned as the option's own string). */
function enumFastPath<T extends z.ZodType<unknown, string>>(type: T, options: readonly string[]): T {
  return withFastPath(type, (text, start, end) => {
    const n = end - start;
    for (const option of options) {
      if (option.length === n && text.startsWith(option, start)) return option;
    }
    return undefined;
  });
}

/** Text of `min` to `max` characters. */
function lengthFastPath<T extends z.ZodType<unknown, string>>(type: T, min: number, max: number): T {
  return withFastPath(type, (text, start, end) =>
    end - start >= min && end - start <= max ? text.slice(start, end) : undefined,
  );
}

withFastPath(types.id, (t, s, e) => (t.charCodeAt(s) === 48 ? undefined : wholeNumber(t, s, e, 15)));
withFastPath(types.count, (t, s, e) => wholeNumber(t, s, e, 9));
withFastPath(types.amount, (t, s, e) => wholeNumber(t, s, e, 15));
// A minus sign is left to zod ("-0" becomes -0 there).
withFastPath(types.signedAmount, (t, s, e) =>
  t.charCodeAt(s) === 45 ? undefined : wholeNumber(t, s, e, 15),
);
withFastPath(types.basisPoints, (t, s, e) => wholeNumber(t, s, e, 4));
withFastPath(types.year, (t, s, e) => {
  const y = e - s === 4 ? wholeNumber(t, s, e, 4) : undefined;
  return y !== undefined && y >= 1900 && y <= 2099 ? y : undefined;
});
withFastPath(types.month, monthField);
withFastPath(types.date, dateField);
withFastPath(types.flag, (t, s, e) => {
  if (e - s !== 1) return undefined;
  const c = t.charCodeAt(s);
  return c === 49 ? 1 : c === 48 ? 0 : undefined;
});
lengthFastPath(types.name, 1, 100);
lengthFastPath(types.text, 1, 300);
enumFastPath(types.sex, ['F', 'M']);
enumFastPath(types.personStatus, PERSON_STATUSES);
enumFastPath(types.insuranceType, INSURANCE_TYPES);
enumFastPath(types.enrolmentStatus, ENROLMENT_STATUSES);
enumFastPath(types.contributionStatus, CONTRIBUTION_STATUSES);
enumFastPath(types.benefit, BENEFIT_KINDS);
enumFastPath(types.accountKind, ACCOUNT_KINDS);
enumFastPath(types.movement, ACCOUNT_MOVEMENT_KINDS);
enumFastPath(types.category, RECORD_CATEGORIES);

/** An empty field is null; anything else must be of the type. */
function optional<T extends z.ZodType<unknown, string>>(type: T) {
  const wrapped = z
    .literal('')
    .transform(() => null)
    .or(type)
    .describe(`${type.description ?? ''} Empty when absent.`.trim());
  const inner = fastPathOf(type);
  if (inner) withFastPath(wrapped, (t, s, e) => (s === e ? null : inner(t, s, e)));
  return wrapped;
}

// ------------------------------------------------------------------------------------------------ entities

export interface Column {
  name: string;
  type: z.ZodType<unknown, string>;
  doc: string;
}

export interface Entity {
  /** The manifest's key and the file's name without `.csv`. */
  name: string;
  /** Always the name with `.csv` (derived, see ENTITIES). */
  file: string;
  /** The records-store table the rows go to. */
  table: string;
  doc: string;
  category: RecordCategory | 'reference' | 'credentials';
  columns: readonly Column[];
  /** Columns of the key: rows must be in ascending order of it, each key once. */
  key: readonly string[];
  /** For rows of one person: the column naming the person (a delta replaces all of a person's rows). */
  person?: string;
}

const c = (name: string, type: z.ZodType<unknown, string>, doc: string): Column => ({ name, type, doc });

const MONEY_PARTS = [
  c('pension_employer', types.amount, 'Pension insurance, employer part.'),
  c('pension_individual', types.amount, 'Pension insurance, individual part.'),
  c('medical_employer', types.amount, 'Medical insurance, employer part.'),
  c('medical_individual', types.amount, 'Medical insurance, individual part.'),
  c('unemployment_employer', types.amount, 'Unemployment insurance, employer part.'),
  c('unemployment_individual', types.amount, 'Unemployment insurance, individual part.'),
  c('work_injury_employer', types.amount, 'Work-injury insurance (employer only).'),
  c('maternity_employer', types.amount, 'Maternity insurance (employer only).'),
];

const ENTITY_SPECS: readonly Omit<Entity, 'file'>[] = [
  {
    name: 'regions',
    table: 'region',
    category: 'reference',
    doc: 'Insuring regions (prefecture level), named on registrations and transfers.',
    columns: [
      c('code', types.regionCode, 'Region code.'),
      c('name', types.name, 'Name in the region’s language, e.g. 深圳市.'),
      c('name_en', types.name, 'Name in English.'),
    ],
    key: ['code'],
  },
  {
    name: 'contribution_rates',
    table: 'contribution_rate',
    category: 'reference',
    doc: 'Contribution rates per year and insurance type. Every contribution’s parts are checked against its year’s rates.',
    columns: [
      c('year', types.year, 'Year the rates apply to.'),
      c('insurance_type', types.insuranceType, 'Insurance type.'),
      c('employer_bp', types.basisPoints, 'Employer rate, basis points of the base.'),
      c('individual_bp', types.basisPoints, 'Individual rate, basis points of the base.'),
    ],
    key: ['year', 'insurance_type'],
  },
  {
    name: 'employers',
    table: 'employer',
    category: 'registration',
    doc: 'Employers (units).',
    columns: [
      c('id', types.id, 'Employer key in the core system.'),
      c('unit_number', types.unitNumber, 'Unit number, unique.'),
      c('name', types.name, 'Registered name.'),
      c('address', types.text, 'Registered address.'),
      c('registered_on', types.date, 'Date of registration with the agency.'),
      c('region', types.regionCode, 'Insuring region (a code of regions.csv).'),
    ],
    key: ['id'],
  },
  {
    name: 'persons',
    table: 'person',
    category: 'registration',
    doc: 'Insured persons: registration.',
    columns: [
      c('id', types.id, 'Person key in the core system.'),
      c('national_id', types.nationalId, 'Resident ID, unique.'),
      c('name', types.name, 'Name.'),
      c('sex', types.sex, 'Sex.'),
      c('birth_date', types.date, 'Date of birth (must match the resident ID).'),
      c('address', types.text, 'Address.'),
      c('registered_on', types.date, 'Date of registration.'),
      c('region', types.regionCode, 'Current insuring region (a code of regions.csv).'),
      c('status', types.personStatus, 'Insurance status.'),
    ],
    key: ['id'],
    person: 'id',
  },
  {
    name: 'enrolments',
    table: 'enrolment',
    category: 'registration',
    doc: 'Enrolment per insurance type.',
    columns: [
      c('person_id', types.id, 'Person (persons.csv).'),
      c('insurance_type', types.insuranceType, 'Insurance type.'),
      c('since', types.month, 'First month insured.'),
      c('until', optional(types.month), 'Last month insured.'),
      c('status', types.enrolmentStatus, 'Enrolment status.'),
    ],
    key: ['person_id', 'insurance_type'],
    person: 'person_id',
  },
  {
    name: 'employment_periods',
    table: 'employment',
    category: 'registration',
    doc: 'Employment periods: who worked for which unit when. An employer’s staff list and every contribution with an employer are checked against them.',
    columns: [
      c('person_id', types.id, 'Person (persons.csv).'),
      c('employer_id', types.id, 'Employer (employers.csv).'),
      c('first_month', types.month, 'First month of the period.'),
      c('last_month', optional(types.month), 'Last month of the period; empty while it lasts.'),
    ],
    key: ['person_id', 'first_month', 'employer_id'],
    person: 'person_id',
  },
  {
    name: 'contributions',
    table: 'contribution',
    category: 'contributions',
    doc: 'Contributions: one row per person and month, with the parts as the core system computed them.',
    columns: [
      c('person_id', types.id, 'Person (persons.csv).'),
      c('month', types.month, 'Month contributed for (not after the data-through month).'),
      c(
        'employer_id',
        optional(types.id),
        'Employer (employers.csv), inside one of the person’s employment periods there; empty for flexible employment.',
      ),
      c('base', types.amount, 'Contribution base.'),
      ...MONEY_PARTS,
      c('status', types.contributionStatus, 'Payment status.'),
      c('paid_date', optional(types.date), 'Date paid; empty exactly when the status is arrears.'),
    ],
    key: ['person_id', 'month'],
    person: 'person_id',
  },
  {
    name: 'subsidies',
    table: 'subsidy',
    category: 'contributions',
    doc: 'Contribution subsidies.',
    columns: [
      c('person_id', types.id, 'Person (persons.csv).'),
      c('month', types.month, 'Month subsidised.'),
      c('kind', types.code, 'Kind of subsidy, e.g. flexible_employment.'),
      c('amount', types.amount, 'Amount.'),
    ],
    key: ['person_id', 'month', 'kind'],
    person: 'person_id',
  },
  {
    name: 'benefit_eligibility',
    table: 'benefit_eligibility',
    category: 'benefits',
    doc: 'Benefit eligibility per benefit.',
    columns: [
      c('person_id', types.id, 'Person (persons.csv).'),
      c('benefit', types.benefit, 'Benefit.'),
      c('eligible', types.flag, 'Eligible now.'),
      c('since', optional(types.date), 'Eligible since.'),
      c('until', optional(types.date), 'Eligible until.'),
      c('monthly_amount', optional(types.amount), 'Monthly amount, for benefits paid monthly.'),
    ],
    key: ['person_id', 'benefit'],
    person: 'person_id',
  },
  {
    name: 'benefit_payments',
    table: 'benefit_payment',
    category: 'benefits',
    doc: 'Benefit payments.',
    columns: [
      c('person_id', types.id, 'Person (persons.csv).'),
      c('paid_date', types.date, 'Date paid.'),
      c('benefit', types.benefit, 'Benefit.'),
      c('period', types.month, 'Month paid for.'),
      c('amount', types.amount, 'Amount.'),
    ],
    key: ['person_id', 'paid_date', 'benefit', 'period'],
    person: 'person_id',
  },
  {
    name: 'contribution_periods',
    table: 'contribution_period',
    category: 'accounts',
    doc: 'Cumulative contribution period per insurance type (months, including months transferred in).',
    columns: [
      c('person_id', types.id, 'Person (persons.csv).'),
      c('insurance_type', types.insuranceType, 'Insurance type.'),
      c('months', types.count, 'Months.'),
    ],
    key: ['person_id', 'insurance_type'],
    person: 'person_id',
  },
  {
    name: 'accounts',
    table: 'account',
    category: 'accounts',
    doc: 'Personal accounts and their balances.',
    columns: [
      c('person_id', types.id, 'Person (persons.csv).'),
      c('kind', types.accountKind, 'Account.'),
      c('balance', types.amount, 'Balance at the data-through month.'),
    ],
    key: ['person_id', 'kind'],
    person: 'person_id',
  },
  {
    name: 'account_years',
    table: 'account_year',
    category: 'accounts',
    doc: 'Personal accounts year by year.',
    columns: [
      c('person_id', types.id, 'Person (persons.csv).'),
      c('kind', types.accountKind, 'Account.'),
      c('year', types.year, 'Year.'),
      c('accrual', types.amount, 'Credited in the year.'),
      c('interest', types.amount, 'Interest of the year.'),
      c('closing_balance', types.amount, 'Balance at the end of the year.'),
    ],
    key: ['person_id', 'kind', 'year'],
    person: 'person_id',
  },
  {
    name: 'account_movements',
    table: 'account_movement',
    category: 'accounts',
    doc: 'Personal account movements.',
    columns: [
      c('person_id', types.id, 'Person (persons.csv).'),
      c('kind', types.accountKind, 'Account.'),
      c('date', types.date, 'Date.'),
      c('seq', types.count, 'Order within the account (ascending with the date).'),
      c('movement', types.movement, 'Kind of movement.'),
      c('amount', types.signedAmount, 'Amount: positive in, negative out.'),
      c('balance_after', types.amount, 'Balance after the movement.'),
    ],
    key: ['person_id', 'kind', 'date', 'seq'],
    person: 'person_id',
  },
  {
    name: 'transfers',
    table: 'transfer',
    category: 'other',
    doc: 'Transfers of the insurance relationship between regions.',
    columns: [
      c('person_id', types.id, 'Person (persons.csv).'),
      c('date', types.date, 'Date of the transfer.'),
      c('from_region', types.regionCode, 'Region left (regions.csv).'),
      c('to_region', types.regionCode, 'Region joined (regions.csv).'),
      c('months', types.count, 'Contribution months transferred.'),
      c('funds_transferred', types.amount, 'Funds transferred.'),
    ],
    key: ['person_id', 'date'],
    person: 'person_id',
  },
  {
    name: 'corrections',
    table: 'correction',
    category: 'other',
    doc: 'Corrections made to the record.',
    columns: [
      c('person_id', types.id, 'Person (persons.csv).'),
      c('date', types.date, 'Date of the correction.'),
      c('category', types.category, 'Record category corrected.'),
      c('field', types.code, 'Field corrected, e.g. address or base:2024-03.'),
      c('reason', types.code, 'Reason code.'),
    ],
    key: ['person_id', 'date', 'field'],
    person: 'person_id',
  },
  {
    name: 'person_credentials',
    table: 'person_credential',
    category: 'credentials',
    doc: 'Query PINs the core system issued, as hashes.',
    columns: [
      c('person_id', types.id, 'Person (persons.csv).'),
      c('pin_hash', types.secretHash, 'Hash of the 6-digit PIN.'),
    ],
    key: ['person_id'],
    person: 'person_id',
  },
  {
    name: 'employer_credentials',
    table: 'employer_credential',
    category: 'credentials',
    doc: 'Employer passwords and phone PINs the core system issued, as hashes.',
    columns: [
      c('employer_id', types.id, 'Employer (employers.csv).'),
      c('password_hash', types.secretHash, 'Hash of the password.'),
      c('phone_pin_hash', types.secretHash, 'Hash of the 6-digit phone PIN.'),
    ],
    key: ['employer_id'],
  },
  {
    name: 'delegate_authorizations',
    table: 'delegate_authorization',
    category: 'credentials',
    doc: 'Authorisations for a delegate to query part of a person’s record, with the authorisation code as a hash.',
    columns: [
      c('person_id', types.id, 'Person represented (persons.csv).'),
      c('id', types.id, 'Authorisation key, unique.'),
      c('delegate_national_id', types.nationalId, 'Resident ID of the delegate.'),
      c('code_hash', types.secretHash, 'Hash of the authorisation code.'),
      c('categories', types.categories, 'Record categories the delegate may see.'),
      c('from_month', types.month, 'First month the delegate may see.'),
      c('to_month', types.month, 'Last month the delegate may see.'),
      c('valid_until', types.date, 'Last day the authorisation is valid.'),
    ],
    key: ['person_id', 'id'],
    person: 'person_id',
  },
];

/** The entities in load order, each in the file named after it. */
export const ENTITIES: readonly Entity[] = ENTITY_SPECS.map((e) => ({ ...e, file: `${e.name}.csv` }));

export type EntityName =
  | 'regions'
  | 'contribution_rates'
  | 'employers'
  | 'persons'
  | 'enrolments'
  | 'employment_periods'
  | 'contributions'
  | 'subsidies'
  | 'benefit_eligibility'
  | 'benefit_payments'
  | 'contribution_periods'
  | 'accounts'
  | 'account_years'
  | 'account_movements'
  | 'transfers'
  | 'corrections'
  | 'person_credentials'
  | 'employer_credentials'
  | 'delegate_authorizations';

export function entity(name: EntityName): Entity {
  const found = ENTITIES.find((e) => e.name === name);
  if (!found) throw new Error(`unknown entity ${name}`);
  return found;
}

/** The zod schema of one row: a tuple of the fields' texts, in header order. */
export function rowSchema(e: Entity) {
  const items = e.columns.map((col) => col.type) as unknown as [z.ZodType<unknown, string>];
  return z.tuple(items);
}

// ------------------------------------------------------------------------------------------------ manifest

const sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in lower-case hex')
  .describe('SHA-256 of the file’s bytes, lower-case hex.');

export const manifestSchema = z
  .object({
    format: z.literal(FORMAT_NAME).describe(`Always "${FORMAT_NAME}".`),
    formatVersion: z
      .string()
      .regex(/^1\.\d+$/, `expected format version 1.x (this importer reads ${FORMAT_VERSION})`)
      .describe(`Format version, major.minor; this document describes ${FORMAT_VERSION}.`),
    kind: z
      .enum(['full', 'delta'])
      .describe('full: the whole record store; delta: only the persons that changed, with all their rows.'),
    exportedAt: z
      .string()
      .datetime({ offset: true })
      .describe('When the core system took the export (ISO 8601). Becomes the records’ asOf.'),
    appliesTo: z
      .string()
      .datetime({ offset: true })
      .optional()
      .describe(
        'Delta only: the asOf (exportedAt) of the snapshot this delta applies to. Refused otherwise.',
      ),
    dataThrough: types.month.describe('The last month the records cover.'),
    firstDetailMonth: types.month.describe('The first month with monthly detail (contributions, payments).'),
    regionProfile: z
      .object({
        code: z.string().min(2).max(8),
        currency: z.string().regex(/^[A-Z]{3}$/),
        minorUnits: z.number().int().positive(),
        idScheme: z.literal('cn-resident-18'),
      })
      .describe('The deployment’s region profile: currency, minor units, national ID scheme.'),
    producer: z.string().max(200).optional().describe('The exporting system, for the maintenance log.'),
    files: z
      .record(
        z.string(),
        z.object({
          file: z.string().regex(/^[a-z_]+\.csv$/, 'expected a plain file name ending in .csv'),
          rows: z.number().int().nonnegative().describe('Data rows (not counting the header).'),
          sha256,
        }),
      )
      .describe('One entry per entity: its file, row count and hash. Every entity of the format is listed.'),
  })
  .superRefine((m, ctx) => {
    if (m.kind === 'delta' && !m.appliesTo) {
      ctx.addIssue({
        code: 'custom',
        path: ['appliesTo'],
        message: 'a delta must name the asOf it applies to',
      });
    }
  });

export type Manifest = z.infer<typeof manifestSchema>;
