// The kiosk's catalogue against the contract: every problem code the API can return has its own title and text
// in every language, and no text a person reads looks like an identifier.
import { describe, expect, it } from 'vitest';
import { problem } from '../api.ts';
import { SUBSIDY_KINDS, WITHHELD_FIELDS } from '../domain.ts';
import { LANGUAGES } from '../i18n.ts';
import { KIOSK_MESSAGES } from './kiosk.ts';
import { KIOSK_RIGHTS_MESSAGES } from './kiosk-rights.ts';

const CODES = [...problem.shape.code.options, 'network'] as const;
/** snake_case words and dotted paths (person.nationalId): developer text, never for people. */
const IDENTIFIER = /\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+\.[a-z]+[A-Z][A-Za-z]*\b|\/v1\//;

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') {
    const out = (value as (...a: unknown[]) => unknown)('2024', '2025', '3', '4');
    return typeof out === 'string' ? [out] : [];
  }
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('kiosk messages', () => {
  it('the API has problem codes to walk (read from the shared contract)', () => {
    expect(CODES.length).toBeGreaterThan(10);
    expect(CODES).toContain('authorization_expired');
  });

  it.each(LANGUAGES)('%s: every problem code has its own title and text', (lang) => {
    const problems = KIOSK_MESSAGES[lang].errors.problems;
    for (const code of CODES) {
      expect(problems[code]?.title, `${lang} ${code}`).toBeTruthy();
      expect(problems[code]?.text, `${lang} ${code}`).toBeTruthy();
    }
    const texts = CODES.map((code) => problems[code].text);
    expect(new Set(texts).size, `${lang}: a text shared by two codes`).toBe(texts.length);
    expect(Object.keys(problems).sort()).toEqual([...CODES].sort());
  });

  it.each(LANGUAGES)('%s: withheld fields and subsidy kinds are worded', (lang) => {
    const m = KIOSK_MESSAGES[lang];
    for (const field of WITHHELD_FIELDS) expect(m.disclosure.withheldField[field]).toBeTruthy();
    for (const kind of SUBSIDY_KINDS) expect(m.contributions.subsidyKind[kind]).toBeTruthy();
  });

  it.each(LANGUAGES)('%s: no text looks like an identifier', (lang) => {
    const found = [...strings(KIOSK_MESSAGES[lang]), ...strings(KIOSK_RIGHTS_MESSAGES[lang])].filter((s) =>
      IDENTIFIER.test(s),
    );
    expect(found).toEqual([]);
  });

  it('the identifier check catches what it is for', () => {
    for (const bad of ['flexible_employment', 'person.nationalId (full)', 'POST /v1/certificates/verify'])
      expect(IDENTIFIER.test(bad), bad).toBe(true);
    for (const ok of ['CNY 1,234.56', '1.234,56 CNY', 'e.g. a name', 'www', '2024年3月'])
      expect(IDENTIFIER.test(ok), ok).toBe(false);
  });

  it.each(LANGUAGES)('%s: other people\'s records never say "your part" or "your record"', (lang) => {
    const m = KIOSK_MESSAGES[lang];
    expect(m.contributions.individualPartOther).not.toMatch(/your|su |您/i);
    expect(m.menu.titleDelegate).not.toBe(m.menu.title);
    expect(m.employer.individualPart).not.toMatch(/your|su |您/i);
  });
});
