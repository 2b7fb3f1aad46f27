// The fast paths of the column types (format.ts) are an optimisation only: each must accept nothing its zod type
// refuses and return exactly zod's value. Held here to zod field by field, on the edge cases of every type and on
// random texts built from the characters that matter.
import { describe, expect, it } from 'vitest';
import { ENTITIES, fastPathOf } from './format.ts';

const EDGES = [
  '',
  '0',
  '00',
  '01',
  '1',
  '9',
  '-0',
  '-1',
  '-01',
  '+1',
  ' 1',
  '1 ',
  '1.0',
  '1e3',
  '0x10',
  '１',
  '9999',
  '10000',
  '123456789',
  '1234567890',
  '999999999999999',
  '1000000000000000',
  '-999999999999999',
  '1899',
  '1900',
  '2099',
  '2100',
  '2024-00',
  '2024-01',
  '2024-12',
  '2024-13',
  '2024-1',
  '0000-01',
  '2024-02-29',
  '2023-02-29',
  '1900-02-29',
  '2000-02-29',
  '2024-04-31',
  '2024-04-30',
  '2024-01-00',
  '2024-01-32',
  '0050-01-01',
  '0999-12-31',
  '1000-01-01',
  '9999-12-31',
  '2024-1-01',
  '2024/01/01',
  '202X-01',
  '2X24-01',
  '2024-X1',
  '2024-1X',
  '202X-01-01',
  '2024-01-0X',
  '2024-01-X1',
  ' 024-01-01',
  'F',
  'M',
  'f',
  'X',
  'paid',
  'arrears',
  'late',
  'Paid',
  'pension',
  'medical',
  'contribution',
  'working',
  'active',
  'registration',
  'x'.repeat(100),
  'x'.repeat(101),
  'x'.repeat(300),
  'x'.repeat(301),
  '深圳市',
  '\ud83d\ude00',
  'a,b',
];

/** Random texts from digits, dashes and a few letters, of the lengths the types care about. */
function randomTexts(count: number, seed: number): string[] {
  const alphabet = '0123456789-0123456789-X ';
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state;
  };
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const length = next() % 17;
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[next() % alphabet.length];
    out.push(text);
  }
  // Well-formed months and dates of every day number, so that the calendar checks are reached.
  for (let y = 1896; y <= 2104; y += 4) {
    for (let m = 0; m <= 13; m++) {
      const mm = String(m).padStart(2, '0');
      out.push(`${y}-${mm}`, `${y + 1}-${mm}`);
      for (let d = 0; d <= 32; d++) out.push(`${y}-${mm}-${String(d).padStart(2, '0')}`);
    }
  }
  return out;
}

const types = new Map(
  ENTITIES.flatMap((e) => e.columns.map((c) => [c.type, `${e.name}.${c.name}`] as const)),
);

describe('the fast paths of the column types', () => {
  it('cover the hot columns (ids, amounts, months, dates, statuses)', () => {
    const contributions = ENTITIES.find((e) => e.name === 'contributions');
    expect(contributions?.columns.every((c) => fastPathOf(c.type) !== undefined)).toBe(true);
  });

  it('accept only what zod accepts, with the very value zod returns', () => {
    const texts = [...EDGES, ...randomTexts(20_000, 7)];
    let checked = 0;
    let accepted = 0;
    const disagreements: string[] = [];
    for (const [type, where] of types) {
      const fast = fastPathOf(type);
      if (!fast) continue;
      for (const text of texts) {
        // In place, as the importer reads it: the field inside a line, between other fields.
        const value = fast(`7,${text},x`, 2, 2 + text.length);
        if (value !== fast(text, 0, text.length))
          disagreements.push(`${where} ${JSON.stringify(text)}: in place`);
        if (value === undefined) continue;
        accepted++;
        const zod = type.safeParse(text);
        if (!zod.success || !Object.is(value, zod.data)) {
          disagreements.push(
            `${where} ${JSON.stringify(text)}: fast ${String(value)}, zod ${String(zod.data)}`,
          );
        }
      }
      checked++;
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBeGreaterThan(15);
    expect(accepted).toBeGreaterThan(10_000);
  });

  it('leave nothing out that they are meant to take: every valid id, amount, month and date is fast', () => {
    const contributions = ENTITIES.find((e) => e.name === 'contributions');
    const column = (name: string) => {
      const col = contributions?.columns.find((c) => c.name === name);
      if (!col) throw new Error(name);
      return col.type;
    };
    for (const [name, text] of [
      ['person_id', '123456789012345'],
      ['month', '2024-02'],
      ['employer_id', ''],
      ['base', '0'],
      ['status', 'arrears'],
      ['paid_date', '2024-02-29'],
    ] as const) {
      const type = column(name);
      const value = fastPathOf(type)?.(text, 0, text.length);
      expect(value).not.toBeUndefined();
      expect(value).toEqual(type.parse(text));
    }
  });
});
