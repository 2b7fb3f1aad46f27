// Authentication end to end: clients and channels, lock-out, idle and absolute expiry (with an injected
// clock), logout, tokens bound to their client, revocation, and rate limits.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar, sessionResponse } from '@consulta/shared';
import { runOps } from '../../query-api/src/ops/cli.ts';
import { call, login, startTestApi, type TestApi, loginBody, spareIdentity } from './helpers.ts';

/** A clock the test moves by hand. */
function manualClock(start = Date.now()) {
  let t = start;
  return { now: () => new Date(t), advance: (seconds: number) => (t += seconds * 1000) };
}

function validUnknownId(): string {
  const first17 = '11010119900307001';
  return first17 + residentIdCheckChar(first17);
}

const quiet = { out: () => undefined, err: () => undefined };

describe('logins, lock-out and expiry', () => {
  const clock = manualClock();
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      now: clock.now,
      sessionIdleSeconds: 300,
      sessionMaxSeconds: 1800,
      lockoutMinutes: 15,
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  const spare = (n: number) => spareIdentity(api.creds, n);

  it('logs every role in and answers with the contract shape', async () => {
    const person = spare(0);
    const reply = await call(api.url, 'POST', '/v1/sessions', {
      key: api.kioskKey,
      body: loginBody.pin(person),
    });
    expect(reply.status).toBe(201);
    const session = sessionResponse.parse(reply.body);
    expect(session.role).toBe('insured');
    expect(session.idleTimeoutSeconds).toBe(300);
    expect(Date.parse(session.expiresAt) - clock.now().getTime()).toBe(1800 * 1000);
    const d = api.creds.delegates.find((x) => x.label === 'worker-limited');
    const delegate = await call(api.url, 'POST', '/v1/sessions', {
      key: api.kioskKey,
      body: {
        method: 'delegate',
        delegateNationalId: d?.delegateNationalId,
        authorizationCode: d?.authorizationCode,
      },
    });
    expect(delegate.status).toBe(201);
    expect(delegate.body.scope).toEqual({
      categories: d?.categories,
      fromMonth: d?.fromMonth,
      toMonth: d?.toMonth,
      validUntil: d?.validUntil,
    });
  });

  it('gives a wrong PIN and an unknown ID the same answer, then locks after five', async () => {
    const person = spare(1);
    const wrong = (nationalId: string) =>
      call(api.url, 'POST', '/v1/sessions', {
        key: api.phoneKey,
        body: { method: 'pin', nationalId, pin: person.pin === '000000' ? '111111' : '000000' },
      });
    const unknownFirst = await wrong(validUnknownId());
    const knownFirst = await wrong(person.nationalId);
    expect(knownFirst.status).toBe(401);
    expect(knownFirst.body).toEqual(unknownFirst.body);
    expect(knownFirst.body).toMatchObject({ code: 'invalid_credentials', attemptsLeft: 4 });
    for (const left of [3, 2, 1]) expect((await wrong(person.nationalId)).body.attemptsLeft).toBe(left);
    const fifth = await wrong(person.nationalId);
    expect(fifth.status).toBe(423);
    expect(fifth.body.code).toBe('locked');
    expect(Date.parse(fifth.body.retryAt) - clock.now().getTime()).toBe(15 * 60 * 1000);
    // The right PIN is refused while locked.
    const right = await call(api.url, 'POST', '/v1/sessions', {
      key: api.phoneKey,
      body: loginBody.pin(person),
    });
    expect(right.status).toBe(423);
    clock.advance(15 * 60 + 1);
    const after = await call(api.url, 'POST', '/v1/sessions', {
      key: api.phoneKey,
      body: loginBody.pin(person),
    });
    expect(after.status).toBe(201);
  });

  it('locks unknown identities the same way (nothing tells whether an ID exists)', async () => {
    const id = validUnknownId().slice(0, 16) + '99';
    const first17 = id.slice(0, 17);
    const nationalId = first17 + residentIdCheckChar(first17);
    let last;
    for (let i = 0; i < 5; i++) {
      last = await call(api.url, 'POST', '/v1/sessions', {
        key: api.kioskKey,
        body: { method: 'pin', nationalId, pin: '123456' },
      });
    }
    expect(last?.status).toBe(423);
  });

  it('resets the count after a right PIN', async () => {
    const person = spare(2);
    const attempt = (pin: string) =>
      call(api.url, 'POST', '/v1/sessions', {
        key: api.kioskKey,
        body: { method: 'pin', nationalId: person.nationalId, pin },
      });
    const bad = person.pin === '000000' ? '111111' : '000000';
    await attempt(bad);
    await attempt(bad);
    expect((await attempt(person.pin)).status).toBe(201);
    expect((await attempt(bad)).body.attemptsLeft).toBe(4);
  });

  it('locks employers after five wrong passwords', async () => {
    const unit = api.creds.employers.find((e) => e.profile === 'extra');
    let last;
    for (let i = 0; i < 5; i++) {
      last = await call(api.url, 'POST', '/v1/sessions', {
        key: api.kioskKey,
        body: { method: 'employer', unitNumber: unit?.unitNumber, password: 'wrong-password' },
      });
    }
    expect(last?.body.code).toBe('locked');
  });

  it('expires an idle session, keeps a busy one, and ends every session at the absolute limit', async () => {
    const person = spare(3);
    const body = loginBody.pin(person);
    const idle = await login(api.url, api.kioskKey, body);
    clock.advance(301);
    const expired = await call(api.url, 'GET', '/v1/me/summary', { key: api.kioskKey, token: idle });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('session_expired');

    const busy = await login(api.url, api.kioskKey, body);
    for (let i = 0; i < 8; i++) {
      clock.advance(200);
      const reply = await call(api.url, 'GET', '/v1/me/summary', { key: api.kioskKey, token: busy });
      expect(reply.status, `after ${(i + 1) * 200} s`).toBe(200);
    }
    clock.advance(250); // 1850 s after login: past the absolute limit although never idle
    const ended = await call(api.url, 'GET', '/v1/me/summary', { key: api.kioskKey, token: busy });
    expect(ended.body.code).toBe('session_expired');
  });
});

