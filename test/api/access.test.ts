// Who sees what, end to end against the real API and the demo data set: every route for every role, the
// phone's masking, the employer's period limit, the delegate's scope, and someone else's data always refused.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accounts,
  benefits,
  contributions,
  employerSummary,
  other,
  registration,
  residentIdCheckChar,
  staff,
  staffContributions,
  staffLookup,
  summary,
} from '@consulta/shared';
import { ROUTES } from '../../query-api/src/http/routes.ts';
import { call, login, startTestApi, type TestApi, loginBody } from './helpers.ts';

let api: TestApi;
const tokens: Record<string, string> = {};

const ME = ['registration', 'contributions', 'benefits', 'accounts', 'other', 'summary'] as const;
const ME_SCHEMAS = { registration, contributions, benefits, accounts, other, summary };

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

beforeAll(async () => {
  api = await startTestApi();
  const worker = insured('worker-arrears');
  tokens['worker'] = await login(api.url, api.kioskKey, loginBody.pin(worker));
  tokens['workerPhone'] = await login(api.url, api.phoneKey, loginBody.pin(worker));
  const retiree = insured('retiree');
  tokens['retiree'] = await login(api.url, api.kioskKey, loginBody.pin(retiree));
  const current = employer('current-employer');
  tokens['employer'] = await login(api.url, api.kioskKey, loginBody.employer(current));
  tokens['employerPhone'] = await login(api.url, api.phoneKey, loginBody.employerPin(current));
  const former = employer('former-employer');
  tokens['formerEmployer'] = await login(api.url, api.kioskKey, loginBody.employer(former));
  const limited = delegate('worker-limited');
  tokens['delegate'] = await login(api.url, api.kioskKey, loginBody.delegate(limited));
});
afterAll(async () => {
  await api?.stop();
});

const get = (path: string, token: string | undefined, key = api.kioskKey) =>
  call(api.url, 'GET', path, { key, token });

