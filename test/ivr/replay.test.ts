// Issue 8 §3, tried as an attacker would: Twilio's signature has no timestamp, so whoever captured a call's signed
// webhooks (or holds the auth token) could replay a finished call — logging in again and hearing the record read
// out — or inject keys into a live call by guessing step numbers. Each attack is played here against the real
// phone server and API and must do no harm: no new API session, no record content, nothing run twice.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startIvr } from '../../ivr-server/src/app.ts';
import { CallSimulator } from '../../ivr-server/src/call/simulator.ts';
import { DEV_AUTH_TOKEN } from '../../ivr-server/src/config.ts';
import { copyDataDir, insuredLoginKeys, startHotline, type Hotline } from './harness.ts';

let data: { dir: string; remove: () => void };
let h: Hotline;

beforeAll(async () => {
  data = copyDataDir(inject('demoDataDir'));
  h = await startHotline(data.dir, { agentNumber: '+34910000000' });
});
afterAll(async () => {
  await h?.close();
  data?.remove();
});

function count(sql: string): number {
  const db = new Database(`${data.dir}/operational.sqlite`, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}
const phoneSessions = () => count("SELECT COUNT(*) FROM session WHERE channel = 'phone'");
const logEntries = () => count('SELECT COUNT(*) FROM query_log');

/** A whole call of the worker with arrears: login, the contributions answer, hang up. */
async function finishedCall(): Promise<CallSimulator> {
  const p = h.creds.insured.find((x) => x.profile === 'worker-arrears');
  if (!p) throw new Error('no demo identity');
  const call = await h.call([...insuredLoginKeys('en', p.nationalId, p.pin), '1']);
  expect(call.heardText()).toMatch(/yuan/);
  await call.finish('completed');
  return call;
}

describe('a finished call replayed', () => {
  it('its signed webhooks, replayed in order, start nothing, log nothing in, read nothing out', async () => {
    const call = await finishedCall();
    const webhooks = call.sent.filter((w) => w.path !== '/ivr/status');
    expect(webhooks.length).toBeGreaterThanOrEqual(7);
    const sessions = phoneSessions();
    const entries = logEntries();
    for (const w of webhooks) {
      const res = await call.post(w.path, w.params);
      expect(res.status, w.path).toBe(410);
      expect(res.body).not.toMatch(/<Say|<Gather|<Dial/);
    }
    expect(phoneSessions()).toBe(sessions);
    expect(logEntries()).toBe(entries);
    expect(h.logLines.some((l) => l.includes('after the call ended: refused'))).toBe(true);
  });

  it('replayed to a phone server that has forgotten the call (a restart): only the greeting, then nothing', async () => {
    const call = await finishedCall();
    const fresh = await startIvr({ apiUrl: h.apiUrl, clientKey: h.phoneKey, authToken: h.authToken });
    try {
      const replay = new CallSimulator({ ivrUrl: fresh.url, authToken: h.authToken, callSid: call.callSid });
      const sessions = phoneSessions();
      const entries = logEntries();
      const [voice, ...steps] = call.sent.filter((w) => w.path !== '/ivr/status');
      if (!voice) throw new Error('no first webhook');
      const first = await replay.post(voice.path, voice.params);
      expect(first.status).toBe(200); // a call it never saw: the greeting, nothing personal
      expect(first.body).not.toMatch(/yuan|<Dial/);
      // The captured steps carry the old call's step tokens, which this call never issued.
      for (const w of steps) {
        const res = await replay.post(w.path, w.params);
        expect(res.status, w.path).toBe(409);
        expect(res.body).not.toMatch(/<Say/);
      }
      expect(phoneSessions()).toBe(sessions);
      expect(logEntries()).toBe(entries);
      await replay.finish();
    } finally {
      await fresh.close();
    }
  });

  it('a call that ended by a transfer, a goodbye or the fallback is ended too', async () => {
    const p = h.creds.insured.find((x) => x.profile === 'retiree');
    if (!p) throw new Error('no demo identity');
    const call = await h.call(insuredLoginKeys('es', p.nationalId, p.pin));
    const login = call.sent.at(-1);
    await call.input('#'); // goodbye: the phone hangs up before any status callback
    expect(call.endReason).toBe('hangup');
    const sessions = phoneSessions();
    if (!login) throw new Error('no login webhook');
    expect((await call.post(login.path, login.params)).status).toBe(410);
    expect((await call.post('/ivr/voice', call.baseParams())).status).toBe(410);
    expect((await call.post('/ivr/fallback', call.baseParams())).status).toBe(410);
    expect(phoneSessions()).toBe(sessions);
  });
});

describe('a live call', () => {
  it('cannot be steered by guessing step tokens; each step runs once', async () => {
    const p = h.creds.insured.find((x) => x.profile === 'unemployed');
    if (!p) throw new Error('no demo identity');
    const call = await h.call(insuredLoginKeys('en', p.nationalId, p.pin));
    const params = call.baseParams();
    const entries = logEntries();
    for (let s = 0; s < 40; s++) {
      const guess = await call.post(`/ivr/input?s=${s}&t=${s}`, { ...params, Digits: '1' });
      expect(guess.status).toBe(409);
      expect(guess.body).not.toMatch(/<Say/);
    }
    expect(logEntries()).toBe(entries);
    // The step just answered, sent again with another key: not run again.
    const login = call.sent.at(-1);
    if (!login) throw new Error('no login webhook');
    expect((await call.post(login.path, { ...login.params, Digits: '000000' })).status).toBe(409);
    // The caller's own next key still works.
    const from = call.transcript.length;
    await call.input('1');
    expect(call.heardText(from)).toMatch(/Latest paid month|No paid contribution/);
    await call.finish();
  });
});

describe('the development auth token', () => {
  it('is refused when the server listens on anything but loopback, or Twilio would call from outside', async () => {
    const base = { apiUrl: h.apiUrl, clientKey: h.phoneKey, authToken: DEV_AUTH_TOKEN };
    await expect(startIvr({ ...base, host: '0.0.0.0' })).rejects.toThrow(/development Twilio auth token/);
    await expect(startIvr({ ...base, host: '::' })).rejects.toThrow(/development Twilio auth token/);
    await expect(startIvr({ ...base, publicBaseUrl: 'https://ivr.example.org' })).rejects.toThrow(
      /PUBLIC_BASE_URL/,
    );
    const local = await startIvr(base);
    try {
      const call = new CallSimulator({ ivrUrl: local.url, authToken: DEV_AUTH_TOKEN });
      await call.start();
      expect(call.waiting).toBe(true);
      await call.finish();
    } finally {
      await local.close();
    }
    // A real token may listen anywhere.
    const open = await startIvr({ ...base, authToken: h.authToken, host: '0.0.0.0' });
    await open.close();
  });
});
