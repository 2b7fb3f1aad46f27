// The importer: reads an export (manifest.json and one CSV per entity), validates every field and row against the
// format (format.ts) and the rows against each other, and streams the rows into a sink that builds the new records
// aside. Only when every file has been read without a single error — counts and hashes included — does the sink
// switch the new records in; otherwise the build is thrown away and nothing has changed. Either way the load is a
// maintenance-log entry.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { OperationalStore } from '../store/types.ts';
import { CsvError, readCsv, type Encoding } from './csv.ts';
import {
  Derivation,
  EMPLOYER_MONTH_COLUMNS,
  PERSON_SUMMARY_COLUMNS,
  STAFF_COLUMNS,
  monthIndexOf,
  type Period,
} from './derive.ts';
import {
  ENTITIES,
  FORMAT_VERSION,
  MANIFEST_FILE,
  fastPathOf,
  manifestSchema,
  type Entity,
  type Manifest,
} from './format.ts';
import type { CurrentSnapshot, RecordsSink, StoredValue, TableWriter } from './sink.ts';
import type { z } from 'zod';

/** Errors listed one by one; past this many only counted. */
export const ERROR_LIST_LIMIT = 100;

export interface LoadError {
  file: string;
  line: number;
  column: number;
  reason: string;
}

export function formatError(e: LoadError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.reason}`;
}

export interface ImportOptions {
  /** The export's folder. */
  from: string;
  sink: RecordsSink;
  ops: OperationalStore;
  reason: string;
  who: string;
  /** How the load was started, for the maintenance log. */
  method?: string;
  encoding?: Encoding;
  /** Validate only: nothing is built or switched in (the maintenance log still records the check). */
  dryRun?: boolean;
}

export interface ImportResult {
  outcome: 'loaded' | 'refused' | 'checked';
  kind: 'full' | 'delta' | null;
  asOf: string | null;
  /** The manifest's producer (the exporting system), when given. */
  producer: string | null;
  manifestSha256: string | null;
  /** Data rows read per entity. */
  rows: Record<string, number>;
  totalRows: number;
  /** The first ERROR_LIST_LIMIT errors. */
  errors: LoadError[];
  errorCount: number;
  seconds: number;
}

class Errors {
  readonly list: LoadError[] = [];
  count = 0;
  add(file: string, line: number, column: number, reason: string): void {
    this.count++;
    if (this.list.length < ERROR_LIST_LIMIT) this.list.push({ file, line, column, reason });
  }
}

/** Writers that drop rows once an error has been seen (the build will be thrown away anyway). */
function guarded(writer: TableWriter, errors: Errors): TableWriter {
  return { row: (values) => (errors.count === 0 ? writer.row(values) : undefined) };
}

const NO_SNAPSHOT: CurrentSnapshot = {
  asOf: '',
  employerIds: new Set(),
  regionCodes: new Set(),
  rates: new Map(),
};

export async function importExport(options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const errors = new Errors();
  const rows: Record<string, number> = {};
  const result = (
    outcome: ImportResult['outcome'],
    manifest: Manifest | null,
    hash: string | null,
  ): ImportResult => ({
    outcome,
    kind: manifest?.kind ?? null,
    asOf: manifest?.exportedAt ?? null,
    producer: manifest?.producer ?? null,
    manifestSha256: hash,
    rows,
    totalRows: Object.values(rows).reduce((a, b) => a + b, 0),
    errors: errors.list,
    errorCount: errors.count,
    seconds: (performance.now() - started) / 1000,
  });

  let manifest: Manifest | null = null;
  let manifestHash: string | null = null;
  let building = false;
  try {
    const manifestPath = join(options.from, MANIFEST_FILE);
    if (!existsSync(manifestPath)) {
      errors.add(
        MANIFEST_FILE,
        0,
        0,
        'missing: an export is a folder with manifest.json and one CSV per entity',
      );
    } else {
      const bytes = readFileSync(manifestPath);
      manifestHash = createHash('sha256').update(bytes).digest('hex');
      manifest = readManifest(bytes, errors);
    }
    const current = await options.sink.current();
    if (manifest) checkFiles(options.from, manifest, current, errors);
    if (errors.count > 0 || !manifest) {
      return await finishLog(options, result('refused', manifest, manifestHash));
    }

    if (!options.dryRun) {
      await options.sink.begin({
        asOf: manifest.exportedAt,
        dataThrough: manifest.dataThrough,
        firstDetailMonth: manifest.firstDetailMonth,
        regionProfile: JSON.stringify(manifest.regionProfile),
        formatVersion: manifest.formatVersion,
        kind: manifest.kind,
      });
      building = true;
    }
    const refKey = options.dryRun ? Buffer.alloc(0) : await options.ops.secret('staff-ref');
    const load = new Load(
      refKey,
      options,
      manifest,
      manifest.kind === 'delta' ? (current ?? NO_SNAPSHOT) : NO_SNAPSHOT,
      errors,
    );
    for (const e of ENTITIES) {
      rows[e.name] = await load.file(e);
    }
    load.end();
    if (errors.count > 0) {
      if (building) await options.sink.abort();
      building = false;
      return await finishLog(options, result('refused', manifest, manifestHash));
    }
    if (options.dryRun) return await finishLog(options, result('checked', manifest, manifestHash));
    await options.sink.finish();
    await options.sink.switchIn();
    building = false;
    return await finishLog(options, result('loaded', manifest, manifestHash));
  } catch (error) {
    if (building) await options.sink.abort();
    // A fault (disk full, unreadable file…): refused, with the reason in the log and on the operator's screen.
    const message = (error as Error).message.split('\n')[0] ?? String(error);
    errors.add('(load)', 0, 0, `the load failed and was rolled back: ${message}`);
    return await finishLog(options, result('refused', manifest, manifestHash));
  }
}

function readManifest(bytes: Buffer, errors: Errors): Manifest | null {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    errors.add(MANIFEST_FILE, 1, 1, `not JSON: ${(error as Error).message}`);
    return null;
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.add(MANIFEST_FILE, 1, 1, `${issue.path.join('.') || '(top)'}: ${issue.message}`);
    }
    return null;
  }
  return parsed.data;
}

function checkFiles(dir: string, manifest: Manifest, current: CurrentSnapshot | null, errors: Errors): void {
  for (const e of ENTITIES) {
    const listed = manifest.files[e.name];
    if (!listed) {
      errors.add(MANIFEST_FILE, 1, 1, `files.${e.name}: not listed (every entity of the format is)`);
      continue;
    }
    if (listed.file !== e.file)
      errors.add(MANIFEST_FILE, 1, 1, `files.${e.name}: the file must be ${e.file}`);
    if (!existsSync(join(dir, e.file))) errors.add(e.file, 0, 0, 'missing (listed in the manifest)');
  }
  for (const name of Object.keys(manifest.files)) {
    if (!ENTITIES.some((e) => e.name === name)) {
      errors.add(MANIFEST_FILE, 1, 1, `files.${name}: not an entity of format ${FORMAT_VERSION}`);
    }
  }
  if (manifest.kind === 'delta') {
    if (!current) {
      errors.add(MANIFEST_FILE, 1, 1, 'a delta needs records in place to apply to, and there are none');
    } else if (manifest.appliesTo !== current.asOf) {
      errors.add(
        MANIFEST_FILE,
        1,
        1,
        `appliesTo: the delta applies to the snapshot as of ${manifest.appliesTo ?? '?'}, but the records in place are as of ${current.asOf}`,
      );
    }
  }
}

/** Writes the maintenance-log entry (awaited: a server store's calls return promises). */
async function finishLog(options: ImportOptions, r: ImportResult): Promise<ImportResult> {
  const counts = Object.entries(r.rows)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const what =
    `records import (${r.kind ?? 'unknown kind'}${options.dryRun ? ', dry run' : ''}) from ${basename(options.from)}` +
    `${r.producer ? ` by ${r.producer}` : ''}: ` +
    `${r.outcome}; manifest sha256 ${r.manifestSha256 ?? 'none'}; as of ${r.asOf ?? '?'}; ` +
    `${r.totalRows} rows${counts ? ` (${counts})` : ''}` +
    (r.errorCount > 0 ? `; ${r.errorCount} error(s), first: ${formatError(r.errors[0] as LoadError)}` : '');
  await options.ops.addMaintenance({
    at: new Date().toISOString(),
    what,
    why: options.reason,
    method: options.method ?? 'npm run import',
    who: options.who,
  });
  return r;
}

// ------------------------------------------------------------------------------------------------ one load

/** The state of one load: what earlier files established, for the checks of later ones. */
class Load {
  private readonly regions = new Set<string>();
  private readonly rates = new Map<string, readonly [number, number]>();
  private readonly employers = new Set<number>();
  private readonly unitNumbers = new Set<string>();
  private readonly nationalIds = new Set<string>();
  /** Persons of this export, in file order (ascending). */
  private readonly personOrder: number[] = [];
  private readonly persons = new Set<number>();
  private readonly periods = new Map<number, Period[]>();
  /** The rates by year, as the contributions ask for them (see ratesOfYear). */
  private readonly yearRates = new Map<number, readonly (readonly [number, number] | undefined)[]>();
  private readonly lastMonth: number;
  private readonly derivation: Derivation | null;
  private readonly employerMonth: TableWriter | null;
  /** The derivation's place: persons before `cursor` in personOrder are done or open. */
  private cursor = 0;
  private openPerson = -1;

  constructor(
    refKey: Buffer,
    private readonly options: ImportOptions,
    private readonly manifest: Manifest,
    current: CurrentSnapshot,
    private readonly errors: Errors,
  ) {
    for (const code of current.regionCodes) this.regions.add(code);
    for (const [k, v] of current.rates) this.rates.set(k, v);
    for (const id of current.employerIds) this.employers.add(id);
    this.lastMonth = monthIndexOf(manifest.dataThrough);
    if (options.dryRun) {
      this.derivation = null;
      this.employerMonth = null;
    } else {
      const sink = options.sink;
      this.derivation = new Derivation(
        refKey,
        guarded(sink.table('person_summary', PERSON_SUMMARY_COLUMNS), errors),
        guarded(sink.table('employer_staff_status', STAFF_COLUMNS), errors),
      );
      this.employerMonth = guarded(sink.table('employer_month', EMPLOYER_MONTH_COLUMNS), errors);
    }
  }

  /** Reads, checks and (unless a dry run) writes one entity's file; returns the data rows read. */
  async file(e: Entity): Promise<number> {
    const listed = this.manifest.files[e.name];
    if (!listed) return 0;
    const path = join(this.options.from, e.file);
    const parsers = e.columns.map((col) => fieldParser(col.type));
    const fastPaths = e.columns.map((col) => fastPathOf(col.type));
    const width = e.columns.length;
    const keyIndexes = e.key.map((k) => e.columns.findIndex((col) => col.name === k));
    const personIndex = e.person ? e.columns.findIndex((col) => col.name === e.person) : -1;
    const check = this.checker(e);
    const writer = this.options.dryRun
      ? null
      : guarded(
          this.options.sink.table(
            e.table,
            e.columns.map((col) => col.name),
          ),
          this.errors,
        );
    if (e.person && this.manifest.kind === 'delta' && e.name === 'persons' && !this.options.dryRun) {
      // Collected first, so that every row of these persons is removed before their new rows go in.
      await this.options.sink.removePersons(await this.deltaPersons(path));
    }
    /** The last row whose key was in order (null before the first data row). */
    let previous: StoredValue[] | null = null;
    let header = false;
    let dataRows = 0;
    const file = e.file;
    const errors = this.errors;
    const persons = this.persons;
    const checkPerson = personIndex >= 0 && e.name !== 'persons';
    let read;
    try {
      read = await readCsv(path, this.options.encoding ?? 'utf-8', (record, line) => {
        if (line === 1 && !header) {
          const fields = record.fields();
          const expected = e.columns.map((col) => col.name);
          if (fields.length !== expected.length || fields.some((f, i) => f !== expected[i])) {
            errors.add(file, 1, 1, `the header must be exactly: ${expected.join(',')}`);
          }
          header = true;
          return;
        }
        dataRows++;
        if (record.count !== width) {
          errors.add(
            file,
            line,
            Math.min(record.count, width) + 1,
            `expected ${width} fields, found ${record.count}`,
          );
          return;
        }
        // A fresh array per row: a sink may keep it (the SQLite sink copies it, a server sink may queue it).
        const values: StoredValue[] = new Array<StoredValue>(width);
        const { text, starts, ends } = record;
        for (let i = 0; i < width; i++) {
          const start = starts[i] as number;
          const end = ends[i] as number;
          // The fast path where the column has one; zod for what it does not surely accept.
          const fast = fastPaths[i];
          const quick = fast === undefined ? undefined : fast(text, start, end);
          const parsed = quick === undefined ? (parsers[i] as FieldParser)(text, start, end) : quick;
          if (parsed instanceof Invalid) {
            errors.add(file, line, i + 1, `${e.columns[i]?.name ?? '?'}: ${parsed.reason}`);
            return;
          }
          values[i] = parsed;
        }
        if (previous !== null) {
          const order = compareKeys(values, previous, keyIndexes);
          if (order <= 0) {
            errors.add(
              file,
              line,
              (keyIndexes[0] ?? 0) + 1,
              order === 0
                ? `duplicate ${e.key.join(', ')}: ${keyIndexes.map((i) => values[i]).join(', ')}`
                : `rows must be in ascending order of ${e.key.join(', ')}`,
            );
            return;
          }
        }
        previous = values;
        if (checkPerson && !persons.has(values[personIndex] as number)) {
          errors.add(file, line, personIndex + 1, `unknown person ${String(values[personIndex])}`);
          return;
        }
        if (check && !check(values, line)) return;
        writer?.row(values);
      });
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      errors.add(file, error.line, error.column, error.message);
      return dataRows;
    }
    if (!header) errors.add(file, 1, 1, 'the file is empty (it must have at least the header row)');
    if (read.sha256 !== listed.sha256) {
      errors.add(file, 0, 0, `SHA-256 ${read.sha256} does not match the manifest’s ${listed.sha256}`);
    }
    if (dataRows !== listed.rows) {
      errors.add(file, 0, 0, `${dataRows} rows, but the manifest says ${listed.rows}`);
    }
    if (e.name === 'contributions') this.deriveTo(Infinity);
    return dataRows;
  }

  end(): void {
    if (this.derivation && this.employerMonth) this.derivation.writeEmployerMonths(this.employerMonth);
  }

  private async deltaPersons(path: string): Promise<number[]> {
    const ids: number[] = [];
    try {
      await readCsv(path, this.options.encoding ?? 'utf-8', (record, line) => {
        const id = record.field(0);
        if (line > 1 && /^[1-9]\d{0,14}$/.test(id)) ids.push(Number(id));
      });
    } catch {
      // reported when the file is read for real
    }
    return ids;
  }

  /**
   * Moves the derivation to person `id` (Infinity: past the last): closes the open person and writes the figures
   * of every person in between, who has no contributions.
   */
  private deriveTo(id: number): void {
    const d = this.derivation;
    if (!d || id === this.openPerson) return;
    if (this.openPerson >= 0) d.endPerson(this.periods.get(this.openPerson) ?? []);
    this.openPerson = -1;
    const order = this.personOrder;
    while (this.cursor < order.length && (order[this.cursor] ?? 0) < id) {
      const pid = order[this.cursor++] ?? 0;
      d.startPerson(pid);
      d.endPerson(this.periods.get(pid) ?? []);
    }
    if (this.cursor < order.length && order[this.cursor] === id) {
      this.cursor++;
      this.openPerson = id;
      d.startPerson(id);
    }
  }

  /** Entity-specific checks of a row whose fields are valid; false if the row is refused (error added). */
  private checker(e: Entity): ((v: StoredValue[], line: number) => boolean) | null {
    const file = e.file;
    const err = (line: number, column: number, reason: string): false => {
      this.errors.add(file, line, column, reason);
      return false;
    };
    const region = (code: StoredValue | undefined, line: number, column: number): boolean =>
      this.regions.has(code as string) || err(line, column, `unknown region ${String(code)}`);
    const employer = (id: StoredValue | undefined, line: number, column: number): boolean =>
      this.employers.has(id as number) || err(line, column, `unknown employer ${String(id)}`);
    const notAfterData = (month: string, line: number, column: number): boolean =>
      monthIndexOf(month) <= this.lastMonth ||
      err(line, column, `${month} is after the data-through month ${this.manifest.dataThrough}`);

    switch (e.name) {
      case 'regions':
        return (v) => (this.regions.add(v[0] as string), true);
      case 'contribution_rates':
        return (v, line) => {
          const [year, type, eb, ib] = v as [number, string, number, number];
          if (eb + ib > 5000) return err(line, 3, 'employer and individual rates add up to more than 50 %');
          this.rates.set(`${year}|${type}`, [eb, ib]);
          this.yearRates.clear();
          return true;
        };
      case 'employers':
        return (v, line) => {
          if (this.unitNumbers.has(v[1] as string))
            return err(line, 2, `duplicate unit number ${String(v[1])}`);
          if (!region(v[5], line, 6)) return false;
          this.unitNumbers.add(ownCopy(v[1] as string));
          this.employers.add(v[0] as number);
          return true;
        };
      case 'persons':
        return (v, line) => {
          const [id, nid, , sex, birth, , , reg] = v as [
            number,
            string,
            string,
            string,
            string,
            string,
            string,
            string,
          ];
          if (this.nationalIds.has(nid)) return err(line, 2, 'duplicate national ID');
          if (nid.slice(6, 14) !== birth.replace(/-/g, '')) {
            return err(line, 5, 'birth date does not match the national ID');
          }
          if ((Number(nid[16]) % 2 === 1 ? 'M' : 'F') !== sex)
            return err(line, 4, 'sex does not match the national ID');
          if (!region(reg, line, 8)) return false;
          this.nationalIds.add(ownCopy(nid));
          this.persons.add(id);
          this.personOrder.push(id);
          return true;
        };
      case 'employment_periods':
        return (v, line) => {
          const [pid, eid, first, last] = v as [number, number, string, string | null];
          if (!employer(eid, line, 2)) return false;
          const f = monthIndexOf(first);
          const l = last === null ? Infinity : monthIndexOf(last);
          if (l < f) return err(line, 4, 'the period ends before it starts');
          let list = this.periods.get(pid);
          if (!list) this.periods.set(pid, (list = []));
          list.push({ employer: eid, first: f, last: l });
          return true;
        };
      case 'contributions':
        return (v, line) => this.contribution(v, line, err, employer, notAfterData);
      case 'transfers':
        return (v, line) => region(v[2], line, 3) && region(v[3], line, 4);
      case 'employer_credentials':
        return (v, line) => employer(v[0], line, 1);
      case 'delegate_authorizations':
        return (v, line) =>
          (v[5] as string) <= (v[6] as string) || err(line, 7, 'to_month is before from_month');
      case 'enrolments':
        return (v, line) =>
          v[3] === null || (v[3] as string) >= (v[2] as string) || err(line, 4, 'until is before since');
      default:
        return null;
    }
  }

  /** The year's rates in CONTRIBUTION_PARTS order (undefined where contribution_rates.csv has none). */
  private ratesOfYear(year: number): readonly (readonly [number, number] | undefined)[] {
    let list = this.yearRates.get(year);
    if (!list) {
      list = CONTRIBUTION_PARTS.map((p) => this.rates.get(`${year}|${p.type}`));
      this.yearRates.set(year, list);
    }
    return list;
  }

  private contribution(
    v: StoredValue[],
    line: number,
    err: (line: number, column: number, reason: string) => false,
    employer: (id: StoredValue | undefined, line: number, column: number) => boolean,
    notAfterData: (month: string, line: number, column: number) => boolean,
  ): boolean {
    const pid = v[0] as number;
    const monthText = v[1] as string;
    const eid = v[2] as number | null;
    const base = v[3] as number;
    const status = v[12] as string;
    if (!notAfterData(monthText, line, 2)) return false;
    const month = monthIndexOf(monthText);
    if (eid !== null) {
      if (!employer(eid, line, 3)) return false;
      let inside = false;
      const periods = this.periods.get(pid);
      if (periods) {
        for (let i = 0; i < periods.length && !inside; i++) {
          const p = periods[i] as Period;
          inside = p.employer === eid && p.first <= month && month <= p.last;
        }
      }
      if (!inside)
        return err(line, 2, `${monthText} is outside the person’s employment periods at employer ${eid}`);
    }
    if ((status === 'arrears') !== (v[13] === null)) {
      return err(
        line,
        14,
        status === 'arrears' ? 'paid_date must be empty in arrears' : 'paid_date is missing',
      );
    }
    // The parts against the base and the year's rates (rounded to the fen; one fen of tolerance).
    const yearRates = this.ratesOfYear(Math.floor(month / 12));
    for (let t = 0; t < CONTRIBUTION_PARTS.length; t++) {
      const { type, employerColumn: ec, individualColumn: ic } = CONTRIBUTION_PARTS[t] as ContributionPart;
      const rate = yearRates[t];
      if (!rate)
        return err(line, 2, `no ${type} rate for ${monthText.slice(0, 4)} in contribution_rates.csv`);
      const expectedEmployer = Math.round((base * rate[0]) / 10000);
      const actualEmployer = v[ec] as number;
      // Flexible employment (no employer): the person pays at most the employer-side rate and no
      // unemployment, work-injury or maternity part.
      const employerOk =
        eid !== null
          ? Math.abs(actualEmployer - expectedEmployer) <= 1
          : t >= 2
            ? actualEmployer === 0
            : actualEmployer <= expectedEmployer + 1;
      if (!employerOk) {
        return err(
          line,
          ec + 1,
          `${type} employer part ${actualEmployer} does not match base ${base} at ${rate[0]} bp`,
        );
      }
      if (ic !== null) {
        const expectedIndividual = eid === null && t >= 2 ? 0 : Math.round((base * rate[1]) / 10000);
        if (Math.abs((v[ic] as number) - expectedIndividual) > 1) {
          return err(
            line,
            ic + 1,
            `${type} individual part ${String(v[ic])} does not match base ${base} at ${rate[1]} bp`,
          );
        }
      }
    }
    const d = this.derivation;
    if (d) {
      this.deriveTo(pid);
      const employerPart =
        (v[4] as number) + (v[6] as number) + (v[8] as number) + (v[10] as number) + (v[11] as number);
      const individualPart = (v[5] as number) + (v[7] as number) + (v[9] as number);
      d.contribution(month, eid, base, employerPart, individualPart, status);
    }
    return true;
  }
}

interface ContributionPart {
  type: string;
  /** Columns of contributions.csv holding the part (individual: null where there is none). */
  employerColumn: number;
  individualColumn: number | null;
}

/** The insurance types of a contribution row and the columns of their parts, in the order they are checked. */
const CONTRIBUTION_PARTS: readonly ContributionPart[] = [
  { type: 'pension', employerColumn: 4, individualColumn: 5 },
  { type: 'medical', employerColumn: 6, individualColumn: 7 },
  { type: 'unemployment', employerColumn: 8, individualColumn: 9 },
  { type: 'work_injury', employerColumn: 10, individualColumn: null },
  { type: 'maternity', employerColumn: 11, individualColumn: null },
];

/** A field's text its column type refuses, with zod's reason. */
class Invalid {
  constructor(readonly reason: string) {}
}

/** The value of the field `text.slice(start, end)`, or why it is refused. */
type FieldParser = (text: string, start: number, end: number) => StoredValue | Invalid;

/**
 * A column's zod type applied to a field's text (the row loop asks the column's fast path first, format.ts), with
 * the outcome remembered per distinct text: codes and hashes repeat, and a zod type is a pure function of the
 * text, so a repeat gets the very answer zod gave the first time.
 */
function fieldParser(type: z.ZodType<unknown, string>): FieldParser {
  const seen = new Map<string, StoredValue | Invalid>();
  return (line, start, end) => {
    const text = line.slice(start, end);
    let parsed = seen.get(text);
    if (parsed === undefined) {
      const result = type.safeParse(text);
      parsed = result.success
        ? (result.data as StoredValue)
        : new Invalid(result.error.issues[0]?.message ?? 'invalid');
      if (seen.size >= 65_536) seen.clear();
      seen.set(text, parsed);
    }
    return parsed;
  };
}

/**
 * A string that holds its own characters. A field cut out of a chunk of the file may be a view into the whole
 * chunk (V8 keeps longer substrings as slices), so keeping it for the rest of the load (in a set of keys) would
 * keep the chunk: at a million persons, all of persons.csv.
 */
function ownCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Compares two rows by the key columns at `keys`. */
function compareKeys(a: readonly StoredValue[], b: readonly StoredValue[], keys: readonly number[]): number {
  for (let k = 0; k < keys.length; k++) {
    const i = keys[k] as number;
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null || y === undefined) return 1;
    return (x as number | string) < (y as number | string) ? -1 : 1;
  }
  return 0;
}
