// The derived tables the query API reads for summaries and staff lists (person_summary, employer_staff_status,
// employer_month; employer_summary is summed by the sink from the staff list). They are not part of the
// interchange format: the importer computes them from the validated rows, person by person as the contributions
// stream past, so a core system cannot send figures that disagree with its own rows.
import { createHmac } from 'node:crypto';
import type { StoredValue, TableWriter } from './sink.ts';

export const PERSON_SUMMARY_COLUMNS = [
  'person_id',
  'latest_paid_month',
  'months_in_arrears',
  'arrears_amount',
  'late_months',
  'last_contribution_month',
] as const;
export const STAFF_COLUMNS = [
  'employer_id',
  'person_id',
  'ref',
  'first_month',
  'last_month',
  'current',
  'status',
  'months_in_arrears',
  'arrears_amount',
  'late_months',
  'latest_paid_month',
] as const;
export const EMPLOYER_MONTH_COLUMNS = [
  'employer_id',
  'month',
  'headcount',
  'base',
  'employer_part',
  'individual_part',
  'paid_amount',
  'arrears_amount',
] as const;

/** An employment period as months (index = year * 12 + month - 1); `last` is Infinity while it lasts. */
export interface Period {
  employer: number;
  first: number;
  last: number;
}

/** The index of a valid month text YYYY-MM (read digit by digit: it runs for every contribution row). */
export function monthIndexOf(text: string): number {
  const year =
    (text.charCodeAt(0) - 48) * 1000 +
    (text.charCodeAt(1) - 48) * 100 +
    (text.charCodeAt(2) - 48) * 10 +
    (text.charCodeAt(3) - 48);
  return year * 12 + (text.charCodeAt(5) - 48) * 10 + (text.charCodeAt(6) - 48) - 1;
}

function monthTextOf(index: number): string {
  const m = (index % 12) + 1;
  return `${Math.floor(index / 12)}-${m < 10 ? '0' : ''}${m}`;
}

interface StaffStat {
  arrearsMonths: number;
  arrearsAmount: number;
  lateMonths: number;
  latestPaid: number;
}

const REF_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MONTH_KEY = 1 << 17;

/** Person-level and employer-level figures, fed one person at a time in ascending person order. */
export class Derivation {
  private person = -1;
  private latestPaid = -1;
  private lastContribution = -1;
  private arrearsMonths = 0;
  private arrearsAmount = 0;
  private lateMonths = 0;
  private readonly staff = new Map<number, StaffStat>();
  /** Per employer × month: headcount, base, employer part, individual part, paid, arrears. */
  readonly employerMonth = new Map<number, Float64Array>();

  constructor(
    /** The staff reference key: refs are opaque, stable for an installation, meaningless elsewhere. */
    private readonly refKey: Buffer,
    private readonly summary: TableWriter,
    private readonly staffRows: TableWriter,
  ) {}

  /** Starts a person (closing the previous one with its employment periods). */
  startPerson(id: number): void {
    this.person = id;
    this.latestPaid = -1;
    this.lastContribution = -1;
    this.arrearsMonths = 0;
    this.arrearsAmount = 0;
    this.lateMonths = 0;
    this.staff.clear();
  }

  /** One contribution of the current person; parts as stored. */
  contribution(
    month: number,
    employer: number | null,
    base: number,
    employerPart: number,
    individualPart: number,
    status: string,
  ): void {
    const total = employerPart + individualPart;
    this.lastContribution = Math.max(this.lastContribution, month);
    const arrears = status === 'arrears';
    if (arrears) {
      this.arrearsMonths++;
      this.arrearsAmount += total;
    } else {
      this.latestPaid = Math.max(this.latestPaid, month);
      if (status === 'late') this.lateMonths++;
    }
    if (employer === null) return;
    let stat = this.staff.get(employer);
    if (!stat) {
      stat = { arrearsMonths: 0, arrearsAmount: 0, lateMonths: 0, latestPaid: -1 };
      this.staff.set(employer, stat);
    }
    const key = employer * MONTH_KEY + month;
    let acc = this.employerMonth.get(key);
    if (!acc) {
      acc = new Float64Array(6);
      this.employerMonth.set(key, acc);
    }
    acc[0] = (acc[0] ?? 0) + 1;
    acc[1] = (acc[1] ?? 0) + base;
    acc[2] = (acc[2] ?? 0) + employerPart;
    acc[3] = (acc[3] ?? 0) + individualPart;
    if (arrears) {
      acc[5] = (acc[5] ?? 0) + total;
      stat.arrearsMonths++;
      stat.arrearsAmount += total;
    } else {
      acc[4] = (acc[4] ?? 0) + total;
      stat.latestPaid = Math.max(stat.latestPaid, month);
      if (status === 'late') stat.lateMonths++;
    }
  }

  /** Writes the current person's summary and one staff row per employer they ever worked for. */
  endPerson(periods: readonly Period[]): void {
    const id = this.person;
    if (id < 0) return;
    this.summary.row([
      id,
      this.latestPaid >= 0 ? monthTextOf(this.latestPaid) : null,
      this.arrearsMonths,
      this.arrearsAmount,
      this.lateMonths,
      this.lastContribution >= 0 ? monthTextOf(this.lastContribution) : null,
    ]);
    const byEmployer = new Map<number, { first: number; last: number; current: boolean }>();
    for (const p of periods) {
      const seen = byEmployer.get(p.employer);
      if (!seen) byEmployer.set(p.employer, { first: p.first, last: p.last, current: p.last === Infinity });
      else {
        seen.first = Math.min(seen.first, p.first);
        seen.last = Math.max(seen.last, p.last);
        seen.current ||= p.last === Infinity;
      }
    }
    for (const [employer, span] of [...byEmployer].sort((a, b) => a[0] - b[0])) {
      const st = this.staff.get(employer) ?? {
        arrearsMonths: 0,
        arrearsAmount: 0,
        lateMonths: 0,
        latestPaid: -1,
      };
      const row: StoredValue[] = [
        employer,
        id,
        this.ref(employer, id),
        monthTextOf(span.first),
        span.current ? null : monthTextOf(span.last),
        span.current ? 1 : 0,
        st.arrearsMonths > 0 ? 'arrears' : st.lateMonths > 0 ? 'late' : 'paid',
        st.arrearsMonths,
        st.arrearsAmount,
        st.lateMonths,
        st.latestPaid >= 0 ? monthTextOf(st.latestPaid) : null,
      ];
      this.staffRows.row(row);
    }
    this.person = -1;
  }

  /** The employer-month totals gathered, in (employer, month) order. */
  writeEmployerMonths(out: TableWriter): void {
    const keys = [...this.employerMonth.keys()].sort((a, b) => a - b);
    for (const key of keys) {
      const acc = this.employerMonth.get(key);
      if (!acc) continue;
      out.row([
        Math.floor(key / MONTH_KEY),
        monthTextOf(key % MONTH_KEY),
        acc[0] ?? 0,
        acc[1] ?? 0,
        acc[2] ?? 0,
        acc[3] ?? 0,
        acc[4] ?? 0,
        acc[5] ?? 0,
      ]);
    }
  }

  private ref(employer: number, person: number): string {
    const mac = createHmac('sha256', this.refKey).update(`${employer}:${person}`).digest();
    let ref = '';
    for (let i = 0; i < 10; i++) ref += REF_ALPHABET[(mac[i] ?? 0) & 31];
    return ref;
  }
}
