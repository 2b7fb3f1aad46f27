// How the phone says things: amounts, months, dates, counts, periods and codes, per language, written the way a
// text-to-speech voice reads them naturally ("2024-03" must not come out as "two thousand twenty-four minus three").
// Plain TypeScript with fixed word tables (no Intl): what a caller hears must not depend on the host's ICU data.
import type { Language } from './i18n.ts';

/** A piece of speech: plain words, or a code to be read digit by digit (`<say-as interpret-as="digits">`). */
export type SpokenPart = string | { digits: string };
export type Spoken = SpokenPart[];

const MONTHS: Record<Language, readonly string[]> = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  es: [
    'enero',
    'febrero',
    'marzo',
    'abril',
    'mayo',
    'junio',
    'julio',
    'agosto',
    'septiembre',
    'octubre',
    'noviembre',
    'diciembre',
  ],
  'zh-CN': ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'],
};

/** Singular and plural of the units the phone counts in. Chinese has no plural, so both forms are the same. */
const UNITS = {
  month: { en: ['month', 'months'], es: ['mes', 'meses'], 'zh-CN': ['个月', '个月'] },
  year: { en: ['year', 'years'], es: ['año', 'años'], 'zh-CN': ['年', '年'] },
  minute: { en: ['minute', 'minutes'], es: ['minuto', 'minutos'], 'zh-CN': ['分钟', '分钟'] },
  hour: { en: ['hour', 'hours'], es: ['hora', 'horas'], 'zh-CN': ['小时', '小时'] },
  person: { en: ['person', 'people'], es: ['persona', 'personas'], 'zh-CN': ['人', '人'] },
  yuan: { en: ['yuan', 'yuan'], es: ['yuan', 'yuanes'], 'zh-CN': ['元', '元'] },
  fen: { en: ['fen', 'fen'], es: ['céntimo', 'céntimos'], 'zh-CN': ['分', '分'] },
} as const satisfies Record<string, Record<Language, readonly [string, string]>>;
export type SpokenUnit = keyof typeof UNITS;

/**
 * A whole number as a voice reads it best: English with thousands separators ("12,345"), Spanish and Chinese as
 * plain digits, because "12.345" reads as a decimal to a Spanish voice and Chinese voices read "12345" as 一万二千…
 */
export function speakNumber(n: number, lang: Language): string {
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(n)));
  if (lang !== 'en') return sign + digits;
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "126 months", "1 mes", "126个月". */
export function speakCount(n: number, unit: SpokenUnit, lang: Language): string {
  const [one, many] = UNITS[unit][lang];
  const word = Math.abs(n) === 1 ? one : many;
  return lang === 'zh-CN' ? `${speakNumber(n, lang)}${word}` : `${speakNumber(n, lang)} ${word}`;
}

/**
 * Money in minor units (fen): "1,234 yuan and 56 fen", "1234 yuanes con 56 céntimos", "1234元5角6分".
 * Chinese says the tenths as 角 and a skipped 角 as 零 ("1元零5分"), as a cashier would.
 */
export function speakAmount(minor: number, lang: Language): string {
  const negative = minor < 0;
  const abs = Math.abs(Math.trunc(minor));
  const major = Math.floor(abs / 100);
  const cents = abs % 100;
  let text: string;
  if (lang === 'zh-CN') {
    const jiao = Math.floor(cents / 10);
    const fen = cents % 10;
    text = major > 0 || cents === 0 ? `${major}元` : '';
    if (jiao > 0) text += `${jiao}角`;
    else if (fen > 0 && major > 0) text += '零';
    if (fen > 0) text += `${fen}分`;
    return negative ? `负${text}` : text;
  }
  const parts: string[] = [];
  if (major > 0 || cents === 0) parts.push(speakCount(major, 'yuan', lang));
  if (cents > 0) parts.push(speakCount(cents, 'fen', lang));
  text = parts.join(lang === 'en' ? ' and ' : ' con ');
  if (!negative) return text;
  return lang === 'en' ? `minus ${text}` : `menos ${text}`;
}

function splitMonth(month: string): [number, number] {
  const match = /^(\d{4})-(\d{2})/.exec(month);
  if (!match) throw new Error(`not a month: ${month}`);
  const m = Number(match[2]);
  if (m < 1 || m > 12) throw new Error(`not a month: ${month}`);
  return [Number(match[1]), m];
}

