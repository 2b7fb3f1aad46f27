// Issue 10 (the phone) as callers meet it, end to end: the short trilingual greeting and the numbers that skip it,
// errors before a choice in all three languages, 0 everywhere (before login too), a call-back offered when no
// agent can answer (no number, outside the hours, or a lock-out), the confirmation heard right when the caller
// says "no", entries that take keys only, and the rights services (issue 12) read out when the API has them.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAgentHours } from '../../ivr-server/src/agent-hours.ts';
import { VOICES } from '../../ivr-server/src/menu/voices.ts';
import { LANGUAGES } from '../../shared/src/i18n.ts';
import { IVR } from '../../shared/src/messages/ivr.ts';
import {
  copyDataDir,
  demoInsured,
  insuredLoginKeys,
  phoneSessions,
  startHotline,
  type Hotline,
} from './harness.ts';

const AGENT = '+34910000000';
const ZH_NUMBER = '+8657100000002';
const en = IVR.en;

let data: { dir: string; remove: () => void };
let withAgent: Hotline;
let noAgent: Hotline;
let closed: Hotline;

beforeAll(async () => {
  data = copyDataDir(inject('demoDataDir'));
  withAgent = await startHotline(data.dir, {
    agentNumber: AGENT,
    languageByNumber: { [ZH_NUMBER]: 'zh-CN' },
  });
  noAgent = await startHotline(data.dir);
  // An agent number, but never staffed at this hour: a one-minute window a day away from now.
  const far = new Date(Date.now() + 12 * 3600_000);
  const hh = String(far.getUTCHours()).padStart(2, '0');
  closed = await startHotline(data.dir, {
    agentNumber: AGENT,
    agentHours: parseAgentHours(`1-7 ${hh}:00-${hh}:01`, 'UTC'),
  });
});
afterAll(async () => {
  for (const h of [withAgent, noAgent, closed]) await h?.close();
  data?.remove();
});

const person = (profile: string) => demoInsured(withAgent.creds, profile);

describe('the greeting', () => {
  it('is one short line per language, each in its voice, and nothing before it', async () => {
    const call = withAgent.newCall();
    await call.start();
    const says = call.transcript.filter((t) => t.kind === 'say');
    expect(says.map((s) => (s.kind === 'say' ? s.text : ''))).toEqual(
      LANGUAGES.map((l) => IVR[l].languageOption),
    );
    expect(says.map((s) => (s.kind === 'say' ? s.voice : ''))).toEqual(LANGUAGES.map((l) => VOICES[l].voice));
    await call.finish();
  });

  it('is skipped on a number with its own language (LANGUAGE_BY_NUMBER): Chinese from the first word', async () => {
    const call = await withAgent.call([], { to: ZH_NUMBER });
    const first = call.transcript.find((t) => t.kind === 'say');
    expect(first?.kind === 'say' && first.text).toBe(IVR['zh-CN'].who.long);
    expect(first?.kind === 'say' && first.voice).toBe(VOICES['zh-CN'].voice);
    await call.finish();
  });

  it('says errors before a choice in all three languages, and the recogniser follows the chosen language', async () => {
    const call = withAgent.newCall();
    await call.start();
    let from = call.transcript.length;
    await call.input('7');
    const heard = call.heardText(from);
    for (const lang of LANGUAGES) expect(heard).toContain(IVR[lang].invalid);
    from = call.transcript.length;
    await call.input('');
    for (const lang of LANGUAGES) expect(call.heardText(from)).toContain(IVR[lang].noInput);
    await call.input('3');
    const gather = await call.post(call.pendingAction ?? '', { ...call.baseParams(), Digits: '8' });
    expect(gather.body).toContain(`language="${VOICES['zh-CN'].gatherLanguage}"`);
    await call.finish();
  });
});

