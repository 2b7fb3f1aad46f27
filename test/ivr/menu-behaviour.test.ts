// How the hotline behaves as a serious phone menu, end to end: signatures (403), unknown calls and stale steps
// (nothing changes, nothing is disclosed), Twilio's retries (nothing doubles), silence and invalid keys (three,
// then the agent or a goodbye), *, 9 and 0 from every menu, wrong PINs to lock-out, the API stopped or hanging
// mid-call (an apology and the agent), and the API session ended by the status callback.
import { createServer, type Server } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startIvr } from '../../ivr-server/src/app.ts';
import { CallSimulator } from '../../ivr-server/src/call/simulator.ts';
import { keysForUnitNumber } from '../../ivr-server/src/menu/states.ts';
import { IVR } from '../../shared/src/messages/ivr.ts';
import { speakWait } from '../../shared/src/speech.ts';
import {
  copyDataDir,
  employerLoginKeys,
  insuredLoginKeys,
  startHotline,
  type DemoCredentials,
  type Hotline,
  demoInsured,
  phoneSessions,
} from './harness.ts';

const AGENT = '+34910000000';
const en = IVR.en;

let data: { dir: string; remove: () => void };
let h: Hotline;
let creds: DemoCredentials;

beforeAll(async () => {
  data = copyDataDir(inject('demoDataDir'));
  h = await startHotline(data.dir, { agentNumber: AGENT });
  creds = h.creds;
});
afterAll(async () => {
  await h?.close();
  data?.remove();
});

const insured = (profile = 'worker-arrears') => demoInsured(creds, profile);

describe('signatures', () => {
  it('refuses unsigned and wrongly signed requests with 403 and nothing else', async () => {
    const call = h.newCall();
    const params = call.baseParams();
    for (const path of ['/ivr/voice', '/ivr/input?s=1', '/ivr/noinput?s=1', '/ivr/status', '/ivr/fallback']) {
      const unsigned = await call.post(path, params, { omit: true });
      expect(unsigned).toEqual({ status: 403, body: '' });
      const wrongToken = await call.post(path, params, { token: 'not-the-token' });
      expect(wrongToken).toEqual({ status: 403, body: '' });
      const wrongUrl = await call.post(path, params, { url: `https://elsewhere.example${path}` });
      expect(wrongUrl).toEqual({ status: 403, body: '' });
    }
    // Signed, then a parameter changed on the way.
    const signed = await fetch(`${h.ivr.url}/ivr/voice`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilio.getExpectedTwilioSignature(
          h.authToken,
          `${h.ivr.url}/ivr/voice`,
          params,
        ),
      },
      body: new URLSearchParams({ ...params, From: '+10000000000' }).toString(),
    });
    expect(signed.status).toBe(403);
    expect(h.ivr.ivr.activeCalls()).toBe(0);
  });
});

describe('bad requests', () => {
  it('an oversized or malformed body is a 4xx, never a 500', async () => {
    const big = await fetch(`${h.ivr.url}/ivr/voice`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `CallSid=${'A'.repeat(40_000)}`,
    });
    expect(big.status).toBe(413);
    const call = h.newCall();
    const badSid = await call.post('/ivr/voice', { ...call.baseParams(), CallSid: 'not-a-call' });
    expect(badSid.status).toBe(400);
    const noStep = await call.post('/ivr/input', call.baseParams());
    expect(noStep.status).toBe(404);
  });
});