describe('the insured person', () => {
  it('sees all five categories and the summary of their own record, each valid against the contract', async () => {
    const worker = insured('worker-arrears');
    for (const route of ME) {
      const reply = await get(`/v1/me/${route}`, tokens['worker']);
      expect(reply.status, route).toBe(200);
      ME_SCHEMAS[route].parse(reply.body);
      expect(reply.body.asOf).toBe(api.creds.asOf);
    }
    const reg = await get('/v1/me/registration', tokens['worker']);
    expect(reg.body.person.nationalId).toBe(worker.nationalId);
    expect(reg.body.person.name).toBe(worker.name);
    expect(reg.body.person.address).toEqual(expect.any(String));
    // Two employers over time, and a transfer between regions.
    expect(
      new Set(reg.body.employment.map((e: { unitNumber: string }) => e.unitNumber)).size,
    ).toBeGreaterThan(1);
    const oth = await get('/v1/me/other', tokens['worker']);
    expect(oth.body.transfers.length).toBeGreaterThan(0);
  });

  it("names the regions of the worker's transfer (Chengdu to Shenzhen) and insuring region", async () => {
    const db = new Database(join(api.dir, 'records.sqlite'), { readonly: true });
    const named = (code: string) => {
      const row = db.prepare('SELECT name, name_en FROM region WHERE code = ?').get(code) as
        { name: string; name_en: string } | undefined;
      if (!row) throw new Error(`region ${code} is not in the region table`);
      return { local: row.name, en: row.name_en };
    };
    try {
      const oth = await get('/v1/me/other', tokens['worker']);
      other.parse(oth.body);
      const [transfer] = oth.body.transfers;
      expect(transfer.fromRegionName).toEqual(named(transfer.fromRegion));
      expect(transfer.toRegionName).toEqual(named(transfer.toRegion));
      expect([transfer.fromRegionName.en, transfer.toRegionName.en]).toEqual(['Chengdu', 'Shenzhen']);
      const reg = await get('/v1/me/registration', tokens['worker']);
      expect(reg.body.person.regionName).toEqual(named(reg.body.person.region));
      expect(reg.body.person.regionName).toEqual(transfer.toRegionName);
      // The phone hears the names too: they are geography, not personal data.
      const phoneOther = await get('/v1/me/other', tokens['workerPhone'], api.phoneKey);
      expect(phoneOther.body.transfers[0].fromRegionName).toEqual(transfer.fromRegionName);
      const phoneReg = await get('/v1/me/registration', tokens['workerPhone'], api.phoneKey);
      expect(phoneReg.body.person.regionName).toEqual(reg.body.person.regionName);
    } finally {
      db.close();
    }
  });

  it("reads the worker's arrears in the summary, consistent with the contributions", async () => {
    const sum = await get('/v1/me/summary', tokens['worker']);
    expect(sum.body.monthsInArrears).toBeGreaterThan(0);
    const arrears = await get(
      '/v1/me/contributions?status=arrears&insuranceType=pension&pageSize=200',
      tokens['worker'],
    );
    expect(arrears.body.total).toBe(sum.body.monthsInArrears);
    const totalArrears = arrears.body.years.reduce(
      (s: number, y: { arrearsMonths: number }) => s + y.arrearsMonths,
      0,
    );
    expect(totalArrears).toBe(sum.body.monthsInArrears);
  });

  it('filters and pages contributions', async () => {
    const page1 = await get(
      '/v1/me/contributions?from=2020-01&to=2020-12&insuranceType=pension&pageSize=5',
      tokens['worker'],
    );
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(5);
    for (const item of page1.body.items) {
      expect(item.insuranceType).toBe('pension');
      expect(item.month >= '2020-01' && item.month <= '2020-12').toBe(true);
    }
    const page2 = await get(
      '/v1/me/contributions?from=2020-01&to=2020-12&insuranceType=pension&pageSize=5&page=2',
      tokens['worker'],
    );
    expect(page2.body.items[0].month < page1.body.items[4].month).toBe(true);
    expect(page2.body.total).toBe(page1.body.total);
  });

  it('the retiree sees a pension being paid', async () => {
    const b = await get('/v1/me/benefits', tokens['retiree']);
    expect(b.body.payments.some((p: { benefit: string }) => p.benefit === 'pension')).toBe(true);
    const s = await get('/v1/me/summary', tokens['retiree']);
    expect(s.body.lastBenefitPayment.benefit).toBe('pension');
  });

  it('is refused every employer route', async () => {
    for (const token of [tokens['worker'], tokens['delegate']]) {
      expect((await get('/v1/employer/summary', token)).status).toBe(403);
      expect((await get('/v1/employer/staff', token)).status).toBe(403);
      const lookup = await call(api.url, 'POST', '/v1/employer/staff/lookup', {
        key: api.kioskKey,
        token,
        body: { nationalId: insured('retiree').nationalId },
      });
      expect(lookup.status).toBe(403);
      expect((await get('/v1/employer/staff/AAAAAAAAAAAAAAAAAAAAAA/contributions', token)).status).toBe(403);
    }
  });

  it('cannot name another person: query parameters naming someone else change nothing', async () => {
    const retiree = insured('retiree');
    const reply = await get(`/v1/me/registration?nationalId=${retiree.nationalId}`, tokens['worker']);
    expect(reply.body.person.nationalId).toBe(insured('worker-arrears').nationalId);
  });
});

