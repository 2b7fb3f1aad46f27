// Whole calls of the insured demo identities, in every language, through every item of the main menu: what the
// caller hears is checked against what the API returns for the same person, spoken with speech.ts — and nothing
// the phone may not say (full ID number, name, address) is ever heard.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  Accounts,
  Benefits,
  Contributions,
  Disclosure,
  Other,
  RegionName,
  Registration,
  Summary,
} from '../../shared/src/api.ts';
import { LANGUAGES, type Language } from '../../shared/src/i18n.ts';
import { COMMON } from '../../shared/src/messages/common.ts';
import { IVR } from '../../shared/src/messages/ivr.ts';
import {
  speakAmount,
  speakCode,
  speakCount,
  speakDate,
  speakMonth,
  speakPeriod,
  type Spoken,
} from '../../shared/src/speech.ts';
import { VOICES } from '../../ivr-server/src/menu/voices.ts';
import {
  assertNothingPrivate,
  copyDataDir,
  insuredLoginKeys,
  startHotline,
  type Hotline,
} from './harness.ts';

let h: Hotline;
let data: ReturnType<typeof copyDataDir>;
beforeAll(async () => {
  // A private copy: the API writes its query log, and the shared demo set stays as built for other tests.
  data = copyDataDir(inject('demoDataDir'));
  h = await startHotline(data.dir);
});
afterAll(async () => {
  await h?.close();
  data?.remove();
});

const PROFILES = ['worker-arrears', 'retiree', 'unemployed', 'flexible'];

function monthBefore(month: string, n: number): string {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 - n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

interface Expected {
  registration: Registration;
  summary: Summary;
  recent: Contributions | null;
  benefits: Benefits;
  accounts: Accounts;
  other: Other;
  disclosure: Disclosure;
  /** What must never be heard: name and address as the kiosk sees them. */
  secrets: string[];
}

async function expectedFor(nationalId: string, pin: string): Promise<Expected> {
  const token = await h.login({ method: 'pin', nationalId, pin });
  const get = async <T>(path: string) => {
    const res = await h.api<T>('GET', path, token);
    expect(res.status, path).toBe(200);
    return res.body;
  };
  const summary = await get<Summary>('/v1/me/summary');
  const latest = summary.latestPaidMonth ?? null;
  const expected: Expected = {
    registration: await get<Registration>('/v1/me/registration'),
    summary,
    recent: latest
      ? await get<Contributions>(
          `/v1/me/contributions?from=${monthBefore(latest, 2)}&to=${latest}&pageSize=200`,
        )
      : null,
    benefits: await get<Benefits>('/v1/me/benefits'),
    accounts: await get<Accounts>('/v1/me/accounts'),
    other: await get<Other>('/v1/me/other'),
    disclosure: await get<Disclosure>('/v1/disclosure'),
    secrets: [],
  };
  await h.api('DELETE', '/v1/sessions/current', token);
  // The kiosk channel sees the name and address: they must never come out of the phone.
  const kioskKey = h.creds.clients.find((c) => c.channel === 'kiosk')?.key ?? '';
  const res = await fetch(`${h.apiUrl}/v1/sessions`, {
    method: 'POST',
    headers: { 'X-Client-Key': kioskKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ method: 'pin', nationalId, pin }),
  });
  const kioskToken = ((await res.json()) as { token: string }).token;
  const full = (await (
    await fetch(`${h.apiUrl}/v1/me/registration`, {
      headers: { 'X-Client-Key': kioskKey, Authorization: `Bearer ${kioskToken}` },
    })
  ).json()) as Registration;
  expected.secrets = [nationalId, full.person.name ?? '', full.person.address ?? ''];
  return expected;
}

function checkRegistration(heard: string, e: Expected, lang: Language): void {
  const m = IVR[lang];
  expect(heard).toContain(speakDate(e.registration.person.registeredOn, lang));
  expect(heard).toContain(m.personStatus[e.registration.person.status]);
  for (const en of e.registration.enrolments) {
    expect(heard).toContain(`${m.enrolmentStatus[en.status]}`);
    expect(heard).toContain(speakMonth(en.since, lang));
    expect(heard.toLowerCase()).toContain(COMMON[lang].insuranceType[en.insuranceType].toLowerCase());
  }
}

