// The synthetic record model: a person's working life as a plan (jobs, gaps, unemployment spells, flexible
// employment, a move between regions, retirement), then the plan realised, category by category, as the rows of
// all five categories of the record, in the shape of the interchange format's entities.
import { residentIdCheckChar } from '../../../shared/src/ids.ts';
import {
  CITIES,
  DATA_THROUGH,
  EMPLOYER_FORMS,
  EMPLOYER_TRADES,
  EMPLOYER_WORDS,
  FIRST_DETAIL_YEAR,
  GIVEN_ANY,
  GIVEN_FEMALE,
  GIVEN_MALE,
  STREETS,
  SURNAMES,
  yearParams,
  type YearParams,
} from './catalog.ts';
import { dateText, daysInMonth, lastDayText, monthIndex, monthText, parseMonth, yearOf } from './calendar.ts';
import { rngFor, type Rng } from './rng.ts';

export type SpellKind = 'job' | 'flexible' | 'gap' | 'unemployed';

export interface Spell {
  kind: SpellKind;
  /** First and last month (month indexes, both included). */
  start: number;
  end: number;
  /** Employer id for a job, 0 otherwise. */
  employer: number;
  city: number;
  /** Contribution base as a multiple of the scheme's average wage (0.6-3). */
  factor: number;
  /** Flexible employment: months of contribution subsidy from the spell's start. */
  subsidyMonths: number;
}

export interface Plan {
  sex: 'F' | 'M';
  birth: number;
  birthDay: number;
  idCounty: string;
  homeCity: number;
  careerStart: number;
  /** First month of pension, or null while not retired. */
  retireMonth: number | null;
  spells: Spell[];
  /** Draw compared with an employer's arrears share: below it, the person is among the staff in arrears. */
  arrearsDraw: number;
  /** Statuses imposed on particular months (demo identities). */
  forced?: Map<number, { status: 'late' | 'arrears'; paidMonth?: number }>;
  /** No random corrections, injuries etc. (demo identities keep exactly the promised shape). */
  quiet?: boolean;
  correction?: boolean;
}

export interface EmployerModel {
  id: number;
  city: number;
  weight: number;
  unitNumber: string;
  /** Month index from which part of its staff is in arrears (Infinity: none). */
  arrearsFrom: number;
  arrearsShare: number;
  /** A past episode of late payment: months [lateFrom, lateTo] paid in latePaid. */
  lateFrom: number;
  lateTo: number;
  latePaid: number;
}

/** Where a table's rows go: push one row's values in column order, then call end(). */
export interface RowSink {
  readonly v: (string | number | null)[];
  end(): void;
}

/** One sink per entity of the interchange format (the generator writes an export; derived tables are the importer's). */
export interface Sinks {
  person: RowSink;
  enrolment: RowSink;
  employment: RowSink;
  contribution: RowSink;
  subsidy: RowSink;
  benefitEligibility: RowSink;
  benefitPayment: RowSink;
  contributionPeriod: RowSink;
  account: RowSink;
  accountYear: RowSink;
  accountMovement: RowSink;
  transfer: RowSink;
  correction: RowSink;
}

export interface ModelContext {
  seed: string;
  first: number;
  last: number;
  years: YearParams[];
  employers: EmployerModel[];
  cityCumulative: Float64Array;
  /** Per city: employer ids and their cumulative weights. */
  cityEmployers: { ids: Int32Array; cumulative: Float64Array }[];
  /** Discounted pension-account value of a month before the detail window (factor 1), as prefix sums. */
  priorPrefix: Float64Array;
  priorOrigin: number;
  usedIds: Set<string>;
}

/** Cities of the demo's current employer (Shenzhen) and former employer (Chengdu). */
const DEMO_EMPLOYER_CITIES = [3, 4];

const INSURANCE_ORDER = ['maternity', 'medical', 'pension', 'unemployment', 'work_injury'] as const;
const SURNAME_CUMULATIVE = cumulative(SURNAMES.map(([, w]) => w));

function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out;
}

// ------------------------------------------------------------------------------------------------ context

