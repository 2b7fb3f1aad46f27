// The two adapters over the one route table give the same answer, for every route of the table × every role
// (and no session) × every channel (kiosk, phone, web): the same request sent through the node:http fast lane
// (startApi's server) and through Express alone (createApp on a second server over the same services) gets the
// same status, body and headers, and each lane writes the same number of query-log entries. Every answer is
// checked against the contract: a success against the route's response schema, a problem against the problem
// schema with a code the route declares (routeProblems). Then the 401, 403, 429 and 503 paths the same way.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  problem,
  routeProblems,
  type Channel,
  type RouteName,
  type RouteRequest,
  type RouteSpec,
} from '@consulta/shared';
import { createApp, openApiServices, type ApiServices, type RateLimits } from '../../query-api/src/app.ts';
import { createFastLane } from '../../query-api/src/http/fast-lane.ts';
import { ROUTES } from '../../query-api/src/http/routes.ts';
import { call, copyDemoData, login, type CallOptions, type DemoCredentials, type Reply } from './helpers.ts';

interface Lanes {
  data: ReturnType<typeof copyDemoData>;
  services: ApiServices;
  laned: Server;
  expressOnly: Server;
  lanedUrl: string;
  expressUrl: string;
  /** How many requests the fast lane took (the rest fell through to Express). */
  fastLaneServed: number;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function startLanes(rateLimits: Partial<RateLimits>): Promise<Lanes> {
  const data = copyDemoData();
  const services = await openApiServices({ dataDir: data.dir, rateLimits });
  const app = createApp(services.deps);
  const fastLane = createFastLane(ROUTES, services.deps);
  const lanes = { data, services } as Lanes;
  lanes.fastLaneServed = 0;
  lanes.laned = createServer((req, res) => {
    if (fastLane(req, res)) lanes.fastLaneServed++;
    else app(req, res);
  });
  lanes.expressOnly = createServer((req, res) => app(req, res));
  lanes.lanedUrl = await listen(lanes.laned);
  lanes.expressUrl = await listen(lanes.expressOnly);
  lanes.close = async () => {
    for (const server of [lanes.laned, lanes.expressOnly]) {
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    }
    await services.close();
    data.remove();
  };
  return lanes;
}

function logCount(dir: string): number {
  const db = new Database(join(dir, 'operational.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM query_log').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Headers that differ per connection or moment (Date, keep-alive) are left out of the comparison. */
// Length and etag follow the body, which is compared on its own (less the fields that differ by design).
function comparable(reply: Reply): Record<string, string> {
  const out: Record<string, string> = {};
  reply.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'content-length', 'etag'].includes(name)) out[name] = value;
  });
  return out;
}

/** Fields that differ on every call by design (a new token, serial, check code, issue time). */
function stable(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body;
  const {
    token: _token,
    expiresAt: _expiresAt,
    serial: _serial,
    checkCode: _checkCode,
    issuedAt: _issuedAt,
    validUntil: _validUntil,
    reference: _reference,
    createdAt: _createdAt,
    attemptsLeft: _attemptsLeft,
    pdf: _pdf,
    fileName: _fileName,
    ...rest
  } = body as Record<string, unknown>;
  // The certificate's check address carries its serial and code.
  if (rest['issuer'] && typeof rest['issuer'] === 'object') {
    const { verifyUrl: _verifyUrl, ...issuer } = rest['issuer'] as Record<string, unknown>;
    return { ...rest, issuer };
  }
  return rest;
}

/** Checks an answer against the route's contract: the response schema, or a declared problem. */
function expectContract(spec: RouteSpec, reply: Reply, label: string): void {
  if (reply.status === spec.status || reply.status === spec.alsoStatus?.status) {
    if (spec.response === null) {
      expect(reply.body, label).toBeNull();
      return;
    }
    expect(reply.type, label).toBe('application/json; charset=utf-8');
    const parsed = spec.response.safeParse(reply.body);
    expect(parsed.success, `${label}: ${parsed.success ? '' : parsed.error.message}`).toBe(true);
    // Nothing beyond the schema: a strict reparse of what the server sent equals what it sent.
    expect(JSON.parse(JSON.stringify(parsed.data)), `${label}: no field outside the schema`).toEqual(
      reply.body,
    );
    return;
  }
  expect(reply.type, label).toBe('application/problem+json; charset=utf-8');
  const parsed = problem.safeParse(reply.body);
  expect(parsed.success, label).toBe(true);
  expect(routeProblems(spec), `${label}: ${reply.body?.code} is declared`).toContain(reply.body?.code);
}

