// The records store on SQLite: opened read-only (the API never changes a record), every statement prepared once
// at start-up, each query a handful of primary-key or index range lookups on one person or one unit.
import Database from 'better-sqlite3';
import {
  RECORD_CATEGORIES,
  type AccountKind,
  type AccountMovementKind,
  type BenefitKind,
  type ContributionStatus,
  type EnrolmentStatus,
  type InsuranceType,
  type PersonStatus,
  type RecordCategory,
  type StaffStatus,
} from '@consulta/shared';
import type {
  ContributionFilter,
  ContributionMonth,
  DelegateAuthorizationRow,
  EmployerCredential,
  MonthRange,
  PersonCredential,
  RecordsStore,
  StaffFilter,
  StaffRow,
  SummaryFacts,
} from '../types.ts';
import { promised } from './promised.ts';
import type { Accounts, Benefits, EmployerSummary, Other, RegionName, Registration } from '@consulta/shared';

type WithoutAsOf<T> = Omit<T, 'asOf'>;

/** The whole amount due for one person-month (both parts of every insurance type). */
const TOTAL = `(pension_employer + pension_individual + medical_employer + medical_individual +
  unemployment_employer + unemployment_individual + work_injury_employer + maternity_employer)`;

/** Account movements returned per account: the latest ones (the kiosk shows recent movements). */
const MOVEMENTS_PER_ACCOUNT = 120;

/** A contribution row in column order (the statement returns arrays). */
type ContributionDbRow = [
  month: string,
  employerId: number | null,
  base: number,
  pensionEmployer: number,
  pensionIndividual: number,
  medicalEmployer: number,
  medicalIndividual: number,
  unemploymentEmployer: number,
  unemploymentIndividual: number,
  workInjuryEmployer: number,
  maternityEmployer: number,
  status: ContributionStatus,
  paidDate: string | null,
];

interface StaffDbRow {
  person_id: number;
  ref: string;
  national_id: string;
  name: string;
  status: StaffStatus;
  first_month: string;
  last_month: string | null;
  current: number;
  months_in_arrears: number;
  arrears_amount: number;
  latest_paid_month: string | null;
}

const STAFF_SELECT = `SELECT s.person_id, s.ref, p.national_id, p.name, s.status, s.first_month, s.last_month, s.current,
    s.months_in_arrears, s.arrears_amount, s.latest_paid_month
  FROM employer_staff_status s JOIN person p ON p.id = s.person_id`;

const FIRST_MONTH = '0000-01';
const LAST_MONTH = '9999-12';

const CATEGORY_SET = new Set<string>(RECORD_CATEGORIES);

function parseCategories(text: string): RecordCategory[] {
  return text
    .split(',')
    .map((c) => c.trim())
    .filter((c): c is RecordCategory => CATEGORY_SET.has(c));
}

export interface SqliteRecordsStoreOptions {
  /** Path of records.sqlite. */
  path: string;
}

/** The records database connection: read-only, never created, and refusing writes at two levels. */
export function openRecordsDatabase(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  // query_only refuses writes even through a statement that slipped past review.
  db.pragma('query_only = ON');
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  return db;
}

