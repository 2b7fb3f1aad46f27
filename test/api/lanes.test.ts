// The two adapters over the one route table give the same answer: the same GET sent through the node:http fast
// lane (startApi's server) and through Express alone (createApp on a second server over the same services) gets
// the same status, body and headers, for answers and for problems; and each lane writes its query-log entry.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, openApiServices, type ApiServices } from '../../query-api/src/app.ts';
import { createFastLane } from '../../query-api/src/http/fast-lane.ts';
import { ROUTES } from '../../query-api/src/http/routes.ts';
import { call, copyDemoData, login, type CallOptions, type DemoCredentials, type Reply } from './helpers.ts';

let data: ReturnType<typeof copyDemoData>;
let services: ApiServices;
let laned: Server;
let expressOnly: Server;
let lanedUrl: string;
let expressUrl: string;
/** How many requests the fast lane took (the rest fell through to Express). */
let fastLaneServed = 0;
const tokens: Record<string, string> = {};
let creds: DemoCredentials;
let kioskKey: string;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function logCount(): number {
  const db = new Database(join(data.dir, 'operational.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM query_log').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Headers that differ per connection or moment (Date, keep-alive) are left out of the comparison. */
function comparable(reply: Reply): Record<string, string> {
  const out: Record<string, string> = {};
  reply.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive'].includes(name)) out[name] = value;
  });
  return out;
}

beforeAll(async () => {
  data = copyDemoData();
  creds = data.creds;
  services = openApiServices({
    dataDir: data.dir,
    rateLimits: { verify: { perSecond: 1, burst: 10 }, client: { perSecond: 10_000, burst: 10_000 } },
  });
  const app = createApp(services.deps);
  const fastLane = createFastLane(ROUTES, services.deps);
  laned = createServer((req, res) => {
    if (fastLane(req, res)) fastLaneServed++;
    else app(req, res);
  });
  expressOnly = createServer((req, res) => app(req, res));
  lanedUrl = await listen(laned);
  expressUrl = await listen(expressOnly);
  kioskKey = creds.clients.find((c) => c.channel === 'kiosk')?.key ?? '';
  const w = creds.insured.find((p) => p.profile === 'worker-arrears');
  tokens['insured'] = await login(expressUrl, kioskKey, {
    method: 'pin',
    nationalId: w?.nationalId,
    pin: w?.pin,
  });
  const e = creds.employers.find((x) => x.profile === 'current-employer');
  tokens['employer'] = await login(expressUrl, kioskKey, {
    method: 'employer',
    unitNumber: e?.unitNumber,
    password: e?.password,
  });
});

afterAll(async () => {
  for (const server of [laned, expressOnly]) {
    await new Promise<void>((resolveClose) => {
      server.close(() => resolveClose());
      server.closeAllConnections();
    });
  }
  services.close();
  data.remove();
});

describe('the fast lane and Express', () => {
  it('give the same answer to the same GET, and both log it', async () => {
    const staffPage = await call(expressUrl, 'GET', '/v1/employer/staff?pageSize=5', {
      key: kioskKey,
      token: tokens['employer'],
    });
    const ref = (staffPage.body as { items: { ref: string }[] }).items[0]?.ref ?? '';
    expect(ref).not.toBe('');
    const cases: [string, CallOptions, number][] = [
      ['/v1/me/summary', { key: kioskKey, token: tokens['insured'] }, 200],
      [
        '/v1/me/contributions?page=2&pageSize=7&insuranceType=pension',
        { key: kioskKey, token: tokens['insured'] },
        200,
      ],
      ['/v1/me/registration', { key: kioskKey, token: tokens['insured'] }, 200],
      ['/v1/me/benefits', { key: kioskKey, token: tokens['insured'] }, 200],
      ['/v1/employer/summary', { key: kioskKey, token: tokens['employer'] }, 200],
      ['/v1/employer/staff?status=arrears&pageSize=3', { key: kioskKey, token: tokens['employer'] }, 200],
      [
        `/v1/employer/staff/${ref}/contributions?pageSize=4`,
        { key: kioskKey, token: tokens['employer'] },
        200,
      ],
      ['/v1/disclosure', {}, 200],
      ['/healthz', {}, 200],
      // Problems: no session, a bad query, a repeated query name, the wrong role, an unknown client, a
      // staff reference of another unit.
      ['/v1/me/summary', { key: kioskKey }, 401],
      ['/v1/me/contributions?pageSize=0', { key: kioskKey, token: tokens['insured'] }, 400],
      ['/v1/me/contributions?page=1&page=2', { key: kioskKey, token: tokens['insured'] }, 400],
      ['/v1/employer/summary', { key: kioskKey, token: tokens['insured'] }, 403],
      ['/v1/me/summary', { key: 'kiosk-x.nonsense', token: tokens['insured'] }, 401],
      ['/v1/employer/staff/NOSUCHREF/contributions', { key: kioskKey, token: tokens['employer'] }, 404],
    ];
    for (const [path, options, status] of cases) {
      const servedBefore = fastLaneServed;
      const logBefore = logCount();
      const fast = await call(lanedUrl, 'GET', path, options);
      expect(fastLaneServed, `${path} took the fast lane`).toBe(servedBefore + 1);
      const logged = logCount() - logBefore;
      const slow = await call(expressUrl, 'GET', path, options);
      expect(fast.status, path).toBe(status);
      expect(slow.status, path).toBe(status);
      expect(fast.body, path).toEqual(slow.body);
      expect(comparable(fast), path).toEqual(comparable(slow));
      expect(logCount() - logBefore - logged, `${path}: Express logs as the fast lane does`).toBe(logged);
      if (status === 200 && path.startsWith('/v1/me/')) expect(logged, path).toBe(1);
    }
  });

  it('send JSON and problems with the API security headers', async () => {
    const reply = await call(lanedUrl, 'GET', '/v1/me/summary', { key: kioskKey, token: tokens['insured'] });
    expect(reply.type).toBe('application/json; charset=utf-8');
    expect(reply.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('cache-control')).toBe('no-store');
    expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
    expect(reply.headers.get('x-frame-options')).toBe('DENY');
    expect(reply.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const problem = await call(lanedUrl, 'GET', '/v1/me/summary');
    expect(problem.type).toBe('application/problem+json; charset=utf-8');
    expect(problem.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('leaves other methods, HEAD, other spellings and unknown paths to Express', async () => {
    const before = fastLaneServed;
    const head = await fetch(`${lanedUrl}/v1/disclosure`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const slash = await call(lanedUrl, 'GET', '/v1/disclosure/');
    expect(slash.status).toBe(200);
    const unknown = await call(lanedUrl, 'GET', '/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    const badEscape = await call(lanedUrl, 'GET', '/v1/employer/staff/%E0%A4%A/contributions', {
      key: kioskKey,
      token: tokens['employer'],
    });
    expect(badEscape.status).toBe(400);
    const verify = await call(lanedUrl, 'POST', '/v1/certificates/verify', {
      body: { serial: 'X', checkCode: 'Y' },
    });
    expect(verify.status).toBe(200);
    expect(fastLaneServed).toBe(before);
  });
});