describe('a delegate whose authorisation expires during a session', () => {
  const clock = manualClock();
  let api: TestApi;
  beforeAll(async () => {
    // Sessions that outlive the authorisation, so that the authorisation's own end is what refuses.
    api = await startTestApi({ now: clock.now, sessionIdleSeconds: 10 ** 9, sessionMaxSeconds: 10 ** 9 });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('is refused from the day after validUntil, on every route', async () => {
    const d = api.creds.delegates.find((x) => x.label === 'worker-limited');
    if (!d) throw new Error('no delegate');
    const body = loginBody.delegate(d);
    const token = await login(api.url, api.kioskKey, body);
    expect((await call(api.url, 'GET', '/v1/me/contributions', { key: api.kioskKey, token })).status).toBe(
      200,
    );
    clock.advance((Date.parse(`${d.validUntil}T23:59:00Z`) - clock.now().getTime()) / 1000);
    expect((await call(api.url, 'GET', '/v1/me/contributions', { key: api.kioskKey, token })).status).toBe(
      200,
    );
    clock.advance(120);
    for (const route of ['registration', 'contributions', 'summary']) {
      const reply = await call(api.url, 'GET', `/v1/me/${route}`, { key: api.kioskKey, token });
      expect(reply.status, route).toBe(403);
      expect(reply.body).not.toHaveProperty('asOf');
    }
    const again = await call(api.url, 'POST', '/v1/sessions', { key: api.kioskKey, body });
    expect(again.status).toBe(403);
  });
});

describe('sessions bound to their channel and client', () => {
  const clock = manualClock();
  let api: TestApi;
  let token: string;

  beforeAll(async () => {
    api = await startTestApi({ now: clock.now });
    const person = api.creds.insured.find((p) => p.profile === 'spare-4');
    token = await login(api.url, api.kioskKey, {
      method: 'pin',
      nationalId: person?.nationalId,
      pin: person?.pin,
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('refuses the token from another client, another channel or no client', async () => {
    expect((await call(api.url, 'GET', '/v1/me/summary', { key: api.kioskKey, token })).status).toBe(200);
    const phone = await call(api.url, 'GET', '/v1/me/summary', { key: api.phoneKey, token });
    expect(phone.status).toBe(401);
    const web = await call(api.url, 'GET', '/v1/me/summary', { token });
    expect(web.status).toBe(401);
    // A second kiosk terminal, registered by the operator.
    const lines: string[] = [];
    const code = await runOps(
      [
        'clients',
        'add',
        '--data-dir',
        api.dir,
        '--channel',
        'kiosk',
        '--description',
        'second kiosk',
        '--reason',
        'test',
      ],
      { out: (l) => lines.push(l), err: () => undefined },
    );
    expect(code).toBe(0);
    const secondKey = lines.at(-1) ?? '';
    expect((await call(api.url, 'GET', '/v1/disclosure', { key: secondKey })).status).toBe(200);
    const other = await call(api.url, 'GET', '/v1/me/summary', { key: secondKey, token });
    expect(other.status).toBe(401);
    expect(other.body.code).toBe('unauthenticated');
  });

  it('ends the session on logout', async () => {
    const person = api.creds.insured.find((p) => p.profile === 'spare-5');
    const t = await login(api.url, api.kioskKey, {
      method: 'pin',
      nationalId: person?.nationalId,
      pin: person?.pin,
    });
    expect(
      (await call(api.url, 'DELETE', '/v1/sessions/current', { key: api.kioskKey, token: t })).status,
    ).toBe(204);
    const after = await call(api.url, 'GET', '/v1/me/summary', { key: api.kioskKey, token: t });
    expect(after.status).toBe(401);
    expect(
      (await call(api.url, 'DELETE', '/v1/sessions/current', { key: api.kioskKey, token: t })).status,
    ).toBe(401);
  });

  it('refuses unknown, malformed and revoked client keys', async () => {
    for (const key of ['nonsense', 'kiosk-demo-1.wrong', `${api.kioskKey}x`, 'a.b.c', '.x']) {
      const reply = await call(api.url, 'GET', '/v1/disclosure', { key });
      expect(reply.status, key).toBe(401);
      expect(reply.body.code).toBe('unknown_client');
    }
    const lines: string[] = [];
    await runOps(
      [
        'clients',
        'add',
        '--data-dir',
        api.dir,
        '--channel',
        'phone',
        '--description',
        'to revoke',
        '--reason',
        'test',
      ],
      { out: (l) => lines.push(l), err: () => undefined },
    );
    const key = lines.at(-1) ?? '';
    expect((await call(api.url, 'GET', '/v1/disclosure', { key })).status).toBe(200);
    const clientId = key.split('.')[0] ?? '';
    expect(
      await runOps(['clients', 'revoke', clientId, '--data-dir', api.dir, '--reason', 'lost'], quiet),
    ).toBe(0);
    // Revocation takes effect within a second (a verified key is trusted for at most a second between looks).
    clock.advance(1);
    const revoked = await call(api.url, 'GET', '/v1/disclosure', { key });
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('unknown_client');
  });

  it('accepts each login method only on its channels', async () => {
    const unit = api.creds.employers.find((e) => e.profile === 'current-employer');
    const pinAtKiosk = await call(api.url, 'POST', '/v1/sessions', {
      key: api.kioskKey,
      body: { method: 'employer-pin', unitNumber: unit?.unitNumber, pin: unit?.phonePin },
    });
    expect(pinAtKiosk.status).toBe(403);
    const passwordByPhone = await call(api.url, 'POST', '/v1/sessions', {
      key: api.phoneKey,
      body: { method: 'employer', unitNumber: unit?.unitNumber, password: unit?.password },
    });
    expect(passwordByPhone.status).toBe(403);
    const web = await call(api.url, 'POST', '/v1/sessions', {
      body: { method: 'employer', unitNumber: unit?.unitNumber, password: unit?.password },
    });
    expect(web.status).toBe(201);
  });
});

describe('rate limits', () => {
  let api: TestApi;
  afterEach(async () => {
    await api?.stop();
  });

  it('limits the web channel per address and each client on its own', async () => {
    api = await startTestApi({
      rateLimits: { web: { perSecond: 0.01, burst: 3 }, client: { perSecond: 0.01, burst: 5 } },
    });
    for (let i = 0; i < 3; i++) expect((await call(api.url, 'GET', '/v1/disclosure')).status).toBe(200);
    const limited = await call(api.url, 'GET', '/v1/disclosure');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Date.parse(limited.body.retryAt)).toBeGreaterThan(Date.now());
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    // The kiosk has its own bucket.
    for (let i = 0; i < 5; i++)
      expect((await call(api.url, 'GET', '/v1/disclosure', { key: api.kioskKey })).status).toBe(200);
    expect((await call(api.url, 'GET', '/v1/disclosure', { key: api.kioskKey })).status).toBe(429);
    expect((await call(api.url, 'GET', '/v1/disclosure', { key: api.phoneKey })).status).toBe(200);
  });
});
