// The rights answers (issue 12) from the agreed shapes: the year's statement totals and the last five accesses,
// in words a caller understands — never a full ID number, a failed login said as such.
import { describe, expect, it } from 'vitest';
import { IVR } from '../../shared/src/messages/ivr.ts';
import { speakAmount, speakCount, spokenText } from '../../shared/src/speech.ts';
import { accessLogAnswer, ACCESS_LOG_ENTRIES, statementAnswer } from './answers.ts';
import type { AccessLog, Statement } from '@consulta/shared';

const text = (answer: ReturnType<typeof statementAnswer>) => answer.map((s) => spokenText(s)).join(' ');

const AS_OF = '2026-11-28T00:00:00Z';
const account = (closingBalance: number) => ({ openingBalance: 0, accrual: 0, interest: 0, closingBalance });

describe('statementAnswer', () => {
  const st: Statement = {
    year: 2025,
    totals: {
      monthsPaid: 10,
      amountPaid: 1_234_500,
      employerPart: 800_000,
      individualPart: 434_500,
      monthsInArrears: 2,
      arrearsAmount: 45_600,
    },
    accounts: { pension: account(8_000_000), medical: account(120_050) },
    asOf: '2026-11-28T00:00:00Z',
  };
  it('reads the totals, the arrears and both accounts at the end of the year, in each language', () => {
    for (const lang of ['es', 'en', 'zh-CN'] as const) {
      const said = text(statementAnswer(st, lang));
      expect(said).toContain(
        IVR[lang].statement.paid(2025, speakCount(10, 'month', lang), speakAmount(1_234_500, lang)),
      );
      expect(said).toContain(
        IVR[lang].statement.arrears(speakCount(2, 'month', lang), speakAmount(45_600, lang)),
      );
      expect(said).toContain(speakAmount(8_000_000, lang));
      expect(said).toContain(speakAmount(120_050, lang));
    }
  });
  it('says so when there is no statement or no totals', () => {
    expect(text(statementAnswer(null, 'en'))).toBe(IVR.en.statement.none);
    expect(text(statementAnswer({ year: 2025, asOf: AS_OF }, 'en'))).toBe(IVR.en.statement.none);
  });
});

describe('accessLogAnswer', () => {
  const item = (at: string, over: Partial<AccessLog['items'][number]> = {}): AccessLog['items'][number] => ({
    at,
    channel: 'phone',
    who: { kind: 'self' },
    category: 'contributions',
    outcome: 'ok',
    ...over,
  });
  it('reads the last five, newest first, who in words, refusals and failed logins said', () => {
    const log: AccessLog = {
      asOf: AS_OF,
      items: [
        item('2026-01-01T10:00:00Z'),
        item('2026-03-01T10:00:00Z', {
          channel: 'kiosk',
          who: { kind: 'delegate', maskedId: '110105********1234' },
        }),
        item('2026-04-01T10:00:00Z', { who: { kind: 'unknown' }, category: 'login', outcome: 'wrong_pin' }),
        item('2026-05-01T10:00:00Z', { channel: 'web', who: { kind: 'employer', unitName: 'Acme' } }),
        item('2026-06-01T10:00:00Z', { channel: 'counter', who: { kind: 'agency' }, category: 'benefits' }),
        item('2026-07-01T10:00:00Z', { channel: 'kiosk' }),
        item('2025-07-01T10:00:00Z'),
      ],
    };
    const answer = accessLogAnswer(log, 'en');
    expect(answer).toHaveLength(1 + ACCESS_LOG_ENTRIES);
    const said = text(answer);
    expect(said.indexOf('July 1, 2026')).toBeLessThan(said.indexOf('June 1, 2026'));
    expect(said).not.toContain('January 1, 2026');
    expect(said).toContain('at the counter: agency staff, benefits.');
    expect(said).toContain('the employer Acme');
    expect(said).toContain('someone who did not log in, refused, a login.');
    expect(said).toContain('your representative, ID ending in 1 2 3 4');
    expect(said).not.toContain('110105');
    expect(text(accessLogAnswer({ items: [], asOf: AS_OF }, 'zh-CN'))).toBe(IVR['zh-CN'].accessLog.none);
  });
});
