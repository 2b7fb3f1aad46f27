// The person's rights beyond reading, end to end against the real API and the demo data set: every rights
// route × role × channel (who may, who may not), the statement's figures against the contributions answer,
// requests with bad input and the daily limit, who looked at my record, the PIN change and its rules, the
// one-time PIN from the counter, call-back requests, and documents checked as valid, expired or unknown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessLog,
  callbackRequestReceipt,
  certificateVerification,
  issuedStatement,
  recordRequestList,
  recordRequestReceipt,
  statement,
  statementYears,
} from '@consulta/shared';
import { startApi } from '../../query-api/src/app.ts';
import { runOps } from '../../query-api/src/ops/cli.ts';
import { call, login, startTestApi, type TestApi, loginBody } from './helpers.ts';

let api: TestApi;
const tokens: Record<string, string> = {};
const YEAR = 2025;

function insured(profile: string) {
  const person = api.creds.insured.find((p) => p.profile === profile);
  if (!person) throw new Error(`no demo identity ${profile}`);
  return person;
}
function employer(profile: string) {
  const unit = api.creds.employers.find((e) => e.profile === profile);
  if (!unit) throw new Error(`no demo employer ${profile}`);
  return unit;
}
function delegate(label: string) {
  const d = api.creds.delegates.find((x) => x.label === label);
  if (!d) throw new Error(`no demo delegate ${label}`);
  return d;
}

async function ops(...args: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  try {
    const code = await runOps([...args, '--data-dir', api.dir, '--operator', 'counter-7'], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
    });
    return { code, out };
  } catch (e) {
    return { code: 2, out: [...out, (e as Error).message] };
  }
}

const pinLogin = (key: string | undefined, nationalId: string, pin: string) =>
  call(api.url, 'POST', '/v1/sessions', { key, body: { method: 'pin', nationalId, pin } });

beforeAll(async () => {
  api = await startTestApi();
  const worker = insured('worker-arrears');
  const retiree = insured('retiree');
  for (const [name, key] of [
    ['kiosk', api.kioskKey],
    ['phone', api.phoneKey],
    ['web', undefined],
  ] as const) {
    tokens[`insured-${name}`] = await login(api.url, key, loginBody.pin(worker));
  }
  tokens['retiree'] = await login(api.url, api.kioskKey, loginBody.pin(retiree));
  const limited = delegate('worker-limited');
  for (const [name, key] of [
    ['kiosk', api.kioskKey],
    ['web', undefined],
  ] as const) {
    tokens[`delegate-${name}`] = await login(api.url, key, loginBody.delegate(limited));
  }
  const benefitsDelegate = delegate('retiree-benefits');
  tokens['delegate-benefits'] = await login(api.url, api.kioskKey, loginBody.delegate(benefitsDelegate));
  const unit = employer('current-employer');
  tokens['employer-kiosk'] = await login(api.url, api.kioskKey, loginBody.employer(unit));
  tokens['employer-phone'] = await login(api.url, api.phoneKey, loginBody.employerPin(unit));
});
afterAll(async () => {
  await api?.stop();
});

const keyOf = (who: string): string | undefined =>
  who.endsWith('-phone') ? api.phoneKey : who.endsWith('-web') ? undefined : api.kioskKey;
const as = (who: string, method: string, path: string, body?: unknown) =>
  call(api.url, method, path, {
    key: keyOf(who),
    token: tokens[who],
    ...(body !== undefined ? { body } : {}),
  });

