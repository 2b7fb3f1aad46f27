// Unit tests of the disclosure policy: the role × channel × category table, the delegate's scope and expiry,
// the employer's limits and the phone's masking.
import { describe, expect, it } from 'vitest';
import {
  CHANNELS,
  RECORD_CATEGORIES,
  disclosure as disclosureSchema,
  type Registration,
} from '@consulta/shared';
import type { StaffRow, SummaryFacts } from '../store/types.ts';
import {
  ALL_MONTHS,
  authorizePersonResource,
  clampRange,
  disclosureDocument,
  inEmploymentPeriods,
  loginAllowed,
  rule,
  shapeAccounts,
  shapeBenefits,
  shapeOther,
  shapeRegistration,
  shapeStaffMember,
  shapeSummary,
  type Principal,
} from './disclosure.ts';
import { loginPolicy } from '../auth/throttle.ts';

const insured: Principal = { role: 'insured', personId: 7 };
const delegate: Principal = {
  role: 'delegate',
  personId: 7,
  authorizationId: 3,
  scope: {
    categories: ['contributions', 'benefits'],
    fromMonth: '2022-01',
    toMonth: '2023-12',
    validUntil: '2030-06-30',
  },
};
const employer: Principal = { role: 'employer', employerId: 2 };

const registration: Omit<Registration, 'asOf'> = {
  person: {
    nationalId: '11010119800101001X',
    name: 'Li Hua',
    sex: 'F',
    birthDate: '1980-01-01',
    address: '1 Long Road',
    registeredOn: '2000-01-01',
    region: '440300',
    status: 'working',
  },
  enrolments: [],
  employment: [{ unitNumber: 'U000000001', employerName: 'Acme', firstMonth: '2020-01', lastMonth: null }],
};

describe('the published table', () => {
  it('is valid against the contract and covers every role × channel × category once', () => {
    const doc = disclosureSchema.parse(disclosureDocument(loginPolicy(15)));
    expect(doc.rules).toHaveLength(3 * CHANNELS.length * RECORD_CATEGORIES.length);
    const keys = new Set(doc.rules.map((r) => `${r.role}/${r.channel}/${r.category}`));
    expect(keys.size).toBe(doc.rules.length);
  });

  it('lets the insured see every category everywhere, withholding ID, address and name on the phone', () => {
    for (const channel of CHANNELS)
      for (const c of RECORD_CATEGORIES) expect(rule('insured', channel, c).allowed).toBe(true);
    expect(rule('insured', 'phone', 'registration').withheld).toHaveLength(3);
    expect(rule('insured', 'kiosk', 'registration').withheld).toEqual([]);
  });

  it('never lets an employer see benefits, accounts or other content', () => {
    for (const channel of CHANNELS) {
      for (const c of ['benefits', 'accounts', 'other'] as const)
        expect(rule('employer', channel, c).allowed).toBe(false);
      expect(rule('employer', channel, 'contributions').allowed).toBe(true);
    }
  });

  it('keeps delegates off the phone', () => {
    for (const c of RECORD_CATEGORIES) expect(rule('delegate', 'phone', c).allowed).toBe(false);
  });
});

describe('login methods per channel', () => {
  it('accepts the employer password at the kiosk and the phone PIN only on the phone', () => {
    expect(loginAllowed('employer', 'kiosk')).toBe(true);
    expect(loginAllowed('employer', 'phone')).toBe(false);
    expect(loginAllowed('employer-pin', 'phone')).toBe(true);
    expect(loginAllowed('employer-pin', 'kiosk')).toBe(false);
    expect(loginAllowed('delegate', 'phone')).toBe(false);
    expect(loginAllowed('pin', 'phone')).toBe(true);
  });
});

describe('person resources', () => {
  it('gives the insured everything, all months', () => {
    const d = authorizePersonResource(insured, 'kiosk', 'benefits', '2025-01-01');
    expect(d).toEqual({ allowed: true, range: ALL_MONTHS, categories: RECORD_CATEGORIES });
  });

  it('refuses every person route to an employer', () => {
    for (const r of [...RECORD_CATEGORIES, 'summary', 'certificate'] as const) {
      expect(authorizePersonResource(employer, 'kiosk', r, '2025-01-01')).toEqual({
        allowed: false,
        reason: 'wrong_role',
      });
    }
  });

  it("limits a delegate to the authorisation's categories and months", () => {
    const d = authorizePersonResource(delegate, 'kiosk', 'contributions', '2025-01-01');
    expect(d).toEqual({
      allowed: true,
      range: { from: '2022-01', to: '2023-12' },
      categories: ['contributions', 'benefits'],
    });
    expect(authorizePersonResource(delegate, 'kiosk', 'registration', '2025-01-01')).toEqual({
      allowed: false,
      reason: 'category',
    });
    expect(authorizePersonResource(delegate, 'kiosk', 'accounts', '2025-01-01').allowed).toBe(false);
    expect(authorizePersonResource(delegate, 'kiosk', 'summary', '2025-01-01').allowed).toBe(true);
    expect(authorizePersonResource(delegate, 'kiosk', 'certificate', '2025-01-01').allowed).toBe(true);
  });

  it('refuses a delegate after the authorisation expires (the last day still counts)', () => {
    expect(authorizePersonResource(delegate, 'kiosk', 'contributions', '2030-06-30').allowed).toBe(true);
    expect(authorizePersonResource(delegate, 'kiosk', 'contributions', '2030-07-01')).toEqual({
      allowed: false,
      reason: 'expired',
    });
  });

  it('refuses a delegate on the phone and certificates on the phone', () => {
    expect(authorizePersonResource(delegate, 'phone', 'contributions', '2025-01-01').allowed).toBe(false);
    expect(authorizePersonResource(insured, 'phone', 'certificate', '2025-01-01')).toEqual({
      allowed: false,
      reason: 'channel',
    });
  });
});