describe('unknown calls, stale steps and retries', () => {
  it('a request for a call that never began changes nothing and discloses nothing', async () => {
    const before = h.ivr.ivr.activeCalls();
    const stranger = h.newCall();
    const res = await stranger.post('/ivr/input?s=1', { ...stranger.baseParams(), Digits: '2' });
    expect(res.status).toBe(404);
    expect(res.body).not.toMatch(/<Say|<Gather|<Dial/);
    expect((await stranger.post('/ivr/noinput?s=3', stranger.baseParams())).status).toBe(404);
    expect(h.ivr.ivr.activeCalls()).toBe(before);
  });

  it('a request without the current step token changes nothing; a retry of the last step gets the same answer', async () => {
    const call = h.newCall();
    await call.start();
    const first = call.pendingAction ?? '';
    await call.input('2'); // English; now at "who"
    const params = call.baseParams();
    const current = call.pendingAction ?? '';
    expect(current).toMatch(/^\/ivr\/input\?t=[\w-]{22}$/);
    expect(current).not.toBe(first);
    // The step just answered, with another key: not run again.
    const stale = await call.post(first, { ...params, Digits: '3' });
    expect(stale.status).toBe(409);
    expect(stale.body).not.toMatch(/<Say/);
    // Guessed tokens: nothing.
    for (const guess of ['/ivr/input?t=1', '/ivr/input?t=2', '/ivr/input', `${current}x`]) {
      expect((await call.post(guess, { ...params, Digits: '1' })).status).toBe(409);
    }
    // Twilio retrying the request it already made (same token, same input): the same TwiML, no second effect.
    const retry = await call.post(first, { ...params, Digits: '2' });
    expect(retry.status).toBe(200);
    expect(retry.body).toContain(en.who.long);
    // The call is where it was: "1" picks "insured person".
    const from = call.transcript.length;
    await call.input('1');
    expect(call.heardText(from)).toContain(en.nationalId.long);
    // And the first webhook retried now is refused (the call has moved on).
    expect((await call.post('/ivr/voice', params)).status).toBe(409);
    await call.finish();
  });

  it("a retry comes within Twilio's 15 s: the same request later is a replay and is refused", async () => {
    let clock = Date.now();
    const ivr = await startIvr({
      apiUrl: h.apiUrl,
      clientKey: h.phoneKey,
      authToken: h.authToken,
      now: () => new Date(clock),
    });
    try {
      const call = new CallSimulator({ ivrUrl: ivr.url, authToken: h.authToken });
      await call.start();
      const first = call.pendingAction ?? '';
      await call.input('2');
      const params = { ...call.baseParams(), Digits: '2' };
      clock += 10_000;
      expect((await call.post(first, params)).status).toBe(200);
      clock += 6_000;
      const late = await call.post(first, params);
      expect(late.status).toBe(409);
      expect(late.body).not.toMatch(/<Say/);
      // And the first webhook after 15 s is no retry either.
      expect((await call.post('/ivr/voice', call.baseParams())).status).toBe(409);
      await call.finish();
    } finally {
      await ivr.close();
    }
  });

  it('a retried first webhook gets the same menu', async () => {
    const call = h.newCall();
    const first = await call.post('/ivr/voice', call.baseParams());
    const again = await call.post('/ivr/voice', call.baseParams());
    expect(again).toEqual(first);
    await call.finish();
  });
});

describe('silence and invalid answers', () => {
  it('three silences at the language menu: the agent', async () => {
    const call = await h.call(['', '']);
    expect(call.waiting).toBe(true);
    await call.input('');
    expect(call.endReason).toBe('transferred');
    expect(call.dialed).toBe(AGENT);
    await call.finish();
  });

  it('three invalid keys: the agent, or without one a polite goodbye — never a hang-up mid-menu', async () => {
    const call = await h.call(['2', '7', '7']);
    const from = call.transcript.length;
    await call.input('5');
    expect(call.heardText(from)).toContain(en.tooManyFailures);
    expect(call.dialed).toBe(AGENT);
    await call.finish();

    const noAgent = await startIvr({ apiUrl: h.apiUrl, clientKey: h.phoneKey, authToken: h.authToken });
    try {
      const c = new CallSimulator({ ivrUrl: noAgent.url, authToken: h.authToken });
      await c.start();
      for (const k of ['3', '', '8', '']) await c.input(k);
      // No agent: the caller is offered a call-back, not hung up on.
      expect(c.heardText()).toContain(IVR['zh-CN'].noAgentNow);
      expect(c.heardText()).toContain(IVR['zh-CN'].callback.offer.long);
      expect(c.dialed).toBeNull();
      expect(c.waiting).toBe(true);
      await c.input('#');
      expect(c.heardText()).toContain(IVR['zh-CN'].goodbye);
      expect(c.endReason).toBe('hangup');
      await c.finish();
    } finally {
      await noAgent.close();
    }
  });

  it('re-prompts with the short prompt after a wrong answer, and an invalid ID number is said so', async () => {
    const call = await h.call(['2', '8']);
    expect(call.heardText()).toContain(`${en.invalid} ${en.who.short}`);
    await call.input('1');
    const from = call.transcript.length;
    await call.input('123456789012345678#');
    expect(call.heardText(from)).toContain(en.nationalId.invalid);
    await call.finish();
  });

  it('explains letter entry only after a failed unit number, and a number with letters still reaches the login', async () => {
    // Demo unit numbers are digits: the first prompt leaves letters out.
    const call = await h.call(['2', '2']);
    expect(call.heardText()).toContain(en.unitNumber.long);
    expect(call.heardText()).not.toContain(en.unitNumber.short);
    let from = call.transcript.length;
    await call.input('1234#');
    expect(call.heardText(from)).toContain(`${en.unitNumber.invalid} ${en.unitNumber.short}`);
    // A credit-code-style number from another load, letters typed as * + key + place, goes on to the PIN.
    from = call.transcript.length;
    await call.input(`${keysForUnitNumber('91440303MA5FXK2Q8B')}#`);
    expect(call.heardText(from)).toContain(en.employerPin.long);
    from = call.transcript.length;
    await call.input('123456#');
    expect(call.heardText(from)).toContain(en.wrongCredentials(null));
    await call.finish();
  });

  it('takes spoken answers in the caller language', async () => {
    const call = await h.call(['say:English please', 'say:employer']);
    expect(call.heardText()).toContain(en.unitNumber.long);
    await call.finish();
  });
});

