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
  RECORD_CATEGORIES,
  type ContributionStatus,
  type InsuranceType,
  type RecordCategory,
  type Role,
} from '../../shared/src/domain.ts';
import type { AccessLog, Statement } from '@consulta/shared';
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

/** An answer and, behind key 5, its details. */
export interface Reply {
  lead: Answer;
  details?: Answer;
}

/**
 * What a caller about contributions wants first: the latest paid month and what is in arrears (months and amount).
 * The month-by-month lines and the arrears months by name are the details.
 */
export function contributionsAnswer(
  summary: Summary,
  recent: ContributionItem[],
  arrears: ContributionItem[],
  lang: Language,
): Reply {
  const m = IVR[lang];
  const lead: Answer = [];
  lead.push([
    summary.latestPaidMonth
      ? m.contributions.latestPaid(speakMonth(summary.latestPaidMonth, lang))
      : m.contributions.nonePaid,
  ]);
  const monthsInArrears = summary.monthsInArrears ?? 0;
  lead.push([
    monthsInArrears > 0
      ? m.contributions.arrears(
          speakCount(monthsInArrears, 'month', lang),
          speakAmount(summary.arrearsAmount ?? 0, lang),
        )
      : m.contributions.noArrears,
  ]);
  lead.push(asOf(summary.asOf, lang));
  const details: Answer = [];
  const months = monthTotals(arrears).map((t) => t.month);
  if (months.length > 0) {
    details.push([
      m.contributions.arrearsMonths(
        months.slice(0, NAMED_ARREARS_MONTHS).map((mo) => speakMonth(mo, lang)),
        Math.max(0, monthsInArrears - NAMED_ARREARS_MONTHS),
      ),
    ]);
  }
  for (const t of monthTotals(recent).slice(0, RECENT_MONTHS)) {
    details.push([
      m.contributions.month(
        upper(speakMonth(t.month, lang)),
        speakAmount(t.individualPart, lang),
        speakAmount(t.employerPart, lang),
        COMMON[lang].contributionStatus[t.status],
      ),
    ]);
  }
  return details.length > 0 ? { lead, details } : { lead };
}

/** Benefits that cover a need when it arises (not paid monthly); maternity only where it can apply. */
const MATERNITY = 'maternity_benefit';

/**
 * Benefits being paid first (a pension: how much a month, since when), then the last payment, then what the
 * insurance covers if needed. Maternity is not offered to a man: `sex` comes from the ID number's sex digit.
 */