export function createContext(seed: string, employerCount: number, demo: boolean): ModelContext {
  const first = monthIndex(FIRST_DETAIL_YEAR, 1);
  const last = parseMonth(DATA_THROUGH);
  const years: YearParams[] = [];
  for (let y = FIRST_DETAIL_YEAR; y <= yearOf(last); y++) years.push(yearParams(y));
  const cityCumulative = cumulative(CITIES.map((c) => c.weight));

  const employers: EmployerModel[] = [];
  const nextUnit = CITIES.map((_, c) => firstUnitSequence(seed, c));
  for (let id = 1; id <= employerCount; id++) {
    const rng = rngFor(seed, 'employer', id);
    const drawn = id <= CITIES.length ? (id - 1) % CITIES.length : rng.weighted(cityCumulative);
    const city = demo && id <= 2 ? (DEMO_EMPLOYER_CITIES[id - 1] ?? drawn) : drawn;
    const sequence = nextUnit[city] ?? UNIT_SEQUENCE_FIRST;
    nextUnit[city] = sequence + 1;
    const unitNumber = `${CITIES[city]?.code ?? '110100'}${String(sequence).padStart(UNIT_SEQUENCE_DIGITS, '0')}`;
    // These draws once made a credit-code-style unit number. They are still taken so the rest of the employer's
    // stream stays the same, and a seed still builds the same employers, staff and demo identities as before.
    rng.skip(UNIT_NUMBER_FORMER_DRAWS);
    const inArrears = rng.chance(0.07);
    const hadLate = rng.chance(0.05);
    const lateFrom = hadLate ? rng.int(first, last - 12) : Infinity;
    const lateTo = hadLate ? lateFrom + rng.int(0, 3) : -Infinity;
    employers.push({
      id,
      city,
      weight: Math.min(60, Math.max(0.05, rng.logNormal(1, 1.1))),
      unitNumber,
      arrearsFrom: inArrears ? last - rng.int(0, 3) : Infinity,
      arrearsShare: 0.3 + rng.next() * 0.5,
      lateFrom,
      lateTo,
      latePaid: lateTo + rng.int(2, 8),
    });
  }
  if (demo) {
    // The demo worker's current employer (Shenzhen, part of its staff in arrears for the last three months) and
    // former employer (Chengdu, a good payer); both large enough to have a real staff list.
    Object.assign(employers[0] ?? {}, { weight: 40, arrearsFrom: last - 2, arrearsShare: 0.5 });
    Object.assign(employers[1] ?? {}, {
      weight: 30,
      arrearsFrom: Infinity,
      lateFrom: Infinity,
      lateTo: -Infinity,
    });
  }

  const cityEmployers = CITIES.map((_, c) => {
    const ids = employers.filter((e) => e.city === c).map((e) => e.id);
    return {
      ids: Int32Array.from(ids),
      cumulative: cumulative(ids.map((id) => employers[id - 1]?.weight ?? 0)),
    };
  });

  // Pension account value of one month's individual part before the window, carried to 2016 at ~5 % a year.
  const priorOrigin = monthIndex(1960, 1);
  const priorPrefix = new Float64Array(first - priorOrigin + 1);
  for (let m = priorOrigin; m < first; m++) {
    const y = yearOf(m);
    const value = yearParams(y).averageWage * 0.08 * Math.pow(1.05, FIRST_DETAIL_YEAR - y);
    priorPrefix[m - priorOrigin + 1] = (priorPrefix[m - priorOrigin] ?? 0) + value;
  }

  return {
    seed,
    first,
    last,
    years,
    employers,
    cityCumulative,
    cityEmployers,
    priorPrefix,
    priorOrigin,
    usedIds: new Set(),
  };
}

/**
 * Unit numbers are the employer's region code and a sequence within the region: digits only, so a caller can type
 * one on a phone keypad. Each region's sequence starts at a point drawn from the seed and counts up in employer
 * order, so numbers are unique (one region code prefix per region, one value per employer within it) and a seed
 * always gives the same ones. At least 50,000 employers per region keep the number at 11 digits; beyond that the
 * sequence simply grows a digit (still unique, still well within UNIT_NUMBER_PATTERN's 18 characters).
 */
const UNIT_SEQUENCE_DIGITS = 5;
const UNIT_SEQUENCE_FIRST = 10000;
const UNIT_SEQUENCE_LAST = 49999;
/** Random draws the former credit-code unit numbers took from each employer's stream (9 characters). */
const UNIT_NUMBER_FORMER_DRAWS = 9;

function firstUnitSequence(seed: string, city: number): number {
  return rngFor(seed, 'unit-sequence', city).int(UNIT_SEQUENCE_FIRST, UNIT_SEQUENCE_LAST);
}

export function employerRow(ctx: ModelContext, e: EmployerModel): (string | number)[] {
  const rng = rngFor(ctx.seed, 'employer-name', e.id);
  const city = CITIES[e.city];
  const county = rng.pick(city?.counties ?? []);
  const word = rng.pick(EMPLOYER_WORDS);
  let second = rng.pick(EMPLOYER_WORDS);
  while (second === word) second = rng.pick(EMPLOYER_WORDS);
  const name = `${city?.name ?? ''}${word}${second}${rng.pick(EMPLOYER_TRADES)}${rng.pick(EMPLOYER_FORMS)}`;
  const address = `${city?.name ?? ''}${county.name}${rng.pick(STREETS)}${rng.int(1, 399)}号`;
  const registered = monthIndex(rng.int(1992, 2015), rng.int(1, 12));
  return [e.id, e.unitNumber, name, address, dateText(registered, rng.int(1, 28)), city?.code ?? ''];
}

// ------------------------------------------------------------------------------------------------ plans

