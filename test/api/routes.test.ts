// Every route: bad input gets a 400 problem naming what was wrong and never a 500; the OpenAPI document lists
// every route; certificates are issued and verified publicly; the disclosure policy is public; the kiosk's web
// build is served from the API's origin with strict headers.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificate, certificateVerification, disclosure, problem } from '@consulta/shared';
import { ROUTES } from '../../query-api/src/http/routes.ts';
import { call, login, startTestApi, type TestApi } from './helpers.ts';

let api: TestApi;
let staticDir: string;
const clock = { offsetMs: 0 };
const tokens: Record<string, string> = {};

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'consulta-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  api = await startTestApi({
    staticDir,
    now: () => new Date(Date.now() + clock.offsetMs),
    rateLimits: {
      verify: { perSecond: 0.01, burst: 12 },
      client: { perSecond: 10_000, burst: 10_000 },
      web: { perSecond: 10_000, burst: 10_000 },
    },
  });
  const w = api.creds.insured.find((p) => p.profile === 'worker-arrears');
  tokens['insured'] = await login(api.url, api.kioskKey, {
    method: 'pin',
    nationalId: w?.nationalId,
    pin: w?.pin,
  });
  const e = api.creds.employers.find((x) => x.profile === 'current-employer');
  tokens['employer'] = await login(api.url, api.kioskKey, {
    method: 'employer',
    unitNumber: e?.unitNumber,
    password: e?.password,
  });
});
afterAll(async () => {
  await api?.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

function expectProblem(
  reply: { status: number; type: string; body: unknown },
  status: number,
  label: string,
): void {
  expect(reply.status, label).toBe(status);
  expect(reply.type, label).toContain('application/problem+json');
  problem.parse(reply.body);
}

describe('bad input', () => {
  it('POST /v1/sessions: each wrong body is a 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{}, 'method'],
      [{ method: 'password' }, 'method'],
      [{ method: 'pin', nationalId: '1', pin: '12' }, 'pin'],
      [{ method: 'pin', nationalId: '', pin: '123456' }, 'nationalId'],
      [{ method: 'pin', nationalId: 12345, pin: '123456' }, 'nationalId'],
      [{ method: 'employer', unitNumber: 'bad unit', password: 'x' }, 'unitNumber'],
      [{ method: 'employer-pin', unitNumber: '123456789', pin: 'abcdef' }, 'pin'],
      [
        { method: 'delegate', delegateNationalId: 'x'.repeat(40), authorizationCode: 'AB' },
        'delegateNationalId',
      ],
      [[1, 2, 3], '(body)'],
      ['just a string', '(body)'],
      [{ method: 'pin', nationalId: '110101199003070012', pin: '123456' }, 'nationalId'], // wrong check character
    ];
    for (const [body, field] of cases) {
      const reply = await call(api.url, 'POST', '/v1/sessions', { key: api.kioskKey, body });
      expectProblem(reply, 400, JSON.stringify(body));
      expect(reply.body.code).toBe('bad_request');
      expect(
        reply.body.errors.map((e: { path: string }) => e.path).join(','),
        JSON.stringify(body),
      ).toContain(field);
    }
    expectProblem(
      await call(api.url, 'POST', '/v1/sessions', { key: api.kioskKey, raw: '{"method":' }),
      400,
      'bad json',
    );
    expectProblem(
      await call(api.url, 'POST', '/v1/sessions', {
        key: api.kioskKey,
        raw: JSON.stringify({ a: 'x'.repeat(20_000) }),
      }),
      413,
      'too large',
    );
    const noType = await fetch(`${api.url}/v1/sessions`, { method: 'POST', body: 'method=pin' });
    expect(noType.status).toBe(400);
  });

  it('query parameters of the contribution and staff routes', async () => {
    const bad = [
      'page=0',
      'page=-1',
      'page=abc',
      'pageSize=0',
      'pageSize=1000',
      'from=2020-13',
      'to=20-01',
      'from=2024-01&to=2023-01',
      'insuranceType=dental',
      'status=unknown',
      'page=1&page=2',
    ];
    for (const q of bad) {
      const reply = await call(api.url, 'GET', `/v1/me/contributions?${q}`, {
        key: api.kioskKey,
        token: tokens['insured'],
      });
      expectProblem(reply, 400, q);
      expect(reply.body.errors.length, q).toBeGreaterThan(0);
    }
    for (const q of ['status=late-ish', 'current=yes', 'pageSize=201', 'page=x']) {
      expectProblem(
        await call(api.url, 'GET', `/v1/employer/staff?${q}`, {
          key: api.kioskKey,
          token: tokens['employer'],
        }),
        400,
        q,
      );
    }
    for (const q of ['from=x', 'insuranceType=x']) {
      const staff = await call(api.url, 'GET', '/v1/employer/staff?pageSize=1', {
        key: api.kioskKey,
        token: tokens['employer'],
      });
      const ref = staff.body.items[0].ref as string;
      expectProblem(
        await call(api.url, 'GET', `/v1/employer/staff/${ref}/contributions?${q}`, {
          key: api.kioskKey,
          token: tokens['employer'],
        }),
        400,
        q,
      );
    }
  });

  it('bodies of lookup, certificates and verification', async () => {
    const lookups: unknown[] = [{}, { nationalId: '' }, { nationalId: 42 }, { nationalId: 'not-an-id' }];
    for (const body of lookups) {
      expectProblem(
        await call(api.url, 'POST', '/v1/employer/staff/lookup', {
          key: api.kioskKey,
          token: tokens['employer'],
          body,
        }),
        400,
        JSON.stringify(body),
      );
    }
    for (const body of [{ from: '2020-1' }, { to: 'now' }, { from: '2024-01', to: '2020-01' }]) {
      expectProblem(
        await call(api.url, 'POST', '/v1/me/certificates', {
          key: api.kioskKey,
          token: tokens['insured'],
          body,
        }),
        400,
        JSON.stringify(body),
      );
    }
    for (const body of [{}, { serial: '' }, { serial: 'x', checkCode: 'y'.repeat(41) }]) {
      expectProblem(
        await call(api.url, 'POST', '/v1/certificates/verify', { body }),
        400,
        JSON.stringify(body),
      );
    }
  });

  it('no route answers 500 to junk, with or without a session', async () => {
    const junkPaths = ['', '?page=%ZZ', '?from[]=1', '?pageSize=1e9', `?x=${'a'.repeat(3000)}`];
    // Own sessions: DELETE /v1/sessions/current below ends them.
    const w = api.creds.insured.find((p) => p.profile === 'retiree');
    const e = api.creds.employers.find((x) => x.profile === 'former-employer');
    const insured = await login(api.url, api.kioskKey, {
      method: 'pin',
      nationalId: w?.nationalId,
      pin: w?.pin,
    });
    const employer = await login(api.url, api.kioskKey, {
      method: 'employer',
      unitNumber: e?.unitNumber,
      password: e?.password,
    });
    for (const route of ROUTES) {
      const path = route.path.replace('{ref}', encodeURIComponent('../../etc'));
      for (const suffix of junkPaths) {
        for (const token of [undefined, 'garbage', insured, employer]) {
          for (const raw of route.body ? ['{', '"x"', '{"nationalId":null,"serial":[]}'] : [undefined]) {
            const reply = await call(api.url, route.method.toUpperCase(), `${path}${suffix}`, {
              key: api.kioskKey,
              token,
              ...(raw !== undefined ? { raw } : {}),
            });
            expect(reply.status, `${route.method} ${path}${suffix} ${raw ?? ''}`).toBeLessThan(500);
          }
        }
      }
    }
  });

  it('answers unknown paths and methods with a problem', async () => {
    expectProblem(await call(api.url, 'GET', '/v1/nothing-here', { key: api.kioskKey }), 404, 'unknown');
    expectProblem(await call(api.url, 'PUT', '/v1/me/summary', { key: api.kioskKey }), 404, 'method');
    expectProblem(await call(api.url, 'GET', '/v1/me/summary', { key: api.kioskKey }), 401, 'no token');
  });
});

