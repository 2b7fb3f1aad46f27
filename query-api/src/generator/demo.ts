// The documented demo identities: fixed working lives (persons 1-4) whose records have the properties the
// README promises, so that tests, the phone menu and the kiosk can be shown against known cases.
import { monthIndex } from './calendar.ts';
import type { ModelContext, Plan, Spell } from './model.ts';
import { randomPlan } from './model.ts';
import type { Rng } from './rng.ts';

export const DEMO_PERSONS = 3000;
export const DEMO_EMPLOYERS = 300;
export const DEMO_SEED = 'consulta-demo';

/** Person ids of the demo identities (the first persons of the demo data set). */
export const DEMO_PROFILES = [
  { id: 1, profile: 'worker-arrears' },
  { id: 2, profile: 'retiree' },
  { id: 3, profile: 'unemployed' },
  { id: 4, profile: 'flexible' },
  { id: 5, profile: 'spare-1' },
  { id: 6, profile: 'spare-2' },
  { id: 7, profile: 'spare-3' },
  { id: 8, profile: 'spare-4' },
  { id: 9, profile: 'spare-5' },
  { id: 10, profile: 'spare-6' },
] as const;
/** Persons who act as delegates (they hold no PIN; they log in with an authorisation code). */
export const DEMO_DELEGATE_IDS = [11, 12, 13] as const;
/** Further persons given a PIN: ordinary records of every kind, for browsing. */
export const DEMO_EXTRA_IDS = Array.from({ length: 20 }, (_, i) => 14 + i);
/** The worker's current employer (part of its staff in arrears) and former employer. */
export const DEMO_CURRENT_EMPLOYER = 1;
export const DEMO_FORMER_EMPLOYER = 2;
/** Employers with credentials in the demo set besides those two. */
export const DEMO_EXTRA_EMPLOYER_IDS = Array.from({ length: 10 }, (_, i) => 3 + i);

const SHENZHEN = 3;
const CHENGDU = 4;
const WUHAN = 6;
const GUANGZHOU = 2;
const HANGZHOU = 5;

function job(
  ctx: ModelContext,
  rng: Rng,
  start: number,
  end: number,
  city: number,
  employer?: number,
): Spell {
  const list = ctx.cityEmployers[city];
  // Any employer of the city except the two demo employers, unless asked for one of them.
  let id = employer ?? 0;
  while (id === 0 && list && list.ids.length > 2) {
    const candidate = list.ids[rng.weighted(list.cumulative)] ?? 0;
    if (candidate !== DEMO_CURRENT_EMPLOYER && candidate !== DEMO_FORMER_EMPLOYER) id = candidate;
  }
  return { kind: 'job', start, end, employer: id, city, factor: 1.1, subsidyMonths: 0 };
}

function gap(start: number, end: number, city: number, kind: 'gap' | 'unemployed' = 'gap'): Spell {
  return { kind, start, end, employer: 0, city, factor: 0, subsidyMonths: 0 };
}

/** The plan of demo person `id`, or a random plan for everyone else. */
export function demoPlan(ctx: ModelContext, rng: Rng, id: number): Plan {
  const { last } = ctx;
  const m = monthIndex;
  switch (id) {
    case 1: {
      // Worker with arrears: Chengdu until 2021-08 (former employer from 2014), then moved to Shenzhen and
      // joined the current employer in 2021-11; one month paid late in 2019; the last three months unpaid.
      const forced = new Map<number, { status: 'late' | 'arrears'; paidMonth?: number }>([
        [m(2019, 3), { status: 'late', paidMonth: m(2019, 6) }],
      ]);
      return {
        sex: 'M',
        birth: m(1988, 4),
        birthDay: 12,
        idCounty: '510722',
        homeCity: CHENGDU,
        careerStart: m(2010, 7),
        retireMonth: null,
        spells: [
          job(ctx, rng, m(2010, 7), m(2014, 2), CHENGDU),
          gap(m(2014, 3), m(2014, 4), CHENGDU),
          job(ctx, rng, m(2014, 5), m(2021, 8), CHENGDU, DEMO_FORMER_EMPLOYER),
          gap(m(2021, 9), m(2021, 10), CHENGDU),
          job(ctx, rng, m(2021, 11), last, SHENZHEN, DEMO_CURRENT_EMPLOYER),
        ],
        arrearsDraw: 0,
        forced,
        quiet: true,
      };
    }
    case 2:
      // Retiree: worked in Wuhan from 1983, retired at 55 in 2019-04, pension paid monthly since.
      return {
        sex: 'F',
        birth: m(1964, 3),
        birthDay: 8,
        idCounty: '420106',
        homeCity: WUHAN,
        careerStart: m(1983, 9),
        retireMonth: m(2019, 4),
        spells: [job(ctx, rng, m(1983, 9), m(2005, 6), WUHAN), job(ctx, rng, m(2005, 7), m(2019, 3), WUHAN)],
        arrearsDraw: 1,
        quiet: true,
      };
    case 3:
      // Unemployed: two jobs in Guangzhou, laid off in 2026-05, on unemployment benefit since 2026-06.
      return {
        sex: 'M',
        birth: m(1979, 11),
        birthDay: 20,
        idCounty: '440106',
        homeCity: GUANGZHOU,
        careerStart: m(2001, 7),
        retireMonth: null,
        spells: [
          job(ctx, rng, m(2001, 7), m(2012, 12), GUANGZHOU),
          gap(m(2013, 1), m(2013, 1), GUANGZHOU),
          job(ctx, rng, m(2013, 2), m(2026, 5), GUANGZHOU),
          gap(m(2026, 6), last, GUANGZHOU, 'unemployed'),
        ],
        arrearsDraw: 1,
        quiet: true,
      };
    case 4:
      // Flexible employment since 2023 in Hangzhou, with a contribution subsidy for 36 months.
      return {
        sex: 'F',
        birth: m(1985, 6),
        birthDay: 15,
        idCounty: '330106',
        homeCity: HANGZHOU,
        careerStart: m(2007, 8),
        retireMonth: null,
        spells: [
          job(ctx, rng, m(2007, 8), m(2022, 12), HANGZHOU),
          {
            kind: 'flexible',
            start: m(2023, 1),
            end: last,
            employer: 0,
            city: HANGZHOU,
            factor: 0.6,
            subsidyMonths: 36,
          },
        ],
        arrearsDraw: 1,
        quiet: true,
      };
    default:
      return randomPlan(ctx, rng);
  }
}
