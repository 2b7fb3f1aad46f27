// What the phone says for amounts, months, dates, periods and codes in each language.
import { describe, expect, it } from 'vitest';
import {
  speakAmount,
  speakCode,
  speakCount,
  speakDate,
  speakMonth,
  speakNumber,
  speakPeriod,
  speakWait,
  speakYearsMonths,
  spokenText,
} from './speech.ts';

describe('speakAmount', () => {
  it('says yuan and fen in English', () => {
    expect(speakAmount(123456, 'en')).toBe('1,234 yuan and 56 fen');
    expect(speakAmount(100, 'en')).toBe('1 yuan');
    expect(speakAmount(5, 'en')).toBe('5 fen');
    expect(speakAmount(0, 'en')).toBe('0 yuan');
    expect(speakAmount(123456789, 'en')).toBe('1,234,567 yuan and 89 fen');
    expect(speakAmount(-250, 'en')).toBe('minus 2 yuan and 50 fen');
  });
  it('says yuanes con céntimos in Spanish (no caller knows "fenes"), with singulars', () => {
    expect(speakAmount(123456, 'es')).toBe('1234 yuanes con 56 céntimos');
    expect(speakAmount(101, 'es')).toBe('1 yuan con 1 céntimo');
    expect(speakAmount(1234500, 'es')).toBe('12345 yuanes');
    expect(speakAmount(0, 'es')).toBe('0 yuanes');
  });
  it('says 元角分 in Chinese, with 零 for a skipped 角', () => {
    expect(speakAmount(123456, 'zh-CN')).toBe('1234元5角6分');
    expect(speakAmount(123450, 'zh-CN')).toBe('1234元5角');
    expect(speakAmount(123405, 'zh-CN')).toBe('1234元零5分');
    expect(speakAmount(123400, 'zh-CN')).toBe('1234元');
    expect(speakAmount(56, 'zh-CN')).toBe('5角6分');
    expect(speakAmount(0, 'zh-CN')).toBe('0元');
  });
});

describe('speakMonth and speakDate', () => {
  it('says a month naturally', () => {
    expect(speakMonth('2024-03', 'en')).toBe('March 2024');
    expect(speakMonth('2024-03', 'es')).toBe('marzo de 2024');
    expect(speakMonth('2024-03', 'zh-CN')).toBe('2024年3月');
    expect(speakMonth('2019-12', 'es')).toBe('diciembre de 2019');
  });
  it('says a date naturally', () => {
    expect(speakDate('2024-03-05', 'en')).toBe('March 5, 2024');
    expect(speakDate('2024-03-05', 'es')).toBe('5 de marzo de 2024');
    expect(speakDate('2024-03-05', 'zh-CN')).toBe('2024年3月5日');
  });
  it('refuses what is not a month or a date', () => {
    expect(() => speakMonth('2024-13', 'en')).toThrow();
    expect(() => speakMonth('March', 'en')).toThrow();
    expect(() => speakDate('2024-03-40', 'en')).toThrow();
  });
});

describe('counts and periods', () => {
  it('says numbers the way each voice reads them best', () => {
    expect(speakNumber(1234567, 'en')).toBe('1,234,567');
    expect(speakNumber(1234567, 'es')).toBe('1234567');
    expect(speakNumber(1234567, 'zh-CN')).toBe('1234567');
  });
  it('counts with singular and plural', () => {
    expect(speakCount(1, 'month', 'en')).toBe('1 month');
    expect(speakCount(2, 'month', 'es')).toBe('2 meses');
    expect(speakCount(25, 'person', 'en')).toBe('25 people');
    expect(speakCount(1, 'person', 'es')).toBe('1 persona');
    expect(speakCount(25, 'person', 'zh-CN')).toBe('25人');
  });
  it('says a contribution period in months and in years and months', () => {
    expect(speakPeriod(126, 'en')).toBe('126 months, that is 10 years and 6 months');
    expect(speakPeriod(126, 'es')).toBe('126 meses, es decir, 10 años y 6 meses');
    expect(speakPeriod(126, 'zh-CN')).toBe('126个月，即10年6个月');
    expect(speakPeriod(120, 'en')).toBe('120 months, that is 10 years');
    expect(speakPeriod(12, 'es')).toBe('12 meses, es decir, 1 año');
    expect(speakPeriod(8, 'en')).toBe('8 months');
    expect(speakPeriod(1, 'es')).toBe('1 mes');
    expect(speakPeriod(0, 'zh-CN')).toBe('0个月');
    expect(speakYearsMonths(13, 'zh-CN')).toBe('1年1个月');
  });
  it('says a wait in minutes or hours', () => {
    expect(speakWait(14.2, 'en')).toBe('15 minutes');
    expect(speakWait(0.1, 'es')).toBe('1 minuto');
    expect(speakWait(90, 'en')).toBe('1 hour and 30 minutes');
    expect(speakWait(120, 'es')).toBe('2 horas');
    expect(speakWait(90, 'zh-CN')).toBe('1小时30分钟');
  });
});

describe('codes', () => {
  it('reads digits as digits and names the check letter', () => {
    expect(speakCode('123X', 'es')).toEqual([{ digits: '123' }, 'equis']);
    expect(speakCode('0042', 'en')).toEqual([{ digits: '0042' }]);
    expect(spokenText(['ending in ', ...speakCode('123x', 'en'), '.'])).toBe('ending in 1 2 3 X.');
    expect(spokenText(['尾号', ...speakCode('0042', 'zh-CN'), '。'])).toBe('尾号 0 0 4 2。');
  });
});