describe('*, 9 and 0 from every menu after login', () => {
  const worker = () => insured('worker-arrears');

  it('insured main menu and answers', async () => {
    const p = worker();
    const call = await h.call(insuredLoginKeys('en', p.nationalId, p.pin));
    let from = call.transcript.length;
    await call.input('9');
    expect(call.heardText(from)).toContain(en.insuredMenu.long);
    from = call.transcript.length;
    await call.input('*');
    expect(call.heardText(from)).toContain(en.insuredMenu.long);
    // In an answer: 9 repeats the same answer, * goes back to the menu.
    from = call.transcript.length;
    await call.input('3');
    const answer = call.heardText(from);
    from = call.transcript.length;
    await call.input('9');
    expect(call.heardText(from)).toBe(answer);
    from = call.transcript.length;
    await call.input('*');
    expect(call.heardText(from)).toContain(en.insuredMenu.long);
    await call.input('1');
    const sessions = phoneSessions(data.dir);
    await call.input('0');
    expect(call.dialed).toBe(AGENT);
    // The transfer ends the API session at once; the status callback would too.
    expect(phoneSessions(data.dir)).toBe(sessions - 1);
    await call.finish();
  });

  it('employer menu and the employee lookup', async () => {
    const unit = creds.employers.find((e) => e.profile === 'current-employer') ?? creds.employers[0];
    if (!unit) throw new Error('no demo employer');
    const call = await h.call(employerLoginKeys('es', unit.unitNumber, unit.phonePin));
    const es = IVR.es;
    let from = call.transcript.length;
    await call.input('9');
    expect(call.heardText(from)).toContain(es.employerMenu.long);
    await call.input('2');
    from = call.transcript.length;
    await call.input('*'); // * alone at the ID prompt: back to the menu
    expect(call.heardText(from)).toContain(es.employerMenu.long);
    await call.input('1');
    from = call.transcript.length;
    await call.input('*');
    expect(call.heardText(from)).toContain(es.employerMenu.long);
    await call.input('0');
    expect(call.dialed).toBe(AGENT);
    await call.finish();
  });
});

describe('wrong PINs and lock-out', () => {
  it('says the attempts left, then that access is locked and when to try again, and offers a call-back', async () => {
    const p = insured('spare-1');
    const wrong = p.pin === '000000' ? '111111' : '000000';
    const call = await h.call(['2', '1', `${p.nationalId.replace(/X$/, '*')}#`, '1']);
    const heard: string[] = [];
    for (let i = 0; i < 6 && call.waiting; i++) {
      const from = call.transcript.length;
      await call.input(`${wrong}#`);
      heard.push(call.heardText(from));
    }
    expect(heard[0]).toMatch(/not correct\. You have \d+ attempts? left/);
    const locked = heard.find((t) => t.includes('locked. You can try again in'));
    expect(locked).toBeDefined();
    expect(locked).toContain(en.locked(speakWait(15, 'en')));
    // Retries get the short prompt, which still says how to go back to the ID number and what to do if forgotten.
    expect(heard[1]).toContain(en.pin.short);
    expect(heard[1]).toContain(en.pin.forgot);
    // Not hung up on: a call-back can be left instead.
    expect(locked).toContain(en.callback.offer.long);
    expect(call.waiting).toBe(true);
    await call.input('#');
    expect(call.endReason).toBe('hangup');
    await call.finish();
    // Even the right PIN is refused now, and the caller is told so.
    const again = await h.call(insuredLoginKeys('en', p.nationalId, p.pin).slice(0, -1));
    const from = again.transcript.length;
    await again.input(`${p.pin}#`);
    expect(again.heardText(from)).toContain('locked');
    await again.finish();
  });
});

describe('logs', () => {
  it('hold no ID number, PIN or record content', async () => {
    const p = insured('flexible');
    const call = await h.call([...insuredLoginKeys('en', p.nationalId, p.pin), '1', '5', '*', '3']);
    await call.finish();
    expect(h.logLines.length).toBeGreaterThan(0);
    const all = h.logLines.join('\n');
    expect(all).not.toContain(p.nationalId);
    expect(all).not.toContain(p.nationalId.slice(-6));
    expect(all).not.toContain(p.pin);
    expect(all).not.toMatch(/yuan|元|\d{4}-\d{2}/);
  });
});