describe('the phone channel', () => {
  it('never gets the full ID number, the address or a name', async () => {
    const worker = insured('worker-arrears');
    const reg = await get('/v1/me/registration', tokens['workerPhone'], api.phoneKey);
    expect(reg.status).toBe(200);
    registration.parse(reg.body);
    expect(reg.body.person.nationalId).not.toBe(worker.nationalId);
    expect(reg.body.person.nationalId.slice(-4)).toBe(worker.nationalId.slice(-4));
    expect(reg.body.person).not.toHaveProperty('address');
    expect(reg.body.person).not.toHaveProperty('name');
    for (const route of ME) {
      const text = JSON.stringify((await get(`/v1/me/${route}`, tokens['workerPhone'], api.phoneKey)).body);
      expect(text).not.toContain(worker.nationalId);
      expect(text).not.toContain(worker.name);
    }
  });

  it('gives the employer masked IDs and no names of staff', async () => {
    const reply = await get('/v1/employer/staff?pageSize=200', tokens['employerPhone'], api.phoneKey);
    expect(reply.status).toBe(200);
    staff.parse(reply.body);
    const text = JSON.stringify(reply.body);
    for (const person of api.creds.insured) {
      expect(text).not.toContain(person.nationalId);
      expect(text).not.toContain(`"${person.name}"`);
    }
    for (const item of reply.body.items) expect(item).not.toHaveProperty('name');
  });

  it('refuses certificates on the phone', async () => {
    const reply = await call(api.url, 'POST', '/v1/me/certificates', {
      key: api.phoneKey,
      token: tokens['workerPhone'],
      body: {},
    });
    expect(reply.status).toBe(403);
  });
});