/** Opens the records store read-only; throws if the file does not exist. */
export function openSqliteRecordsStore({ path }: SqliteRecordsStoreOptions): RecordsStore {
  const db = openRecordsDatabase(path);

  const asOfRow = db.prepare(`SELECT value FROM meta WHERE key = 'as_of'`).get() as
    { value: string } | undefined;
  const asOf = asOfRow?.value ?? new Date(0).toISOString();
  const throughRow = db.prepare(`SELECT value FROM meta WHERE key = 'data_through'`).get() as
    { value: string } | undefined;
  const dataThrough = throughRow?.value ?? asOf.slice(0, 7);

  // Employers are few (thousands) and their number and name are needed on many answers: load them once.
  const employers = new Map<number, { unitNumber: string; name: string }>();
  for (const row of db.prepare('SELECT id, unit_number, name FROM employer').iterate() as IterableIterator<{
    id: number;
    unit_number: string;
    name: string;
  }>) {
    employers.set(row.id, { unitNumber: row.unit_number, name: row.name });
  }

  // Regions are few (hundreds at most) and named on registrations and transfers: load them once too.
  const regions = new Map<string, RegionName>();
  for (const row of db.prepare('SELECT code, name, name_en FROM region').iterate() as IterableIterator<{
    code: string;
    name: string;
    name_en: string;
  }>) {
    regions.set(row.code, { local: row.name, en: row.name_en });
  }

  const q = {
    personCredential: db.prepare(
      `SELECT p.id AS person_id, c.pin_hash FROM person p JOIN person_credential c ON c.person_id = p.id
       WHERE p.national_id = ?`,
    ),
    personId: db.prepare('SELECT id FROM person WHERE national_id = ?').pluck(),
    delegateNationalId: db
      .prepare('SELECT delegate_national_id FROM delegate_authorization WHERE id = ?')
      .pluck(),
    delegateAuthorizations: db.prepare(
      `SELECT id, person_id, code_hash, categories, from_month, to_month, valid_until
       FROM delegate_authorization WHERE delegate_national_id = ? ORDER BY valid_until DESC, id`,
    ),
    employerCredential: db.prepare(
      `SELECT e.id, e.unit_number, e.name, c.password_hash, c.phone_pin_hash
       FROM employer e JOIN employer_credential c ON c.employer_id = e.id WHERE e.unit_number = ?`,
    ),
    person: db.prepare(
      'SELECT national_id, name, sex, birth_date, address, registered_on, region, status FROM person WHERE id = ?',
    ),
    enrolments: db.prepare(
      'SELECT insurance_type, since, until, status FROM enrolment WHERE person_id = ? ORDER BY insurance_type',
    ),
    employment: db.prepare(
      'SELECT employer_id, first_month, last_month FROM employment WHERE person_id = ? ORDER BY first_month',
    ),
    contributions: db
      .prepare(
        `SELECT month, employer_id, base, pension_employer, pension_individual, medical_employer, medical_individual,
         unemployment_employer, unemployment_individual, work_injury_employer, maternity_employer, status, paid_date
       FROM contribution WHERE person_id = ? AND month BETWEEN ? AND ? ORDER BY month`,
      )
      // Arrays instead of row objects: a person has a hundred or more months and this is the hot path.
      .raw(true),
    subsidies: db.prepare(
      'SELECT month, kind, amount FROM subsidy WHERE person_id = ? AND month BETWEEN ? AND ? ORDER BY month, kind',
    ),
    eligibility: db.prepare(
      `SELECT benefit, eligible, since, until, monthly_amount FROM benefit_eligibility WHERE person_id = ?
       ORDER BY benefit`,
    ),
    payments: db.prepare(
      `SELECT benefit, period, amount, paid_date FROM benefit_payment WHERE person_id = ?
       ORDER BY paid_date DESC, benefit, period DESC`,
    ),
    lastPayment: db.prepare(
      `SELECT benefit, period, amount, paid_date FROM benefit_payment WHERE person_id = ?
       ORDER BY paid_date DESC, benefit DESC, period DESC LIMIT 1`,
    ),
    periods: db.prepare(
      'SELECT insurance_type, months FROM contribution_period WHERE person_id = ? ORDER BY insurance_type',
    ),
    balances: db.prepare('SELECT kind, balance FROM account WHERE person_id = ? ORDER BY kind'),
    accountYears: db.prepare(
      `SELECT year, accrual, interest, closing_balance FROM account_year WHERE person_id = ? AND kind = ?
       ORDER BY year`,
    ),
    movements: db.prepare(
      `SELECT date, movement, amount, balance_after FROM account_movement WHERE person_id = ? AND kind = ?
       ORDER BY date DESC, seq DESC LIMIT ${MOVEMENTS_PER_ACCOUNT}`,
    ),
    transfers: db.prepare(
      'SELECT date, from_region, to_region, months, funds_transferred FROM transfer WHERE person_id = ? ORDER BY date',
    ),
    corrections: db.prepare(
      'SELECT date, category, field, reason FROM correction WHERE person_id = ? ORDER BY date, field',
    ),
    contributionFacts: db.prepare(
      `SELECT MAX(CASE WHEN status <> 'arrears' THEN month END) AS latest_paid,
              COALESCE(SUM(status = 'arrears'), 0) AS arrears_months,
              COALESCE(SUM(CASE WHEN status = 'arrears' THEN ${TOTAL} ELSE 0 END), 0) AS arrears_amount
       FROM contribution WHERE person_id = ? AND month BETWEEN ? AND ?`,
    ),
    personSummary: db.prepare(
      `SELECT latest_paid_month, months_in_arrears, arrears_amount FROM person_summary WHERE person_id = ?`,
    ),
    unitMonths: db.prepare(
      `SELECT month, headcount, base, employer_part, individual_part, paid_amount, arrears_amount
       FROM employer_month WHERE employer_id = ? AND month >= ? ORDER BY month DESC`,
    ),
    unitSummary: db.prepare(
      'SELECT staff_count, staff_in_arrears, arrears_amount FROM employer_summary WHERE employer_id = ?',
    ),
    ...staffStatements(),
    staffMember: db.prepare(`${STAFF_SELECT} WHERE s.employer_id = ? AND s.person_id = ?`),
    staffByRef: db
      .prepare('SELECT person_id FROM employer_staff_status WHERE employer_id = ? AND ref = ?')
      .pluck(),
    employmentPeriods: db.prepare(
      `SELECT first_month, last_month FROM employment WHERE employer_id = ? AND person_id = ? ORDER BY first_month`,
    ),
    health: db.prepare(`SELECT value FROM meta WHERE key = 'as_of'`).pluck(),
  };

  // The staff page walks the (employer_id, status, ref) index: 'arrears' < 'late' < 'paid' sorts worst first.
  function staffStatements() {
    const page = (where: string) =>
      db.prepare(
        `${STAFF_SELECT} WHERE s.employer_id = @employer ${where} ORDER BY s.status, s.ref LIMIT @limit OFFSET @offset`,
      );
    const count = (where: string) =>
      db
        .prepare(`SELECT COUNT(*) FROM employer_staff_status s WHERE s.employer_id = @employer ${where}`)
        .pluck();
    const byStatus = 'AND s.status = @status';
    const byCurrent = 'AND s.current = @current';
    return {
      staffAll: page(''),
      staffStatus: page(byStatus),
      staffCurrent: page(byCurrent),
      staffStatusCurrent: page(`${byStatus} ${byCurrent}`),
      countAll: count(''),
      countStatus: count(byStatus),
      countCurrent: count(byCurrent),
      countStatusCurrent: count(`${byStatus} ${byCurrent}`),
    };
  }

  function toStaffRow(r: StaffDbRow): StaffRow {
    return {
      personId: r.person_id,
      ref: r.ref,
      nationalId: r.national_id,
      name: r.name,
      status: r.status,
      firstMonth: r.first_month,
      lastMonth: r.last_month,
      current: r.current === 1,
      monthsInArrears: r.months_in_arrears,
      arrearsAmount: r.arrears_amount,
      latestPaidMonth: r.latest_paid_month,
    };
  }

  function toContributionMonth(r: ContributionDbRow): ContributionMonth {
    const employerId = r[1];
    return {
      month: r[0],
      employerId,
      unitNumber: employerId === null ? null : (employers.get(employerId)?.unitNumber ?? null),
      base: r[2],
      parts: {
        pension: { employer: r[3], individual: r[4] },
        medical: { employer: r[5], individual: r[6] },
        unemployment: { employer: r[7], individual: r[8] },
        work_injury: { employer: r[9], individual: 0 },
        maternity: { employer: r[10], individual: 0 },
      },
      status: r[11],
      paidDate: r[12],
    };
  }

  return promised<RecordsStore>({
    asOf,
    dataThrough,

    findPersonCredential(nationalId: string): PersonCredential | null {
      const row = q.personCredential.get(nationalId) as { person_id: number; pin_hash: string } | undefined;
      return row ? { personId: row.person_id, pinHash: row.pin_hash } : null;
    },

    findDelegateAuthorizations(delegateNationalId: string): DelegateAuthorizationRow[] {
      const rows = q.delegateAuthorizations.all(delegateNationalId) as {
        id: number;
        person_id: number;
        code_hash: string;
        categories: string;
        from_month: string;
        to_month: string;
        valid_until: string;
      }[];
      return rows.map((r) => ({
        id: r.id,
        personId: r.person_id,
        codeHash: r.code_hash,
        categories: parseCategories(r.categories),
        fromMonth: r.from_month,
        toMonth: r.to_month,
        validUntil: r.valid_until,
      }));
    },

    findEmployerCredential(unitNumber: string): EmployerCredential | null {
      const row = q.employerCredential.get(unitNumber) as
        | { id: number; unit_number: string; name: string; password_hash: string; phone_pin_hash: string }
        | undefined;
      return row
        ? {
            employerId: row.id,
            unitNumber: row.unit_number,
            name: row.name,
            passwordHash: row.password_hash,
            phonePinHash: row.phone_pin_hash,
          }
        : null;
    },

    personIdByNationalId(nationalId: string): number | null {
      return (q.personId.get(nationalId) as number | undefined) ?? null;
    },

    employer(employerId: number) {
      return employers.get(employerId) ?? null;
    },
    delegateNationalId(authorizationId: number): string | null {
      return (q.delegateNationalId.get(authorizationId) as string | undefined) ?? null;
    },

    registration(personId: number): WithoutAsOf<Registration> | null {
      const p = q.person.get(personId) as
        | {
            national_id: string;
            name: string;
            sex: 'F' | 'M';
            birth_date: string;
            address: string;
            registered_on: string;
            region: string;
            status: PersonStatus;
          }
        | undefined;
      if (!p) return null;
      const enrolments = (
        q.enrolments.all(personId) as {
          insurance_type: InsuranceType;
          since: string;
          until: string | null;
          status: EnrolmentStatus;
        }[]
      ).map((e) => ({ insuranceType: e.insurance_type, since: e.since, until: e.until, status: e.status }));
      const employment = (
        q.employment.all(personId) as {
          employer_id: number;
          first_month: string;
          last_month: string | null;
        }[]
      ).map((e) => {
        const employer = employers.get(e.employer_id);
        return {
          unitNumber: employer?.unitNumber ?? '',
          employerName: employer?.name ?? '',
          firstMonth: e.first_month,
          lastMonth: e.last_month,
        };
      });
      return {
        person: {
          nationalId: p.national_id,
          name: p.name,
          sex: p.sex,
          birthDate: p.birth_date,
          address: p.address,
          registeredOn: p.registered_on,
          region: p.region,
          // Undefined for a code missing from the region table: JSON leaves it out and clients show the code.
          regionName: regions.get(p.region),
          status: p.status,
        },
        enrolments,
        employment,
      };
    },

    contributionMonths(personId: number, filter: ContributionFilter): ContributionMonth[] {
      const rows = q.contributions.all(personId, filter.from, filter.to) as ContributionDbRow[];
      const out: ContributionMonth[] = [];
      for (const r of rows) {
        if (filter.status !== undefined && r[11] !== filter.status) continue;
        if (filter.employerId !== undefined && r[1] !== filter.employerId) continue;
        out.push(toContributionMonth(r));
      }
      return out;
    },

    subsidies(personId: number, range: MonthRange) {
      return q.subsidies.all(personId, range.from, range.to) as {
        month: string;
        kind: string;
        amount: number;
      }[];
    },

    benefits(personId: number): WithoutAsOf<Benefits> {
      const eligibility = (
        q.eligibility.all(personId) as {
          benefit: BenefitKind;
          eligible: number;
          since: string | null;
          until: string | null;
          monthly_amount: number | null;
        }[]
      ).map((e) => ({
        benefit: e.benefit,
        eligible: e.eligible === 1,
        since: e.since,
        until: e.until,
        monthlyAmount: e.monthly_amount,
      }));
      const payments = (
        q.payments.all(personId) as {
          benefit: BenefitKind;
          period: string;
          amount: number;
          paid_date: string;
        }[]
      ).map((p) => ({ benefit: p.benefit, period: p.period, amount: p.amount, paidDate: p.paid_date }));
      return { eligibility, payments };
    },

    accounts(personId: number): WithoutAsOf<Accounts> {
      const periods = (q.periods.all(personId) as { insurance_type: InsuranceType; months: number }[]).map(
        (p) => ({
          insuranceType: p.insurance_type,
          months: p.months,
        }),
      );
      const accounts = (q.balances.all(personId) as { kind: AccountKind; balance: number }[]).map((a) => ({
        kind: a.kind,
        balance: a.balance,
        years: (
          q.accountYears.all(personId, a.kind) as {
            year: number;
            accrual: number;
            interest: number;
            closing_balance: number;
          }[]
        ).map((y) => ({
          year: y.year,
          accrual: y.accrual,
          interest: y.interest,
          closingBalance: y.closing_balance,
        })),
        movements: (
          q.movements.all(personId, a.kind) as {
            date: string;
            movement: AccountMovementKind;
            amount: number;
            balance_after: number;
          }[]
        ).map((m) => ({ date: m.date, kind: m.movement, amount: m.amount, balanceAfter: m.balance_after })),
      }));
      return { periods, accounts };
    },

    other(personId: number): WithoutAsOf<Other> {
      const transfers = (
        q.transfers.all(personId) as {
          date: string;
          from_region: string;
          to_region: string;
          months: number;
          funds_transferred: number;
        }[]
      ).map((t) => ({
        date: t.date,
        fromRegion: t.from_region,
        toRegion: t.to_region,
        fromRegionName: regions.get(t.from_region),
        toRegionName: regions.get(t.to_region),
        months: t.months,
        fundsTransferred: t.funds_transferred,
      }));
      const corrections = (
        q.corrections.all(personId) as { date: string; category: string; field: string; reason: string }[]
      ).map((c) => ({
        date: c.date,
        category: (CATEGORY_SET.has(c.category) ? c.category : 'other') as RecordCategory,
        field: c.field,
        reason: c.reason,
      }));
      return { transfers, corrections };
    },

    summaryFacts(personId: number, range: MonthRange): SummaryFacts {
      const enrolments = (
        q.enrolments.all(personId) as { insurance_type: InsuranceType; status: EnrolmentStatus }[]
      ).map((e) => ({ insuranceType: e.insurance_type, status: e.status }));
      // The whole record's figures are precomputed per person; a delegate's months need the scan.
      const whole = range.from <= FIRST_MONTH && range.to >= LAST_MONTH;
      const pre = whole
        ? (q.personSummary.get(personId) as
            | { latest_paid_month: string | null; months_in_arrears: number; arrears_amount: number }
            | undefined)
        : undefined;
      const facts = pre
        ? {
            latest_paid: pre.latest_paid_month,
            arrears_months: pre.months_in_arrears,
            arrears_amount: pre.arrears_amount,
          }
        : (q.contributionFacts.get(personId, range.from, range.to) as {
            latest_paid: string | null;
            arrears_months: number;
            arrears_amount: number;
          });
      const periods = (q.periods.all(personId) as { insurance_type: InsuranceType; months: number }[]).map(
        (p) => ({
          insuranceType: p.insurance_type,
          months: p.months,
        }),
      );
      const balances = q.balances.all(personId) as { kind: AccountKind; balance: number }[];
      const last = q.lastPayment.get(personId) as
        { benefit: BenefitKind; period: string; amount: number; paid_date: string } | undefined;
      return {
        enrolments,
        latestPaidMonth: facts.latest_paid,
        monthsInArrears: facts.arrears_months,
        arrearsAmount: facts.arrears_amount,
        periods,
        balances: balances.map((b) => ({ kind: b.kind, balance: b.balance })),
        lastBenefitPayment: last
          ? { benefit: last.benefit, period: last.period, amount: last.amount, paidDate: last.paid_date }
          : null,
      };
    },

    employerSummary(employerId: number, fromMonth: string): WithoutAsOf<EmployerSummary> {
      const unit = employers.get(employerId) ?? { unitNumber: '', name: '' };
      const months = (
        q.unitMonths.all(employerId, fromMonth) as {
          month: string;
          headcount: number;
          base: number;
          employer_part: number;
          individual_part: number;
          paid_amount: number;
          arrears_amount: number;
        }[]
      ).map((m) => ({
        month: m.month,
        headcount: m.headcount,
        base: m.base,
        employerPart: m.employer_part,
        individualPart: m.individual_part,
        paidAmount: m.paid_amount,
        arrearsAmount: m.arrears_amount,
      }));
      const totals = q.unitSummary.get(employerId) as
        { staff_count: number; staff_in_arrears: number; arrears_amount: number } | undefined;
      return {
        unit: { unitNumber: unit.unitNumber, name: unit.name },
        staffCount: totals?.staff_count ?? 0,
        staffInArrears: totals?.staff_in_arrears ?? 0,
        arrearsAmount: totals?.arrears_amount ?? 0,
        months,
      };
    },

    staffPage(employerId: number, filter: StaffFilter): { total: number; rows: StaffRow[] } {
      const params: Record<string, unknown> = {
        employer: employerId,
        limit: filter.limit,
        offset: filter.offset,
      };
      if (filter.status !== undefined) params['status'] = filter.status;
      if (filter.current !== undefined) params['current'] = filter.current ? 1 : 0;
      const [page, count] =
        filter.status !== undefined
          ? filter.current !== undefined
            ? [q.staffStatusCurrent, q.countStatusCurrent]
            : [q.staffStatus, q.countStatus]
          : filter.current !== undefined
            ? [q.staffCurrent, q.countCurrent]
            : [q.staffAll, q.countAll];
      const { limit: _limit, offset: _offset, ...countParams } = params;
      return {
        total: count.get(countParams) as number,
        rows: (page.all(params) as StaffDbRow[]).map(toStaffRow),
      };
    },

    staffMember(employerId: number, personId: number): StaffRow | null {
      const row = q.staffMember.get(employerId, personId) as StaffDbRow | undefined;
      return row ? toStaffRow(row) : null;
    },

    staffPersonByRef(employerId: number, ref: string): number | null {
      return (q.staffByRef.get(employerId, ref) as number | undefined) ?? null;
    },

    employmentPeriods(employerId: number, personId: number): MonthRange[] {
      return (
        q.employmentPeriods.all(employerId, personId) as { first_month: string; last_month: string | null }[]
      ).map((p) => ({ from: p.first_month, to: p.last_month ?? '9999-12' }));
    },

    healthy(): boolean {
      try {
        q.health.get();
        return true;
      } catch {
        return false;
      }
    },

    close(): void {
      db.close();
    },
  });
}