describe('the call ends, whatever way', () => {
  it('the status callback ends the API session and forgets the call', async () => {
    const p = insured('retiree');
    const before = phoneSessions(data.dir);
    const calls = h.ivr.ivr.activeCalls();
    const call = await h.call(insuredLoginKeys('en', p.nationalId, p.pin));
    expect(phoneSessions(data.dir)).toBe(before + 1);
    expect(h.ivr.ivr.activeCalls()).toBe(calls + 1);
    await call.finish('completed'); // the caller hung up mid-menu
    expect(phoneSessions(data.dir)).toBe(before);
    expect(h.ivr.ivr.activeCalls()).toBe(calls);
    // A late status callback for the same call changes nothing.
    const late = await call.post('/ivr/status', { ...call.baseParams(), CallStatus: 'completed' });
    expect(late.status).toBe(204);
  });
});

describe('call state expiry', () => {
  it('forgets an idle call and ends its API session', async () => {
    let clock = Date.now();
    const ivr = await startIvr({
      apiUrl: h.apiUrl,
      clientKey: h.phoneKey,
      authToken: h.authToken,
      now: () => new Date(clock),
      callIdleMs: 10 * 60_000,
    });
    try {
      const p = insured('retiree');
      const call = new CallSimulator({ ivrUrl: ivr.url, authToken: h.authToken });
      await call.start();
      for (const k of insuredLoginKeys('en', p.nationalId, p.pin)) await call.input(k);
      const sessions = phoneSessions(data.dir);
      clock += 11 * 60_000;
      // Any request sweeps: the idle call is gone, its session ended, and its next key changes nothing.
      const other = new CallSimulator({ ivrUrl: ivr.url, authToken: h.authToken });
      await other.start();
      await new Promise((r) => setTimeout(r, 100));
      expect(phoneSessions(data.dir)).toBe(sessions - 1);
      expect(ivr.ivr.activeCalls()).toBe(1);
      await call.input('2');
      expect(call.lastStatus).toBe(404);
      expect(call.heardText()).not.toMatch(/yuan/);
      await other.finish();
    } finally {
      await ivr.close();
    }
  });
});

describe('the API down or slow', () => {
  it('an API that does not answer: an apology and the agent within the short timeout', async () => {
    const hanging: Server = createServer(() => undefined);
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', () => r()));
    const port = (hanging.address() as { port: number }).port;
    const ivr = await startIvr({
      apiUrl: `http://127.0.0.1:${port}`,
      clientKey: h.phoneKey,
      authToken: h.authToken,
      agentNumber: AGENT,
      apiTimeoutMs: 300,
    });
    try {
      const p = insured('retiree');
      const call = new CallSimulator({ ivrUrl: ivr.url, authToken: h.authToken });
      await call.start();
      for (const k of insuredLoginKeys('es', p.nationalId, p.pin).slice(0, -1)) await call.input(k);
      const started = Date.now();
      await call.input(`${p.pin}#`);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(call.heardText()).toContain(IVR.es.apiDown);
      expect(call.dialed).toBe(AGENT);
      await call.finish();
    } finally {
      await ivr.close();
      hanging.close();
    }
  });

  it("Twilio's fallback URL: an apology in the caller's language and the agent, and the session ends", async () => {
    const p = insured('flexible');
    const call = await h.call(insuredLoginKeys('es', p.nationalId, p.pin));
    const sessions = phoneSessions(data.dir);
    const res = await call.post('/ivr/fallback', { ...call.baseParams(), ErrorCode: '11200' });
    expect(res.status).toBe(200);
    expect(res.body).toContain(IVR.es.apiDown);
    expect(res.body).toContain(`<Dial>${AGENT}</Dial>`);
    expect(phoneSessions(data.dir)).toBe(sessions - 1);
    // The call has ended here: its next key changes nothing.
    await call.input('2');
    expect(call.lastStatus).toBe(410);
    await call.finish();
  });

  it('the API stopped mid-call: an apology and the agent, not silence', async () => {
    const p = insured('unemployed');
    const call = await h.call(insuredLoginKeys('zh-CN', p.nationalId, p.pin));
    await h.stopApi();
    const from = call.transcript.length;
    await call.input('1');
    expect(call.heardText(from)).toContain(IVR['zh-CN'].apiDown);
    expect(call.heardText(from)).toContain(IVR['zh-CN'].transferring);
    expect(call.dialed).toBe(AGENT);
    await call.finish();
  });
});
