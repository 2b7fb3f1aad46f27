// Generates docs/interchange.md and docs/interchange.schema.json from the format's zod definitions (format.ts), the
// same the importer validates with: `npm run docs:interchange`. A test fails when the committed files are stale.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  ENTITIES,
  FORMAT_NAME,
  FORMAT_VERSION,
  MANIFEST_FILE,
  manifestSchema,
  type Column,
} from './format.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const DOC_PATH = join(ROOT, 'docs', 'interchange.md');
export const SCHEMA_PATH = join(ROOT, 'docs', 'interchange.schema.json');

function jsonSchemaOf(type: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** The machine-readable schema: the manifest, and per entity the row as an object of its fields' texts. */
export function interchangeSchema(): Record<string, unknown> {
  const strip = (s: Record<string, unknown>): Record<string, unknown> => {
    const { $schema: _ignored, ...rest } = s;
    return rest;
  };
  const entities = Object.fromEntries(
    ENTITIES.map((e) => [
      e.name,
      {
        type: 'object',
        description: e.doc,
        'x-file': e.file,
        'x-table': e.table,
        'x-key': e.key,
        ...(e.person ? { 'x-person': e.person } : {}),
        'x-columns': e.columns.map((c) => c.name),
        properties: Object.fromEntries(
          e.columns.map((c) => [c.name, { ...strip(jsonSchemaOf(c.type)), description: c.doc }]),
        ),
        required: e.columns.map((c) => c.name),
        additionalProperties: false,
      },
    ]),
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:consulta:interchange:${FORMAT_VERSION}`,
    title: `Consulta interchange format ${FORMAT_VERSION}`,
    description:
      'Generated from query-api/src/interchange/format.ts (npm run docs:interchange). Each entity is one CSV file ' +
      '(RFC 4180, UTF-8 or GBK, header row = x-columns in this order); a row is described as an object of its ' +
      'fields’ texts. An empty field is the empty string.',
    $defs: { manifest: strip(jsonSchemaOf(manifestSchema)), ...entities },
  };
}

function typeText(c: Column): string {
  const s = jsonSchemaOf(c.type);
  const described = (schema: Record<string, unknown>): string => {
    if (Array.isArray(schema['enum']))
      return `one of ${(schema['enum'] as string[]).map((v) => `\`${v}\``).join(', ')}`;
    return String(schema['description'] ?? schema['pattern'] ?? schema['type'] ?? '');
  };
  if (Array.isArray(s['anyOf'])) {
    const [, inner] = s['anyOf'] as Record<string, unknown>[];
    return `${inner ? described(inner) : ''} *Optional: empty when absent.*`;
  }
  return described(s);
}

export function interchangeDoc(): string {
  const out: string[] = [];
  out.push(
    `# The interchange format, version ${FORMAT_VERSION}`,
    '',
    '<!-- Generated from query-api/src/interchange/format.ts by `npm run docs:interchange`; do not edit by hand. -->',
    '',
    'How an agency’s core business system hands its records to Consulta (regulation Arts. 5–6: the core system',
    'generates the record, the query service holds a read-only copy). An **export** is a folder with one CSV file',
    'per entity and a `manifest.json`. `npm run import -- DIR --reason "…"` loads it; the machine-readable schema',
    'is [`interchange.schema.json`](interchange.schema.json), generated from the same zod definitions the importer',
    'validates with.',
    '',
    '## Files',
    '',
    '- **CSV** as in RFC 4180: fields separated by commas, records by CRLF (LF is accepted), a field holding a comma,',
    '  a quote or a line break is quoted with `"` and a quote inside it doubled. The first line is the header: exactly',
    '  the column names below, in this order. No empty lines.',
    '- **Encoding** UTF-8 (default) or GBK (`--encoding gbk`). A UTF-8 byte-order mark at the start is ignored. Bytes',
    '  that are not text in the chosen encoding are an error (GBK read as UTF-8 is refused, not garbled).',
    '- **Empty field** = no value, allowed only where a column says *optional*.',
    '- **Order and uniqueness**: rows are in ascending order of the entity’s key (numbers numerically, text as',
    '  written), each key once. Files holding rows of persons are thus grouped by person, so the importer checks',
    '  duplicates and builds the derived figures streaming, in flat memory.',
    '- **Money** is a whole number of minor units (fen); months are `YYYY-MM`, dates `YYYY-MM-DD`.',
    '- Every entity is listed in the manifest, even with no rows (a header-only file).',
    '',
    `## ${MANIFEST_FILE}`,
    '',
    '| field | meaning |',
    '| --- | --- |',
  );
  const manifestJson = jsonSchemaOf(manifestSchema);
  const props = (manifestJson['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((manifestJson['required'] ?? []) as string[]);
  for (const [name, schema] of Object.entries(props)) {
    out.push(
      `| \`${name}\`${required.has(name) ? '' : ' (optional)'} | ${String(schema['description'] ?? '')} |`,
    );
  }
  out.push(
    '',
    `\`format\` is always \`${FORMAT_NAME}\`. Each entry of \`files\` is keyed by the entity’s name and holds`,
    '`{ "file": "persons.csv", "rows": 1000, "sha256": "…" }`: the data rows (header not counted) and the SHA-256',
    'of the file’s bytes. The hash of `manifest.json` itself goes into the maintenance log.',
    '',
    '## Full and delta exports',
    '',
    '- **full**: the whole record store. It replaces the records in place as one unit.',
    '- **delta**: only the persons that changed, each with *all* their rows in every file (a person’s rows in the',
    '  store are replaced whole); reference files (regions, contribution rates, employers, employer credentials) carry',
    '  only new or changed rows, which replace the stored ones by key. `appliesTo` must be the `exportedAt` of the',
    '  snapshot in place, otherwise the delta is refused. Removing a person takes a full export.',
    '',
    '## What the importer checks',
    '',
    'Every field against its type below; every row against the others: order and duplicates of the key; the',
    'person of every person row exists in `persons.csv`; every employer, region and rate referred to exists;',
    'a national ID’s check character, birth date and sex digit agree with the person’s row; unit numbers and',
    'national IDs are unique; a contribution with an employer lies inside one of the person’s employment periods',
    'at that employer, is not after `dataThrough`, has a paid date exactly when it is not in arrears, and its parts',
    'match the base and the year’s rates (to the fen; flexible employment pays at most the employer-side rate and',
    'no unemployment, work-injury or maternity part); counts and hashes against the manifest. Errors are reported as',
    '`file:line:column: reason` (whole-file problems at line 0, column 0; a failure of the load itself as',
    '`(load):0:0`), the first 100 listed and the rest counted; exit code 2, and nothing changes.',
    '',
    'The importer computes the derived tables the query API reads (person summaries, employers’ staff lists,',
    'monthly totals and headline figures) from the rows; they are not part of the format.',
    '',
    '## Entities',
  );
  for (const e of ENTITIES) {
    out.push(
      '',
      `### ${e.name} — \`${e.file}\``,
      '',
      `${e.doc} Key: ${e.key.map((k) => `\`${k}\``).join(', ')}.${e.person ? ' Rows of one person.' : ''}`,
      '',
      '| # | column | type | meaning |',
      '| --- | --- | --- | --- |',
    );
    e.columns.forEach((c, i) => out.push(`| ${i + 1} | \`${c.name}\` | ${typeText(c)} | ${c.doc} |`));
  }
  out.push('');
  return out.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(DOC_PATH, interchangeDoc());
  writeFileSync(SCHEMA_PATH, `${JSON.stringify(interchangeSchema(), null, 2)}\n`);
  process.stdout.write(`wrote ${DOC_PATH} and ${SCHEMA_PATH}\n`);
}
