// What the caller hears for each menu item, built from the API's answer in the caller's language. Only what the
// phone may disclose is read: amounts, months, periods, statuses — never a full ID number, an address or a name
// (the API already withholds them on the phone channel; these functions never reach for them either).
import type {
  Accounts,
  Benefits,
  ContributionItem,
  Disclosure,
  EmployerSummary,
  Other,
  RegionName,
  Registration,
  StaffMember,
  Summary,
} from '../../shared/src/api.ts';
import {
  ACCOUNT_KINDS,
  INSURANCE_TYPES,
  type ContributionStatus,
  type InsuranceType,
  type Role,
} from '../../shared/src/domain.ts';
import { nationalIdEnding } from '../../shared/src/ids.ts';
import type { Language } from '../../shared/src/i18n.ts';
import { COMMON } from '../../shared/src/messages/common.ts';
import { IVR } from '../../shared/src/messages/ivr.ts';
import {
  speakAmount,
  speakCode,
  speakCount,
  speakDate,
  speakMonth,
  speakPeriod,
  regionNameIn,
  type Spoken,
} from '../../shared/src/speech.ts';

/** Sentences, each said as one <Say>. */
export type Answer = Spoken[];

const upper = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Items with the same key, in groups, each group and the groups in the insurance types' order. */
function groupBy<T extends { insuranceType: InsuranceType }>(items: T[], key: (item: T) => string): T[][] {
  const sorted = [...items].sort(
    (a, b) => INSURANCE_TYPES.indexOf(a.insuranceType) - INSURANCE_TYPES.indexOf(b.insuranceType),
  );
  const groups = new Map<string, T[]>();
  for (const item of sorted) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}

/**
 * A region by name ("Shenzhen", "深圳市") when the API knows it; otherwise by its code, read as a code
 * ("region 4 4 0 3 0 0"), not as a six-figure number.
 */
function region(code: string, name: RegionName | undefined, lang: Language): Spoken {
  if (name) return [regionNameIn(name, lang)];
  return /^\d+$/.test(code) ? IVR[lang].region(speakCode(code, lang)) : [code];
}

function asOf(iso: string, lang: Language): Spoken {
  return [IVR[lang].asOf(speakDate(iso.slice(0, 10), lang))];
}

/** How many recent months of contributions the phone reads out. */
export const RECENT_MONTHS = 3;
/** How many arrears months are named before "and N more". */
export const NAMED_ARREARS_MONTHS = 3;

export function registrationAnswer(reg: Registration, lang: Language): Answer {
  const m = IVR[lang];
  const out: Answer = [
    [m.registration.registeredOn(speakDate(reg.person.registeredOn, lang))],
    [m.registration.status(m.personStatus[reg.person.status])],
  ];
  if (reg.enrolments.length === 0) out.push([m.registration.noEnrolment]);
  // Insurance types with the same status since the same month are said once, in the regulation's order.
  for (const group of groupBy(reg.enrolments, (e) => `${e.status}|${e.since}`)) {
    const first = group[0] as (typeof group)[number];
    out.push([
      m.registration.enrolment(
        upper(m.list(group.map((e) => COMMON[lang].insuranceType[e.insuranceType]))),
        m.enrolmentStatus[first.status],
        speakMonth(first.since, lang),
      ),
    ]);
  }
  out.push(asOf(reg.asOf, lang));
  return out;
}

const STATUS_RANK: Record<ContributionStatus, number> = { paid: 0, late: 1, arrears: 2 };

export interface MonthTotal {
  month: string;
  individualPart: number;
  employerPart: number;
  status: ContributionStatus;
}

/** Contribution lines summed per month over the insurance types, newest first; a month's status is its worst. */
export function monthTotals(items: ContributionItem[]): MonthTotal[] {
  const byMonth = new Map<string, MonthTotal>();
  for (const item of items) {
    const t = byMonth.get(item.month) ?? {
      month: item.month,
      individualPart: 0,
      employerPart: 0,
      status: 'paid',
    };
    t.individualPart += item.individualPart;
    t.employerPart += item.employerPart;
    if (STATUS_RANK[item.status] > STATUS_RANK[t.status]) t.status = item.status;
    byMonth.set(item.month, t);
  }
  return [...byMonth.values()].sort((a, b) => b.month.localeCompare(a.month));
}