describe('the OpenAPI document', () => {
  it('lists every route with its method', async () => {
    const reply = await call(api.url, 'GET', '/v1/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
    const paths = reply.body.paths as Record<string, Record<string, unknown>>;
    for (const route of ROUTES)
      expect(paths[route.path]?.[route.method], `${route.method} ${route.path}`).toBeDefined();
    expect(paths['/v1/openapi.json']?.['get']).toBeDefined();
    for (const path of [
      '/v1/sessions',
      '/v1/sessions/current',
      '/v1/me/registration',
      '/v1/me/contributions',
      '/v1/me/benefits',
      '/v1/me/accounts',
      '/v1/me/other',
      '/v1/me/summary',
      '/v1/me/certificates',
      '/v1/certificates/verify',
      '/v1/employer/summary',
      '/v1/employer/staff',
      '/v1/employer/staff/lookup',
      '/v1/employer/staff/{ref}/contributions',
      '/v1/disclosure',
      '/healthz',
    ]) {
      expect(paths[path], path).toBeDefined();
    }
    // The request schemas are the validating ones: the contributions query names its parameters.
    const params = (paths['/v1/me/contributions']?.['get'] as { parameters: { name: string }[] }).parameters;
    expect(params.map((p) => p.name).sort()).toEqual([
      'from',
      'insuranceType',
      'page',
      'pageSize',
      'status',
      'to',
    ]);
  });
});

describe('certificates (Art. 15)', () => {
  it('issues one at the kiosk and anyone can verify it for 30 days', async () => {
    const issued = await call(api.url, 'POST', '/v1/me/certificates', {
      key: api.kioskKey,
      token: tokens['insured'],
      body: { from: '2020-01', to: '2022-12' },
    });
    expect(issued.status).toBe(201);
    const cert = certificate.parse(issued.body);
    expect(cert.from >= '2020-01' && cert.to <= '2022-12').toBe(true);
    expect(cert.lines.length).toBeGreaterThan(0);
    expect(cert.holder.maskedNationalId).toContain('*');

    const verify = (body: unknown) => call(api.url, 'POST', '/v1/certificates/verify', { body });
    const ok = await verify({ serial: cert.serial, checkCode: cert.checkCode.toLowerCase() });
    expect(ok.status).toBe(200);
    const verification = certificateVerification.parse(ok.body);
    expect(verification.valid).toBe(true);
    expect(verification.certificate?.lines).toEqual(cert.lines);
    expect(JSON.stringify(ok.body)).not.toContain(cert.checkCode);

    expect((await verify({ serial: cert.serial, checkCode: 'WRONGCODE1' })).body).toEqual({
      valid: false,
      status: 'unknown',
    });
    expect((await verify({ serial: 'NO-SUCH-SERIAL', checkCode: cert.checkCode })).body).toEqual({
      valid: false,
      status: 'unknown',
    });

    // After its 30 days the certificate is expired, which the check says apart from unknown.
    clock.offsetMs = 31 * 86_400_000;
    try {
      expect((await verify({ serial: cert.serial, checkCode: cert.checkCode })).body).toEqual({
        valid: false,
        status: 'expired',
      });
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('rate-limits verification', async () => {
    let last;
    for (let i = 0; i < 12; i++)
      last = await call(api.url, 'POST', '/v1/certificates/verify', {
        body: { serial: 'S', checkCode: 'C' },
      });
    expect(last?.status).toBe(429);
    expect(last?.body.code).toBe('rate_limited');
  });
});

describe('public routes and the kiosk web build', () => {
  it('publishes the disclosure policy without login', async () => {
    const reply = await call(api.url, 'GET', '/v1/disclosure');
    expect(reply.status).toBe(200);
    const doc = disclosure.parse(reply.body);
    expect(doc.rules.find((r) => r.role === 'employer' && r.category === 'benefits')?.allowed).toBe(false);
  });

  it('serves the kiosk at / with strict security headers, and its routes fall back to index.html', async () => {
    const root = await fetch(`${api.url}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<title>kiosk</title>');
    const csp = root.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(root.headers.get('x-content-type-options')).toBe('nosniff');
    expect(root.headers.get('x-powered-by')).toBeNull();
    expect((await fetch(`${api.url}/assets/app.js`)).status).toBe(200);
    const deep = await fetch(`${api.url}/employer/staff`);
    expect(await deep.text()).toContain('<title>kiosk</title>');
    const api404 = await call(api.url, 'GET', '/v1/unknown');
    expect(api404.status).toBe(404);
    const summary = await call(api.url, 'GET', '/v1/me/summary', {
      key: api.kioskKey,
      token: tokens['insured'],
    });
    expect(summary.headers.get('cache-control')).toBe('no-store');
  });
});