function pickEmployer(ctx: ModelContext, rng: Rng, city: number): number {
  const list = ctx.cityEmployers[city];
  if (!list || list.ids.length === 0) return 0;
  return list.ids[rng.weighted(list.cumulative)] ?? 0;
}

function otherCity(ctx: ModelContext, rng: Rng, city: number): number {
  for (;;) {
    const c = rng.weighted(ctx.cityCumulative);
    if (c !== city) return c;
  }
}

function baseFactor(rng: Rng): number {
  return Math.min(3, Math.max(0.6, rng.logNormal(1, 0.35)));
}

/** A random working life, drawn from the person's own stream. */
export function randomPlan(ctx: ModelContext, rng: Rng): Plan {
  const { first, last } = ctx;
  const sex = rng.chance(0.5) ? 'M' : 'F';
  const band = rng.next();
  const age =
    band < 0.22
      ? rng.int(18, 29)
      : band < 0.55
        ? rng.int(30, 44)
        : band < 0.82
          ? rng.int(45, 59)
          : rng.int(60, 75);
  const birth = last - age * 12 - rng.int(0, 11);
  const birthDay = rng.int(1, daysInMonth(birth));
  const homeCity = rng.weighted(ctx.cityCumulative);
  const idCounty = rng.chance(0.35)
    ? rng.pick(['411621', '431121', '510722', '362421', '341222', '452123', '130527', '371326'])
    : rng.pick(CITIES[homeCity]?.counties ?? []).code;
  let careerStart = birth + 18 * 12 + rng.int(0, 72);
  if (careerStart > last - 1) careerStart = Math.max(birth + 18 * 12, last - rng.int(0, 6));
  const retireAge = sex === 'M' ? 60 : 55;
  const retire = birth + retireAge * 12 + 1;
  const retireMonth = retire <= last ? retire : null;
  const endWork = retireMonth === null ? last : retireMonth - 1;

  const moveAt = rng.chance(0.07) ? rng.int(Math.max(careerStart + 12, first - 60), last - 3) : Infinity;
  const flexibleFrom =
    age < 55 && rng.chance(0.08) ? rng.int(Math.max(careerStart + 24, first - 36), last - 6) : Infinity;

  const spells: Spell[] = [];
  let city = homeCity;
  let m = careerStart;
  while (m <= endWork) {
    if (m >= moveAt && city === homeCity) city = otherCity(ctx, rng, homeCity);
    if (m >= flexibleFrom) {
      const subsidyMonths = rng.chance(0.5) ? 36 : 0;
      spells.push({
        kind: 'flexible',
        start: m,
        end: endWork,
        employer: 0,
        city,
        factor: 0.6 + rng.next() * 0.4,
        subsidyMonths,
      });
      break;
    }
    let end = Math.min(m + rng.duration(54, 3) - 1, endWork);
    if (moveAt > m && moveAt <= end && city === homeCity) end = moveAt - 1;
    if (flexibleFrom > m && flexibleFrom <= end) end = flexibleFrom - 1;
    spells.push({
      kind: 'job',
      start: m,
      end,
      employer: pickEmployer(ctx, rng, city),
      city,
      factor: baseFactor(rng),
      subsidyMonths: 0,
    });
    m = end + 1;
    if (m > endWork) break;
    const r = rng.next();
    if (r < 0.62) continue;
    const kind: SpellKind = r < 0.85 ? 'gap' : 'unemployed';
    const gapEnd = Math.min(m + (kind === 'gap' ? rng.int(1, 4) : rng.int(3, 12)) - 1, endWork);
    spells.push({ kind, start: m, end: gapEnd, employer: 0, city, factor: 0, subsidyMonths: 0 });
    m = gapEnd + 1;
  }
  return {
    sex,
    birth,
    birthDay,
    idCounty,
    homeCity,
    careerStart,
    retireMonth,
    spells,
    arrearsDraw: rng.next(),
    correction: rng.chance(0.015),
  };
}

// ------------------------------------------------------------------------------------------------ identity

function personName(rng: Rng, sex: 'F' | 'M'): string {
  const surname = SURNAMES[rng.weighted(SURNAME_CUMULATIVE)]?.[0] ?? '王';
  const pool = sex === 'M' ? GIVEN_MALE : GIVEN_FEMALE;
  const given = rng.chance(0.7)
    ? `${rng.chance(0.4) ? rng.pick(GIVEN_ANY) : rng.pick(pool)}${rng.pick(pool)}`
    : rng.pick(pool);
  return surname + given;
}

/** A unique 18-character resident ID whose birth date, sex digit and check character are consistent. */
function nationalId(ctx: ModelContext, rng: Rng, plan: Plan): string {
  const birth = `${yearOf(plan.birth)}${monthText(plan.birth).slice(5)}${String(plan.birthDay).padStart(2, '0')}`;
  let seq = rng.int(0, 499) * 2 + (plan.sex === 'M' ? 1 : 0);
  for (let tries = 0; ; tries++) {
    const first17 = `${plan.idCounty}${birth}${String(seq).padStart(3, '0')}`;
    if (!ctx.usedIds.has(first17)) {
      ctx.usedIds.add(first17);
      return first17 + residentIdCheckChar(first17);
    }
    if (tries > 500) throw new Error('no free ID sequence number');
    seq = (seq + 2) % 1000;
  }
}

