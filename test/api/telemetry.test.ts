// Issue 9, "operable", the query API: a JSON log line per request with its request id (echoed in X-Request-Id)
// and nothing personal in it; GET /metrics in the Prometheus format (requests by route template and status,
// latency, query-log writes, logins and lock-outs) for loopback or a bearer METRICS_TOKEN, 403 for anyone else;
// /healthz and /readyz. On the real API over a private copy of the demo data.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../../query-api/src/app.ts';
import { ROUTES } from '../../query-api/src/http/routes.ts';
import { ApiTelemetry, createLogger, metricsAllowed, routeMatcher } from '../../query-api/src/telemetry.ts';
import { copyDemoData, loginBody, spareIdentity } from './helpers.ts';

const METRICS_TOKEN = randomBytes(16).toString('hex');
let data: ReturnType<typeof copyDemoData>;
let api: RunningApi;
let port = 0;
const logged: string[] = [];

beforeAll(async () => {
  data = copyDemoData();
  const logger = createLogger('api', { write: (line: string) => void logged.push(line) }, 'info');
  // On every interface, so that /metrics can be asked from an address that is not loopback.
  api = await startApi({
    dataDir: data.dir,
    port: 0,
    host: '0.0.0.0',
    telemetry: new ApiTelemetry({ routeOf: routeMatcher(ROUTES), logger, metricsToken: METRICS_TOKEN }),
  });
  port = Number(new URL(api.url).port);
});
afterAll(async () => {
  await api?.close();
  data?.remove();
});

const base = () => `http://127.0.0.1:${port}`;
const kioskKey = () => data.creds.clients.find((c) => c.channel === 'kiosk')?.key ?? '';

async function send(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; id: string | null; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'X-Client-Key': kioskKey(), ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(base() + path, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    id: res.headers.get('x-request-id'),
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const lines = () => logged.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('request logs', () => {
  it('a login, a summary and a filtered read: one line each with its request id, and nothing personal', async () => {
    const person = data.creds.insured.find((p) => p.profile === 'worker-arrears');
    if (!person) throw new Error('no demo identity');
    const wrong = await send('POST', '/v1/sessions', { body: { ...loginBody.pin(person), pin: '000000' } });
    expect(wrong.status).toBe(401);
    const ok = await send('POST', '/v1/sessions', { body: loginBody.pin(person) });
    expect(ok.status).toBe(201);
    const token = String(ok.body.token);
    const summary = await send('GET', '/v1/me/summary', { token });
    expect(summary.status).toBe(200);
    const filtered = await send('GET', '/v1/me/contributions?from=2019-01&to=2019-12&pageSize=5', { token });
    expect(filtered.status).toBe(200);
    const staffRef = await send('GET', `/v1/employer/staff/${person.nationalId}/contributions`, { token });
    expect(staffRef.status).toBeGreaterThanOrEqual(400);

    // Our ids: the process's random prefix and a counter, one per request.
    const answers = [wrong, ok, summary, filtered, staffRef];
    expect(new Set(answers.map((a) => a.id)).size).toBe(answers.length);
    for (const answer of answers) {
      expect(answer.id).toMatch(/^[\w-]{12}-[0-9a-z]+$/);
      const line = lines().find((l) => l.reqId === answer.id);
      expect(line, `a log line for ${answer.id}`).toBeDefined();
      expect(line?.status).toBe(answer.status);
    }
    expect(lines().find((l) => l.reqId === filtered.id)?.route).toBe('/v1/me/contributions');
    expect(lines().find((l) => l.reqId === staffRef.id)?.route).toBe(
      '/v1/employer/staff/{ref}/contributions',
    );

    const text = logged.join('');
    const secrets = [
      person.nationalId,
      person.pin,
      '000000',
      person.name,
      token,
      kioskKey(),
      kioskKey().split('.')[1] ?? kioskKey(),
      'from=',
      '2019-01',
      '127.0.0.1',
    ];
    for (const secret of secrets)
      expect(text.includes(secret), `the log holds …${secret.slice(-3)}`).toBe(false);
  });

  it('keeps a load balancer request id, and replaces one that is free text', async () => {
    const lb = randomBytes(16).toString('hex');
    expect((await send('GET', '/healthz', { headers: { 'X-Request-Id': lb } })).id).toBe(lb);
    const person = data.creds.insured[0];
    const smuggled = await send('GET', '/healthz', {
      headers: { 'X-Request-Id': `id-${person?.nationalId}` },
    });
    expect(smuggled.id).not.toContain(person?.nationalId);
    expect(logged.join('')).not.toContain(person?.nationalId);
  });
});

describe('/metrics', () => {
  it('counts requests by route template and status, latency, query-log writes, logins and lock-outs', async () => {
    // Lock a spare identity out: wrong PINs until the API answers 423.
    const spare = spareIdentity(data.creds, 5);
    let status = 0;
    for (let i = 0; i < 30 && status !== 423; i++)
      status = (await send('POST', '/v1/sessions', { body: { ...loginBody.pin(spare), pin: '000001' } }))
        .status;
    expect(status).toBe(423);

    const res = await fetch(`${base()}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
    expect(
      value(/consulta_api_http_requests_total\{route="\/v1\/me\/summary",method="GET",status="200"\} (\d+)/),
    ).toBe(1);
    expect(
      value(
        /consulta_api_http_request_duration_seconds_count\{route="\/v1\/me\/summary",method="GET"\} (\d+)/,
      ),
    ).toBe(1);
    expect(value(/consulta_api_query_log_write_seconds_count\{kind="batch"\} (\d+)/)).toBeGreaterThan(0);
    expect(value(/consulta_api_logins_total\{outcome="ok"\} (\d+)/)).toBe(1);
    expect(value(/consulta_api_logins_total\{outcome="wrong"\} (\d+)/)).toBeGreaterThanOrEqual(2);
    expect(value(/consulta_api_logins_total\{outcome="locked"\} (\d+)/)).toBe(1);
    expect(value(/consulta_api_lockouts_total (\d+)/)).toBe(1);
    // No values in labels: only templates.
    expect(text).not.toMatch(/route="[^"]*\d{6}/);
  });

  it('refuses other machines with 403 unless they present METRICS_TOKEN', async () => {
    const other = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (other) {
      const url = `http://${other}:${port}/metrics`;
      expect((await fetch(url)).status).toBe(403);
      expect((await fetch(url, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(403);
      const allowed = await fetch(url, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain('consulta_api_http_requests_total');
    }
    // The rule itself, for any address (also where the machine has no other interface).
    const from = (address: string, authorization?: string) =>
      ({
        socket: { remoteAddress: address },
        headers: authorization ? { authorization } : {},
      }) as IncomingMessage;
    expect(metricsAllowed(from('127.0.0.1'), undefined)).toBe(true);
    expect(metricsAllowed(from('::ffff:127.0.0.1'), undefined)).toBe(true);
    expect(metricsAllowed(from('10.1.2.3'), undefined)).toBe(false);
    expect(metricsAllowed(from('10.1.2.3', 'Bearer '), undefined)).toBe(false);
    expect(metricsAllowed(from('10.1.2.3', `Bearer ${METRICS_TOKEN}`), METRICS_TOKEN)).toBe(true);
    expect(metricsAllowed(from('::ffff:10.1.2.3', `Bearer x${METRICS_TOKEN}`), METRICS_TOKEN)).toBe(false);
  });
});

describe('probes', () => {
  it('/healthz is alive; /readyz says the stores answer and the log is writable', async () => {
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { ready: boolean }).ready).toBe(true);
  });
});