describe('0 for an agent, everywhere', () => {
  const p = () => person('retiree');
  const places: [string, () => string[]][] = [
    ['the language menu', () => []],
    ['who is calling', () => ['2']],
    ['the ID number', () => ['2', '1']],
    ['the confirmation', () => ['2', '1', `${p().nationalId.replace(/X$/, '*')}#`]],
    ['the PIN', () => ['2', '1', `${p().nationalId.replace(/X$/, '*')}#`, '1']],
    ['the employer number', () => ['2', '2']],
    ['the main menu', () => insuredLoginKeys('en', p().nationalId, p().pin)],
    ['an answer', () => [...insuredLoginKeys('en', p().nationalId, p().pin), '1']],
  ];
  for (const [where, keys] of places) {
    it(`at ${where}: transferred`, async () => {
      const call = await withAgent.call(keys());
      await call.input('0');
      expect(call.dialed).toBe(AGENT);
      await call.finish();
    });
  }

  it('before a language is chosen, "transferring" is said in all three', async () => {
    const call = await withAgent.call(['0']);
    for (const lang of LANGUAGES) expect(call.heardText()).toContain(IVR[lang].transferring);
    await call.finish();
  });

  it('without an agent number: a call-back is offered, and * goes back to where the caller was', async () => {
    const call = await noAgent.call(['2', '1']);
    let from = call.transcript.length;
    await call.input('0');
    expect(call.heardText(from)).toContain(`${en.noAgentNow} ${en.callback.offer.long}`);
    expect(call.dialed).toBeNull();
    from = call.transcript.length;
    await call.input('*');
    expect(call.heardText(from)).toContain(en.nationalId.long);
    await call.finish();
  });

  it('outside the agent hours: the same offer, no transfer', async () => {
    const call = await closed.call(['2']);
    await call.input('0');
    expect(call.heardText()).toContain(en.callback.offer.long);
    expect(call.dialed).toBeNull();
    await call.finish();
  });

  it('a hidden number cannot be called back: told so, politely', async () => {
    const call = await noAgent.call(['2', '0'], { from: 'anonymous' });
    const from = call.transcript.length;
    await call.input('1');
    expect(call.heardText(from)).toContain(en.callback.noNumber);
    expect(call.endReason).toBe('hangup');
    await call.finish();
  });

  it('the call-back request is recorded and its reference read digit by digit', async () => {
    const call = await noAgent.call(['1', '0'], { from: '+34600111222' });
    const from = call.transcript.length;
    await call.input('1');
    const said = call.transcript.slice(from).find((t) => t.kind === 'say');
    expect(said?.kind === 'say' && said.digits.length).toBe(1);
    const reference = said?.kind === 'say' ? (said.digits[0] ?? '') : '';
    expect(reference).toMatch(/^\d+$/);
    const again = call.transcript.length;
    await call.input('9');
    expect(call.heardText(again)).toContain(reference.split('').join(' '));
    await call.finish();
  });
});

describe('the confirmation and the entries', () => {
  it('hears "no" in "not correct", "no es correcto", "不对" and "不正确": the ID number is asked again', async () => {
    const p = person('flexible');
    const idKeys = `${p.nationalId.replace(/X$/, '*')}#`;
    const cases: [keyof typeof IVR, string, string][] = [
      ['en', '2', 'not correct'],
      ['es', '1', 'no es correcto'],
      ['es', '1', 'incorrecto'],
      ['zh-CN', '3', '不对'],
      ['zh-CN', '3', '不正确'],
    ];
    for (const [lang, key, said] of cases) {
      const call = await withAgent.call([key, '1', idKeys]);
      const from = call.transcript.length;
      await call.input(`say:${said}`);
      expect(call.heardText(from), said).toContain(IVR[lang].nationalId.long);
      await call.finish();
    }
  });

  it('takes the PIN from keys only: a spoken PIN logs no one in', async () => {
    const p = person('flexible');
    const call = await withAgent.call(insuredLoginKeys('en', p.nationalId, p.pin).slice(0, -1));
    const sessions = phoneSessions(data.dir);
    const res = await call.post(call.pendingAction ?? '', {
      ...call.baseParams(),
      SpeechResult: p.pin.split('').join(' '),
      Confidence: '0.9',
    });
    expect(res.status).toBe(200);
    expect(res.body).toContain(en.invalid);
    expect(res.body).not.toContain(en.insuredMenu.long);
    expect(phoneSessions(data.dir)).toBe(sessions);
    await call.finish();
  });

  it('lets an employer go back from the PIN to the employer number with *', async () => {
    const call = await withAgent.call(['2', '2', '1234567890#']);
    const from = call.transcript.length;
    await call.input('*');
    expect(call.heardText(from)).toContain(en.unitNumber.long);
    await call.finish();
  });
});

describe('the rights services by phone (issue 12), once the API has them', () => {
  it('the yearly statement: totals read out', async () => {
    const p = person('worker-arrears');
    const call = await withAgent.call([...insuredLoginKeys('en', p.nationalId, p.pin), '4']);
    const from = call.transcript.length;
    await call.input('3');
    expect(call.heardText(from)).toMatch(/In \d{4} you paid \d+ months?|No yearly statement/);
    await call.finish();
  });

  it('who looked at the record: the last five read out, this call among them', async () => {
    const p = person('retiree');
    const call = await withAgent.call([...insuredLoginKeys('en', p.nationalId, p.pin), '4']);
    const from = call.transcript.length;
    await call.input('4');
    expect(call.heardText(from)).toContain('by phone: you');
    await call.finish();
  });

  it('a request to check the record, with a call-back: the reference read digit by digit', async () => {
    const p = person('unemployed');
    const call = await withAgent.call([...insuredLoginKeys('es', p.nationalId, p.pin), '4'], {
      from: '+34600111333',
    });
    const from = call.transcript.length;
    await call.input('5');
    const said = call.transcript.slice(from).find((t) => t.kind === 'say');
    expect(said?.kind === 'say' && said.text).toContain(
      'Su solicitud de revisión del registro queda registrada',
    );
    expect(said?.kind === 'say' && said.digits[0]).toMatch(/^\d+$/);
    await call.finish();
  });
});