// ------------------------------------------------------------------------------------------------ realise

const SUBSIDY_KIND = 'flexible_employment';

/**
 * What realising one person's record establishes in one category and the next categories use. The categories are
 * realised in a fixed order (registration, contributions, benefits, periods and accounts, other) because each
 * draws from the person's own random stream: the order of the draws is what makes a seed give the same record.
 */
interface Realising {
  ctx: ModelContext;
  sinks: Sinks;
  id: number;
  plan: Plan;
  rng: Rng;
  lastSpell: Spell | undefined;
  retired: boolean;
  status: PersonStatus;
  firstJob: number;
  lastJob: number;
  /** Contributing months before the detail window: all, and as an employee. */
  priorAll: number;
  priorEmployee: number;
  /** Pension-account value of the months before the window. */
  priorValue: number;
  transfer: { month: number; from: number; to: number };
  // set by the contributions
  monthsAll: number;
  monthsEmployee: number;
  lastContribution: number;
  basesBeforeMove: number;
  pensionCredit: Float64Array;
  medicalCredit: Float64Array;
  /** Benefit payments found while realising the months: [date, benefit, period, amount]. */
  payments: [string, string, string, number][];
  // set by the benefits
  pension: number;
  pensionNow: number;
  fundsTransferred: number;
  pensionBalance: number;
  medicalBalance: number;
  accountPayout: number;
}

type PersonStatus = 'working' | 'unemployed' | 'retired' | 'flexible';

/** Writes every row of one person's record, category by category. `id` is the person's id; `rng` its own stream. */
export function realise(ctx: ModelContext, sinks: Sinks, id: number, plan: Plan, rng: Rng): string {
  const spells = plan.spells;
  const lastSpell = spells[spells.length - 1];
  const retired = plan.retireMonth !== null;
  const r: Realising = {
    ctx,
    sinks,
    id,
    plan,
    rng,
    lastSpell,
    retired,
    status: retired
      ? 'retired'
      : lastSpell?.kind === 'job'
        ? 'working'
        : lastSpell?.kind === 'flexible'
          ? 'flexible'
          : 'unemployed',
    firstJob: Infinity,
    lastJob: -Infinity,
    priorAll: 0,
    priorEmployee: 0,
    priorValue: 0,
    transfer: transferOf(plan, ctx.first),
    monthsAll: 0,
    monthsEmployee: 0,
    lastContribution: -1,
    basesBeforeMove: 0,
    pensionCredit: new Float64Array(ctx.years.length),
    medicalCredit: new Float64Array(ctx.years.length),
    payments: [],
    pension: 0,
    pensionNow: 0,
    fundsTransferred: 0,
    pensionBalance: 0,
    medicalBalance: 0,
    accountPayout: 0,
  };
  const nid = realiseRegistration(r);
  openingBalances(r);
  realiseContributions(r);
  realiseBenefits(r);
  realiseEnrolments(r);
  realiseAccounts(r);
  realiseOther(r);
  return nid;
}

/** 1. Registration: the person, their employment periods (and the months contributed before the window). */
function realiseRegistration(r: Realising): string {
  const { ctx, sinks, id, plan, rng } = r;
  const { first, last } = ctx;
  const name = personName(rng, plan.sex);
  const nid = nationalId(ctx, rng, plan);
  const currentCity = r.lastSpell?.city ?? plan.homeCity;
  const city = CITIES[currentCity];
  const county = rng.pick(city?.counties ?? []);
  const address = `${city?.name ?? ''}${county.name}${rng.pick(STREETS)}${rng.int(1, 300)}号${rng.int(1, 30)}栋${rng.int(1, 30)}0${rng.int(1, 6)}室`;
  const registeredOn = dateText(plan.careerStart, rng.int(1, 28));
  sinks.person.v.push(
    id,
    nid,
    name,
    plan.sex,
    dateText(plan.birth, plan.birthDay),
    address,
    registeredOn,
    city?.code ?? '',
    r.status,
  );
  sinks.person.end();

  for (const s of plan.spells) {
    if (s.kind === 'job') {
      r.firstJob = Math.min(r.firstJob, s.start);
      r.lastJob = Math.max(r.lastJob, s.end);
      sinks.employment.v.push(
        id,
        s.employer,
        monthText(s.start),
        r.retired || s.end < last || s !== r.lastSpell ? monthText(s.end) : null,
      );
      sinks.employment.end();
    }
    if ((s.kind === 'job' || s.kind === 'flexible') && s.start < first) {
      const end = Math.min(s.end, first - 1);
      const months = end - s.start + 1;
      r.priorAll += months;
      if (s.kind === 'job') r.priorEmployee += months;
      const from = Math.max(s.start, ctx.priorOrigin) - ctx.priorOrigin;
      r.priorValue +=
        ((ctx.priorPrefix[end - ctx.priorOrigin + 1] ?? 0) - (ctx.priorPrefix[from] ?? 0)) * s.factor;
    }
  }
  return nid;
}