describe('every rights route × role × channel', () => {
  const request = { category: 'contributions', months: ['2024-03'], description: 'March 2024 is missing' };
  // [method, path, body, expected status per caller]
  const matrix: [string, string, unknown, Record<string, number>][] = [
    [
      'GET',
      '/v1/me/statements',
      undefined,
      {
        'insured-kiosk': 200,
        'insured-phone': 200,
        'insured-web': 200,
        'delegate-kiosk': 200,
        'delegate-web': 200,
        'employer-kiosk': 403,
        'employer-phone': 403,
      },
    ],
    [
      'GET',
      `/v1/me/statements/${YEAR}`,
      undefined,
      {
        'insured-kiosk': 200,
        'insured-phone': 200,
        'insured-web': 200,
        'delegate-kiosk': 200,
        'delegate-web': 200,
        'employer-kiosk': 403,
        'employer-phone': 403,
      },
    ],
    [
      'POST',
      `/v1/me/statements/${YEAR}/document`,
      { language: 'en' },
      {
        'insured-kiosk': 201,
        'insured-phone': 403,
        'insured-web': 201,
        'delegate-kiosk': 201,
        'delegate-benefits': 403,
        'employer-kiosk': 403,
        'employer-phone': 403,
      },
    ],
    [
      'GET',
      '/v1/me/access-log',
      undefined,
      {
        'insured-kiosk': 200,
        'insured-phone': 200,
        'insured-web': 200,
        'delegate-kiosk': 403,
        'delegate-web': 403,
        'employer-kiosk': 403,
        'employer-phone': 403,
      },
    ],
    [
      'POST',
      '/v1/me/requests',
      request,
      {
        'insured-phone': 201,
        'delegate-kiosk': 201,
        'delegate-benefits': 403,
        'employer-kiosk': 403,
        'employer-phone': 403,
      },
    ],
    [
      'GET',
      '/v1/me/requests',
      undefined,
      {
        'insured-kiosk': 200,
        'insured-phone': 200,
        'insured-web': 200,
        'delegate-kiosk': 200,
        'employer-kiosk': 403,
        'employer-phone': 403,
      },
    ],
    [
      'POST',
      '/v1/me/pin',
      { currentPin: '000000', newPin: '000000' },
      {
        'insured-phone': 403,
        'delegate-kiosk': 403,
        'delegate-web': 403,
        'employer-kiosk': 403,
        'employer-phone': 403,
      },
    ],
  ];
  for (const [method, path, body, expected] of matrix) {
    for (const [who, status] of Object.entries(expected)) {
      it(`${method} ${path} as ${who} → ${status}`, async () => {
        const reply = await as(who, method, path, body);
        expect(reply.status, JSON.stringify(reply.body)).toBe(status);
        if (status === 403) expect(reply.body.code).toBe('forbidden');
      });
    }
  }
  it('every rights route without a session is 401', async () => {
    for (const [method, path, body] of matrix) {
      const reply = await call(api.url, method, path, { key: api.kioskKey, ...(body ? { body } : {}) });
      expect(reply.status, path).toBe(401);
    }
  });
  it('call-back requests: the phone client only, without a session', async () => {
    const body = { phoneNumber: '+8613800138000', language: 'zh-CN', topic: 'agent' };
    const phone = await call(api.url, 'POST', '/v1/callback-requests', { key: api.phoneKey, body });
    expect(phone.status).toBe(201);
    callbackRequestReceipt.parse(phone.body);
    expect(phone.body.reference).toMatch(/^\d{9}$/);
    for (const key of [api.kioskKey, undefined]) {
      const other = await call(api.url, 'POST', '/v1/callback-requests', { key, body });
      expect(other.status).toBe(403);
    }
  });
});

