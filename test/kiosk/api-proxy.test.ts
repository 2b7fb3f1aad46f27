// The main process's API proxy against the real API: it sends the terminal's key (kiosk channel), keeps the
// token to itself, refuses malformed arguments before the network, and reports an unreachable API as such.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningApi } from '../../query-api/src/app.ts';
import { createApiProxy } from '../../electron/src/api-proxy.ts';
import { insured, kioskKey, readCredentials, startKioskApi, type DemoCredentials } from './harness.ts';

let api: RunningApi;
let credentials: DemoCredentials;
beforeAll(async () => {
  credentials = readCredentials(inject('demoDataDir'));
  api = await startKioskApi(inject('demoDataDir'));
});
afterAll(() => api?.close());

describe('API proxy', () => {
  it('logs in on the kiosk channel with the terminal key and never hands out the token', async () => {
    const seen: Record<string, string>[] = [];
    const proxy = createApiProxy({ apiUrl: api.url, clientKey: kioskKey(credentials) }, (url, init) => {
      seen.push(init.headers);
      return fetch(url, init);
    });
    const worker = insured(credentials, 'worker-arrears');
    const login = await proxy.login({ method: 'pin', nationalId: worker.nationalId, pin: worker.pin });
    expect(login.ok).toBe(true);
    expect(JSON.stringify(login)).not.toMatch(/token/i);
    const registration = await proxy.registration();
    expect(registration.ok && registration.data.person.nationalId).toBe(worker.nationalId);
    expect(seen.every((h) => h['x-client-key'] === kioskKey(credentials))).toBe(true);
    expect(seen.at(-1)?.authorization).toMatch(/^Bearer /);
    await proxy.logout();
    expect(proxy.hasSession()).toBe(false);
    const after = await proxy.registration();
    expect(after.ok).toBe(false);
  });

  it('refuses malformed arguments without calling the API', async () => {
    let calls = 0;
    const proxy = createApiProxy({ apiUrl: api.url, clientKey: kioskKey(credentials) }, (url, init) => {
      calls++;
      return fetch(url, init);
    });
    const bad = [
      await proxy.contributions({ from: '2024-13' }),
      await proxy.contributions({ pageSize: 10_000 }),
      await proxy.contributions({ insuranceType: '../../v1/employer/staff' as never }),
      await proxy.employerStaffContributions('../me/registration', {}),
      await proxy.login({ method: 'employer-pin' } as never),
    ];
    for (const result of bad)
      expect(result).toEqual({ ok: false, error: { code: 'bad_request', status: 400 } });
    expect(calls).toBe(0);
  });

  it("refuses an answer that does not fit the route's response schema", async () => {
    // A proxy in the way answering 200 with something else: the screens get an error, never the odd shape.
    const proxy = createApiProxy({ apiUrl: api.url, clientKey: kioskKey(credentials) }, () =>
      Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve({ rules: 'all of them' }) }),
    );
    await expect(proxy.disclosure()).resolves.toEqual({
      ok: false,
      error: { code: 'internal', status: 200 },
    });
    const html = createApiProxy({ apiUrl: api.url, clientKey: kioskKey(credentials) }, () =>
      Promise.resolve({ ok: false, status: 502, json: () => Promise.reject(new SyntaxError('not JSON')) }),
    );
    await expect(html.disclosure()).resolves.toEqual({ ok: false, error: { code: 'internal', status: 502 } });
  });

  it('maps wrong credentials and an unreachable API to their codes', async () => {
    const proxy = createApiProxy({ apiUrl: api.url, clientKey: kioskKey(credentials) }, (url, init) =>
      fetch(url, init),
    );
    const spare = insured(credentials, 'spare-6');
    const wrong = await proxy.login({
      method: 'pin',
      nationalId: spare.nationalId,
      pin: spare.pin === '000000' ? '111111' : '000000',
    });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.code).toBe('invalid_credentials');
    const down = createApiProxy({ apiUrl: 'http://127.0.0.1:9', clientKey: 'a.b' }, (url, init) =>
      fetch(url, init),
    );
    await expect(down.disclosure()).resolves.toEqual({ ok: false, error: { code: 'network', status: 0 } });
  });
});
