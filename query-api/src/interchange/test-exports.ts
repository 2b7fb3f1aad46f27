// For tests: exports edited on disk — a file rewritten and its manifest entry signed again (hash and row count),
// and a delta cut from a full export (the chosen persons with all their rows, reference files with only the rows
// the test gives). Rows are text lines as the generator writes them (CRLF, the person's id in the first column).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENTITIES, MANIFEST_FILE, type EntityName, type Manifest } from './format.ts';

export function manifestOf(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
}

/** Sets the manifest's hash and row count of `file` to the file's bytes. */
export function resign(dir: string, file: string): void {
  const manifest = manifestOf(dir);
  const bytes = readFileSync(join(dir, file));
  const entry = Object.values(manifest.files).find((f) => f.file === file);
  if (!entry) throw new Error(`${file} not in the manifest`);
  entry.sha256 = createHash('sha256').update(bytes).digest('hex');
  const text = bytes.toString('latin1');
  entry.rows = text.split('\n').filter((l) => l.length > 0).length - 1;
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
}

/** The lines of a CSV file, header first (without the empty string after the final CRLF). */
export function linesOf(dir: string, file: string): string[] {
  return readFileSync(join(dir, file), 'utf8').split('\r\n').slice(0, -1);
}

/** Rewrites a file's lines (header included) and, unless `sign` is false, signs it again in the manifest. */
export function rewrite(dir: string, file: string, edit: (lines: string[]) => string[], sign = true): void {
  writeFileSync(join(dir, file), [...edit(linesOf(dir, file)), ''].join('\r\n'));
  if (sign) resign(dir, file);
}

export interface DeltaOptions {
  /** The persons the delta carries: every row of theirs in the full export, unless `edit` changes them. */
  persons: readonly number[];
  /** The asOf of the records the delta applies to (the full export's exportedAt, usually). */
  appliesTo: string;
  exportedAt: string;
  /**
   * Edits the data rows of one file (header excluded): `rows` as cut (the persons' rows; none in a reference
   * file), `all` the full export's rows of that file.
   */
  edit?: Partial<Record<EntityName, (rows: string[], all: string[]) => string[]>>;
}

/** Writes a delta of the full export in `from` to the folder `to`, signed. */
export function writeDelta(from: string, to: string, options: DeltaOptions): void {
  mkdirSync(to, { recursive: true });
  const full = manifestOf(from);
  const persons = new Set(options.persons.map(String));
  for (const e of ENTITIES) {
    const [header = '', ...all] = linesOf(from, e.file);
    if (e.person && e.columns[0]?.name !== e.person) {
      throw new Error(`${e.file}: the person is not the first column`);
    }
    const rows = e.person ? all.filter((l) => persons.has(l.slice(0, l.indexOf(',')))) : [];
    const edited = options.edit?.[e.name as EntityName]?.(rows, all) ?? rows;
    writeFileSync(join(to, e.file), [header, ...edited, ''].join('\r\n'));
  }
  writeFileSync(
    join(to, MANIFEST_FILE),
    JSON.stringify({ ...full, kind: 'delta', appliesTo: options.appliesTo, exportedAt: options.exportedAt }),
  );
  for (const e of ENTITIES) resign(to, e.file);
}