function checkContributions(heard: string, e: Expected, lang: Language): void {
  const m = IVR[lang];
  const s = e.summary;
  // What the caller asked comes first: the latest paid month and the arrears, before any month-by-month line.
  const first = s.latestPaidMonth
    ? m.contributions.latestPaid(speakMonth(s.latestPaidMonth, lang))
    : m.contributions.nonePaid;
  expect(heard.startsWith(first)).toBe(true);
  if (s.latestPaidMonth)
    expect(heard).toContain(m.contributions.latestPaid(speakMonth(s.latestPaidMonth, lang)));
  else expect(heard).toContain(m.contributions.nonePaid);
  if ((s.monthsInArrears ?? 0) > 0) {
    expect(heard).toContain(
      m.contributions.arrears(
        speakCount(s.monthsInArrears ?? 0, 'month', lang),
        speakAmount(s.arrearsAmount ?? 0, lang),
      ),
    );
  } else {
    expect(heard).toContain(m.contributions.noArrears);
  }
}

/** Key 5 after the contributions answer: month by month. */
function checkContributionDetails(heard: string, e: Expected, lang: Language): void {
  // Each of the latest months: the person's part and the employer's, summed over the insurance types here.
  const sums = new Map<string, { mine: number; employer: number }>();
  for (const item of e.recent?.items ?? []) {
    const t = sums.get(item.month) ?? { mine: 0, employer: 0 };
    t.mine += item.individualPart;
    t.employer += item.employerPart;
    sums.set(item.month, t);
  }
  for (const [month, t] of sums) {
    expect(heard.toLowerCase()).toContain(speakMonth(month, lang).toLowerCase());
    expect(heard).toContain(speakAmount(t.mine, lang));
    expect(heard).toContain(speakAmount(t.employer, lang));
  }
}

function checkBenefits(heard: string, e: Expected, lang: Language): void {
  const m = IVR[lang];
  const eligible = e.benefits.eligibility.filter(
    (x) => x.eligible && !(x.benefit === 'maternity_benefit' && e.registration.person.sex === 'M'),
  );
  if (eligible.length === 0) expect(heard).toContain(m.benefits.noEligibility);
  for (const x of eligible) {
    expect(heard).toContain(COMMON[lang].benefit[x.benefit]);
    if (x.monthlyAmount !== null) expect(heard).toContain(speakAmount(x.monthlyAmount, lang));
  }
  // No maternity benefit for a man, in any wording.
  if (e.registration.person.sex === 'M') expect(heard).not.toContain(COMMON[lang].benefit.maternity_benefit);
  const last = [...e.benefits.payments].sort((a, b) => b.paidDate.localeCompare(a.paidDate))[0];
  if (last) {
    expect(heard).toContain(speakAmount(last.amount, lang));
    expect(heard).toContain(speakDate(last.paidDate, lang));
  } else {
    expect(heard).toContain(m.benefits.noPayments);
  }
}

function checkAccounts(heard: string, e: Expected, lang: Language): void {
  for (const p of e.accounts.periods) expect(heard).toContain(speakPeriod(p.months, lang));
  for (const a of e.accounts.accounts) {
    expect(heard).toContain(
      IVR[lang].accounts.balance(COMMON[lang].account[a.kind], speakAmount(a.balance, lang)),
    );
  }
}

