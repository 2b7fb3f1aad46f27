// Shaping stored person-months into items, pages, yearly totals and certificate lines.
import { describe, expect, it } from 'vitest';
import type { ContributionMonth } from './types.ts';
import { certificateLines, contributionItems, contributionItemsPage, yearTotals } from './shape.ts';

function month(m: string, status: ContributionMonth['status'], maternity = 0): ContributionMonth {
  return {
    month: m,
    employerId: 1,
    unitNumber: 'U1',
    base: 1000,
    parts: {
      pension: { employer: 160, individual: 80 },
      medical: { employer: 80, individual: 20 },
      unemployment: { employer: 5, individual: 5 },
      work_injury: { employer: 4, individual: 0 },
      maternity: { employer: maternity, individual: 0 },
    },
    status,
    paidDate: status === 'arrears' ? null : `${m}-15`,
  };
}

const months = [month('2023-11', 'paid', 8), month('2023-12', 'late'), month('2024-01', 'arrears')];

describe('contribution items', () => {
  it('gives one item per type with a part, newest first, skipping types with nothing to pay', () => {
    const items = contributionItems(months);
    expect(items).toHaveLength(4 + 4 + 5);
    expect(items[0]?.month).toBe('2024-01');
    expect(items.at(-1)?.month).toBe('2023-11');
    expect(items.filter((i) => i.insuranceType === 'maternity')).toHaveLength(1);
  });

  it('pages exactly like slicing the full list', () => {
    const all = contributionItems(months);
    for (const size of [1, 2, 5, 20]) {
      for (let page = 1; page <= Math.ceil(all.length / size) + 1; page++) {
        const p = contributionItemsPage(months, undefined, page, size);
        expect(p.total).toBe(all.length);
        expect(p.items).toEqual(all.slice((page - 1) * size, page * size));
      }
    }
    expect(contributionItemsPage(months, 'pension', 1, 10).total).toBe(3);
  });
});

describe('totals', () => {
  it('sums years with arrears apart', () => {
    const [y2023, y2024] = yearTotals(months, 'pension');
    expect(y2023).toEqual({
      year: 2023,
      months: 2,
      employerPart: 320,
      individualPart: 160,
      arrearsMonths: 0,
      arrearsAmount: 0,
    });
    expect(y2024).toMatchObject({ year: 2024, months: 1, arrearsMonths: 1, arrearsAmount: 240 });
  });

  it('certifies paid and late months only', () => {
    const { lines, arrearsMonths } = certificateLines(months);
    expect(arrearsMonths).toBe(1);
    expect(lines.find((l) => l.insuranceType === 'pension')).toEqual({
      insuranceType: 'pension',
      months: 2,
      employerPart: 320,
      individualPart: 160,
    });
    expect(lines.find((l) => l.insuranceType === 'maternity')?.months).toBe(1);
  });
});