describe('the employer', () => {
  it('is refused every /v1/me route', async () => {
    for (const route of ME) {
      const reply = await get(`/v1/me/${route}`, tokens['employer']);
      expect(reply.status, route).toBe(403);
      expect(reply.body.code).toBe('forbidden');
      expect(reply.type).toContain('application/problem+json');
    }
    const cert = await call(api.url, 'POST', '/v1/me/certificates', {
      key: api.kioskKey,
      token: tokens['employer'],
    });
    expect(cert.status).toBe(403);
  });

  it("sees its unit's summary for the last 24 months", async () => {
    const reply = await get('/v1/employer/summary', tokens['employer']);
    expect(reply.status).toBe(200);
    employerSummary.parse(reply.body);
    expect(reply.body.unit.unitNumber).toBe(employer('current-employer').unitNumber);
    expect(reply.body.months.length).toBeGreaterThan(0);
    expect(reply.body.months.length).toBeLessThanOrEqual(24);
    expect(reply.body.months[0].month).toBe(api.creds.dataThrough);
    expect(reply.body.staffInArrears).toBeGreaterThan(0);
  });

  it('lists its staff in arrears first, filtered and paged, with masked IDs', async () => {
    const all = await get('/v1/employer/staff?pageSize=200', tokens['employer']);
    expect(all.status).toBe(200);
    const rank = { arrears: 0, late: 1, paid: 2 } as Record<string, number>;
    const ranks = all.body.items.map((i: { status: string }) => rank[i.status]);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(ranks[0]).toBe(0);
    for (const item of all.body.items) expect(item.maskedNationalId).toMatch(/^\d{3}\*+[\dX]{4}$/);
    const arrears = await get('/v1/employer/staff?status=arrears&pageSize=3', tokens['employer']);
    expect(arrears.body.items).toHaveLength(3);
    for (const item of arrears.body.items) expect(item.status).toBe('arrears');
    const current = await get('/v1/employer/staff?current=false&pageSize=200', tokens['employer']);
    for (const item of current.body.items) expect(item.current).toBe(false);
    const page2 = await get('/v1/employer/staff?status=arrears&pageSize=3&page=2', tokens['employer']);
    expect(page2.body.items[0].ref).not.toBe(arrears.body.items[0].ref);
  });

  it("sees an employee's contributions only for the months that person worked for this unit", async () => {
    const worker = insured('worker-arrears');
    for (const [tokenName, profile] of [
      ['employer', 'current-employer'],
      ['formerEmployer', 'former-employer'],
    ] as const) {
      const unit = employer(profile);
      const lookup = await call(api.url, 'POST', '/v1/employer/staff/lookup', {
        key: api.kioskKey,
        token: tokens[tokenName],
        body: { nationalId: worker.nationalId },
      });
      expect(lookup.status, profile).toBe(200);
      staffLookup.parse(lookup.body);
      const member = lookup.body.member;
      const months = await get(
        `/v1/employer/staff/${member.ref}/contributions?pageSize=200&insuranceType=pension`,
        tokens[tokenName],
      );
      expect(months.status).toBe(200);
      staffContributions.parse(months.body);
      expect(months.body.total).toBeGreaterThan(0);
      for (const item of months.body.items) {
        expect(item.unitNumber).toBe(unit.unitNumber);
        expect(item.month >= member.firstMonth).toBe(true);
        if (member.lastMonth) expect(item.month <= member.lastMonth).toBe(true);
      }
    }
    // The worker's own view has more months than either employer sees.
    const own = await get('/v1/me/contributions?insuranceType=pension&pageSize=1', tokens['worker']);
    const seenByCurrent = await call(api.url, 'POST', '/v1/employer/staff/lookup', {
      key: api.kioskKey,
      token: tokens['employer'],
      body: { nationalId: worker.nationalId },
    });
    const current = await get(
      `/v1/employer/staff/${seenByCurrent.body.member.ref}/contributions?pageSize=1&insuranceType=pension`,
      tokens['employer'],
    );
    expect(own.body.total).toBeGreaterThan(current.body.total);
  });

  it("gets the same 404 for someone who never worked there as for an unknown ID, and another unit's refs mean nothing", async () => {
    const retiree = insured('retiree');
    const neverThere = await call(api.url, 'POST', '/v1/employer/staff/lookup', {
      key: api.kioskKey,
      token: tokens['formerEmployer'],
      body: { nationalId: retiree.nationalId },
    });
    const unknown = await call(api.url, 'POST', '/v1/employer/staff/lookup', {
      key: api.kioskKey,
      token: tokens['formerEmployer'],
      body: { nationalId: `11010119900307001${residentIdCheckChar('11010119900307001')}` },
    });
    expect(neverThere.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(neverThere.body).toEqual(unknown.body);

    const staffOfCurrent = await get('/v1/employer/staff?current=true&pageSize=200', tokens['employer']);
    const formerRefs = new Set(
      (await get('/v1/employer/staff?pageSize=200', tokens['formerEmployer'])).body.items.map(
        (i: { ref: string }) => i.ref,
      ),
    );
    const foreign = staffOfCurrent.body.items.find((i: { ref: string }) => !formerRefs.has(i.ref));
    expect(foreign).toBeDefined();
    const reply = await get(`/v1/employer/staff/${foreign.ref}/contributions`, tokens['formerEmployer']);
    expect(reply.status).toBe(404);
  });
});

describe('the delegate', () => {
  it("sees only the authorisation's categories", async () => {
    const d = delegate('worker-limited');
    for (const route of ME) {
      const reply = await get(`/v1/me/${route}`, tokens['delegate']);
      const allowed = route === 'summary' || d.categories.includes(route);
      expect(reply.status, route).toBe(allowed ? 200 : 403);
    }
    const s = await get('/v1/me/summary', tokens['delegate']);
    expect(s.body).not.toHaveProperty('balances');
    expect(s.body).not.toHaveProperty('lastBenefitPayment');
    expect(s.body).toHaveProperty('monthsInArrears');
  });

  it("sees only the authorisation's months, even when asking for more", async () => {
    const d = delegate('worker-limited');
    const reply = await get(
      '/v1/me/contributions?from=2016-01&pageSize=200&insuranceType=pension',
      tokens['delegate'],
    );
    expect(reply.status).toBe(200);
    expect(reply.body.total).toBeGreaterThan(0);
    for (const item of reply.body.items) {
      expect(item.month >= d.fromMonth && item.month <= d.toMonth).toBe(true);
    }
    for (const y of reply.body.years) expect(y.year).toBeGreaterThanOrEqual(Number(d.fromMonth.slice(0, 4)));
    const own = await get('/v1/me/contributions?pageSize=1&insuranceType=pension', tokens['worker']);
    expect(own.body.total).toBeGreaterThan(reply.body.total);
  });

  it('sees the person who authorised them and nobody else', async () => {
    const reg = await get('/v1/me/registration', tokens['delegate']);
    expect(reg.body.person.nationalId).toBe(delegate('worker-limited').forNationalId);
  });

  it('cannot log in with an expired authorisation', async () => {
    const d = delegate('worker-expired');
    const reply = await call(api.url, 'POST', '/v1/sessions', {
      key: api.kioskKey,
      body: loginBody.delegate(d),
    });
    expect(reply.status).toBe(403);
    expect(reply.body.code).toBe('authorization_expired');
  });

  it('cannot log in by phone', async () => {
    const d = delegate('retiree-benefits');
    const reply = await call(api.url, 'POST', '/v1/sessions', {
      key: api.phoneKey,
      body: loginBody.delegate(d),
    });
    expect(reply.status).toBe(403);
  });
});

describe('the route × role matrix', () => {
  it('answers every session route for every role exactly as the policy says', async () => {
    const worker = insured('worker-arrears');
    const lookup = await call(api.url, 'POST', '/v1/employer/staff/lookup', {
      key: api.kioskKey,
      token: tokens['employer'],
      body: { nationalId: worker.nationalId },
    });
    const ref = lookup.body.member.ref as string;
    const expected: Record<string, Record<'insured' | 'delegate' | 'employer', number>> = {
      'get /v1/me/registration': { insured: 200, delegate: 200, employer: 403 },
      'get /v1/me/contributions': { insured: 200, delegate: 200, employer: 403 },
      'get /v1/me/benefits': { insured: 200, delegate: 403, employer: 403 },
      'get /v1/me/accounts': { insured: 200, delegate: 403, employer: 403 },
      'get /v1/me/other': { insured: 200, delegate: 403, employer: 403 },
      'get /v1/me/summary': { insured: 200, delegate: 200, employer: 403 },
      'post /v1/me/certificates': { insured: 201, delegate: 201, employer: 403 },
      'get /v1/employer/summary': { insured: 403, delegate: 403, employer: 200 },
      'get /v1/employer/staff': { insured: 403, delegate: 403, employer: 200 },
      'post /v1/employer/staff/lookup': { insured: 403, delegate: 403, employer: 200 },
      'get /v1/employer/staff/{ref}/contributions': { insured: 403, delegate: 403, employer: 200 },
      // The rights routes (an empty body is bad input where a body is required, after the role gate).
      'post /v1/me/requests': { insured: 400, delegate: 400, employer: 403 },
      'get /v1/me/requests': { insured: 200, delegate: 200, employer: 403 },
      'get /v1/me/statements': { insured: 200, delegate: 200, employer: 403 },
      'get /v1/me/statements/{year}': { insured: 200, delegate: 200, employer: 403 },
      'post /v1/me/statements/{year}/document': { insured: 201, delegate: 201, employer: 403 },
      'get /v1/me/access-log': { insured: 200, delegate: 403, employer: 403 },
      'post /v1/me/pin': { insured: 400, delegate: 403, employer: 403 },
    };
    const roleTokens = {
      insured: tokens['worker'],
      delegate: tokens['delegate'],
      employer: tokens['employer'],
    };
    const sessionRoutes = ROUTES.filter((r) => r.auth === 'session' && r.path !== '/v1/sessions/current');
    expect(sessionRoutes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(Object.keys(expected).sort());
    for (const route of sessionRoutes) {
      const name = `${route.method} ${route.path}`;
      for (const role of ['insured', 'delegate', 'employer'] as const) {
        const reply = await call(
          api.url,
          route.method.toUpperCase(),
          route.path.replace('{ref}', ref).replace('{year}', '2025'),
          {
            key: api.kioskKey,
            token: roleTokens[role],
            ...(route.body
              ? { body: route.path.endsWith('lookup') ? { nationalId: worker.nationalId } : {} }
              : {}),
          },
        );
        expect(reply.status, `${name} as ${role}`).toBe(expected[name]?.[role]);
        if (reply.status === 403) expect(reply.body).not.toHaveProperty('asOf');
      }
    }
  });
});
