// The disclosure policy (regulation Art. 14): which content each role may see on each channel, the delegate's
// scope, the employer's period limit and the phone's masking. Every answer goes through this one module, and
// the same tables are published at GET /v1/disclosure. Pure functions: no storage, no HTTP.
import {
  CHANNELS,
  RECORD_CATEGORIES,
  ROLES,
  maskNationalId,
  type Accounts,
  type Benefits,
  type Channel,
  type Disclosure,
  type Other,
  type RecordCategory,
  type Registration,
  type Role,
  type SessionRequest,
  type StaffMember,
  type Summary,
  type WithheldField,
} from '@consulta/shared';
import type { DelegateScope, MonthRange, StaffRow, SummaryFacts } from '../store/types.ts';

export const POLICY_VERSION = '2025-1';

/** Who is asking, as established by a session. */
export type Principal =
  | { role: 'insured'; personId: number }
  | { role: 'delegate'; personId: number; authorizationId: number; scope: DelegateScope }
  | { role: 'employer'; employerId: number };

/** What a person-record route discloses: one category, the phone's short form, or a certificate. */
export type PersonResource = RecordCategory | 'summary' | 'certificate';

export const ALL_MONTHS: MonthRange = { from: '0000-01', to: '9999-12' };

/** What a rule may withhold, each with the label the published policy gives it. */
export const WITHHELD = {
  fullNationalId: 'fullNationalId',
  address: 'address',
  name: 'name',
  otherPersonsNames: 'otherPersonsNames',
} as const satisfies Record<WithheldField, WithheldField>;
export type { WithheldField };

// ---------------------------------------------------------------- login

/** Which login methods each channel accepts: the phone has no keyboard for passwords, delegates come in person. */
const LOGIN_CHANNELS: Record<SessionRequest['method'], readonly Channel[]> = {
  pin: ['kiosk', 'phone', 'web'],
  delegate: ['kiosk', 'web'],
  employer: ['kiosk', 'web'],
  'employer-pin': ['phone'],
};

export function loginAllowed(method: SessionRequest['method'], channel: Channel): boolean {
  return LOGIN_CHANNELS[method].includes(channel);
}

// ---------------------------------------------------------------- the table

interface Rule {
  allowed: boolean;
  withheld: readonly WithheldField[];
  note?: string;
}

const REFUSED_CATEGORY: Rule = {
  allowed: false,
  withheld: [],
  note: 'employers never see benefits, accounts or other content',
};

/**
 * The policy as data: role × channel × category, stated once. The published document (GET /v1/disclosure) is
 * this table, and the shaping functions below withhold exactly what it names (`withheldFields`).
 */
const POLICY: Record<Role, Record<Channel, Record<RecordCategory, Rule>>> = {
  insured: perChannel((channel) =>
    perCategory((category) => ({
      allowed: true,
      withheld:
        channel === 'phone' && category === 'registration' ? ['fullNationalId', 'address', 'name'] : [],
      ...(channel === 'phone'
        ? { note: 'read out by the phone menu; amounts and periods yes, no ID number or address' }
        : {}),
    })),
  ),
  delegate: perChannel((channel) =>
    perCategory(() =>
      channel === 'phone'
        ? { allowed: false, withheld: [], note: 'delegates query at a kiosk or on the web' }
        : {
            allowed: true,
            withheld: [],
            note: 'only the categories and months the authorisation names, until it expires',
          },
    ),
  ),
  employer: perChannel((channel) =>
    perCategory((category) =>
      category === 'registration' || category === 'contributions'
        ? {
            allowed: true,
            withheld:
              channel === 'phone'
                ? ['fullNationalId', 'address', 'otherPersonsNames']
                : ['fullNationalId', 'address'],
            note:
              category === 'registration'
                ? "the unit's own staff: employment with this unit, masked ID"
                : 'only the months each person worked for this unit',
          }
        : REFUSED_CATEGORY,
    ),
  ),
};

function perChannel<T>(make: (channel: Channel) => T): Record<Channel, T> {
  return Object.fromEntries(CHANNELS.map((c) => [c, make(c)])) as Record<Channel, T>;
}

function perCategory<T>(make: (category: RecordCategory) => T): Record<RecordCategory, T> {
  return Object.fromEntries(RECORD_CATEGORIES.map((c) => [c, make(c)])) as Record<RecordCategory, T>;
}

/** The rule for a role on a channel for a category of the record. */
export function rule(role: Role, channel: Channel, category: RecordCategory): Rule {
  return POLICY[role][channel][category];
}

/** What the rule withholds, as a set the shaping functions consult. */
export function withheldFields(
  role: Role,
  channel: Channel,
  category: RecordCategory,
): ReadonlySet<WithheldField> {
  return new Set(rule(role, channel, category).withheld);
}