/** The pension amount (for retirees) and the accounts' opening balances at the start of the window. */
function openingBalances(r: Realising): void {
  const { ctx, plan } = r;
  const { first, last } = ctx;
  const retire = plan.retireMonth;
  r.pensionBalance = Math.round(r.priorValue);
  r.medicalBalance = Math.round(Math.min(r.priorAll, 60) * 0.02 * 560000 * 0.4);
  if (retire === null) return;
  const contributedYears = (r.priorAll + Math.max(0, Math.min(retire, last + 1) - first)) / 12;
  const retireYearWage = yearParams(yearOf(retire)).averageWage;
  r.pension = Math.round((retireYearWage * (0.3 + 0.01 * Math.min(contributedYears, 40))) / 100) * 100;
  if (retire < first) {
    // Retired before the window: bring the pension to 2016 with the yearly adjustments, and pay out the
    // account since retirement.
    for (let y = yearOf(retire) + 1; y <= FIRST_DETAIL_YEAR - 1; y++)
      r.pension = Math.round(r.pension * 1.06);
    r.accountPayout = Math.round(r.pensionBalance / 139);
    r.pensionBalance = Math.max(0, r.pensionBalance - r.accountPayout * (first - retire));
  }
}

/** A transfer between regions: a change of city between consecutive contributing spells inside the window. */
function transferOf(plan: Plan, first: number): { month: number; from: number; to: number } {
  const out = { month: -1, from: -1, to: -1 };
  let previousCity = -1;
  for (const s of plan.spells) {
    if (s.kind !== 'job' && s.kind !== 'flexible') continue;
    if (previousCity >= 0 && s.city !== previousCity && s.start >= first) {
      out.month = s.start;
      out.from = previousCity;
      out.to = s.city;
    }
    previousCity = s.city;
  }
  return out;
}

/** 2. Contributions month by month (and subsidies), noting the benefit payments the months give rise to. */
function realiseContributions(r: Realising): void {
  const { ctx, sinks, id, plan, rng } = r;
  const { first, last, years } = ctx;
  let maternityPaid = -Infinity;
  const forced = plan.forced;

  for (const s of plan.spells) {
    if (s.kind !== 'job' && s.kind !== 'flexible') continue;
    const from = Math.max(s.start, first);
    const to = Math.min(s.end, last);
    const employer = s.kind === 'job' ? ctx.employers[s.employer - 1] : undefined;
    for (let m = from; m <= to; m++) {
      const y = yearOf(m);
      const yi = y - FIRST_DETAIL_YEAR;
      const params = years[yi];
      if (!params) continue;
      const avg = params.averageWage;
      const grown = s.factor * (1 + 0.015 * (y - yearOf(s.start)));
      const base = Math.round((Math.min(3, Math.max(0.6, grown)) * avg) / 100) * 100;
      const rates = params.rates;
      let pe: number;
      let pi: number;
      let me: number;
      let mi: number;
      let ue = 0;
      let ui = 0;
      let wi = 0;
      let ma = 0;
      if (employer) {
        pe = Math.round((base * rates.pension[0]) / 10000);
        pi = Math.round((base * rates.pension[1]) / 10000);
        me = Math.round((base * rates.medical[0]) / 10000);
        mi = Math.round((base * rates.medical[1]) / 10000);
        ue = Math.round((base * rates.unemployment[0]) / 10000);
        ui = Math.round((base * rates.unemployment[1]) / 10000);
        wi = Math.round((base * rates.work_injury[0]) / 10000);
        ma = Math.round((base * rates.maternity[0]) / 10000);
      } else {
        // Flexible employment: the person pays the pooled part at 12 % plus the individual 8 %, and medical.
        pe = Math.round((base * (rates.pension[0] - 400)) / 10000);
        pi = Math.round((base * rates.pension[1]) / 10000);
        me = Math.round((base * (rates.medical[0] - 200)) / 10000);
        mi = Math.round((base * rates.medical[1]) / 10000);
      }

      // status
      let status: 'paid' | 'late' | 'arrears' = 'paid';
      let paidMonth = m;
      const imposed = forced?.get(m);
      if (imposed) {
        status = imposed.status;
        paidMonth = imposed.paidMonth ?? m;
      } else if (employer) {
        if (m >= employer.arrearsFrom && plan.arrearsDraw < employer.arrearsShare) status = 'arrears';
        else if (m >= employer.lateFrom && m <= employer.lateTo) {
          status = 'late';
          paidMonth = employer.latePaid;
        } else if (!plan.quiet) {
          const x = rng.next();
          if (x < 0.001) status = 'arrears';
          else if (x < 0.011) {
            status = 'late';
            paidMonth = m + rng.int(1, 6);
          }
        }
      } else if (!plan.quiet) {
        const x = rng.next();
        if (x < (m > last - 3 ? 0.05 : 0.01)) status = 'arrears';
        else if (x < 0.05) {
          status = 'late';
          paidMonth = m + rng.int(1, 6);
        }
      }
      if (status === 'late' && paidMonth > last) status = 'arrears';
      const paidDate =
        status === 'arrears'
          ? null
          : dateText(paidMonth, status === 'late' ? rng.int(1, 28) : rng.int(8, 25));

      const c = sinks.contribution;
      c.v.push(
        id,
        monthText(m),
        employer ? employer.id : null,
        base,
        pe,
        pi,
        me,
        mi,
        ue,
        ui,
        wi,
        ma,
        status,
        paidDate,
      );
      c.end();

      r.lastContribution = m;
      if (status !== 'arrears') {
        r.monthsAll++;
        if (employer) r.monthsEmployee++;
        r.pensionCredit[yi] = (r.pensionCredit[yi] ?? 0) + pi;
        r.medicalCredit[yi] = (r.medicalCredit[yi] ?? 0) + mi;
      }
      if (m < r.transfer.month) r.basesBeforeMove += base;

      if (s.kind === 'flexible' && m - s.start < s.subsidyMonths && status !== 'arrears') {
        // Flexible-employment subsidy: two thirds of the pension and medical payments, capped at 800 yuan.
        sinks.subsidy.v.push(
          id,
          monthText(m),
          SUBSIDY_KIND,
          Math.min(80000, Math.round(((pe + pi + me + mi) * 2) / 3)),
        );
        sinks.subsidy.end();
      }

      if (!plan.quiet && employer) {
        const age = (m - plan.birth) / 12;
        if (
          plan.sex === 'F' &&
          age >= 22 &&
          age <= 40 &&
          m - maternityPaid > 24 &&
          m + 2 <= last &&
          rng.chance(0.003)
        ) {
          maternityPaid = m;
          r.payments.push([
            dateText(m + 2, rng.int(5, 25)),
            'maternity_benefit',
            monthText(m),
            Math.round((base / 30) * 98),
          ]);
        }
        if (rng.chance(0.0002) && m + 1 <= last) {
          r.payments.push([
            dateText(m + 1, rng.int(5, 25)),
            'work_injury_benefit',
            monthText(m),
            rng.int(5000, 80000) * 100,
          ]);
        }
      }
    }
  }
}