export function contributionsAnswer(
  summary: Summary,
  recent: ContributionItem[],
  arrears: ContributionItem[],
  lang: Language,
): Answer {
  const m = IVR[lang];
  const out: Answer = [];
  out.push([
    summary.latestPaidMonth
      ? m.contributions.latestPaid(speakMonth(summary.latestPaidMonth, lang))
      : m.contributions.nonePaid,
  ]);
  for (const t of monthTotals(recent).slice(0, RECENT_MONTHS)) {
    out.push([
      m.contributions.month(
        upper(speakMonth(t.month, lang)),
        speakAmount(t.individualPart, lang),
        speakAmount(t.employerPart, lang),
        COMMON[lang].contributionStatus[t.status],
      ),
    ]);
  }
  const monthsInArrears = summary.monthsInArrears ?? 0;
  if (monthsInArrears > 0) {
    out.push([
      m.contributions.arrears(
        speakCount(monthsInArrears, 'month', lang),
        speakAmount(summary.arrearsAmount ?? 0, lang),
      ),
    ]);
    const months = monthTotals(arrears).map((t) => t.month);
    if (months.length > 0) {
      out.push([
        m.contributions.arrearsMonths(
          months.slice(0, NAMED_ARREARS_MONTHS).map((mo) => speakMonth(mo, lang)),
          Math.max(0, monthsInArrears - NAMED_ARREARS_MONTHS),
        ),
      ]);
    }
  } else {
    out.push([m.contributions.noArrears]);
  }
  out.push(asOf(summary.asOf, lang));
  return out;
}

export function benefitsAnswer(b: Benefits, lang: Language): Answer {
  const m = IVR[lang];
  const out: Answer = [];
  const eligible = b.eligibility.filter((e) => e.eligible);
  if (eligible.length === 0) out.push([m.benefits.noEligibility]);
  for (const e of eligible) {
    out.push([
      m.benefits.eligible(
        COMMON[lang].benefit[e.benefit],
        e.since ? speakDate(e.since, lang) : null,
        e.monthlyAmount !== null ? speakAmount(e.monthlyAmount, lang) : null,
      ),
    ]);
  }
  const last = lastPayment(b);
  if (last) {
    out.push([
      m.benefits.lastPayment(
        COMMON[lang].benefit[last.benefit],
        speakMonth(last.period, lang),
        speakAmount(last.amount, lang),
        speakDate(last.paidDate, lang),
      ),
    ]);
  } else {
    out.push([m.benefits.noPayments]);
  }
  out.push(asOf(b.asOf, lang));
  return out;
}

/** The most recent benefit payment (by paid date, then period). */
export function lastPayment(b: Benefits): Benefits['payments'][number] | undefined {
  return [...b.payments].sort(
    (x, y) => y.paidDate.localeCompare(x.paidDate) || y.period.localeCompare(x.period),
  )[0];
}

export function accountsAnswer(a: Accounts, lang: Language): Answer {
  const m = IVR[lang];
  const out: Answer = [];
  if (a.periods.length === 0) out.push([m.accounts.noPeriods]);
  for (const group of groupBy(a.periods, (p) => String(p.months))) {
    const names = group.map((p) => COMMON[lang].insuranceType[p.insuranceType]);
    out.push([m.accounts.period(upper(m.list(names)), speakPeriod(group[0]?.months ?? 0, lang))]);
  }
  const accountsInOrder = [...a.accounts].sort(
    (x, y) => ACCOUNT_KINDS.indexOf(x.kind) - ACCOUNT_KINDS.indexOf(y.kind),
  );
  for (const acc of accountsInOrder) {
    out.push([m.accounts.balance(COMMON[lang].account[acc.kind], speakAmount(acc.balance, lang))]);
    // The latest year credited with interest: the current year's interest is credited at its end.
    const years = [...acc.years].sort((x, y) => y.year - x.year);
    const year = years.find((y) => y.interest > 0) ?? years[0];
    if (year)
      out.push([
        m.accounts.year(
          year.year,
          year.accrual !== 0 ? speakAmount(year.accrual, lang) : null,
          speakAmount(year.interest, lang),
        ),
      ]);
  }
  out.push(asOf(a.asOf, lang));
  return out;
}