/** The published policy; `login` is the throttling policy (auth/throttle.ts), which depends on configuration. */
export function disclosureDocument(login: Disclosure['login']): Disclosure {
  const rules: Disclosure['rules'] = [];
  for (const role of ROLES) {
    for (const channel of CHANNELS) {
      for (const category of RECORD_CATEGORIES) {
        const { withheld, ...rest } = rule(role, channel, category);
        rules.push({ role, channel, category, ...rest, withheld: withheld.map((field) => WITHHELD[field]) });
      }
    }
  }
  return { version: POLICY_VERSION, login, rules };
}

// ---------------------------------------------------------------- decisions

export type Decision =
  | {
      allowed: true;
      /** Months the answer may cover. */
      range: MonthRange;
      /** Categories the answer may draw on (the summary is cut to these). */
      categories: readonly RecordCategory[];
    }
  | { allowed: false; reason: 'wrong_role' | 'category' | 'channel' | 'expired' };

/** May this principal see this part of a person's record on this channel today ('YYYY-MM-DD')? */
export function authorizePersonResource(
  principal: Principal,
  channel: Channel,
  resource: PersonResource,
  today: string,
): Decision {
  if (principal.role === 'employer') return { allowed: false, reason: 'wrong_role' };
  // Certificates are printed proofs: the phone cannot hand one over (also the route's channels in the contract).
  if (resource === 'certificate' && channel === 'phone') return { allowed: false, reason: 'channel' };
  if (principal.role === 'insured')
    return { allowed: true, range: ALL_MONTHS, categories: RECORD_CATEGORIES };

  const { scope } = principal;
  if (today > scope.validUntil) return { allowed: false, reason: 'expired' };
  const categories = RECORD_CATEGORIES.filter(
    (c) => scope.categories.includes(c) && rule('delegate', channel, c).allowed,
  );
  const needed: RecordCategory | null =
    resource === 'summary' ? null : resource === 'certificate' ? 'contributions' : resource;
  if (needed === null ? categories.length === 0 : !categories.includes(needed)) {
    return { allowed: false, reason: channel === 'phone' ? 'channel' : 'category' };
  }
  return { allowed: true, range: { from: scope.fromMonth, to: scope.toMonth }, categories };
}

/** The intersection of a request's months with what the policy allows (null when empty). */
export function clampRange(requested: Partial<MonthRange>, allowed: MonthRange): MonthRange | null {
  const from = requested.from && requested.from > allowed.from ? requested.from : allowed.from;
  const to = requested.to && requested.to < allowed.to ? requested.to : allowed.to;
  return from <= to ? { from, to } : null;
}

function inRange(monthOrDate: string, range: MonthRange): boolean {
  const month = monthOrDate.slice(0, 7);
  return month >= range.from && month <= range.to;
}

// ---------------------------------------------------------------- shaping

/**
 * A registration's history cut to the allowed months (a delegate's authorised months): employment periods and
 * enrolments outside them are dropped, those that cross an end are cut at it, and one still running is shown
 * ending at the last allowed month when that lies before the records' last month (`dataThrough`).
 */
export function limitRegistration(
  registration: Omit<Registration, 'asOf'>,
  range: MonthRange,
  dataThrough: string,
): Omit<Registration, 'asOf'> {
  if (range === ALL_MONTHS) return registration;
  const cut = <T>(
    items: readonly T[],
    first: (t: T) => string,
    last: (t: T) => string | null,
    make: (t: T, from: string, to: string | null) => T,
  ): T[] =>
    items.flatMap((item) => {
      const start = first(item);
      const end = last(item);
      if (start > range.to || (end !== null && end < range.from)) return [];
      const from = start < range.from ? range.from : start;
      const to = end === null ? (range.to < dataThrough ? range.to : null) : end > range.to ? range.to : end;
      return [make(item, from, to)];
    });
  return {
    ...registration,
    enrolments: cut(
      registration.enrolments,
      (e) => e.since,
      (e) => e.until,
      (e, since, until) => ({ ...e, since, until }),
    ),
    employment: cut(
      registration.employment,
      (e) => e.firstMonth,
      (e) => e.lastMonth,
      (e, firstMonth, lastMonth) => ({ ...e, firstMonth, lastMonth }),
    ),
  };
}

export type CertificatePeriod =
  { ok: true; range: MonthRange } | { ok: false; reason: 'after_data' | 'outside_scope' };

/**
 * The months a certificate may cover: what was asked (or everything allowed), never after the records' last
 * month, and for a delegate never outside the authorised months (asking for more is refused, not cut).
 */
