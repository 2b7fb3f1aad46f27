// Lock-outs nobody can abuse (issue 8 §2): wrong secrets from afar slow only their own source, guessing stays
// bounded however many addresses an attacker holds, and every refused login is logged with target and source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disclosure as disclosureSchema } from '@consulta/shared';
import { SessionService, type Caller } from '../../query-api/src/auth/sessions.ts';
import { HOURLY_BUDGET, networkOf } from '../../query-api/src/auth/throttle.ts';
import { openSqliteOperationalStore } from '../../query-api/src/store/sqlite/operational.ts';
import { openSqliteRecordsStore } from '../../query-api/src/store/sqlite/records.ts';
import type { OperationalStore, RecordsStore } from '../../query-api/src/store/types.ts';
import {
  call,
  copyDemoData,
  logEntries,
  startTestApi,
  type DemoCredentials,
  type TestApi,
  loginBody,
  spareIdentity,
} from './helpers.ts';

function wrongPin(pin: string): string {
  return pin === '000000' ? '111111' : '000000';
}

describe('the reported attack, against the real API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.stop();
  });

  const spare = (n: number) => spareIdentity(api.creds, n);

  it('five wrong web PINs lock the web for that address, never the kiosk or the phone', async () => {
    const person = spare(0);
    const attempt = (key: string | undefined, pin: string) =>
      call(api.url, 'POST', '/v1/sessions', {
        key,
        body: { method: 'pin', nationalId: person.nationalId, pin },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(undefined, wrongPin(person.pin))).status);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    // The web is locked for this identity from this address, even with the right PIN …
    expect((await attempt(undefined, person.pin)).status).toBe(423);
    // … but the person standing at the kiosk with their ID card gets in, and so does the phone.
    expect((await attempt(api.kioskKey, person.pin)).status).toBe(201);
    expect((await attempt(api.phoneKey, person.pin)).status).toBe(201);
  });

  it('five wrong phone PINs lock only the calling line they came from; withheld numbers are one line', async () => {
    const person = spare(1);
    const attempt = async (key: string, pin: string, line?: string) =>
      (
        await call(api.url, 'POST', '/v1/sessions', {
          key,
          body: {
            method: 'pin',
            nationalId: person.nationalId,
            pin,
            ...(line === undefined ? {} : { line }),
          },
        })
      ).status;
    const stranger = '+8613800000001';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await attempt(api.phoneKey, wrongPin(person.pin), stranger));
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    // The stranger's line is locked, even with the right PIN …
    expect(await attempt(api.phoneKey, person.pin, '+86 138-0000-0001')).toBe(423);
    // … but the person calling from their own phone gets in, and so does the kiosk.
    expect(await attempt(api.phoneKey, person.pin, '+8613900000002')).toBe(201);
    expect(await attempt(api.kioskKey, person.pin)).toBe(201);
    // Numbers the network withheld are one line: hiding the number is no way around the lock.
    for (let i = 0; i < 5; i++) await attempt(api.phoneKey, wrongPin(person.pin), 'anonymous');
    expect(await attempt(api.phoneKey, person.pin, 'Restricted')).toBe(423);
    expect(await attempt(api.phoneKey, person.pin, '+266696687')).toBe(423);
    expect(await attempt(api.phoneKey, person.pin)).toBe(423);
    expect(await attempt(api.phoneKey, person.pin, '+8613900000002')).toBe(201);
  });

  it('a kiosk cannot split its own lock by naming calling lines', async () => {
    const person = spare(2);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await call(api.url, 'POST', '/v1/sessions', {
        key: api.kioskKey,
        body: {
          method: 'pin',
          nationalId: person.nationalId,
          pin: wrongPin(person.pin),
          line: `+861380000010${i}`,
        },
      });
      statuses.push(reply.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const right = await call(api.url, 'POST', '/v1/sessions', {
      key: api.kioskKey,
      body: { method: 'pin', nationalId: person.nationalId, pin: person.pin, line: '+8613800000199' },
    });
    expect(right.status).toBe(423);
  });

  it('five wrong employer passwords never lock the employer phone PIN', async () => {
    const unit = api.creds.employers.find((e) => e.profile === 'extra');
    if (!unit) throw new Error('no spare employer');
    for (let i = 0; i < 5; i++) {
      await call(api.url, 'POST', '/v1/sessions', {
        body: { method: 'employer', unitNumber: unit.unitNumber, password: 'wrong-password' },
      });
    }
    const web = await call(api.url, 'POST', '/v1/sessions', {
      body: loginBody.employer(unit),
    });
    expect(web.status).toBe(423);
    const phone = await call(api.url, 'POST', '/v1/sessions', {
      key: api.phoneKey,
      body: loginBody.employerPin(unit),
    });
    expect(phone.status).toBe(201);
    const kiosk = await call(api.url, 'POST', '/v1/sessions', {
      key: api.kioskKey,
      body: loginBody.employer(unit),
    });
    expect(kiosk.status).toBe(201);
  });

  it('logs failed logins and lock-outs with their target (pseudonymised) and source', async () => {
    const ops = openSqliteOperationalStore({ path: `${api.dir}/operational.sqlite` });
    try {
      const all = (await logEntries(ops)).filter((e) => e.resource === 'session');
      const refusals = ['invalid_credentials', 'lockout', 'locked'];
      // On the phone, the source is the phone server's client with a pseudonym of the calling line.
      const byPhone = all.filter((e) => e.channel === 'phone' && refusals.includes(e.outcome));
      expect(byPhone.length).toBeGreaterThanOrEqual(10);
      for (const e of byPhone) expect(e.actor).toMatch(/^source:[\w-]+\/line:[0-9a-f]{16}$/);
      expect(JSON.stringify(byPhone)).not.toMatch(/13800000001|13900000002|anonymous/);
      const entries = all.filter((e) => e.clientId === 'web');
      const failed = entries.filter((e) => e.outcome === 'invalid_credentials');
      const lockouts = entries.filter((e) => e.outcome === 'lockout');
      const refused = entries.filter((e) => e.outcome === 'locked');
      expect(failed.length).toBeGreaterThanOrEqual(8);
      expect(lockouts.length).toBe(2);
      expect(refused.length).toBe(2);
      for (const e of [...failed, ...lockouts, ...refused]) {
        expect(e.subject).toMatch(/^(person|employer):\d+$/);
        // The web source is a pseudonym of the caller's network, never the address itself.
        expect(e.actor).toMatch(/^source:web:[0-9a-f]{16}$/);
        expect(e.actor).not.toContain('127.0.0.1');
        expect(e.clientId).toBe('web');
      }
      // No ID number, unit number or address anywhere in the log.
      const text = JSON.stringify(entries);
      expect(text).not.toContain(spareIds(api.creds)[0]);
      expect(text).not.toContain('127.0.0.1');
    } finally {
      await ops.close();
    }
  });

  it('publishes the policy in GET /v1/disclosure', async () => {
    const reply = await call(api.url, 'GET', '/v1/disclosure');
    const doc = disclosureSchema.parse(reply.body);
    expect(doc.login.failuresBeforeLock).toBe(5);
    expect(doc.login.firstLockMinutes).toBe(15);
    const budget = doc.login.failedAttemptsPerHour;
    expect(budget.kiosk + budget.phone + budget.web).toBeLessThanOrEqual(100);
  });
});