/** 3. Benefits: pension, unemployment benefit, medical reimbursements; the payments and the eligibility. */
function realiseBenefits(r: Realising): void {
  const { ctx, sinks, id, plan, rng } = r;
  const { first, last, years } = ctx;
  const retire = plan.retireMonth;
  const payments = r.payments;
  if (retire !== null) {
    let amount = r.pension;
    for (let m = Math.max(retire, first); m <= last; m++) {
      const params = years[yearOf(m) - FIRST_DETAIL_YEAR];
      if (m > retire && m % 12 === 0 && params)
        amount = Math.round((amount * (10000 + params.pensionAdjustBp)) / 10000);
      payments.push([dateText(m, 10), 'pension', monthText(m), amount]);
    }
    r.pensionNow = amount;
  }
  let unemploymentEligibility: (string | number | null)[] = [0, null, null, null];
  for (const s of plan.spells) {
    if (s.kind !== 'unemployed') continue;
    const contributedBefore = s.start - plan.careerStart;
    if (contributedBefore < 12) continue;
    const entitled = contributedBefore >= 120 ? 24 : contributedBefore >= 60 ? 18 : 12;
    const until = s.start + entitled - 1;
    const cityParams = yearParams(yearOf(s.start));
    const amount = Math.round((cityParams.averageWage * 0.33) / 100) * 100;
    for (let m = Math.max(s.start, first); m <= Math.min(s.end, until, last); m++) {
      payments.push([dateText(m, 15), 'unemployment_benefit', monthText(m), amount]);
    }
    const current = s === r.lastSpell && s.end >= last && until >= last;
    unemploymentEligibility = [current ? 1 : 0, dateText(s.start, 1), lastDayText(until), amount];
  }
  if (!plan.quiet) {
    const medicalFrom = Math.max(plan.careerStart, first);
    for (let m = medicalFrom; m < last; m++) {
      const age = (m - plan.birth) / 12;
      if (rng.chance(0.004 + age * 0.0004)) {
        const amount = Math.round(Math.min(200000, rng.logNormal(900, 1.1)) * 100);
        payments.push([dateText(m + 1, rng.int(1, 28)), 'medical_reimbursement', monthText(m), amount]);
      }
    }
  } else if (retire !== null) {
    // The demo retiree has a couple of reimbursements, at fixed places.
    payments.push([dateText(last - 5, 12), 'medical_reimbursement', monthText(last - 6), 386000]);
    payments.push([dateText(last - 16, 20), 'medical_reimbursement', monthText(last - 17), 125550]);
  }
  payments.sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] < b[2] ? -1 : 1,
  );
  let previousKey = '';
  for (const p of payments) {
    const key = `${p[0]}|${p[1]}|${p[2]}`;
    if (key === previousKey) continue;
    previousKey = key;
    sinks.benefitPayment.v.push(id, p[0], p[1], p[2], p[3]);
    sinks.benefitPayment.end();
  }

  // eligibility (alphabetical)
  const eligibility = (benefit: string, row: (string | number | null)[]): void => {
    sinks.benefitEligibility.v.push(id, benefit, ...row);
    sinks.benefitEligibility.end();
  };
  const currentJob = r.status === 'working';
  const jobSince = r.firstJob !== Infinity ? dateText(r.firstJob, 1) : null;
  eligibility('maternity_benefit', currentJob ? [1, jobSince, null, null] : [0, null, null, null]);
  eligibility('medical_reimbursement', [1, dateText(plan.careerStart, 1), null, null]);
  eligibility(
    'pension',
    retire !== null ? [1, dateText(retire, 1), null, r.pensionNow] : [0, null, null, null],
  );
  eligibility('unemployment_benefit', unemploymentEligibility);
  eligibility('work_injury_benefit', currentJob ? [1, jobSince, null, null] : [0, null, null, null]);
}