type Identity = 'none' | 'insured' | 'delegate' | 'employer';

describe('the fast lane and Express, over the whole table', () => {
  let lanes: Lanes;
  let creds: DemoCredentials;
  const keys: Record<Channel, string | undefined> = { kiosk: undefined, phone: undefined, web: undefined };

  beforeAll(async () => {
    lanes = await startLanes({
      verify: { perSecond: 1000, burst: 1000 },
      client: { perSecond: 10_000, burst: 10_000 },
      web: { perSecond: 10_000, burst: 10_000 },
    });
    creds = lanes.data.creds;
    keys.kiosk = creds.clients.find((c) => c.channel === 'kiosk')?.key;
    keys.phone = creds.clients.find((c) => c.channel === 'phone')?.key;
  });
  afterAll(() => lanes?.close());

  const cache = new Map<string, string | undefined>();
  /** A session of the identity on the channel (one per pair), or undefined where that login is not offered. */
  async function session(identity: Identity, channel: Channel): Promise<string | undefined> {
    const name = `${identity}@${channel}`;
    if (!cache.has(name)) cache.set(name, await freshSession(identity, channel));
    return cache.get(name);
  }

  /** A new session of the identity on the channel, or undefined where that login is not offered. */
  async function freshSession(identity: Identity, channel: Channel): Promise<string | undefined> {
    const key = keys[channel];
    const worker = creds.insured.find((p) => p.profile === 'worker-arrears');
    const unit = creds.employers.find((e) => e.profile === 'current-employer');
    const limited = creds.delegates.find((d) => d.label === 'worker-limited');
    switch (identity) {
      case 'none':
        return undefined;
      case 'insured':
        return login(lanes.expressUrl, key, {
          method: 'pin',
          nationalId: worker?.nationalId,
          pin: worker?.pin,
        });
      case 'delegate':
        if (channel === 'phone') return undefined;
        return login(lanes.expressUrl, key, {
          method: 'delegate',
          delegateNationalId: limited?.delegateNationalId,
          authorizationCode: limited?.authorizationCode,
        });
      case 'employer':
        return login(
          lanes.expressUrl,
          key,
          channel === 'phone'
            ? { method: 'employer-pin', unitNumber: unit?.unitNumber, pin: unit?.phonePin }
            : { method: 'employer', unitNumber: unit?.unitNumber, password: unit?.password },
        );
    }
  }

  it('give the same answer to every route, role and channel, each within the contract', async () => {
    const worker = creds.insured.find((p) => p.profile === 'worker-arrears');
    const employerToken = await session('employer', 'kiosk');
    const lookup = await call(lanes.expressUrl, 'POST', '/v1/employer/staff/lookup', {
      key: keys.kiosk,
      token: employerToken,
      body: { nationalId: worker?.nationalId },
    });
    const ref = lookup.body.member.ref as string;
    // One request per route; a route added to the table fails here until it has one.
    const samples: { [N in RouteName]: RouteRequest<N> & { raw?: string } } = {
      login: { body: { method: 'pin', nationalId: worker?.nationalId ?? '', pin: worker?.pin ?? '' } },
      logout: {},
      registration: {},
      contributions: { query: { page: 2, pageSize: 7, insuranceType: 'pension' } },
      benefits: {},
      accounts: {},
      other: {},
      summary: {},
      issueCertificate: { body: { from: '2020-01', to: '2022-12' } },
      verifyCertificate: { body: { serial: 'NO-SUCH', checkCode: 'NOPE' } },
      employerSummary: {},
      employerStaff: { query: { status: 'arrears', pageSize: 3 } },
      employerStaffLookup: { body: { nationalId: worker?.nationalId ?? '' } },
      employerStaffContributions: { params: { ref }, query: { pageSize: 4 } },
      disclosure: {},
      openapi: {},
      health: {},
      ready: {},
      callbackRequest: { body: { phoneNumber: '+8613800000000', language: 'zh-CN', topic: 'agent' } },
      // An empty description is refused alike by both lanes (a valid one would meet the daily limit mid-test).
      fileRequest: { body: { category: 'contributions', description: '' } },
      listRequests: {},
      statementYears: {},
      statement: { params: { year: 2025 } },
      statementDocument: { params: { year: 2025 }, body: { language: 'en' } },
      accessLog: {},
      // A PIN the rules refuse: the demo person's PIN stays as it is.
      changePin: { body: { currentPin: '000000', newPin: '111111' } },
    };
    expect(Object.keys(samples).sort()).toEqual(ROUTES.map((r) => r.name).sort());
    let compared = 0;
    for (const route of ROUTES) {
      const spec: RouteSpec = API[route.name];
      const sample = samples[route.name] as {
        params?: Record<string, string>;
        query?: object;
        body?: unknown;
      };
      const path =
        spec.path.replace(/\{(\w+)\}/g, (_m, name: string) => sample.params?.[name] ?? '') +
        (sample.query
          ? `?${new URLSearchParams(Object.entries(sample.query).map(([k, v]) => [k, String(v)]))}`
          : '');
      for (const channel of ['kiosk', 'phone', 'web'] as const) {
        for (const identity of ['none', 'insured', 'delegate', 'employer'] as const) {
          if (route.auth !== 'session' && identity !== 'none') continue;
          // Logging out ends the session: each lane gets its own.
          const tokens =
            route.name === 'logout'
              ? [await freshSession(identity, channel), await freshSession(identity, channel)]
              : null;
          const token = tokens ? undefined : await session(identity, channel);
          if (route.auth === 'session' && identity !== 'none' && !(tokens?.[0] ?? token)) continue;
          const options = (lane: number): CallOptions => ({
            key: keys[channel],
            token: tokens ? tokens[lane] : token,
            ...(sample.body !== undefined ? { body: sample.body } : {}),
          });
          const label = `${spec.method.toUpperCase()} ${spec.path} as ${identity} on ${channel}`;
          const servedBefore = lanes.fastLaneServed;
          const logBefore = logCount(lanes.data.dir);
          const fast = await call(lanes.lanedUrl, spec.method.toUpperCase(), path, options(0));
          const logged = logCount(lanes.data.dir) - logBefore;
          expect(lanes.fastLaneServed - servedBefore, `${label}: the fast lane takes every GET`).toBe(
            spec.method === 'get' ? 1 : 0,
          );
          const slow = await call(lanes.expressUrl, spec.method.toUpperCase(), path, options(1));
          expect(fast.status, label).toBe(slow.status);
          // The access log lists the look just made by the other lane: same status, headers and contract only.
          if (route.name !== 'accessLog') expect(stable(fast.body), label).toEqual(stable(slow.body));
          expect(comparable(fast), label).toEqual(comparable(slow));
          expect(logCount(lanes.data.dir) - logBefore - logged, `${label}: both lanes log alike`).toBe(
            logged,
          );
          expectContract(spec, fast, label);
          if (route.auth === 'session' && identity === 'none') expect(fast.status, label).toBe(401);
          if (route.auth === 'session' && identity !== 'none' && !spec.roles.includes(identity))
            expect(fast.status, label).toBe(403);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(ROUTES.length * 3);
  });

  it('give the same problems: unknown client, bad input, unknown path, another unit', async () => {
    const insured = await session('insured', 'kiosk');
    const employer = await session('employer', 'kiosk');
    const cases: [RouteName, string, CallOptions, number][] = [
      ['summary', '/v1/me/summary', { key: 'kiosk-x.nonsense', token: insured }, 401],
      ['contributions', '/v1/me/contributions?pageSize=0', { key: keys.kiosk, token: insured }, 400],
      ['contributions', '/v1/me/contributions?page=1&page=2', { key: keys.kiosk, token: insured }, 400],
      [
        'employerStaffContributions',
        '/v1/employer/staff/NOSUCHREF/contributions',
        { key: keys.kiosk, token: employer },
        404,
      ],
      [
        'employerStaffContributions',
        '/v1/employer/staff/a%20b/contributions',
        { key: keys.kiosk, token: employer },
        400,
      ],
    ];
    for (const [name, path, options, status] of cases) {
      const fast = await call(lanes.lanedUrl, 'GET', path, options);
      const slow = await call(lanes.expressUrl, 'GET', path, options);
      expect(fast.status, path).toBe(status);
      expect(slow.status, path).toBe(status);
      expect(fast.body, path).toEqual(slow.body);
      expect(comparable(fast), path).toEqual(comparable(slow));
      expectContract(API[name], fast, path);
    }
  });

  it('send JSON and problems with the API security headers', async () => {
    const token = await session('insured', 'kiosk');
    const reply = await call(lanes.lanedUrl, 'GET', '/v1/me/summary', { key: keys.kiosk, token });
    expect(reply.type).toBe('application/json; charset=utf-8');
    expect(reply.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
    expect(reply.headers.get('x-frame-options')).toBe('DENY');
    expect(reply.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const problemReply = await call(lanes.lanedUrl, 'GET', '/v1/me/summary');
    expect(problemReply.type).toBe('application/problem+json; charset=utf-8');
    expect(problemReply.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it('answers 503 log_unavailable alike when the query log cannot be written', async () => {
    const token = await session('insured', 'kiosk');
    const raw = new Database(join(lanes.data.dir, 'operational.sqlite'));
    raw.exec(
      `CREATE TRIGGER refuse_log BEFORE INSERT ON query_log BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    try {
      for (const route of ROUTES.filter(
        (r) => r.auth === 'session' && r.method === 'get' && r.roles.includes('insured'),
      )) {
        const path = route.path.replace('{year}', '2025');
        const fast = await call(lanes.lanedUrl, 'GET', path, { key: keys.kiosk, token });
        const slow = await call(lanes.expressUrl, 'GET', path, { key: keys.kiosk, token });
        expect(fast.status, route.path).toBe(503);
        expect(fast.body.code, route.path).toBe('log_unavailable');
        expect(fast.body, route.path).toEqual(slow.body);
        expect(comparable(fast), route.path).toEqual(comparable(slow));
        expectContract(route, fast, route.path);
      }
    } finally {
      raw.exec('DROP TRIGGER refuse_log');
      raw.close();
    }
  });

  it('leaves other methods, HEAD, other spellings and unknown paths to Express', async () => {
    const before = lanes.fastLaneServed;
    const head = await fetch(`${lanes.lanedUrl}/v1/disclosure`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const slash = await call(lanes.lanedUrl, 'GET', '/v1/disclosure/');
    expect(slash.status).toBe(200);
    const unknown = await call(lanes.lanedUrl, 'GET', '/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    const badEscape = await call(lanes.lanedUrl, 'GET', '/v1/employer/staff/%E0%A4%A/contributions', {
      key: keys.kiosk,
      token: await session('employer', 'kiosk'),
    });
    expect(badEscape.status).toBe(400);
    expect(lanes.fastLaneServed).toBe(before);
  });
});

describe('the fast lane and Express under rate limits', () => {
  let lanes: Lanes;
  beforeAll(async () => {
    lanes = await startLanes({
      client: { perSecond: 0.001, burst: 4 },
      web: { perSecond: 0.001, burst: 4 },
      verify: { perSecond: 0.001, burst: 1 },
    });
  });
  afterAll(() => lanes?.close());

  it("answer the certificate check's own limit with Retry-After too", async () => {
    let reply: Reply | undefined;
    for (let i = 0; i < 3 && reply?.status !== 429; i++)
      reply = await call(lanes.expressUrl, 'POST', '/v1/certificates/verify', {
        key: lanes.data.creds.clients.find((c) => c.channel === 'phone')?.key,
        body: { serial: 'S', checkCode: 'C' },
      });
    expect(reply?.status).toBe(429);
    expect(Number(reply?.headers.get('retry-after'))).toBeGreaterThan(0);
  });
  it('answer 429 alike on every channel, with retryAt and Retry-After', async () => {
    const kioskKey = lanes.data.creds.clients.find((c) => c.channel === 'kiosk')?.key;
    const phoneKey = lanes.data.creds.clients.find((c) => c.channel === 'phone')?.key;
    for (const key of [kioskKey, phoneKey, undefined]) {
      const label = key ? (key.split('.')[0] ?? 'client') : 'web';
      let fast: Reply | undefined;
      for (let i = 0; i < 5 && fast?.status !== 429; i++)
        fast = await call(lanes.lanedUrl, 'GET', '/v1/disclosure', { key });
      const slow = await call(lanes.expressUrl, 'GET', '/v1/disclosure', { key });
      for (const reply of [fast, slow] as Reply[]) {
        expect(reply.status, label).toBe(429);
        expect(reply.body.code, label).toBe('rate_limited');
        expect(typeof reply.body.retryAt, label).toBe('string');
        expect(Number(reply.headers.get('retry-after')), label).toBeGreaterThan(0);
        expectContract(API.disclosure, reply, label);
      }
      expect(Object.keys(fast?.body ?? {}).sort(), label).toEqual(Object.keys(slow.body).sort());
    }
  });
});
