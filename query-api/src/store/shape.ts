// Turning stored person-months into the API's contribution shapes (items per insurance type, yearly totals,
// certificate lines). Pure and shared by every store implementation.
import { INSURANCE_TYPES, type ContributionItem, type InsuranceType } from '@consulta/shared';
import type { ContributionMonth } from './types.ts';

export interface Paged<T> {
  page: number;
  pageSize: number;
  total: number;
  items: T[];
}

function toItem(m: ContributionMonth, t: InsuranceType): ContributionItem {
  const part = m.parts[t];
  return {
    month: m.month,
    insuranceType: t,
    unitNumber: m.unitNumber,
    base: m.base,
    employerPart: part.employer,
    individualPart: part.individual,
    status: m.status,
    paidDate: m.paidDate,
  };
}

/** One item per month and insurance type that has a part to pay, newest month first. */
export function contributionItems(
  months: readonly ContributionMonth[],
  type?: InsuranceType,
): ContributionItem[] {
  return contributionItemsPage(months, type, 1, Number.MAX_SAFE_INTEGER).items;
}

/**
 * One page of contributionItems without building the items of the other pages (a person has hundreds of
 * items; a page shows a few dozen).
 */
export function contributionItemsPage(
  months: readonly ContributionMonth[],
  type: InsuranceType | undefined,
  page: number,
  pageSize: number,
): Paged<ContributionItem> {
  const types = type ? [type] : INSURANCE_TYPES;
  const start = (page - 1) * pageSize;
  const end = start + pageSize;
  const items: ContributionItem[] = [];
  let index = 0;
  for (let i = months.length - 1; i >= 0; i--) {
    const m = months[i] as ContributionMonth;
    for (const t of types) {
      const part = m.parts[t];
      if (part.employer + part.individual === 0) continue;
      if (index >= start && index < end) items.push(toItem(m, t));
      index++;
    }
  }
  return { page, pageSize, total: index, items };
}

export function paginate<T>(items: readonly T[], page: number, pageSize: number): Paged<T> {
  const start = (page - 1) * pageSize;
  return { page, pageSize, total: items.length, items: items.slice(start, start + pageSize) };
}

export interface YearTotal {
  year: number;
  months: number;
  employerPart: number;
  individualPart: number;
  arrearsMonths: number;
  arrearsAmount: number;
}

/** Totals per year over the whole filter, oldest first. */
export function yearTotals(months: readonly ContributionMonth[], type?: InsuranceType): YearTotal[] {
  const types = type ? [type] : INSURANCE_TYPES;
  const byYear = new Map<number, YearTotal>();
  for (const m of months) {
    let employer = 0;
    let individual = 0;
    for (const t of types) {
      employer += m.parts[t].employer;
      individual += m.parts[t].individual;
    }
    if (employer + individual === 0) continue;
    const year = Number(m.month.slice(0, 4));
    let y = byYear.get(year);
    if (!y) {
      y = { year, months: 0, employerPart: 0, individualPart: 0, arrearsMonths: 0, arrearsAmount: 0 };
      byYear.set(year, y);
    }
    y.months++;
    y.employerPart += employer;
    y.individualPart += individual;
    if (m.status === 'arrears') {
      y.arrearsMonths++;
      y.arrearsAmount += employer + individual;
    }
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

export interface CertificateLine {
  insuranceType: InsuranceType;
  months: number;
  employerPart: number;
  individualPart: number;
}

/** Paid (or paid late) months and amounts per insurance type; arrears are counted apart. */
export function certificateLines(months: readonly ContributionMonth[]): {
  lines: CertificateLine[];
  arrearsMonths: number;
} {
  const lines = new Map<InsuranceType, CertificateLine>();
  let arrearsMonths = 0;
  for (const m of months) {
    if (m.status === 'arrears') {
      arrearsMonths++;
      continue;
    }
    for (const t of INSURANCE_TYPES) {
      const part = m.parts[t];
      if (part.employer + part.individual === 0) continue;
      let line = lines.get(t);
      if (!line) {
        line = { insuranceType: t, months: 0, employerPart: 0, individualPart: 0 };
        lines.set(t, line);
      }
      line.months++;
      line.employerPart += part.employer;
      line.individualPart += part.individual;
    }
  }
  return { lines: INSURANCE_TYPES.flatMap((t) => lines.get(t) ?? []), arrearsMonths };
}