/** 1. Registration, continued: enrolment per insurance type (alphabetical: the key's order). */
function realiseEnrolments(r: Realising): void {
  const { ctx, sinks, id, plan } = r;
  const retire = plan.retireMonth;
  const hasJob = r.firstJob !== Infinity;
  const currentJob = r.status === 'working';
  const careerSince = monthText(plan.careerStart);
  const endedAt =
    r.retired && retire !== null
      ? monthText(retire - 1)
      : r.lastContribution >= 0
        ? monthText(r.lastContribution)
        : careerSince;
  const employeeEnded = r.lastJob === -Infinity ? careerSince : monthText(Math.min(r.lastJob, ctx.last));
  const enrol = (type: string, since: string, until: string | null, st: string): void => {
    sinks.enrolment.v.push(id, type, since, until, st);
    sinks.enrolment.end();
  };
  const employeeStatus = currentJob ? 'active' : r.retired ? 'ended' : 'suspended';
  for (const type of INSURANCE_ORDER) {
    if (type === 'pension') {
      if (r.retired) enrol(type, careerSince, endedAt, 'ended');
      else if (r.status === 'working' || r.status === 'flexible') enrol(type, careerSince, null, 'active');
      else enrol(type, careerSince, endedAt, 'suspended');
    } else if (type === 'medical') {
      // Retirees keep medical insurance without contributing; the unemployment fund pays it during benefit.
      enrol(type, careerSince, null, 'active');
    } else if (hasJob) {
      enrol(type, monthText(r.firstJob), currentJob ? null : employeeEnded, employeeStatus);
    }
  }
}

