// The disclosure policy decides: for every role × channel that can log in, every route of the contract that
// discloses a record category is called, and every field the policy's rule withholds for that role, channel and
// category is absent from the answer (a full ID number anywhere, an address, a person's name). A control first
// shows the checks find each field where nothing is withheld, so the test can fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, routePath, type Channel, type Role, type RouteSpec } from '@consulta/shared';
import { rule, type WithheldField } from '../../query-api/src/policy/disclosure.ts';
import { ROUTES } from '../../query-api/src/http/routes.ts';
import { call, login, startTestApi, type TestApi } from './helpers.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({
    rateLimits: { web: { perSecond: 10_000, burst: 10_000 }, client: { perSecond: 10_000, burst: 10_000 } },
  });
});
afterAll(() => api?.stop());

const FULL_ID = /^\d{17}[\dX]$/;

/** Every object in a JSON value, depth first. */
function objects(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const item of value) objects(item, out);
  else if (value && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    for (const item of Object.values(value)) objects(item, out);
  }
  return out;
}

/** A person in an answer: an object carrying an ID number, full or masked. */
const persons = (body: unknown) => objects(body).filter((o) => 'nationalId' in o || 'maskedNationalId' in o);

/** Where each withheld field would show in an answer; each returns what it found (empty: absent). */
const FOUND: Record<WithheldField, (body: unknown) => unknown[]> = {
  fullNationalId: (body) =>
    objects(body).flatMap((o) => Object.values(o).filter((v) => typeof v === 'string' && FULL_ID.test(v))),
  address: (body) => objects(body).filter((o) => 'address' in o),
  name: (body) => persons(body).filter((o) => 'name' in o),
  otherPersonsNames: (body) => persons(body).filter((o) => 'name' in o),
};

async function sessionOf(role: Role, channel: Channel): Promise<string | null> {
  const key = channel === 'kiosk' ? api.kioskKey : channel === 'phone' ? api.phoneKey : undefined;
  const worker = api.creds.insured.find((p) => p.profile === 'worker-arrears');
  const unit = api.creds.employers.find((e) => e.profile === 'current-employer');
  const delegate = api.creds.delegates.find((d) => d.label === 'worker-limited');
  if (role === 'insured')
    return login(api.url, key, { method: 'pin', nationalId: worker?.nationalId, pin: worker?.pin });
  if (role === 'delegate') {
    if (channel === 'phone') return null;
    return login(api.url, key, {
      method: 'delegate',
      delegateNationalId: delegate?.delegateNationalId,
      authorizationCode: delegate?.authorizationCode,
    });
  }
  return login(
    api.url,
    key,
    channel === 'phone'
      ? { method: 'employer-pin', unitNumber: unit?.unitNumber, pin: unit?.phonePin }
      : { method: 'employer', unitNumber: unit?.unitNumber, password: unit?.password },
  );
}

async function ask(spec: RouteSpec, channel: Channel, token: string, ref: string) {
  const key = channel === 'kiosk' ? api.kioskKey : channel === 'phone' ? api.phoneKey : undefined;
  const worker = api.creds.insured.find((p) => p.profile === 'worker-arrears');
  const body =
    spec.path === API.employerStaffLookup.path
      ? { nationalId: worker?.nationalId }
      : spec.body
        ? {}
        : undefined;
  return call(api.url, spec.method.toUpperCase(), routePath(spec, { ref }), {
    key,
    token,
    ...(body ? { body } : {}),
  });
}

describe('what the policy withholds', () => {
  it('finds each field where the policy withholds nothing (the control)', async () => {
    const token = (await sessionOf('insured', 'kiosk')) ?? '';
    const reply = await ask(API.registration, 'kiosk', token, '');
    expect(reply.status).toBe(200);
    for (const field of ['fullNationalId', 'address', 'name'] as const)
      expect(FOUND[field](reply.body), field).not.toHaveLength(0);
    const employer = (await sessionOf('employer', 'kiosk')) ?? '';
    const staff = await call(api.url, 'GET', '/v1/employer/staff?pageSize=5', {
      key: api.kioskKey,
      token: employer,
    });
    expect(FOUND.otherPersonsNames(staff.body)).not.toHaveLength(0);
  });

  it('is absent from every route that discloses a category, for every role and channel', async () => {
    const disclosing = ROUTES.filter((r) => r.category !== undefined && r.auth === 'session');
    expect(disclosing.length).toBeGreaterThan(5);
    const employerToken = (await sessionOf('employer', 'kiosk')) ?? '';
    const worker = api.creds.insured.find((p) => p.profile === 'worker-arrears');
    const lookup = await call(api.url, 'POST', '/v1/employer/staff/lookup', {
      key: api.kioskKey,
      token: employerToken,
      body: { nationalId: worker?.nationalId },
    });
    const ref = lookup.body.member.ref as string;
    let checked = 0;
    for (const role of ['insured', 'delegate', 'employer'] as const) {
      for (const channel of ['kiosk', 'phone', 'web'] as const) {
        const token = await sessionOf(role, channel);
        if (!token) continue;
        for (const route of disclosing) {
          if (!route.roles.includes(role) || !route.channels.includes(channel) || !route.category) continue;
          const { allowed, withheld } = rule(role, channel, route.category);
          const reply = await ask(route, channel, token, ref);
          const label = `${route.method} ${route.path} as ${role} on ${channel}`;
          if (!allowed) {
            expect(reply.status, label).toBe(403);
            continue;
          }
          if (reply.status === 403) continue; // a delegate's authorisation leaves this category out
          expect(reply.status, label).toBe(route.status);
          for (const field of withheld) expect(FOUND[field](reply.body), `${label}: ${field}`).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(15);
  });
});