/** How many transfers the phone reads out in full, newest first. */
export const NAMED_TRANSFERS = 3;

export function otherAnswer(o: Other, lang: Language): Answer {
  const m = IVR[lang];
  const out: Answer = [];
  if (o.transfers.length === 0) out.push([m.other.noTransfers]);
  else out.push([m.other.transfers(o.transfers.length)]);
  const transfers = [...o.transfers].sort((x, y) => y.date.localeCompare(x.date)).slice(0, NAMED_TRANSFERS);
  for (const t of transfers) {
    out.push(
      m.other.transfer(
        speakDate(t.date, lang),
        region(t.fromRegion, t.fromRegionName, lang),
        region(t.toRegion, t.toRegionName, lang),
        speakCount(t.months, 'month', lang),
        speakAmount(t.fundsTransferred, lang),
      ),
    );
  }
  const latest = [...o.corrections].sort((x, y) => y.date.localeCompare(x.date))[0];
  if (latest) {
    out.push([
      m.other.corrections(
        o.corrections.length,
        speakDate(latest.date, lang),
        m.categoryNames[latest.category],
      ),
    ]);
  } else {
    out.push([m.other.noCorrections]);
  }
  out.push(asOf(o.asOf, lang));
  return out;
}

export function disclosureAnswer(d: Disclosure, role: Role, lang: Language): Answer {
  const m = IVR[lang];
  const categories = d.rules
    .filter((r) => r.role === role && r.channel === 'phone' && r.allowed)
    .map((r) => m.categoryNames[r.category]);
  const elsewhere = role === 'employer' ? m.disclosure.elsewhereEmployer : m.disclosure.elsewhere;
  return [[m.disclosure.canCheck(categories)], [m.disclosure.withheld], [elsewhere]];
}

export function staffCountAnswer(s: EmployerSummary, lang: Language): Answer {
  return [[IVR[lang].employer.staffCount(speakCount(s.staffCount, 'person', lang))], asOf(s.asOf, lang)];
}

export function staffArrearsAnswer(s: EmployerSummary, lang: Language): Answer {
  const m = IVR[lang];
  const line =
    s.staffInArrears > 0
      ? m.employer.arrears(speakCount(s.staffInArrears, 'person', lang), speakAmount(s.arrearsAmount, lang))
      : m.employer.noArrears;
  return [[line], asOf(s.asOf, lang)];
}

export function unitMonthsAnswer(s: EmployerSummary, lang: Language): Answer {
  const m = IVR[lang];
  const months = [...s.months].sort((a, b) => b.month.localeCompare(a.month)).slice(0, RECENT_MONTHS);
  if (months.length === 0) return [[m.employer.noMonths], asOf(s.asOf, lang)];
  return [
    ...months.map((mo): Spoken => [
      m.employer.month(
        upper(speakMonth(mo.month, lang)),
        speakCount(mo.headcount, 'person', lang),
        speakAmount(mo.paidAmount, lang),
        mo.arrearsAmount > 0 ? speakAmount(mo.arrearsAmount, lang) : null,
      ),
    ]),
    asOf(s.asOf, lang),
  ];
}

/** One employee, read back by the ending of the ID number the caller typed (never the full number). */
export function staffMemberAnswer(
  member: StaffMember,
  typedId: string,
  asOfIso: string,
  lang: Language,
): Answer {
  const m = IVR[lang];
  const out: Answer = [
    m.employer.member(speakCode(nationalIdEnding(typedId), lang), m.staffStatus[member.status]),
  ];
  if (member.monthsInArrears > 0) {
    out.push([
      m.employer.memberArrears(
        speakCount(member.monthsInArrears, 'month', lang),
        speakAmount(member.arrearsAmount, lang),
      ),
    ]);
  }
  if (member.latestPaidMonth)
    out.push([m.employer.memberLatestPaid(speakMonth(member.latestPaidMonth, lang))]);
  out.push([
    m.employer.memberPeriod(
      speakMonth(member.firstMonth, lang),
      member.lastMonth && !member.current ? speakMonth(member.lastMonth, lang) : null,
    ),
  ]);
  out.push(asOf(asOfIso, lang));
  return out;
}
