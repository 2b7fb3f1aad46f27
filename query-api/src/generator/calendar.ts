// Months as integers (year * 12 + month - 1) inside the generator; text 'YYYY-MM' / 'YYYY-MM-DD' only at the
// edge, from precomputed tables, because the generator formats hundreds of millions of them.

export function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

export function parseMonth(text: string): number {
  const [y, m] = text.split('-').map(Number);
  return monthIndex(y ?? 0, m ?? 1);
}

export function yearOf(m: number): number {
  return Math.floor(m / 12);
}

export function monthOfYear(m: number): number {
  return (m % 12) + 1;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
export const DAY_TEXT: readonly string[] = Array.from({ length: 32 }, (_, d) => pad2(d));

const monthTextCache = new Map<number, string>();
export function monthText(m: number): string {
  let text = monthTextCache.get(m);
  if (text === undefined) {
    text = `${yearOf(m)}-${pad2(monthOfYear(m))}`;
    monthTextCache.set(m, text);
  }
  return text;
}

export function daysInMonth(m: number): number {
  return new Date(Date.UTC(yearOf(m), monthOfYear(m), 0)).getUTCDate();
}

export function dateText(m: number, day: number): string {
  return `${monthText(m)}-${DAY_TEXT[Math.min(day, daysInMonth(m))]}`;
}

export function lastDayText(m: number): string {
  return dateText(m, daysInMonth(m));
}