function spareIds(creds: DemoCredentials): string[] {
  return creds.insured.filter((x) => x.profile.startsWith('spare')).map((x) => x.nationalId);
}

describe('guessing stays bounded (the policy, on the real stores, with a clock moved by hand)', () => {
  let data: ReturnType<typeof copyDemoData>;
  let records: RecordsStore;
  let ops: OperationalStore;
  let sessions: SessionService;
  const start = Date.UTC(2026, 0, 5, 9);

  beforeAll(async () => {
    data = copyDemoData();
    records = openSqliteRecordsStore({ path: `${data.dir}/records.sqlite` });
    ops = openSqliteOperationalStore({ path: `${data.dir}/operational.sqlite` });
    sessions = await SessionService.open(records, ops, {
      idleSeconds: 300,
      maxSeconds: 1800,
      lockoutMinutes: 15,
    });
  });
  afterAll(async () => {
    await records?.close();
    await ops?.close();
    data?.remove();
  });

  const person = (n: number) => spareIdentity(data.creds, n);

  it('an attacker with many addresses and clients gets at most 100 wrong guesses an hour', async () => {
    const victim = person(0);
    const guess = (caller: Caller, address: string, at: number) =>
      sessions.login(
        { method: 'pin', nationalId: victim.nationalId, pin: wrongPin(victim.pin) },
        caller,
        at,
        address,
      );
    let checked = 0;
    let refused = 0;
    // 40 web addresses, 20 kiosk terminals and the phone server, each trying until refused, all within 10 min.
    const sources: [Caller, string][] = [
      ...Array.from({ length: 40 }, (_, i): [Caller, string] => [
        { channel: 'web', clientId: null },
        `203.0.113.${i + 1}`,
      ]),
      ...Array.from({ length: 20 }, (_, i): [Caller, string] => [
        { channel: 'kiosk', clientId: `kiosk-attack-${i}` },
        '',
      ]),
      [{ channel: 'phone', clientId: 'phone-demo-1' }, ''],
    ];
    for (const [i, [caller, address]] of sources.entries()) {
      for (let k = 0; k < 7; k++) {
        const result = await guess(caller, address, start + i * 10_000 + k);
        if (result.kind === 'invalid_credentials') checked++;
        else if (result.kind === 'locked') {
          if (result.imposed) checked++;
          else refused++;
        } else throw new Error(`unexpected ${result.kind}`);
      }
    }
    const total = HOURLY_BUDGET.kiosk + HOURLY_BUDGET.phone + HOURLY_BUDGET.web;
    expect(total).toBeLessThanOrEqual(100);
    // The phone alone stops at five in a row; the web and the kiosks at their hourly budgets.
    expect(checked).toBe(HOURLY_BUDGET.web + HOURLY_BUDGET.kiosk + 5);
    expect(refused).toBe(sources.length * 7 - checked);

    // The web's budget is spent for every address, but the hour ends and the budget comes back.
    const later = await guess({ channel: 'web', clientId: null }, '198.51.100.7', start + 20 * 60_000);
    expect(later.kind).toBe('locked');
    const nextHour = await guess({ channel: 'web', clientId: null }, '198.51.100.7', start + 61 * 60_000);
    expect(nextHour.kind).toBe('invalid_credentials');
  });

  it('counts concurrent guesses before checking them, so a burst cannot slip past the lock', async () => {
    const victim = person(1);
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        sessions.login(
          { method: 'pin', nationalId: victim.nationalId, pin: wrongPin(victim.pin) },
          { channel: 'web', clientId: null },
          start,
          '192.0.2.10',
        ),
      ),
    );
    const checked = results.filter(
      (r) => r.kind === 'invalid_credentials' || (r.kind === 'locked' && r.imposed),
    );
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(results.every((r) => r.kind === 'invalid_credentials' || r.kind === 'locked')).toBe(true);
  });

  it('makes each further lock from the same source last twice as long, and a right PIN resets it', async () => {
    const victim = person(2);
    const web: Caller = { channel: 'web', clientId: null };
    let t = start;
    const lockFor = async (): Promise<number> => {
      for (let i = 0; i < 5; i++) {
        const r = await sessions.login(
          { method: 'pin', nationalId: victim.nationalId, pin: wrongPin(victim.pin) },
          web,
          t,
          '192.0.2.20',
        );
        if (r.kind === 'locked') return r.retryAt - t;
      }
      throw new Error('never locked');
    };
    expect(await lockFor()).toBe(15 * 60_000);
    t += 15 * 60_000 + 1;
    expect(await lockFor()).toBe(30 * 60_000);
    t += 30 * 60_000 + 1;
    const right = await sessions.login(loginBody.pin(victim), web, t, '192.0.2.20');
    expect(right.kind).toBe('ok');
    t += 1;
    expect(await lockFor()).toBe(15 * 60_000);
  });

  it('treats an IPv6 /64 as one source', () => {
    expect(networkOf('2001:db8:1:2:aaaa::1')).toBe(networkOf('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(networkOf('2001:db8:1:2::1')).not.toBe(networkOf('2001:db8:1:3::1'));
    expect(networkOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
  });
});