describe('the annual statement', () => {
  it('lists the years with data and gives totals that match the contributions answer', async () => {
    const years = await as('insured-kiosk', 'GET', '/v1/me/statements');
    statementYears.parse(years.body);
    expect(years.body.years).toContain(YEAR);
    expect(years.body.years).toContain(2016);
    const reply = await as('insured-kiosk', 'GET', `/v1/me/statements/${YEAR}`);
    const s = statement.parse(reply.body);
    const contributions = await as(
      'insured-kiosk',
      'GET',
      `/v1/me/contributions?from=${YEAR}-01&to=${YEAR}-12&pageSize=1`,
    );
    const year = contributions.body.years.find((y: { year: number }) => y.year === YEAR);
    expect(s.totals?.monthsPaid).toBe(year.months - year.arrearsMonths);
    expect(s.totals?.monthsInArrears).toBe(year.arrearsMonths);
    expect((s.totals?.amountPaid ?? 0) + (s.totals?.arrearsAmount ?? 0)).toBe(
      year.employerPart + year.individualPart,
    );
    expect(s.months?.length).toBe(12);
    expect(s.person?.nationalId).toBe(insured('worker-arrears').nationalId);
    expect(s.accounts?.pension?.closingBalance).toBe(
      (s.accounts?.pension?.openingBalance ?? 0) +
        (s.accounts?.pension?.accrual ?? 0) +
        (s.accounts?.pension?.interest ?? 0),
    );
    expect(s.cumulativeMonths?.find((c) => c.insuranceType === 'pension')?.months).toBeGreaterThan(100);
  });
  it('on the phone the person is masked and has no name', async () => {
    const reply = await as('insured-phone', 'GET', `/v1/me/statements/${YEAR}`);
    expect(reply.body.person.name).toBeUndefined();
    expect(reply.body.person.nationalId).toMatch(/\*/);
    expect(JSON.stringify(reply.body)).not.toContain(insured('worker-arrears').nationalId);
  });
  it("a delegate gets only the authorisation's sections and months", async () => {
    const limited = await as('delegate-kiosk', 'GET', `/v1/me/statements/${YEAR}`);
    expect(limited.body.totals).toBeDefined();
    expect(limited.body.accounts).toBeUndefined();
    expect(limited.body.benefitsPaid).toBeUndefined();
    const years = await as('delegate-kiosk', 'GET', '/v1/me/statements');
    expect(Math.min(...years.body.years)).toBe(2023);
    const outside = await as('delegate-kiosk', 'GET', '/v1/me/statements/2019');
    expect(outside.status).toBe(403);
    const benefits = await as('delegate-benefits', 'GET', `/v1/me/statements/${YEAR}`);
    expect(benefits.status).toBe(200);
    expect(benefits.body.months).toBeUndefined();
    expect(benefits.body.totals).toBeUndefined();
    expect(benefits.body.benefitsPaid.length).toBeGreaterThan(0);
  });
  it('a year without data is 404 and a year that is not a year is 400', async () => {
    expect((await as('insured-kiosk', 'GET', '/v1/me/statements/2031')).status).toBe(404);
    const bad = await as('insured-kiosk', 'GET', '/v1/me/statements/20x5');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('year');
  });
});

