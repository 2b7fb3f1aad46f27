// Languages and locale-aware formatting of money, months and dates for display (kiosk, web, certificates).
import { DEFAULT_REGION_PROFILE, type RegionProfile } from './ids.ts';

export const LANGUAGES = ['es', 'en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'es';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Formats integer minor units as a currency amount, e.g. 123456 fen → "¥1,234.56" (en). */
export function formatMoney(
  minor: number,
  lang: Language,
  profile: RegionProfile = DEFAULT_REGION_PROFILE,
): string {
  return new Intl.NumberFormat(lang, { style: 'currency', currency: profile.currency }).format(
    minor / profile.minorUnits,
  );
}

/** "2024-03" → "March 2024" / "marzo de 2024" / "2024年3月". */
export function formatMonth(month: string, lang: Language): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)),
  );
}

/** "2024-03-05" → a long date in the language. */
export function formatDate(date: string, lang: Language): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(lang, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)));
}

/** An ISO timestamp as date and time, for "information as of …". */
export function formatDateTime(iso: string, lang: Language): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}

export function formatNumber(n: number, lang: Language): string {
  return new Intl.NumberFormat(lang).format(n);
}