export function certificatePeriod(
  requested: Partial<MonthRange>,
  allowed: MonthRange,
  dataThrough: string,
): CertificatePeriod {
  if ((requested.from ?? '') > dataThrough || (requested.to ?? '') > dataThrough) {
    return { ok: false, reason: 'after_data' };
  }
  if (allowed !== ALL_MONTHS) {
    const outside = (m: string | undefined) => m !== undefined && (m < allowed.from || m > allowed.to);
    if (outside(requested.from) || outside(requested.to)) return { ok: false, reason: 'outside_scope' };
  }
  const range = clampRange(requested, allowed);
  if (!range) return { ok: false, reason: 'outside_scope' };
  return { ok: true, range: range.to > dataThrough ? { from: range.from, to: dataThrough } : range };
}

/** The phone never gets the full ID, the address or a name; kiosk and web get the full registration. */

/** The registration with what the rule withholds for this role and channel left out (or masked: the ID). */
export function shapeRegistration(
  registration: Omit<Registration, 'asOf'>,
  role: Role,
  channel: Channel,
): Omit<Registration, 'asOf'> {
  const withheld = withheldFields(role, channel, 'registration');
  if (withheld.size === 0) return registration;
  const { nationalId, name, address, ...person } = registration.person;
  return {
    ...registration,
    person: {
      ...person,
      nationalId: withheld.has('fullNationalId') ? maskNationalId(nationalId) : nationalId,
      ...(name === undefined || withheld.has('name') ? {} : { name }),
      ...(address === undefined || withheld.has('address') ? {} : { address }),
    },
  };
}

/** Benefit payments limited to the allowed months (eligibility is not dated by month). */
export function shapeBenefits(benefits: Omit<Benefits, 'asOf'>, range: MonthRange): Omit<Benefits, 'asOf'> {
  if (range === ALL_MONTHS) return benefits;
  return { ...benefits, payments: benefits.payments.filter((p) => inRange(p.period, range)) };
}

/** Account years and movements limited to the allowed months. */
export function shapeAccounts(accounts: Omit<Accounts, 'asOf'>, range: MonthRange): Omit<Accounts, 'asOf'> {
  if (range === ALL_MONTHS) return accounts;
  const fromYear = Number(range.from.slice(0, 4));
  const toYear = Number(range.to.slice(0, 4));
  return {
    periods: accounts.periods,
    accounts: accounts.accounts.map((a) => ({
      ...a,
      years: a.years.filter((y) => y.year >= fromYear && y.year <= toYear),
      movements: a.movements.filter((m) => inRange(m.date, range)),
    })),
  };
}

export function shapeOther(other: Omit<Other, 'asOf'>, range: MonthRange): Omit<Other, 'asOf'> {
  if (range === ALL_MONTHS) return other;
  return {
    transfers: other.transfers.filter((t) => inRange(t.date, range)),
    corrections: other.corrections.filter((c) => inRange(c.date, range)),
  };
}

/** The phone's short form, cut to the categories the principal may see. */
export function shapeSummary(
  facts: SummaryFacts,
  categories: readonly RecordCategory[],
): Omit<Summary, 'asOf'> {
  const out: Omit<Summary, 'asOf'> = {};
  if (categories.includes('registration')) out.enrolments = facts.enrolments;
  if (categories.includes('contributions')) {
    out.latestPaidMonth = facts.latestPaidMonth;
    out.monthsInArrears = facts.monthsInArrears;
    out.arrearsAmount = facts.arrearsAmount;
  }
  if (categories.includes('accounts')) {
    out.periods = facts.periods;
    out.balances = facts.balances;
  }
  if (categories.includes('benefits')) out.lastBenefitPayment = facts.lastBenefitPayment;
  return out;
}

/** A staff member as an employer sees them: the ID always masked (the rule withholds the full one), the name
 * unless the rule withholds other persons' names (the phone). */
export function shapeStaffMember(row: StaffRow, channel: Channel): StaffMember {
  const withheld = withheldFields('employer', channel, 'registration');
  return {
    ref: row.ref,
    maskedNationalId: maskNationalId(row.nationalId),
    ...(withheld.has('otherPersonsNames') ? {} : { name: row.name }),
    status: row.status,
    firstMonth: row.firstMonth,
    lastMonth: row.lastMonth,
    current: row.current,
    monthsInArrears: row.monthsInArrears,
    arrearsAmount: row.arrearsAmount,
    latestPaidMonth: row.latestPaidMonth,
  };
}

/** Whether a month falls in one of an employee's periods with the unit. */
export function inEmploymentPeriods(month: string, periods: readonly MonthRange[]): boolean {
  return periods.some((p) => month >= p.from && month <= p.to);
}