export function benefitsAnswer(b: Benefits, lang: Language, sex: 'M' | 'F' | null = null): Answer {
  const m = IVR[lang];
  const out: Answer = [];
  const eligible = b.eligibility.filter(
    (e) => e.eligible && !(e.benefit === MATERNITY && sex === 'M' && e.monthlyAmount === null),
  );
  const paid = eligible.filter((e) => e.monthlyAmount !== null);
  const covered = eligible.filter((e) => e.monthlyAmount === null);
  if (eligible.length === 0) out.push([m.benefits.noEligibility]);
  for (const e of paid) {
    out.push([
      m.benefits.receiving(
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
  if (covered.length > 0)
    out.push([m.benefits.covered(m.list(covered.map((e) => COMMON[lang].benefit[e.benefit])))]);
  out.push(asOf(b.asOf, lang));
  return out;
}

/** The most recent benefit payment (by paid date, then period). */
export function lastPayment(b: Benefits): Benefits['payments'][number] | undefined {
  return [...b.payments].sort(
    (x, y) => y.paidDate.localeCompare(x.paidDate) || y.period.localeCompare(x.period),
  )[0];
}

/** Balances first (what a caller about accounts asks), then months of contributions; each year's credits on request. */
export function accountsAnswer(a: Accounts, lang: Language): Reply {
  const m = IVR[lang];
  const lead: Answer = [];
  const details: Answer = [];
  const accountsInOrder = [...a.accounts].sort(
    (x, y) => ACCOUNT_KINDS.indexOf(x.kind) - ACCOUNT_KINDS.indexOf(y.kind),
  );
  for (const acc of accountsInOrder) {
    lead.push([m.accounts.balance(COMMON[lang].account[acc.kind], speakAmount(acc.balance, lang))]);
    // The latest year credited with interest: the current year's interest is credited at its end.
    const years = [...acc.years].sort((x, y) => y.year - x.year);
    const year = years.find((y) => y.interest > 0) ?? years[0];
    if (year) {
      details.push([m.accounts.balance(COMMON[lang].account[acc.kind], speakAmount(acc.balance, lang))]);
      details.push([
        m.accounts.year(
          year.year,
          year.accrual !== 0 ? speakAmount(year.accrual, lang) : null,
          speakAmount(year.interest, lang),
        ),
      ]);
    }
  }
  if (a.periods.length === 0) lead.push([m.accounts.noPeriods]);
  for (const group of groupBy(a.periods, (p) => String(p.months))) {
    const names = group.map((p) => COMMON[lang].insuranceType[p.insuranceType]);
    lead.push([m.accounts.period(upper(m.list(names)), speakPeriod(group[0]?.months ?? 0, lang))]);
  }
  lead.push(asOf(a.asOf, lang));
  return details.length > 0 ? { lead, details } : { lead };
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

/** What can be checked by phone, from the published disclosure: for the caller's role, or for both before login. */
export function disclosureAnswer(d: Disclosure, role: Role | null, lang: Language): Answer {
  const m = IVR[lang];
  const categories = d.rules
    .filter((r) => r.role === 'insured' && r.channel === 'phone' && r.allowed)
    .map((r) => m.categoryNames[r.category]);
  if (role === null)
    return [
      [m.disclosure.insuredCanCheck(categories)],
      [m.disclosure.employerCanCheck],
      [m.disclosure.withheld],
    ];
  // An employer hears the employer's own choices, not the insured person's categories.
  if (role === 'employer')
    return [[m.disclosure.employerCanCheck], [m.disclosure.withheld], [m.disclosure.elsewhereEmployer]];
  return [[m.disclosure.canCheck(categories)], [m.disclosure.withheld], [m.disclosure.elsewhere]];
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
  return [[line], [m.employer.staffCount(speakCount(s.staffCount, 'person', lang))], asOf(s.asOf, lang)];
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

/** The year's statement, read as totals: months and amount paid, arrears, both accounts at the end of the year. */
export function statementAnswer(st: Statement | null, lang: Language): Answer {
  const m = IVR[lang];
  if (!st) return [[m.statement.none]];
  const t = st.totals;
  if (!t) return [[m.statement.none]];
  const out: Answer = [
    [m.statement.paid(st.year, speakCount(t.monthsPaid, 'month', lang), speakAmount(t.amountPaid, lang))],
    [
      t.monthsInArrears > 0
        ? m.statement.arrears(
            speakCount(t.monthsInArrears, 'month', lang),
            speakAmount(t.arrearsAmount, lang),
          )
        : m.statement.noArrears,
    ],
  ];
  const pension = st.accounts?.pension?.closingBalance;
  const medical = st.accounts?.medical?.closingBalance;
  if (pension !== undefined && medical !== undefined)
    out.push([m.statement.balances(st.year, speakAmount(pension, lang), speakAmount(medical, lang))]);
  if (st.asOf) out.push(asOf(st.asOf, lang));
  return out;
}

/** How many accesses the phone reads out, newest first. */
export const ACCESS_LOG_ENTRIES = 5;

/** Who looked at the record, the last five: when, through which channel, who (in words), what, refused or not. */
export function accessLogAnswer(log: AccessLog, lang: Language): Answer {
  const m = IVR[lang];
  const items = [...log.items].sort((a, b) => b.at.localeCompare(a.at)).slice(0, ACCESS_LOG_ENTRIES);
  if (items.length === 0) return [[m.accessLog.none]];
  const out: Answer = [[m.accessLog.intro(items.length)]];
  for (const item of items) {
    const who: Spoken =
      item.who.kind === 'delegate'
        ? m.accessLog.who.delegate(item.who.maskedId ? speakCode(idEnding(item.who.maskedId), lang) : null)
        : item.who.kind === 'employer'
          ? [m.accessLog.who.employer(item.who.unitName ?? null)]
          : [m.accessLog.who[item.who.kind]];
    const what = (RECORD_CATEGORIES as readonly string[]).includes(item.category)
      ? m.categoryNames[item.category as RecordCategory]
      : item.category === 'login'
        ? m.accessLog.login
        : m.accessLog.otherWhat;
    out.push(
      m.accessLog.entry(
        speakDate(item.at.slice(0, 10), lang),
        m.accessLog.channel[item.channel] ?? item.channel,
        who,
        what,
        item.outcome !== 'ok',
      ),
    );
  }
  return out;
}

/** The last four characters of a masked ID ("1101**********1234" → "1234"); never more. */
function idEnding(masked: string): string {
  return masked.replace(/[^0-9X]/gi, '').slice(-4);
}