/** 4. Periods and accounts: contribution periods, personal accounts year by year, recent movements. */
function realiseAccounts(r: Realising): void {
  const { ctx, sinks, id, plan, rng } = r;
  const { last, years } = ctx;
  const lastYear = yearOf(last);
  const retire = plan.retireMonth;
  const hasJob = r.firstJob !== Infinity;

  // contribution periods (alphabetical)
  for (const type of INSURANCE_ORDER) {
    const employeeOnly = type !== 'pension' && type !== 'medical';
    if (employeeOnly && !hasJob) continue;
    sinks.contributionPeriod.v.push(
      id,
      type,
      employeeOnly ? r.priorEmployee + r.monthsEmployee : r.priorAll + r.monthsAll,
    );
    sinks.contributionPeriod.end();
  }

  // per year accrual, interest, payouts; movements for the last two years + transfers
  const firstAccountYear = Math.max(FIRST_DETAIL_YEAR, yearOf(plan.careerStart));
  const movementsFrom = lastYear - 1;
  const pensionYears: number[][] = [];
  const medicalYears: number[][] = [];
  const pensionMoves: [string, string, number, number][] = [];
  const medicalMoves: [string, string, number, number][] = [];
  const transferMonth = r.transfer.month;
  let pensionBalance = r.pensionBalance;
  let medicalBalance = r.medicalBalance;
  for (let y = firstAccountYear; y <= lastYear; y++) {
    const yi = y - FIRST_DETAIL_YEAR;
    const params = years[yi];
    if (!params) continue;
    const closingDate = y === lastYear ? lastDayText(last) : `${y}-12-31`;
    const openP = pensionBalance;
    const openM = medicalBalance;
    if (transferMonth >= 0 && yearOf(transferMonth) === y) {
      const date = dateText(transferMonth, 10);
      r.fundsTransferred = openP + Math.round(r.basesBeforeMove * 0.12);
      pensionMoves.push([date, 'transfer_out', -openP, 0], [date, 'transfer_in', openP, openP]);
      medicalMoves.push([date, 'transfer_out', -openM, 0], [date, 'transfer_in', openM, openM]);
    }
    // pension account
    const creditP = r.pensionCredit[yi] ?? 0;
    let payoutP = 0;
    if (retire !== null && retire <= last) {
      const months = Math.max(0, Math.min(last, monthIndex(y, 12)) - Math.max(retire, monthIndex(y, 1)) + 1);
      if (months > 0) {
        if (r.accountPayout === 0) r.accountPayout = Math.round((pensionBalance + creditP) / 139);
        payoutP = Math.min(pensionBalance + creditP, r.accountPayout * months);
      }
    }
    const interestP =
      y < lastYear ? Math.round(((openP - payoutP / 2 + creditP / 2) * params.pensionInterestBp) / 10000) : 0;
    pensionBalance = openP + creditP - payoutP + Math.max(0, interestP);
    pensionYears.push([y, creditP, Math.max(0, interestP), pensionBalance]);
    // medical account: retirees are credited about 2 % of their pension from the pool
    const retiredMonths =
      retire !== null
        ? Math.max(0, Math.min(last, monthIndex(y, 12)) - Math.max(retire, monthIndex(y, 1)) + 1)
        : 0;
    const creditM = (r.medicalCredit[yi] ?? 0) + Math.round(r.pensionNow * 0.02) * retiredMonths;
    const spendM = plan.quiet
      ? Math.round(creditM * 0.4)
      : Math.round(Math.min(openM + creditM, creditM * (0.2 + rng.next() * 0.9)));
    const interestM =
      y < lastYear ? Math.round(((openM + creditM / 2 - spendM / 2) * params.medicalInterestBp) / 10000) : 0;
    medicalBalance = openM + creditM - spendM + Math.max(0, interestM);
    medicalYears.push([y, creditM, Math.max(0, interestM), medicalBalance]);

    if (y >= movementsFrom) {
      let p = openP;
      if (creditP > 0) pensionMoves.push([closingDate, 'contribution', creditP, (p += creditP)]);
      if (payoutP > 0) pensionMoves.push([closingDate, 'payout', -payoutP, (p -= payoutP)]);
      if (interestP > 0) pensionMoves.push([closingDate, 'interest', interestP, p + interestP]);
      let q = openM;
      if (creditM > 0) medicalMoves.push([closingDate, 'contribution', creditM, (q += creditM)]);
      if (spendM > 0) medicalMoves.push([closingDate, 'payout', -spendM, (q -= spendM)]);
      if (interestM > 0) medicalMoves.push([closingDate, 'interest', interestM, q + interestM]);
    }
  }
  sinks.account.v.push(id, 'medical', medicalBalance);
  sinks.account.end();
  sinks.account.v.push(id, 'pension', pensionBalance);
  sinks.account.end();
  for (const [kind, rows] of [
    ['medical', medicalYears],
    ['pension', pensionYears],
  ] as const) {
    for (const row of rows) {
      sinks.accountYear.v.push(id, kind, row[0] ?? 0, row[1] ?? 0, row[2] ?? 0, row[3] ?? 0);
      sinks.accountYear.end();
    }
  }
  for (const [kind, moves] of [
    ['medical', medicalMoves],
    ['pension', pensionMoves],
  ] as const) {
    moves.forEach((mv, seq) => {
      sinks.accountMovement.v.push(id, kind, mv[0], seq, mv[1], mv[2], mv[3]);
      sinks.accountMovement.end();
    });
  }
}

/** 5. Other: the transfer between regions and corrections. */
function realiseOther(r: Realising): void {
  const { ctx, sinks, id, plan, rng } = r;
  const { first, last } = ctx;
  const { month: transferMonth, from, to } = r.transfer;
  if (transferMonth >= 0) {
    const months = r.priorAll + Math.max(0, transferMonth - first);
    sinks.transfer.v.push(
      id,
      dateText(transferMonth, 10),
      CITIES[from]?.code ?? '',
      CITIES[to]?.code ?? '',
      Math.min(months, r.priorAll + r.monthsAll),
      r.fundsTransferred,
    );
    sinks.transfer.end();
  }
  if (plan.correction) {
    const m = rng.int(Math.max(first, plan.careerStart), last);
    const which = rng.int(0, 2);
    const [category, field, reason] =
      which === 0
        ? ['registration', 'address', 'applicant_request']
        : which === 1
          ? ['registration', 'name', 'identity_document_update']
          : [
              'contributions',
              `base:${monthText(Math.max(first, m - rng.int(1, 12)))}`,
              'employer_declaration_corrected',
            ];
    sinks.correction.v.push(id, dateText(m, rng.int(1, 28)), category, field, reason);
    sinks.correction.end();
  }
}