function checkOther(heard: string, e: Expected, lang: Language): void {
  const m = IVR[lang];
  if (e.other.transfers.length === 0) expect(heard).toContain(m.other.noTransfers);
  else expect(heard).toContain(m.other.transfers(e.other.transfers.length));
  // A region is said by its name in the caller's language (Chinese: the local name; English and Spanish: the
  // English one), and by its code only when the API has no name for it.
  const region = (code: string, name: RegionName | undefined): Spoken =>
    name ? [lang === 'zh-CN' ? name.local : name.en] : m.region(speakCode(code, lang));
  // As the call transcript shows a <Say>: text as is, a code one digit at a time.
  const asHeard = (parts: Spoken): string =>
    parts
      .map((p) => (typeof p === 'string' ? p : p.digits.split('').join(' ')))
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
  for (const t of [...e.other.transfers].sort((a, b) => b.date.localeCompare(a.date)).slice(0, 3)) {
    expect(heard).toContain(
      asHeard(
        m.other.transfer(
          speakDate(t.date, lang),
          region(t.fromRegion, t.fromRegionName),
          region(t.toRegion, t.toRegionName),
          speakCount(t.months, 'month', lang),
          speakAmount(t.fundsTransferred, lang),
        ),
      ),
    );
    for (const [code, name] of [
      [t.fromRegion, t.fromRegionName],
      [t.toRegion, t.toRegionName],
    ] as const) {
      if (name) expect(heard).not.toContain(asHeard(speakCode(code, lang)));
    }
  }
  if (e.other.corrections.length === 0) expect(heard).toContain(m.other.noCorrections);
  else expect(heard).toContain(String(e.other.corrections.length));
}

function checkDisclosure(heard: string, e: Expected, lang: Language): void {
  const allowed = e.disclosure.rules.filter(
    (r) => r.role === 'insured' && r.channel === 'phone' && r.allowed,
  );
  expect(allowed.length).toBeGreaterThan(0);
  for (const r of allowed) expect(heard).toContain(IVR[lang].categoryNames[r.category]);
  expect(heard).toContain(IVR[lang].disclosure.employerCanCheck);
  expect(heard).toContain(IVR[lang].disclosure.withheld);
}

/** Keys from the main menu (pressed right after the previous answer: the menu's keys work at once). */
const ITEMS: [string[], (heard: string, e: Expected, lang: Language) => void][] = [
  [['1'], checkContributions],
  [['5'], checkContributionDetails],
  [['2'], checkBenefits],
  [['3'], checkAccounts],
  [['4', '1'], checkRegistration],
  [['2'], checkOther],
];

describe('insured callers hear their own record', () => {
  for (const lang of LANGUAGES) {
    for (const profile of PROFILES) {
      it(`${profile} in ${lang}: every main menu item, figures as the API gives them`, async () => {
        const person = h.creds.insured.find((p) => p.profile === profile);
        if (!person) throw new Error(`no demo identity ${profile}`);
        const expected = await expectedFor(person.nationalId, person.pin);
        const m = IVR[lang];
        // Before logging in, "what can I check by phone" (3 at "who is calling") reads the published disclosure.
        const keys = insuredLoginKeys(lang, person.nationalId, person.pin);
        const call = await h.call(keys.slice(0, 1));
        let from = call.transcript.length;
        await call.input('3');
        checkDisclosure(call.heardText(from), expected, lang);
        for (const k of keys.slice(1)) await call.input(k);
        expect(call.heardText()).toContain(m.insuredMenu.long);
        // The ID number is read back by its last four characters only.
        expect(
          call.transcript.some(
            (t) => t.kind === 'say' && t.digits.includes(person.nationalId.slice(-4).replace('X', '')),
          ),
        ).toBe(true);
        for (const [keys, check] of ITEMS) {
          for (const k of keys.slice(0, -1)) await call.input(k);
          from = call.transcript.length;
          await call.input(keys.at(-1) ?? '');
          const heard = call.heardText(from);
          check(heard, expected, lang);
          expect(heard).toContain(m.afterAnswer.long);
          expect(heard).not.toContain(m.insuredMenu.long);
        }
        const back = call.transcript.length;
        await call.input('*');
        expect(call.heardText(back)).toContain(m.insuredMenu.long);
        await call.input('#');
        expect(call.heardText()).toContain(m.goodbye);
        expect(call.endReason).toBe('hangup');
        await call.finish();
        assertNothingPrivate(call, expected.secrets);
        // After the language menu, every sentence is in the caller's language's voice.
        const afterChoice = call.transcript.slice(call.transcript.findIndex((t) => t.kind === 'input'));
        const voice = VOICES[lang].voice;
        for (const say of afterChoice) if (say.kind === 'say') expect(say.voice).toBe(voice);
      });
    }
  }
});
