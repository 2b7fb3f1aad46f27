// Formatting per language: one money format each, amounts that never break, times in the agency's zone.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIME_ZONE,
  formatDateTime,
  formatDateTimeInList,
  formatMoney,
  formatMonthName,
  formatMonthShort,
  resolvedTimeZone,
  resolveTimeZone,
  timeZoneName,
} from './i18n.ts';

describe('formatMoney', () => {
  it('has one format per language, grouped from the thousands', () => {
    expect(formatMoney(799476, 'es')).toBe('7.994,76\u00a0CNY');
    expect(formatMoney(1068108, 'es')).toBe('10.681,08\u00a0CNY');
    expect(formatMoney(799476, 'en')).toBe('CNY\u00a07,994.76');
    expect(formatMoney(799476, 'zh-CN')).toBe('7,994.76元');
    expect(formatMoney(0, 'zh-CN')).toBe('0.00元');
  });

  it('keeps the minus sign with its amount (U+2212, no breakable space)', () => {
    for (const lang of ['es', 'en', 'zh-CN'] as const) {
      const text = formatMoney(-12345, lang);
      expect(text.startsWith('\u2212')).toBe(true);
      expect(text).not.toMatch(/[ -]/);
    }
  });
});

describe('times in the agency zone', () => {
  it('shows a UTC instant in China time with the zone named', () => {
    // 19:14 UTC is 03:14 the next day in Asia/Shanghai.
    const text = formatDateTime('2026-03-04T19:14:00Z', 'en');
    expect(text).toContain('March 5, 2026');
    expect(text).toContain('3:14');
    expect(text).toContain('China Standard Time');
    expect(formatDateTime('2026-03-04T19:14:00Z', 'zh-CN')).toContain('中国标准时间');
  });

  it('uses another zone when the agency sets one, and the default for nonsense', () => {
    expect(formatDateTime('2026-03-04T19:14:00Z', 'en', 'Europe/Madrid')).toContain('8:14');
    expect(resolveTimeZone('Not/AZone')).toBe(DEFAULT_TIME_ZONE);
    expect(resolveTimeZone('"><b>')).toBe(DEFAULT_TIME_ZONE);
    expect(resolveTimeZone(undefined)).toBe(DEFAULT_TIME_ZONE);
    expect(resolveTimeZone('Europe/Madrid')).toBe('Europe/Madrid');
    // A zone resolved elsewhere is checked for its form only; anything else is the default.
    expect(resolvedTimeZone('Europe/Madrid')).toBe('Europe/Madrid');
    expect(resolvedTimeZone('"><b>')).toBe(DEFAULT_TIME_ZONE);
    expect(resolvedTimeZone(undefined)).toBe(DEFAULT_TIME_ZONE);
  });

  it('names months per locale on charts', () => {
    expect(formatMonthShort('2024-11', 'en')).toBe('Nov 24');
    expect(formatMonthShort('2024-11', 'zh-CN')).toBe('24年11月');
    expect(formatMonthShort('2024-11', 'es')).not.toContain('24-11');
  });

  it('in a list, leaves the zone out of each time and names it once', () => {
    const text = formatDateTimeInList('2026-03-04T19:14:00Z', 'en');
    expect(text).toContain('Mar 5, 2026');
    expect(text).toContain('3:14');
    expect(text).not.toContain('China');
    expect(timeZoneName('en')).toBe('China Standard Time');
    expect(timeZoneName('zh-CN')).toBe('中国标准时间');
    expect(timeZoneName('es', 'Europe/Madrid', new Date('2026-01-15T12:00:00Z'))).toMatch(/Europa central/i);
  });

  it('names a month alone where the year is said nearby', () => {
    expect(formatMonthName('2024-11', 'en')).toBe('Nov');
    expect(formatMonthName('2024-11', 'zh-CN')).toBe('11月');
    expect(formatMonthName('2024-11', 'es')).toMatch(/^nov/);
  });
});
