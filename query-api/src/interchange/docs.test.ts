// The committed documentation of the interchange format is what the zod definitions generate: change format.ts,
// run `npm run docs:interchange`, commit both. A stale docs/interchange.md or schema fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, SCHEMA_PATH, interchangeDoc, interchangeSchema } from './docs.ts';
import { ENTITIES } from './format.ts';

describe('docs/interchange.md and docs/interchange.schema.json', () => {
  it('are generated from the zod definitions the importer validates with', () => {
    expect(readFileSync(DOC_PATH, 'utf8')).toBe(interchangeDoc());
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(`${JSON.stringify(interchangeSchema(), null, 2)}\n`);
  });

  it('document every column of every entity, with its pattern', () => {
    const schema = interchangeSchema() as { $defs: Record<string, { properties: Record<string, unknown> }> };
    for (const e of ENTITIES) {
      const def = schema.$defs[e.name];
      expect(Object.keys(def?.properties ?? {})).toEqual(e.columns.map((c) => c.name));
      expect(interchangeDoc()).toContain(`### ${e.name} — \`${e.file}\``);
    }
    expect(JSON.stringify(schema.$defs['persons']?.properties['national_id'])).toContain('pattern');
  });
});
