// The records store on PostgreSQL: the same answers as the SQLite store (../sqlite/records.ts), read from the
// schema the `records_current` pointer names. A snapshot is bound to one schema (its queries name it), so a request
// that pins a snapshot (`snapshot()`) reads one load throughout. The pointer is checked at most once per `checkMs`
// (in the background, on a `snapshot()` call): after a load's commit the store moves to the new schema within that
// time, and `asOf` changes with it. Reads go through a Queryable (the primary, or the replica router).
import { createHash } from 'node:crypto';
import {
  RECORD_CATEGORIES,
  type AccountKind,
  type AccountMovementKind,
  type Accounts,
  type BenefitKind,
  type Benefits,
  type ContributionStatus,
  type EmployerSummary,
  type EnrolmentStatus,
  type InsuranceType,
  type Other,
  type PersonStatus,
  type RecordCategory,
  type RegionName,
  type Registration,
  type StaffStatus,
} from '@consulta/shared';
import type pg from 'pg';
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
  WithoutAsOf,
} from '../types.ts';
import type { Queryable } from './pool.ts';
import { currentRecordsSchema } from './records-sink.ts';

const TOTAL = `(pension_employer + pension_individual + medical_employer + medical_individual +
  unemployment_employer + unemployment_individual + work_injury_employer + maternity_employer)`;
const MOVEMENTS_PER_ACCOUNT = 120;
const FIRST_MONTH = '0000-01';
const LAST_MONTH = '9999-12';
const CATEGORY_SET = new Set<string>(RECORD_CATEGORIES);

function parseCategories(text: string): RecordCategory[] {
  return text
    .split(',')
    .map((c) => c.trim())
    .filter((c): c is RecordCategory => CATEGORY_SET.has(c));
}

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

export interface PgRecordsStore extends RecordsStore {
  /** The current snapshot (one load); pin it for one request. Starts a pointer check when one is due. */
  snapshot(): RecordsStore;
  /** Checks the pointer now; true when a new load was switched in. */
  refresh(): Promise<boolean>;
}

export interface PgRecordsStoreOptions {
  /** Where the pointer is read (the primary: it moves first). */
  primary: Pick<pg.Pool, 'query'>;
  /** Where record reads go (the primary, or a ReadRouter over replicas). */
  reads: Queryable;
  /** How often the pointer is checked at most (default 1000 ms). */
  checkMs?: number;
  onSwitch?: (event: { asOf: string } | { error: Error }) => void;
  /** Closes what the store's owner opened (the pools). */
  close?: () => Promise<void>;
}

/** Opens the records store; throws if no records were loaded into this database. */
export async function openPgRecordsStore(options: PgRecordsStoreOptions): Promise<PgRecordsStore> {
  const pointer = await currentRecordsSchema(options.primary);
  if (!pointer) {
    throw new Error(
      'no records loaded into this PostgreSQL database: run `npm run data:demo` (or an import) with DATABASE_URL set',
    );
  }
  let current = await openSnapshot(options.reads, pointer);
  let lastCheck = Date.now();
  let checking: Promise<boolean> | null = null;
  const checkMs = options.checkMs ?? 1000;

  const refresh = (): Promise<boolean> => {
    checking ??= (async () => {
      try {
        const now = await currentRecordsSchema(options.primary);
        if (!now || now.schema === current.schema) return false;
        current = await openSnapshot(options.reads, now);
        options.onSwitch?.({ asOf: current.asOf });
        return true;
      } finally {
        lastCheck = Date.now();
        checking = null;
      }
    })();
    return checking;
  };
  const snapshot = (): RecordsStore => {
    if (checking === null && Date.now() - lastCheck >= checkMs) {
      refresh().catch((error: unknown) => options.onSwitch?.({ error: error as Error }));
    }
    return current;
  };

  return {
    snapshot,
    refresh,
    get asOf() {
      return current.asOf;
    },
    get dataThrough() {
      return current.dataThrough;
    },
    findPersonCredential: (...a) => snapshot().findPersonCredential(...a),
    findDelegateAuthorizations: (...a) => snapshot().findDelegateAuthorizations(...a),
    findEmployerCredential: (...a) => snapshot().findEmployerCredential(...a),
    personIdByNationalId: (...a) => snapshot().personIdByNationalId(...a),
    employer: (...a) => snapshot().employer(...a),
    delegateNationalId: (...a) => snapshot().delegateNationalId(...a),
    registration: (...a) => snapshot().registration(...a),
    contributionMonths: (...a) => snapshot().contributionMonths(...a),
    subsidies: (...a) => snapshot().subsidies(...a),
    benefits: (...a) => snapshot().benefits(...a),
    accounts: (...a) => snapshot().accounts(...a),
    other: (...a) => snapshot().other(...a),
    summaryFacts: (...a) => snapshot().summaryFacts(...a),
    employerSummary: (...a) => snapshot().employerSummary(...a),
    staffPage: (...a) => snapshot().staffPage(...a),
    staffMember: (...a) => snapshot().staffMember(...a),
    staffPersonByRef: (...a) => snapshot().staffPersonByRef(...a),
    employmentPeriods: (...a) => snapshot().employmentPeriods(...a),
    healthy: () => snapshot().healthy(),
    async close() {
      await checking?.catch(() => undefined);
      await options.close?.();
    },
  };
}