describe('documents anyone can check', () => {
  it('a printed statement is valid with what the paper must say; a wrong code is unknown', async () => {
    const reply = await as('insured-web', 'POST', `/v1/me/statements/${YEAR}/document`, {
      language: 'zh-CN',
    });
    const doc = issuedStatement.parse(reply.body);
    expect(Buffer.from(doc.pdf, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(doc.issuer.verifyUrl).toContain(`/verify?serial=${doc.serial}&code=${doc.checkCode}`);
    expect(doc.issuer.name['zh-CN']).toBeTruthy();
    const check = await call(api.url, 'POST', '/v1/certificates/verify', {
      body: { serial: doc.serial.toLowerCase(), checkCode: doc.checkCode },
    });
    const v = certificateVerification.parse(check.body);
    expect(v.status).toBe('valid');
    expect(v.document?.kind).toBe('statement');
    expect(v.document?.from).toBe(`${YEAR}-01`);
    expect(v.document?.maskedNationalId).toMatch(/^\d{3}\*+\w{4}$/);
    const wrong = await call(api.url, 'POST', '/v1/certificates/verify', {
      body: { serial: doc.serial, checkCode: 'AAAAAAAAAA' },
    });
    expect(wrong.body).toEqual({ valid: false, status: 'unknown' });
  });
  it('a certificate carries the agency and the check address; after its time it is expired, not unknown', async () => {
    const cert = await as('insured-kiosk', 'POST', '/v1/me/certificates', {});
    expect(cert.status).toBe(201);
    expect(cert.body.issuer.verifyUrl).toContain(cert.body.serial);
    // The same data set seen 31 days later.
    const later = await startApi({
      dataDir: api.dir,
      now: () => new Date(Date.now() + 31 * 86_400_000),
    });
    try {
      const check = await call(later.url, 'POST', '/v1/certificates/verify', {
        body: { serial: cert.body.serial, checkCode: cert.body.checkCode },
      });
      expect(check.body).toEqual({ valid: false, status: 'expired' });
    } finally {
      await later.close();
    }
  });
});

describe('requests to check the record', () => {
  it('bad input is a 400 naming each field, and nothing is filed', async () => {
    const before = (await as('insured-kiosk', 'GET', '/v1/me/requests')).body.items.length;
    const reply = await as('insured-kiosk', 'POST', '/v1/me/requests', {
      category: 'salary',
      months: ['2024-13'],
      description: '',
      callbackPhone: '12345',
    });
    expect(reply.status).toBe(400);
    const paths = reply.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['callbackPhone', 'category', 'description', 'months.0']);
    const late = await as('insured-kiosk', 'POST', '/v1/me/requests', {
      category: 'contributions',
      months: ['2030-01'],
      description: 'future',
    });
    expect(late.status).toBe(400);
    expect((await as('insured-kiosk', 'GET', '/v1/me/requests')).body.items.length).toBe(before);
  });
  it('files with a digits-only reference, lists it, and stops at the daily limit', async () => {
    const retiree = { key: api.kioskKey, token: tokens['retiree'] };
    const refs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await call(api.url, 'POST', '/v1/me/requests', {
        ...retiree,
        body: { category: 'benefits', months: ['2025-0' + (i + 1)], description: `pension ${i} missing` },
      });
      expect(reply.status).toBe(201);
      recordRequestReceipt.parse(reply.body);
      refs.push(reply.body.reference);
    }
    const fourth = await call(api.url, 'POST', '/v1/me/requests', {
      ...retiree,
      body: { category: 'benefits', description: 'again' },
    });
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toBeTruthy();
    const list = await call(api.url, 'GET', '/v1/me/requests', retiree);
    const items = recordRequestList.parse(list.body).items;
    expect(items.map((i) => i.reference).sort()).toEqual(refs.sort());
    expect(items.every((i) => i.status === 'received')).toBe(true);
  });
  it("a delegate's request must stay inside the authorisation; the delegate sees only their own", async () => {
    const outside = await as('delegate-kiosk', 'POST', '/v1/me/requests', {
      category: 'contributions',
      months: ['2019-01'],
      description: 'old month',
    });
    expect(outside.status).toBe(403);
    const mine = await as('delegate-web', 'GET', '/v1/me/requests');
    expect(mine.body.items.every((i: { channel: string }) => i.channel !== 'phone')).toBe(true);
  });
  it('the operator reviews and resolves; the person sees the answer; every change is in the maintenance log', async () => {
    const filed = await as('insured-kiosk', 'POST', '/v1/me/requests', {
      category: 'contributions',
      months: ['2026-08'],
      description: 'I paid August',
    });
    const ref = filed.body.reference as string;
    const list = await ops('requests', 'list', '--status', 'received');
    expect(list.code).toBe(0);
    expect(list.out.join('\n')).toContain(ref);
    const show = await ops('requests', 'show', ref);
    expect(show.out.join('\n')).toContain('I paid August');
    expect((await ops('requests', 'resolve', ref, '--outcome', 'corrected', '--reason', 'x')).code).toBe(2);
    expect((await ops('requests', 'review', ref, '--reason', 'checking the payroll')).code).toBe(0);
    const done = await ops(
      'requests',
      'resolve',
      ref,
      '--outcome',
      'rejected',
      '--answer',
      'August was paid in September.',
      '--reason',
      'checked',
    );
    expect(done.code).toBe(0);
    const mine = await as('insured-kiosk', 'GET', '/v1/me/requests');
    const item = mine.body.items.find((i: { reference: string }) => i.reference === ref);
    expect(item.status).toBe('rejected');
    expect(item.answer).toBe('August was paid in September.');
    const log = await ops('maintenance-log');
    expect(log.out.join('\n')).toMatch(new RegExp(`request ${ref}: received -> in_review`));
    expect(log.out.join('\n')).toMatch(new RegExp(`request ${ref}: in_review -> rejected`));
    expect(
      (await ops('requests', 'resolve', ref, '--outcome', 'corrected', '--answer', 'y', '--reason', 'z'))
        .code,
    ).toBe(2);
  });
  it('call-back requests are limited per number per day and validated', async () => {
    const body = { phoneNumber: '+34600111222', language: 'es', topic: 'locked' };
    for (let i = 0; i < 3; i++) {
      expect((await call(api.url, 'POST', '/v1/callback-requests', { key: api.phoneKey, body })).status).toBe(
        201,
      );
    }
    expect((await call(api.url, 'POST', '/v1/callback-requests', { key: api.phoneKey, body })).status).toBe(
      429,
    );
    const bad = await call(api.url, 'POST', '/v1/callback-requests', {
      key: api.phoneKey,
      body: { phoneNumber: '600111222', language: 'fr', topic: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'language',
      'phoneNumber',
      'topic',
    ]);
    const list = await ops('requests', 'list');
    expect(list.out.join('\n')).toContain('call back (locked, es)');
  });
});

describe('who looked at my record', () => {
  it('shows self, the representative (masked), the employer by name, failed logins, and is itself logged', async () => {
    const worker = insured('worker-arrears');
    await as('delegate-kiosk', 'GET', '/v1/me/registration');
    await as('employer-kiosk', 'POST', '/v1/employer/staff/lookup', { nationalId: worker.nationalId });
    expect((await pinLogin(undefined, worker.nationalId, '000001')).status).toBe(401);
    const first = await as('insured-web', 'GET', '/v1/me/access-log');
    const log = accessLog.parse(first.body);
    const kinds = new Set(log.items.map((i) => i.who.kind));
    for (const kind of ['self', 'delegate', 'employer', 'unknown']) expect(kinds).toContain(kind);
    const rep = log.items.find((i) => i.who.kind === 'delegate');
    expect(rep?.who.maskedId).toMatch(/^\d{3}\*+\w{4}$/);
    expect(rep?.who.maskedId).not.toBe(delegate('worker-limited').delegateNationalId);
    const unit = log.items.find((i) => i.who.kind === 'employer');
    expect(unit?.who.unitName).toBeTruthy();
    const failed = log.items.find((i) => i.who.kind === 'unknown');
    expect(failed).toMatchObject({ channel: 'web', category: 'login', outcome: 'wrong_pin' });
    // Newest first; the look itself appears next time.
    expect((log.items[0]?.at ?? '') >= (log.items.at(-1)?.at ?? '')).toBe(true);
    const second = await as('insured-phone', 'GET', '/v1/me/access-log');
    expect(second.body.items[0]).toMatchObject({
      category: 'access-log',
      who: { kind: 'self' },
      channel: 'web',
    });
    // Other people's entries never appear.
    const retiree = await call(api.url, 'GET', '/v1/me/access-log', {
      key: api.kioskKey,
      token: tokens['retiree'],
    });
    expect(retiree.body.items.some((i: { who: { kind: string } }) => i.who.kind === 'employer')).toBe(false);
  });
  it('filters by date and refuses a reversed range or a date that is not in the calendar', async () => {
    const none = await as('insured-kiosk', 'GET', '/v1/me/access-log?from=2001-01-01&to=2001-12-31');
    expect(none.body.items).toEqual([]);
    const bad = await as('insured-kiosk', 'GET', '/v1/me/access-log?from=2026-02-01&to=2026-01-01');
    expect(bad.status).toBe(400);
    // Found by the long fuzz pass: month 91 was a 500.
    for (const query of ['to=3882-91-08', 'from=2025-02-29', 'from=2026-13-01&to=2026-12-40']) {
      const unreal = await as('insured-kiosk', 'GET', `/v1/me/access-log?${query}`);
      expect(unreal.status, query).toBe(400);
      expect(unreal.body.code).toBe('bad_request');
    }
  });
});

describe('a PIN of one own', () => {
  it('refuses six equal digits, runs, the birth date and the same PIN, naming newPin', async () => {
    const spare = insured('spare-1');
    const token = await login(api.url, api.kioskKey, loginBody.pin(spare));
    const birth = spare.nationalId.slice(8, 14);
    for (const [newPin, why] of [
      ['777777', 'equal_digits'],
      ['345678', 'run'],
      ['543210', 'run'],
      [birth, 'birth_date'],
      [spare.pin, 'same_as_current'],
    ] as const) {
      const reply = await call(api.url, 'POST', '/v1/me/pin', {
        key: api.kioskKey,
        token,
        body: { currentPin: spare.pin, newPin },
      });
      expect(reply.status, newPin).toBe(400);
      expect(reply.body.errors).toEqual([{ path: 'newPin', message: why }]);
    }
    // Nothing changed: the old PIN still works.
    expect((await pinLogin(api.phoneKey, spare.nationalId, spare.pin)).status).toBe(201);
  });
  it('changes the PIN on every channel at once', async () => {
    const spare = insured('spare-2');
    const token = await login(api.url, undefined, loginBody.pin(spare));
    const reply = await call(api.url, 'POST', '/v1/me/pin', {
      token,
      body: { currentPin: spare.pin, newPin: '418203' },
    });
    expect(reply.status).toBe(200);
    for (const key of [api.kioskKey, api.phoneKey, undefined]) {
      expect((await pinLogin(key, spare.nationalId, spare.pin)).status).toBe(401);
      expect((await pinLogin(key, spare.nationalId, '418203')).status).toBe(201);
    }
  });
  it('a session cannot guess the PIN: five wrong current PINs end it and lock that source like wrong logins', async () => {
    const spare = insured('spare-3');
    const token = await login(api.url, api.kioskKey, loginBody.pin(spare));
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await call(api.url, 'POST', '/v1/me/pin', {
        key: api.kioskKey,
        token,
        body: { currentPin: `10000${i}`, newPin: '418203' },
      });
      statuses.push(reply.status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 401]);
    const after = await call(api.url, 'GET', '/v1/me/summary', { key: api.kioskKey, token });
    expect(after.status).toBe(401);
    // They counted as login attempts from this kiosk: it is locked for that person, the phone is not.
    expect((await pinLogin(api.kioskKey, spare.nationalId, spare.pin)).status).toBe(423);
    expect((await pinLogin(api.phoneKey, spare.nationalId, spare.pin)).status).toBe(201);
  });
  it('a one-time PIN from the counter works once, only to choose a new PIN; the phone is told to go elsewhere', async () => {
    const spare = insured('spare-4');
    const old = await login(api.url, api.kioskKey, loginBody.pin(spare));
    const reset = await ops('pin', 'reset', spare.nationalId, '--reason', 'forgot PIN, ID card checked');
    expect(reset.code).toBe(0);
    const oneTime = /: (\d{6})$/.exec(reset.out[0] ?? '')?.[1] ?? '';
    expect(oneTime).toMatch(/^\d{6}$/);
    expect(reset.out.join('\n')).not.toContain(spare.nationalId);
    // The session opened before the reset has ended; the old PIN no longer works.
    expect((await call(api.url, 'GET', '/v1/me/summary', { key: api.kioskKey, token: old })).status).toBe(
      401,
    );
    expect((await pinLogin(api.kioskKey, spare.nationalId, spare.pin)).status).toBe(401);
    // The phone: the login says a new PIN is needed, and nothing is read out.
    const phone = await pinLogin(api.phoneKey, spare.nationalId, oneTime);
    expect(phone.status).toBe(201);
    expect(phone.body.mustChangePin).toBe(true);
    const phoneSummary = await call(api.url, 'GET', '/v1/me/summary', {
      key: api.phoneKey,
      token: phone.body.token,
    });
    expect(phoneSummary.status).toBe(403);
    expect(phoneSummary.body.code).toBe('pin_change_required');
    // The kiosk: it works once, and only to change the PIN.
    const kiosk = await pinLogin(api.kioskKey, spare.nationalId, oneTime);
    expect(kiosk.body.mustChangePin).toBe(true);
    const token = kiosk.body.token as string;
    for (const path of ['/v1/me/summary', '/v1/me/contributions', '/v1/me/statements', '/v1/me/access-log']) {
      const reply = await call(api.url, 'GET', path, { key: api.kioskKey, token });
      expect(reply.status, path).toBe(403);
      expect(reply.body.code).toBe('pin_change_required');
    }
    expect((await pinLogin(api.kioskKey, spare.nationalId, oneTime)).status).toBe(401);
    const changed = await call(api.url, 'POST', '/v1/me/pin', {
      key: api.kioskKey,
      token,
      body: { currentPin: oneTime, newPin: '905172' },
    });
    expect(changed.status).toBe(200);
    expect((await call(api.url, 'GET', '/v1/me/summary', { key: api.kioskKey, token })).status).toBe(200);
    const fresh = await pinLogin(api.phoneKey, spare.nationalId, '905172');
    expect(fresh.status).toBe(201);
    expect(fresh.body.mustChangePin).toBeUndefined();
    // Both logs know: the maintenance log and the person's own access log (agency staff at the counter).
    expect((await ops('maintenance-log')).out.join('\n')).toMatch(
      /one-time PIN issued for person:\d+ \(\d{3}\*+/,
    );
    // The counter's entries are keyed like the API's: the whole log still verifies.
    expect((await ops('verify-log')).code).toBe(0);
    const seen = await call(api.url, 'GET', '/v1/me/access-log', { key: api.kioskKey, token });
    expect(seen.body.items).toContainEqual(
      expect.objectContaining({ channel: 'counter', who: { kind: 'agency' }, category: 'pin' }),
    );
  });
  it('pin reset refuses a bad ID and a missing reason', async () => {
    expect((await ops('pin', 'reset', '123', '--reason', 'x')).code).toBe(2);
    expect((await ops('pin', 'reset', insured('spare-5').nationalId)).code).toBe(2);
  });
});