describe('shaping', () => {
  it('masks the phone registration: no full ID, no address, no name', () => {
    const phone = shapeRegistration(registration, 'phone');
    expect(phone.person.nationalId).toBe('110***********001X');
    expect(phone.person).not.toHaveProperty('address');
    expect(phone.person).not.toHaveProperty('name');
    expect(JSON.stringify(phone)).not.toContain('11010119800101001X');
    expect(shapeRegistration(registration, 'kiosk')).toBe(registration);
  });

  it('cuts benefits, accounts and other content to the allowed months', () => {
    const range = { from: '2022-01', to: '2023-12' };
    const benefits = shapeBenefits(
      {
        eligibility: [],
        payments: [
          { benefit: 'pension', period: '2021-12', amount: 1, paidDate: '2021-12-20' },
          { benefit: 'pension', period: '2022-01', amount: 2, paidDate: '2022-01-20' },
          { benefit: 'pension', period: '2024-01', amount: 3, paidDate: '2024-01-20' },
        ],
      },
      range,
    );
    expect(benefits.payments.map((p) => p.amount)).toEqual([2]);
    const accounts = shapeAccounts(
      {
        periods: [],
        accounts: [
          {
            kind: 'pension',
            balance: 9,
            years: [2021, 2022, 2023, 2024].map((year) => ({
              year,
              accrual: 1,
              interest: 1,
              closingBalance: 1,
            })),
            movements: [
              { date: '2024-02-01', kind: 'interest', amount: 1, balanceAfter: 1 },
              { date: '2023-12-31', kind: 'interest', amount: 1, balanceAfter: 1 },
            ],
          },
        ],
      },
      range,
    );
    expect(accounts.accounts[0]?.years.map((y) => y.year)).toEqual([2022, 2023]);
    expect(accounts.accounts[0]?.movements.map((m) => m.date)).toEqual(['2023-12-31']);
    const other = shapeOther(
      {
        transfers: [{ date: '2019-05-01', fromRegion: 'A', toRegion: 'B', months: 1, fundsTransferred: 1 }],
        corrections: [{ date: '2022-03-01', category: 'contributions', field: 'base', reason: 'x' }],
      },
      range,
    );
    expect(other.transfers).toEqual([]);
    expect(other.corrections).toHaveLength(1);
  });

  it('cuts the summary to the categories', () => {
    const facts: SummaryFacts = {
      enrolments: [{ insuranceType: 'pension', status: 'active' }],
      latestPaidMonth: '2024-01',
      monthsInArrears: 2,
      arrearsAmount: 100,
      periods: [{ insuranceType: 'pension', months: 10 }],
      balances: [{ kind: 'pension', balance: 5 }],
      lastBenefitPayment: null,
    };
    const cut = shapeSummary(facts, ['contributions']);
    expect(Object.keys(cut).sort()).toEqual(['arrearsAmount', 'latestPaidMonth', 'monthsInArrears']);
    expect(Object.keys(shapeSummary(facts, RECORD_CATEGORIES)).sort()).toEqual([
      'arrearsAmount',
      'balances',
      'enrolments',
      'lastBenefitPayment',
      'latestPaidMonth',
      'monthsInArrears',
      'periods',
    ]);
  });

  it('gives employers masked IDs always and no names on the phone', () => {
    const row: StaffRow = {
      personId: 1,
      ref: 'r1',
      nationalId: '11010119800101001X',
      name: 'Li Hua',
      status: 'paid',
      firstMonth: '2020-01',
      lastMonth: null,
      current: true,
      monthsInArrears: 0,
      arrearsAmount: 0,
      latestPaidMonth: '2024-01',
    };
    expect(shapeStaffMember(row, 'kiosk')).toMatchObject({
      maskedNationalId: '110***********001X',
      name: 'Li Hua',
    });
    const phone = shapeStaffMember(row, 'phone');
    expect(phone).not.toHaveProperty('name');
    expect(JSON.stringify(phone)).not.toContain('11010119800101001X');
  });
});

describe('month ranges', () => {
  it('clamps a request to what is allowed', () => {
    const allowed = { from: '2022-01', to: '2023-12' };
    expect(clampRange({}, allowed)).toEqual(allowed);
    expect(clampRange({ from: '2023-05' }, allowed)).toEqual({ from: '2023-05', to: '2023-12' });
    expect(clampRange({ from: '2010-01', to: '2030-01' }, allowed)).toEqual(allowed);
    expect(clampRange({ from: '2024-01' }, allowed)).toBeNull();
  });

  it('tells whether a month is in an employment period', () => {
    const periods = [
      { from: '2019-01', to: '2019-12' },
      { from: '2021-06', to: '9999-12' },
    ];
    expect(inEmploymentPeriods('2019-06', periods)).toBe(true);
    expect(inEmploymentPeriods('2020-06', periods)).toBe(false);
    expect(inEmploymentPeriods('2025-01', periods)).toBe(true);
  });
});