interface Snapshot extends RecordsStore {
  readonly schema: string;
}

/** One load's records: every query names its schema. */
async function openSnapshot(
  db: Queryable,
  pointer: { schema: string; asOf: string; dataThrough: string },
): Promise<Snapshot> {
  const { schema, asOf, dataThrough } = pointer;
  const s = `"${schema}"`;
  // A named (prepared) statement per text: parsed and planned once per connection.
  const run = async <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> => {
    const name = `r${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    return (await db.query<R>({ name, text, values })).rows;
  };
  const one = async <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R | undefined> =>
    (await run<R>(text, values))[0];

  const employers = new Map<number, { unitNumber: string; name: string }>();
  for (const r of await run<{ id: number; unit_number: string; name: string }>(
    `SELECT id, unit_number, name FROM ${s}.employer`,
    [],
  )) {
    employers.set(r.id, { unitNumber: r.unit_number, name: r.name });
  }
  const regions = new Map<string, RegionName>();
  for (const r of await run<{ code: string; name: string; name_en: string }>(
    `SELECT code, name, name_en FROM ${s}.region`,
    [],
  )) {
    regions.set(r.code, { local: r.name, en: r.name_en });
  }

  const sql = {
    personCredential: `SELECT p.id AS person_id, c.pin_hash FROM ${s}.person p
      JOIN ${s}.person_credential c ON c.person_id = p.id WHERE p.national_id = $1`,
    personId: `SELECT id FROM ${s}.person WHERE national_id = $1`,
    delegateNationalId: `SELECT delegate_national_id FROM ${s}.delegate_authorization WHERE id = $1`,
    delegateAuthorizations: `SELECT id, person_id, code_hash, categories, from_month, to_month, valid_until
      FROM ${s}.delegate_authorization WHERE delegate_national_id = $1 ORDER BY valid_until DESC, id`,
    employerCredential: `SELECT e.id, e.unit_number, e.name, c.password_hash, c.phone_pin_hash
      FROM ${s}.employer e JOIN ${s}.employer_credential c ON c.employer_id = e.id WHERE e.unit_number = $1`,
    person: `SELECT national_id, name, sex, birth_date, address, registered_on, region, status
      FROM ${s}.person WHERE id = $1`,
    enrolments: `SELECT insurance_type, since, until, status FROM ${s}.enrolment WHERE person_id = $1
      ORDER BY insurance_type`,
    employment: `SELECT employer_id, first_month, last_month FROM ${s}.employment WHERE person_id = $1
      ORDER BY first_month`,
    contributions: `SELECT month, employer_id, base, pension_employer, pension_individual, medical_employer,
        medical_individual, unemployment_employer, unemployment_individual, work_injury_employer, maternity_employer,
        status, paid_date
      FROM ${s}.contribution WHERE person_id = $1 AND month BETWEEN $2 AND $3 ORDER BY month`,
    subsidies: `SELECT month, kind, amount FROM ${s}.subsidy WHERE person_id = $1 AND month BETWEEN $2 AND $3
      ORDER BY month, kind`,
    eligibility: `SELECT benefit, eligible, since, until, monthly_amount FROM ${s}.benefit_eligibility
      WHERE person_id = $1 ORDER BY benefit`,
    payments: `SELECT benefit, period, amount, paid_date FROM ${s}.benefit_payment WHERE person_id = $1
      ORDER BY paid_date DESC, benefit, period DESC`,
    lastPayment: `SELECT benefit, period, amount, paid_date FROM ${s}.benefit_payment WHERE person_id = $1
      ORDER BY paid_date DESC, benefit DESC, period DESC LIMIT 1`,
    periods: `SELECT insurance_type, months FROM ${s}.contribution_period WHERE person_id = $1
      ORDER BY insurance_type`,
    balances: `SELECT kind, balance FROM ${s}.account WHERE person_id = $1 ORDER BY kind`,
    accountYears: `SELECT kind, year, accrual, interest, closing_balance FROM ${s}.account_year
      WHERE person_id = $1 ORDER BY kind, year`,
    movements: `SELECT kind, date, movement, amount, balance_after FROM (
        SELECT kind, date, seq, movement, amount, balance_after,
          row_number() OVER (PARTITION BY kind ORDER BY date DESC, seq DESC) AS n
        FROM ${s}.account_movement WHERE person_id = $1) m
      WHERE n <= ${MOVEMENTS_PER_ACCOUNT} ORDER BY kind, date DESC, seq DESC`,
    transfers: `SELECT date, from_region, to_region, months, funds_transferred FROM ${s}.transfer
      WHERE person_id = $1 ORDER BY date`,
    corrections: `SELECT date, category, field, reason FROM ${s}.correction WHERE person_id = $1
      ORDER BY date, field`,
    contributionFacts: `SELECT max(CASE WHEN status <> 'arrears' THEN month END) AS latest_paid,
        count(*) FILTER (WHERE status = 'arrears') AS arrears_months,
        coalesce(sum(CASE WHEN status = 'arrears' THEN ${TOTAL} ELSE 0 END), 0) AS arrears_amount
      FROM ${s}.contribution WHERE person_id = $1 AND month BETWEEN $2 AND $3`,
    personSummary: `SELECT latest_paid_month, months_in_arrears, arrears_amount FROM ${s}.person_summary
      WHERE person_id = $1`,
    unitMonths: `SELECT month, headcount, base, employer_part, individual_part, paid_amount, arrears_amount
      FROM ${s}.employer_month WHERE employer_id = $1 AND month >= $2 ORDER BY month DESC`,
    unitSummary: `SELECT staff_count, staff_in_arrears, arrears_amount FROM ${s}.employer_summary
      WHERE employer_id = $1`,
    staffMember: `SELECT s.person_id, s.ref, p.national_id, p.name, s.status, s.first_month, s.last_month,
        s.current, s.months_in_arrears, s.arrears_amount, s.latest_paid_month
      FROM ${s}.employer_staff_status s JOIN ${s}.person p ON p.id = s.person_id
      WHERE s.employer_id = $1 AND s.person_id = $2`,
    staffByRef: `SELECT person_id FROM ${s}.employer_staff_status WHERE employer_id = $1 AND ref = $2`,
    employmentPeriods: `SELECT first_month, last_month FROM ${s}.employment WHERE employer_id = $1 AND person_id = $2
      ORDER BY first_month`,
    health: `SELECT value FROM ${s}.meta WHERE key = 'as_of'`,
  };

  // The staff page walks the (employer_id, status, ref) index: 'arrears' < 'late' < 'paid' sorts worst first.
  const staffSql = (status: boolean, current: boolean) => {
    const where = `s.employer_id = $1${status ? ' AND s.status = $2' : ''}${
      current ? ` AND s.current = $${status ? 3 : 2}` : ''
    }`;
    const n = 1 + (status ? 1 : 0) + (current ? 1 : 0);
    return {
      page: `SELECT s.person_id, s.ref, p.national_id, p.name, s.status, s.first_month, s.last_month, s.current,
          s.months_in_arrears, s.arrears_amount, s.latest_paid_month
        FROM ${s}.employer_staff_status s JOIN ${s}.person p ON p.id = s.person_id
        WHERE ${where} ORDER BY s.status, s.ref LIMIT $${n + 1} OFFSET $${n + 2}`,
      count: `SELECT count(*) AS n FROM ${s}.employer_staff_status s WHERE ${where}`,
    };
  };

  const toContributionMonth = (r: ContributionDbRow): ContributionMonth => {
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
  };

  const periodsOf = async (personId: number) =>
    (await run<{ insurance_type: InsuranceType; months: number }>(sql.periods, [personId])).map((p) => ({
      insuranceType: p.insurance_type,
      months: p.months,
    }));

  return {
    schema,
    asOf,
    dataThrough,

    async findPersonCredential(nationalId: string): Promise<PersonCredential | null> {
      const r = await one<{ person_id: number; pin_hash: string }>(sql.personCredential, [nationalId]);
      return r ? { personId: r.person_id, pinHash: r.pin_hash } : null;
    },

    async findDelegateAuthorizations(delegateNationalId: string): Promise<DelegateAuthorizationRow[]> {
      const rows = await run<{
        id: number;
        person_id: number;
        code_hash: string;
        categories: string;
        from_month: string;
        to_month: string;
        valid_until: string;
      }>(sql.delegateAuthorizations, [delegateNationalId]);
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

    async findEmployerCredential(unitNumber: string): Promise<EmployerCredential | null> {
      const r = await one<{
        id: number;
        unit_number: string;
        name: string;
        password_hash: string;
        phone_pin_hash: string;
      }>(sql.employerCredential, [unitNumber]);
      return r
        ? {
            employerId: r.id,
            unitNumber: r.unit_number,
            name: r.name,
            passwordHash: r.password_hash,
            phonePinHash: r.phone_pin_hash,
          }
        : null;
    },

    async personIdByNationalId(nationalId: string): Promise<number | null> {
      return (await one<{ id: number }>(sql.personId, [nationalId]))?.id ?? null;
    },

    employer(employerId: number) {
      return Promise.resolve(employers.get(employerId) ?? null);
    },

    async delegateNationalId(authorizationId: number): Promise<string | null> {
      return (
        (await one<{ delegate_national_id: string }>(sql.delegateNationalId, [authorizationId]))
          ?.delegate_national_id ?? null
      );
    },

    async registration(personId: number): Promise<WithoutAsOf<Registration> | null> {
      const [p, enrolments, employment] = await Promise.all([
        one<{
          national_id: string;
          name: string;
          sex: 'F' | 'M';
          birth_date: string;
          address: string;
          registered_on: string;
          region: string;
          status: PersonStatus;
        }>(sql.person, [personId]),
        run<{ insurance_type: InsuranceType; since: string; until: string | null; status: EnrolmentStatus }>(
          sql.enrolments,
          [personId],
        ),
        run<{ employer_id: number; first_month: string; last_month: string | null }>(sql.employment, [
          personId,
        ]),
      ]);
      if (!p) return null;
      return {
        person: {
          nationalId: p.national_id,
          name: p.name,
          sex: p.sex,
          birthDate: p.birth_date,
          address: p.address,
          registeredOn: p.registered_on,
          region: p.region,
          regionName: regions.get(p.region),
          status: p.status,
        },
        enrolments: enrolments.map((e) => ({
          insuranceType: e.insurance_type,
          since: e.since,
          until: e.until,
          status: e.status,
        })),
        employment: employment.map((e) => {
          const employer = employers.get(e.employer_id);
          return {
            unitNumber: employer?.unitNumber ?? '',
            employerName: employer?.name ?? '',
            firstMonth: e.first_month,
            lastMonth: e.last_month,
          };
        }),
      };
    },

    async contributionMonths(personId: number, filter: ContributionFilter): Promise<ContributionMonth[]> {
      const name = `r${createHash('sha1').update(sql.contributions).digest('hex').slice(0, 20)}`;
      const { rows } = await db.query<ContributionDbRow>({
        name,
        text: sql.contributions,
        values: [personId, filter.from, filter.to],
        // Arrays instead of row objects: a person has a hundred or more months and this is the hot path.
        rowMode: 'array',
      } as pg.QueryConfig);
      const out: ContributionMonth[] = [];
      for (const r of rows) {
        if (filter.status !== undefined && r[11] !== filter.status) continue;
        if (filter.employerId !== undefined && r[1] !== filter.employerId) continue;
        out.push(toContributionMonth(r));
      }
      return out;
    },

    async subsidies(personId: number, range: MonthRange) {
      return run<{ month: string; kind: string; amount: number }>(sql.subsidies, [
        personId,
        range.from,
        range.to,
      ]);
    },

    async benefits(personId: number): Promise<WithoutAsOf<Benefits>> {
      const [eligibility, payments] = await Promise.all([
        run<{
          benefit: BenefitKind;
          eligible: number;
          since: string | null;
          until: string | null;
          monthly_amount: number | null;
        }>(sql.eligibility, [personId]),
        run<{ benefit: BenefitKind; period: string; amount: number; paid_date: string }>(sql.payments, [
          personId,
        ]),
      ]);
      return {
        eligibility: eligibility.map((e) => ({
          benefit: e.benefit,
          eligible: e.eligible === 1,
          since: e.since,
          until: e.until,
          monthlyAmount: e.monthly_amount,
        })),
        payments: payments.map((p) => ({
          benefit: p.benefit,
          period: p.period,
          amount: p.amount,
          paidDate: p.paid_date,
        })),
      };
    },

    async accounts(personId: number): Promise<WithoutAsOf<Accounts>> {
      const [periods, balances, years, movements] = await Promise.all([
        periodsOf(personId),
        run<{ kind: AccountKind; balance: number }>(sql.balances, [personId]),
        run<{ kind: string; year: number; accrual: number; interest: number; closing_balance: number }>(
          sql.accountYears,
          [personId],
        ),
        run<{
          kind: string;
          date: string;
          movement: AccountMovementKind;
          amount: number;
          balance_after: number;
        }>(sql.movements, [personId]),
      ]);
      return {
        periods,
        accounts: balances.map((a) => ({
          kind: a.kind,
          balance: a.balance,
          years: years
            .filter((y) => y.kind === a.kind)
            .map((y) => ({
              year: y.year,
              accrual: y.accrual,
              interest: y.interest,
              closingBalance: y.closing_balance,
            })),
          movements: movements
            .filter((m) => m.kind === a.kind)
            .map((m) => ({
              date: m.date,
              kind: m.movement,
              amount: m.amount,
              balanceAfter: m.balance_after,
            })),
        })),
      };
    },

    async other(personId: number): Promise<WithoutAsOf<Other>> {
      const [transfers, corrections] = await Promise.all([
        run<{
          date: string;
          from_region: string;
          to_region: string;
          months: number;
          funds_transferred: number;
        }>(sql.transfers, [personId]),
        run<{ date: string; category: string; field: string; reason: string }>(sql.corrections, [personId]),
      ]);
      return {
        transfers: transfers.map((t) => ({
          date: t.date,
          fromRegion: t.from_region,
          toRegion: t.to_region,
          fromRegionName: regions.get(t.from_region),
          toRegionName: regions.get(t.to_region),
          months: t.months,
          fundsTransferred: t.funds_transferred,
        })),
        corrections: corrections.map((c) => ({
          date: c.date,
          category: (CATEGORY_SET.has(c.category) ? c.category : 'other') as RecordCategory,
          field: c.field,
          reason: c.reason,
        })),
      };
    },

    async summaryFacts(personId: number, range: MonthRange): Promise<SummaryFacts> {
      // The whole record's figures are precomputed per person; a delegate's months need the scan.
      const whole = range.from <= FIRST_MONTH && range.to >= LAST_MONTH;
      const [enrolments, pre, periods, balances, last] = await Promise.all([
        run<{ insurance_type: InsuranceType; status: EnrolmentStatus }>(sql.enrolments, [personId]),
        whole
          ? one<{ latest_paid_month: string | null; months_in_arrears: number; arrears_amount: number }>(
              sql.personSummary,
              [personId],
            )
          : Promise.resolve(undefined),
        periodsOf(personId),
        run<{ kind: AccountKind; balance: number }>(sql.balances, [personId]),
        one<{ benefit: BenefitKind; period: string; amount: number; paid_date: string }>(sql.lastPayment, [
          personId,
        ]),
      ]);
      const facts = pre
        ? {
            latest_paid: pre.latest_paid_month,
            arrears_months: pre.months_in_arrears,
            arrears_amount: pre.arrears_amount,
          }
        : ((await one<{ latest_paid: string | null; arrears_months: number; arrears_amount: number }>(
            sql.contributionFacts,
            [personId, range.from, range.to],
          )) as { latest_paid: string | null; arrears_months: number; arrears_amount: number });
      return {
        enrolments: enrolments.map((e) => ({ insuranceType: e.insurance_type, status: e.status })),
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

    async employerSummary(employerId: number, fromMonth: string): Promise<WithoutAsOf<EmployerSummary>> {
      const unit = employers.get(employerId) ?? { unitNumber: '', name: '' };
      const [months, totals] = await Promise.all([
        run<{
          month: string;
          headcount: number;
          base: number;
          employer_part: number;
          individual_part: number;
          paid_amount: number;
          arrears_amount: number;
        }>(sql.unitMonths, [employerId, fromMonth]),
        one<{ staff_count: number; staff_in_arrears: number; arrears_amount: number }>(sql.unitSummary, [
          employerId,
        ]),
      ]);
      return {
        unit: { unitNumber: unit.unitNumber, name: unit.name },
        staffCount: totals?.staff_count ?? 0,
        staffInArrears: totals?.staff_in_arrears ?? 0,
        arrearsAmount: totals?.arrears_amount ?? 0,
        months: months.map((m) => ({
          month: m.month,
          headcount: m.headcount,
          base: m.base,
          employerPart: m.employer_part,
          individualPart: m.individual_part,
          paidAmount: m.paid_amount,
          arrearsAmount: m.arrears_amount,
        })),
      };
    },

    async staffPage(employerId: number, filter: StaffFilter): Promise<{ total: number; rows: StaffRow[] }> {
      const q = staffSql(filter.status !== undefined, filter.current !== undefined);
      const where: unknown[] = [employerId];
      if (filter.status !== undefined) where.push(filter.status);
      if (filter.current !== undefined) where.push(filter.current ? 1 : 0);
      const [count, rows] = await Promise.all([
        one<{ n: number }>(q.count, where),
        run<StaffDbRow>(q.page, [...where, filter.limit, filter.offset]),
      ]);
      return { total: count?.n ?? 0, rows: rows.map(toStaffRow) };
    },

    async staffMember(employerId: number, personId: number): Promise<StaffRow | null> {
      const r = await one<StaffDbRow>(sql.staffMember, [employerId, personId]);
      return r ? toStaffRow(r) : null;
    },

    async staffPersonByRef(employerId: number, ref: string): Promise<number | null> {
      return (await one<{ person_id: number }>(sql.staffByRef, [employerId, ref]))?.person_id ?? null;
    },

    async employmentPeriods(employerId: number, personId: number): Promise<MonthRange[]> {
      return (
        await run<{ first_month: string; last_month: string | null }>(sql.employmentPeriods, [
          employerId,
          personId,
        ])
      ).map((p) => ({ from: p.first_month, to: p.last_month ?? '9999-12' }));
    },

    async healthy(): Promise<boolean> {
      try {
        await run(sql.health, []);
        return true;
      } catch {
        return false;
      }
    },

    close(): Promise<void> {
      return Promise.resolve();
    },
  };
}
