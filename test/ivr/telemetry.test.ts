// Issue 9, "operable", the phone server: JSON log lines with the request id of each webhook (also on the call's
// own lines), nothing personal in them during a whole call (no caller number, national id, PIN, keys, record
// content); /metrics with webhooks by route and status, latency and the active calls, 403 for other machines
// without METRICS_TOKEN; /healthz and /readyz (the call store and the query API answer).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type RunningApi } from '../../query-api/src/app.ts';
import { startIvr, type RunningIvr } from '../../ivr-server/src/app.ts';
import { CallSimulator } from '../../ivr-server/src/call/simulator.ts';
import { IvrTelemetry, createLogger, metricsAllowed } from '../../ivr-server/src/telemetry.ts';
import {
  copyDataDir,
  demoInsured,
  insuredLoginKeys,
  readCredentials,
  type DemoCredentials,
} from './harness.ts';

const METRICS_TOKEN = randomBytes(16).toString('hex');
const CALLER = '+34612345678';
let data: { dir: string; remove: () => void };
let creds: DemoCredentials;
let api: RunningApi;
let apiOpen = true;
let ivr: RunningIvr;
let port = 0;
const authToken = randomBytes(16).toString('hex');
const logged: string[] = [];

beforeAll(async () => {
  data = copyDataDir(inject('demoDataDir'));
  creds = readCredentials(data.dir);
  api = await startApi({ dataDir: data.dir, port: 0 });
  const phoneKey = creds.clients.find((c) => c.channel === 'phone')?.key ?? '';
  ivr = await startIvr({
    apiUrl: api.url,
    clientKey: phoneKey,
    authToken,
    host: '0.0.0.0',
    publicBaseUrl: 'https://hotline.example.org',
    apiTimeoutMs: 8000,
    telemetry: new IvrTelemetry({
      logger: createLogger({ write: (line: string) => void logged.push(line) }, 'info'),
      metricsToken: METRICS_TOKEN,
    }),
  });
  port = Number(new URL(ivr.url).port);
});
afterAll(async () => {
  await ivr?.close();
  if (apiOpen) await api?.close();
  data?.remove();
});

const local = () => `http://127.0.0.1:${port}`;
const lines = () => logged.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the phone server operable', () => {
  it('logs a whole call with request ids and nothing personal; /metrics counts it', async () => {
    const p = demoInsured(creds, 'worker-arrears');
    const call = new CallSimulator({
      ivrUrl: local(),
      publicBaseUrl: 'https://hotline.example.org',
      authToken,
      from: CALLER,
    });
    await call.start();
    const during = await (await fetch(`${local()}/metrics`)).text();
    expect(during).toMatch(/consulta_ivr_active_calls 1/);
    for (const key of [...insuredLoginKeys('en', p.nationalId, p.pin), '1']) await call.input(key);
    const heard = call.heardText();
    expect(heard).toMatch(/yuan/);
    await call.finish('completed');

    // One request line per webhook, and the call's own lines carry the same request ids.
    const requests = lines().filter((l) => l.msg === 'request' && String(l.route).startsWith('/ivr/'));
    expect(requests.length).toBeGreaterThanOrEqual(call.sent.length);
    const ids = new Set(requests.map((l) => l.reqId));
    const callLines = lines().filter((l) => String(l.msg).startsWith(`call ${call.callSid.slice(-6)}`));
    expect(callLines.length).toBeGreaterThan(3);
    for (const l of callLines) expect(ids.has(l.reqId), String(l.msg)).toBe(true);

    const text = logged.join('');
    const amounts = heard.match(/\d[\d,.]*\d yuan/g) ?? [];
    for (const secret of [CALLER, CALLER.slice(1), p.nationalId, p.pin, p.name, call.callSid, ...amounts])
      expect(text.includes(secret), `the log holds …${secret.slice(-3)}`).toBe(false);
    expect(text).not.toMatch(/Digits|SpeechResult|From|\?t=/);

    const metrics = await (await fetch(`${local()}/metrics`)).text();
    expect(metrics).toMatch(/consulta_ivr_active_calls 0/);
    expect(metrics).toMatch(/consulta_ivr_http_requests_total\{route="\/ivr\/input",status="200"\} [1-9]/);
    expect(metrics).toMatch(/consulta_ivr_http_request_duration_seconds_count\{route="\/ivr\/voice"\} 1/);
  });

  it('refuses /metrics to other machines without METRICS_TOKEN; probes answer unsigned', async () => {
    const other = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (other) {
      const url = `http://${other}:${port}/metrics`;
      expect((await fetch(url)).status).toBe(403);
      expect((await fetch(url, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    }
    // The rule itself, for any address (also where the machine has no other interface).
    const from = (address: string, authorization?: string) =>
      ({
        socket: { remoteAddress: address },
        headers: authorization ? { authorization } : {},
      }) as IncomingMessage;
    expect(metricsAllowed(from('::1'), undefined)).toBe(true);
    expect(metricsAllowed(from('192.168.1.9'), undefined)).toBe(false);
    expect(metricsAllowed(from('192.168.1.9', `Bearer ${METRICS_TOKEN}`), METRICS_TOKEN)).toBe(true);
    expect(metricsAllowed(from('192.168.1.9', 'Bearer nope'), METRICS_TOKEN)).toBe(false);
    expect((await fetch(`${local()}/healthz`)).status).toBe(200);
    const ready = await fetch(`${local()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, callStore: true, queryApi: true });
  });

  it('is not ready when the query API is gone', async () => {
    apiOpen = false;
    await api.close();
    const ready = await fetch(`${local()}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { queryApi: boolean }).queryApi).toBe(false);
    expect((await fetch(`${local()}/healthz`)).status).toBe(200);
  });
});