/** "2024-03" → "March 2024", "marzo de 2024", "2024年3月". */
export function speakMonth(month: string, lang: Language): string {
  const [y, m] = splitMonth(month);
  const name = MONTHS[lang][m - 1] ?? '';
  if (lang === 'en') return `${name} ${y}`;
  if (lang === 'es') return `${name} de ${y}`;
  return `${y}年${m}月`;
}

/** "2024-03-05" → "March 5, 2024", "5 de marzo de 2024", "2024年3月5日". */
export function speakDate(date: string, lang: Language): string {
  const [y, m] = splitMonth(date);
  const day = Number(date.slice(8, 10));
  if (!Number.isInteger(day) || day < 1 || day > 31) throw new Error(`not a date: ${date}`);
  const name = MONTHS[lang][m - 1] ?? '';
  if (lang === 'en') return `${name} ${day}, ${y}`;
  if (lang === 'es') return `${day} de ${name} de ${y}`;
  return `${y}年${m}月${day}日`;
}

/** Years and months: "10 years and 6 months", "10 años y 6 meses", "10年6个月". */
export function speakYearsMonths(totalMonths: number, lang: Language): string {
  const years = Math.floor(totalMonths / 12);
  const months = totalMonths % 12;
  if (lang === 'zh-CN') {
    if (years === 0) return speakCount(months, 'month', lang);
    return months === 0 ? `${years}年` : `${years}年${months}个月`;
  }
  const parts: string[] = [];
  if (years > 0) parts.push(speakCount(years, 'year', lang));
  if (months > 0 || years === 0) parts.push(speakCount(months, 'month', lang));
  return parts.join(lang === 'en' ? ' and ' : ' y ');
}

/**
 * A contribution period: "126 months, that is 10 years and 6 months"; under a year just "8 months".
 */
export function speakPeriod(totalMonths: number, lang: Language): string {
  const count = speakCount(totalMonths, 'month', lang);
  if (totalMonths < 12) return count;
  const ym = speakYearsMonths(totalMonths, lang);
  if (lang === 'en') return `${count}, that is ${ym}`;
  if (lang === 'es') return `${count}, es decir, ${ym}`;
  return `${count}，即${ym}`;
}

/** A wait in minutes, rounded up to whole minutes or hours: "15 minutes", "2 horas", "1小时30分钟". */
export function speakWait(minutes: number, lang: Language): string {
  const total = Math.max(1, Math.ceil(minutes));
  if (total < 60) return speakCount(total, 'minute', lang);
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  const h = speakCount(hours, 'hour', lang);
  if (rest === 0) return h;
  const m = speakCount(rest, 'minute', lang);
  if (lang === 'zh-CN') return h + m;
  return `${h} ${lang === 'en' ? 'and' : 'y'} ${m}`;
}

const LETTER_NAMES: Record<Language, Record<string, string>> = {
  en: { X: 'X' },
  es: { X: 'equis' },
  'zh-CN': { X: 'X' },
};

/** A code read character by character: digit runs as digits, the check letter X by its name in the language. */
export function speakCode(code: string, lang: Language): Spoken {
  const parts: Spoken = [];
  for (const run of code.toUpperCase().match(/\d+|[^\d]/g) ?? []) {
    if (/^\d+$/.test(run)) parts.push({ digits: run });
    else parts.push(LETTER_NAMES[lang][run] ?? run);
  }
  return parts;
}

/**
 * Which of a region's names a language says: the local one in Chinese (成都市), the English one in English and
 * Spanish (Chengdu) — the romanized name is what a Spanish speaker knows the city by too.
 */
export function regionNameIn(name: { local: string; en: string }, lang: Language): string {
  return lang === 'zh-CN' ? name.local : name.en;
}

/**
 * Plain text of a piece of speech, as a transcript shows it and as a voice without SSML (espeak-ng) should read it:
 * codes come out one digit at a time ("1 2 3 4").
 */
export function spokenText(parts: Spoken): string {
  let text = '';
  for (const part of parts) {
    const piece = typeof part === 'string' ? part : part.digits.split('').join(' ');
    if (text && piece && !/\s$/.test(text) && !/^[\s,.;:!?，。；：！？]/.test(piece)) text += ' ';
    text += piece;
  }
  return text.replace(/ +/g, ' ').trim();
}
