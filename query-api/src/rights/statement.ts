// The annual statement (Art. 17, 个人权益记录单) built from the records store: the person, enrolment, the year's
// months with totals and arrears, cumulative contribution months at year end, both personal accounts (opening,
// accrual, interest, closing) and the benefits paid that year. Only the sections the policy allows are built.
import {
  INSURANCE_TYPES,
  maskNationalId,
  type Channel,
  type InsuranceType,
  type Statement,
} from '@consulta/shared';
import type { StatementSection } from '../policy/rights.ts';
import type { ContributionMonth, MonthRange, RecordsStore } from '../store/types.ts';

export type StatementBody = Omit<Statement, 'asOf'>;

function yearOf(monthOrDate: string): number {
  return Number(monthOrDate.slice(0, 4));
}

function paid(m: ContributionMonth): boolean {
  return m.status === 'paid' || m.status === 'late';
}

function monthTotal(m: ContributionMonth): { employer: number; individual: number } {
  let employer = 0;
  let individual = 0;
  for (const t of INSURANCE_TYPES) {
    employer += m.parts[t].employer;
    individual += m.parts[t].individual;
  }
  return { employer, individual };
}

/** The years with data in the range (contributions, account years, benefit payments), oldest first. */
export async function statementYears(
  records: RecordsStore,
  personId: number,
  range: MonthRange,
): Promise<number[]> {
  const years = new Set<number>();
  for (const m of await records.contributionMonths(personId, range)) years.add(yearOf(m.month));
  const fromYear = yearOf(range.from);
  const toYear = yearOf(range.to);
  const last = yearOf(records.dataThrough);
  for (const a of (await records.accounts(personId)).accounts)
    for (const y of a.years) if (y.year >= fromYear && y.year <= toYear && y.year <= last) years.add(y.year);
  for (const p of (await records.benefits(personId)).payments)
    if (p.period >= range.from && p.period <= range.to) years.add(yearOf(p.period));
  return [...years].sort((a, b) => a - b);
}

/** One year's statement, or null when the year has no data in the range. */
export async function buildStatement(
  records: RecordsStore,
  personId: number,
  year: number,
  range: MonthRange,
  sections: readonly StatementSection[],
  channel: Channel,
): Promise<StatementBody | null> {
  if (!(await statementYears(records, personId, range)).includes(year)) return null;
  const has = (s: StatementSection): boolean => sections.includes(s);
  const out: StatementBody = { year };

  if (has('person') || has('enrolments')) {
    const registration = await records.registration(personId);
    if (registration) {
      if (has('person')) {
        const { nationalId, name } = registration.person;
        const masked = maskNationalId(nationalId);
        out.person =
          channel === 'phone'
            ? { nationalId: masked, maskedNationalId: masked }
            : { ...(name ? { name } : {}), nationalId, maskedNationalId: masked };
      }
      if (has('enrolments')) {
        out.enrolments = registration.enrolments
          .filter((e) => e.since <= `${year}-12` && (e.until === null || e.until >= `${year}-01`))
          .map((e) => ({ insuranceType: e.insuranceType, since: e.since, until: e.until, status: e.status }));
      }
    }
  }

  if (has('months') || has('totals')) {
    const months = await records.contributionMonths(personId, range);
    const totals = {
      monthsPaid: 0,
      amountPaid: 0,
      employerPart: 0,
      individualPart: 0,
      monthsInArrears: 0,
      arrearsAmount: 0,
    };
    const rows: NonNullable<StatementBody['months']> = [];
    for (const m of months) {
      const t = monthTotal(m);
      rows.push({
        month: m.month,
        unitNumber: m.unitNumber,
        base: m.base,
        employerPart: t.employer,
        individualPart: t.individual,
        status: m.status,
      });
      if (paid(m)) {
        totals.monthsPaid++;
        totals.amountPaid += t.employer + t.individual;
        totals.employerPart += t.employer;
        totals.individualPart += t.individual;
      } else {
        totals.monthsInArrears++;
        totals.arrearsAmount += t.employer + t.individual;
      }
    }
    if (has('months')) out.months = rows;
    if (has('totals')) out.totals = totals;
  }

  if (has('cumulativeMonths') || has('accounts')) {
    const accounts = await records.accounts(personId);
    if (has('cumulativeMonths')) {
      // The records hold today's cumulative months; the months paid after this year are taken off.
      const later = await records.contributionMonths(personId, { from: `${year + 1}-01`, to: '9999-12' });
      const after = new Map<InsuranceType, number>();
      for (const m of later) {
        if (!paid(m)) continue;
        for (const t of INSURANCE_TYPES)
          if (m.parts[t].employer + m.parts[t].individual > 0) after.set(t, (after.get(t) ?? 0) + 1);
      }
      out.cumulativeMonths = accounts.periods.map((p) => ({
        insuranceType: p.insuranceType,
        months: Math.max(0, p.months - (after.get(p.insuranceType) ?? 0)),
      }));
    }
    if (has('accounts')) {
      const result: NonNullable<StatementBody['accounts']> = {};
      for (const a of accounts.accounts) {
        const y = a.years.find((row) => row.year === year);
        if (!y) continue;
        const previous = a.years.find((row) => row.year === year - 1);
        result[a.kind] = {
          openingBalance: previous ? previous.closingBalance : y.closingBalance - y.accrual - y.interest,
          accrual: y.accrual,
          interest: y.interest,
          closingBalance: y.closingBalance,
        };
      }
      out.accounts = result;
    }
  }

  if (has('benefitsPaid')) {
    const byKind = new Map<string, { months: number; amount: number }>();
    for (const p of (await records.benefits(personId)).payments) {
      if (yearOf(p.period) !== year || p.period < range.from || p.period > range.to) continue;
      const row = byKind.get(p.benefit) ?? { months: 0, amount: 0 };
      row.months++;
      row.amount += p.amount;
      byKind.set(p.benefit, row);
    }
    out.benefitsPaid = [...byKind].map(([benefit, v]) => ({
      benefit: benefit as NonNullable<StatementBody['benefitsPaid']>[number]['benefit'],
      ...v,
    }));
  }
  return out;
}
