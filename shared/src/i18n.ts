// Languages and locale-aware formatting of money, months, dates and times for display (kiosk, web, certificates).
// One money format per language, and times always in the agency's time zone (never the machine's, never UTC).
import { DEFAULT_REGION_PROFILE, type RegionProfile } from './ids.ts';

export const LANGUAGES = ['es', 'en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'es';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The agency's time zone when `AGENCY_TIME_ZONE` is not set. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** What an IANA time zone name looks like ("Asia/Shanghai", "Etc/GMT+8"). */
const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** An IANA time zone name the runtime knows (e.g. from `AGENCY_TIME_ZONE`), else the default. */
export function resolveTimeZone(value: string | null | undefined): string {
  if (!value || !TIME_ZONE_NAME.test(value)) return DEFAULT_TIME_ZONE;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/**
 * A zone already resolved by `resolveTimeZone` in another process (the API writes it into the web page, the
 * kiosk's shell into its settings), checked for its form only, else the default. The renderer uses this at start:
 * asking the runtime loads its time-zone data, the costliest step of the first screen, which shows no time.
 */
export function resolvedTimeZone(value: string | null | undefined): string {
  return value && TIME_ZONE_NAME.test(value) ? value : DEFAULT_TIME_ZONE;
}

const NBSP = '\u00a0';
const MINUS = '\u2212';

/**
 * Integer minor units as an amount, one format per language: "CNY 1,234.56" (en), "1.234,56 CNY" (es, grouped
 * from the thousands as in larger amounts), "1,234.56元" (zh-CN). Spaces are non-breaking and the minus sign is
 * U+2212, so an amount never breaks across lines.
 */
export function formatMoney(
  minor: number,
  lang: Language,
  profile: RegionProfile = DEFAULT_REGION_PROFILE,
): string {
  const digits = Math.max(0, Math.round(Math.log10(profile.minorUnits)));
  const number = new Intl.NumberFormat(lang, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    // 'always' (ES2023): Spanish otherwise leaves four-digit amounts ungrouped. Older lib typings say boolean.
    useGrouping: 'always' as unknown as boolean,
  }).format(Math.abs(minor) / profile.minorUnits);
  const sign = minor < 0 ? MINUS : '';
  if (lang === 'zh-CN')
    return `${sign}${number}${profile.currency === 'CNY' ? '元' : `${NBSP}${profile.currency}`}`;
  if (lang === 'en') return `${sign}${profile.currency}${NBSP}${number}`;
  return `${sign}${number}${NBSP}${profile.currency}`;
}

function monthDate(month: string): Date {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1));
}

/** "2024-03" → "March 2024" / "marzo de 2024" / "2024年3月". */
export function formatMonth(month: string, lang: Language): string {
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    monthDate(month),
  );
}

/** "2024-11" → a short month for chart labels: "Nov 24" / "nov 24" / "24年11月". */
export function formatMonthShort(month: string, lang: Language): string {
  return new Intl.DateTimeFormat(lang, { year: '2-digit', month: 'short', timeZone: 'UTC' }).format(
    monthDate(month),
  );
}

/** "2024-03-05" → a long date in the language (a calendar date: no time zone applies). */
export function formatDate(date: string, lang: Language): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(lang, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)));
}

/**
 * An ISO timestamp as date and time in the agency's time zone, with the zone's name ("China Standard Time",
 * "hora estándar de China", "中国标准时间"), for "information as of", lock-outs and certificates.
 */
export function formatDateTime(iso: string, lang: Language, timeZone: string = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(lang, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: resolveTimeZone(timeZone),
    timeZoneName: 'long',
  }).format(new Date(iso));
}

/** A time of day only (e.g. the end of a lock-out today), in the agency's zone with the zone's name. */
export function formatTime(iso: string, lang: Language, timeZone: string = DEFAULT_TIME_ZONE): string {
  return new Intl.DateTimeFormat(lang, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: resolveTimeZone(timeZone),
    timeZoneName: 'long',
  }).format(new Date(iso));
}

export function formatNumber(n: number, lang: Language): string {
  return new Intl.NumberFormat(lang).format(n);
}

/**
 * Date and time in the agency's zone without the zone's name, for a list whose zone is named once above it
 * (`timeZoneName`): "Dec 2, 2026, 7:48 AM" / "2 dic 2026, 7:48" / "2026年12月2日 07:48".
 */
export function formatDateTimeInList(
  iso: string,
  lang: Language,
  timeZone: string = DEFAULT_TIME_ZONE,
): string {
  return new Intl.DateTimeFormat(lang, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: resolveTimeZone(timeZone),
  }).format(new Date(iso));
}

/** The zone's long name in the language ("China Standard Time", "hora estándar de China", "中国标准时间"). */
export function timeZoneName(lang: Language, timeZone: string = DEFAULT_TIME_ZONE, at = new Date()): string {
  const parts = new Intl.DateTimeFormat(lang, {
    timeZone: resolveTimeZone(timeZone),
    timeZoneName: 'long',
  }).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? resolveTimeZone(timeZone);
}

/** "2024-03" → the month's short name alone, where the year is said nearby: "Mar" / "mar" / "3月". */
export function formatMonthName(month: string, lang: Language): string {
  return new Intl.DateTimeFormat(lang, { month: 'short', timeZone: 'UTC' }).format(monthDate(month));
}
