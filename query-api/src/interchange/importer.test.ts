// The importer against real exports written by the generator and a real SQLite records store: a good export
// loads; each kind of bad export is refused with `file:line:column: reason`, and then nothing has changed (the
// records file is byte for byte the same, the operational store holds the same clients, sessions and query log,
// nothing is left half-built) except one more maintenance-log entry saying so.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../generator/index.ts';
import { openSqliteOperationalStore } from '../store/sqlite/operational.ts';
import { createSqliteRecordsSink } from '../store/sqlite/records-sink.ts';
import type { Encoding } from './csv.ts';
import { MANIFEST_FILE } from './format.ts';
import { formatError, importExport, type ImportResult } from './importer.ts';
import { manifestOf, resign, rewrite, writeDelta } from './test-exports.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'query-api', 'src', 'interchange', 'cli.ts');

const work = mkdtempSync(join(tmpdir(), 'consulta-import-'));
const good = join(work, 'export');
const data = join(work, 'data');
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  await generateDataset({
    dir: data,
    persons: 200,
    seed: 'import',
    bench: { persons: 2, employers: 1 },
    exportTo: good,
    asOf: new Date('2026-11-30T22:00:00.000Z'),
  });
  mkdirSync(data, { recursive: true });
  const result = await load(good);
  expect(result.errors.map(formatError)).toEqual([]);
  expect(result.outcome).toBe('loaded');
});

async function load(
  from: string,
  options: { encoding?: Encoding; dryRun?: boolean; maxPages?: number } = {},
): Promise<ImportResult> {
  const ops = openSqliteOperationalStore({ path: join(data, 'operational.sqlite'), create: true });
  try {
    return await importExport({
      from,
      sink: createSqliteRecordsSink({
        dir: data,
        ...(options.maxPages ? { maxPages: options.maxPages } : {}),
      }),
      ops,
      reason: 'importer test',
      who: 'tester',
      ...(options.encoding ? { encoding: options.encoding } : {}),
      ...(options.dryRun ? { dryRun: true } : {}),
    });
  } finally {
    await ops.close();
  }
}

/** A copy of the good export to spoil. */
function copyExport(): string {
  const dir = mkdtempSync(join(work, 'bad-'));
  cpSync(good, dir, { recursive: true });
  return dir;
}

/** Everything an import must not change when it refuses. */
function state(): { records: string; ops: string; maintenance: number; leftovers: string[] } {
  const records = createHash('sha256')
    .update(readFileSync(join(data, 'records.sqlite')))
    .digest('hex');
  const db = new Database(join(data, 'operational.sqlite'), { readonly: true });
  try {
    const ops = [
      'client',
      'session',
      'query_log',
      'server_secret',
      'login_throttle',
      'login_attempt',
      'certificate',
    ]
      .map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t}`).all()))
      .join('\n');
    const maintenance = db.prepare('SELECT count(*) FROM maintenance_log').pluck().get() as number;
    const leftovers = readdirSync(data).filter((f) => f.includes('building'));
    return { records, ops, maintenance, leftovers };
  } finally {
    db.close();
  }
}

function lastMaintenance(): { what: string; why: string; who: string } {
  const db = new Database(join(data, 'operational.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT what, why, who FROM maintenance_log ORDER BY id DESC LIMIT 1').get() as {
      what: string;
      why: string;
      who: string;
    };
  } finally {
    db.close();
  }
}

/** Loads a bad export; expects a refusal naming `expected`, and nothing changed but one log entry. */
async function expectRefused(
  dir: string,
  expected: RegExp,
  options: { encoding?: Encoding; maxPages?: number } = {},
): Promise<string[]> {
  const before = state();
  const result = await load(dir, options);
  const errors = result.errors.map(formatError);
  expect(result.outcome).toBe('refused');
  expect(
    errors.some((e) => expected.test(e)),
    errors.join('\n'),
  ).toBe(true);
  const after = state();
  expect(after.records).toBe(before.records);
  expect(after.ops).toBe(before.ops);
  expect(after.leftovers).toEqual([]);
  expect(after.maintenance).toBe(before.maintenance + 1);
  const entry = lastMaintenance();
  expect(entry.what).toMatch(/refused/);
  expect(entry.what).toMatch(/manifest sha256/);
  expect(entry).toMatchObject({ why: 'importer test', who: 'tester' });
  return errors;
}

describe('a good export', () => {
  it('loads every entity, with the manifest’s asOf and the derived figures', () => {
    const db = new Database(join(data, 'records.sqlite'), { readonly: true });
    try {
      const meta = Object.fromEntries(
        (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [
          r.key,
          r.value,
        ]),
      );
      expect(meta['as_of']).toBe('2026-11-30T22:00:00.000Z');
      expect(meta['persons']).toBe('200');
      const manifest = manifestOf(good);
      expect(db.prepare('SELECT count(*) FROM contribution').pluck().get()).toBe(
        manifest.files['contributions']?.rows,
      );
      expect(db.prepare('SELECT count(*) FROM person_summary').pluck().get()).toBe(200);
      // The derived employer totals agree with the rows they are derived from.
      const derived = db
        .prepare('SELECT employer_id, month, headcount, base FROM employer_month ORDER BY 1, 2')
        .all();
      const recomputed = db
        .prepare(
          `SELECT employer_id, month, count(*) AS headcount, sum(base) AS base FROM contribution
           WHERE employer_id IS NOT NULL GROUP BY employer_id, month ORDER BY 1, 2`,
        )
        .all();
      expect(derived).toEqual(recomputed);
    } finally {
      db.close();
    }
    expect(lastMaintenance().what).toMatch(
      /^records import \(full\) from export by consulta data generator \(generated data set, 200 persons, 20 employers, seed import\): loaded; manifest sha256 [0-9a-f]{64}/,
    );
  });

  it('a dry run checks every row and changes nothing but the log', async () => {
    const before = state();
    const result = await load(good, { dryRun: true });
    expect(result.outcome).toBe('checked');
    expect(result.totalRows).toBeGreaterThan(10_000);
    const after = state();
    expect(after.records).toBe(before.records);
    expect(after.maintenance).toBe(before.maintenance + 1);
    expect(lastMaintenance().what).toMatch(/dry run.*checked/);
  });

  it('tolerates a byte-order mark', async () => {
    const dir = copyExport();
    const path = join(dir, 'regions.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(path)]));
    resign(dir, 'regions.csv');
    const result = await load(dir, { dryRun: true });
    expect(result.errors.map(formatError)).toEqual([]);
  });
});

describe('a bad export is refused and nothing changes', () => {
  it('a truncated file', async () => {
    const dir = copyExport();
    const path = join(dir, 'contributions.csv');
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const errors = await expectRefused(dir, /^contributions\.csv:0:0: SHA-256 .* does not match/);
    expect(errors.some((e) => /^contributions\.csv:0:0: \d+ rows, but the manifest says/.test(e))).toBe(true);
  });

  it('a missing file', async () => {
    const dir = copyExport();
    rmSync(join(dir, 'subsidies.csv'));
    await expectRefused(dir, /^subsidies\.csv:0:0: missing/);
  });

  it('a wrong header', async () => {
    const dir = copyExport();
    rewrite(dir, 'persons.csv', (lines) => [
      (lines[0] ?? '').replace('national_id', 'nationalid'),
      ...lines.slice(1),
    ]);
    await expectRefused(dir, /^persons\.csv:1:1: the header must be exactly: id,national_id,name/);
  });

  it('an ID with a bad check character', async () => {
    const dir = copyExport();
    rewrite(dir, 'persons.csv', (lines) =>
      lines.map((line, i) => {
        if (i !== 3) return line;
        const fields = line.split(',');
        const id = fields[1] ?? '';
        const wrong = id.endsWith('0') ? '1' : '0';
        fields[1] = id.slice(0, 17) + wrong;
        return fields.join(',');
      }),
    );
    await expectRefused(dir, /^persons\.csv:4:2: national_id: bad check character$/);
  });

  it('an unknown employer', async () => {
    const dir = copyExport();
    let line = 0;
    rewrite(dir, 'contributions.csv', (lines) =>
      lines.map((text, i) => {
        const fields = text.split(',');
        if (line === 0 && i > 0 && fields[2] !== '') {
          line = i + 1;
          fields[2] = '999999';
        }
        return fields.join(',');
      }),
    );
    await expectRefused(dir, new RegExp(`^contributions\\.csv:${line}:3: unknown employer 999999$`));
  });

  it('a duplicate month', async () => {
    const dir = copyExport();
    rewrite(dir, 'contributions.csv', (lines) => [
      ...lines.slice(0, 11),
      lines[10] ?? '',
      ...lines.slice(11),
    ]);
    await expectRefused(dir, /^contributions\.csv:12:1: duplicate person_id, month: \d+, \d{4}-\d{2}$/);
  });

  it('a manifest hash that does not match', async () => {
    const dir = copyExport();
    // Same length, same row count, one character changed: only the hash can tell.
    rewrite(
      dir,
      'regions.csv',
      (lines) => lines.map((l, i) => (i === 1 ? l.replace(/,([A-Za-z])/, ',Q') : l)),
      false,
    );
    await expectRefused(
      dir,
      /^regions\.csv:0:0: SHA-256 [0-9a-f]{64} does not match the manifest’s [0-9a-f]{64}$/,
    );
  });

  it('GBK bytes read as UTF-8 (and the same export loads with --encoding gbk)', async () => {
    const dir = copyExport();
    for (const file of ['regions.csv', 'employers.csv', 'persons.csv']) {
      writeFileSync(join(dir, file), iconv.encode(readFileSync(join(dir, file), 'utf8'), 'gbk'));
      resign(dir, file);
    }
    await expectRefused(
      dir,
      /^regions\.csv:2:1: not valid UTF-8 text \(if the export is GBK, import it with --encoding gbk\)$/,
    );
    const checked = await load(dir, { encoding: 'gbk', dryRun: true });
    expect(checked.errors.map(formatError)).toEqual([]);
    expect(checked.outcome).toBe('checked');
  });

  it('a delta against the wrong snapshot', async () => {
    const dir = copyExport();
    const manifest = manifestOf(dir);
    manifest.kind = 'delta';
    manifest.appliesTo = '2020-01-01T00:00:00.000Z';
    manifest.exportedAt = '2026-12-01T22:00:00.000Z';
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    await expectRefused(
      dir,
      /^manifest\.json:1:1: appliesTo: the delta applies to the snapshot as of 2020-01-01T00:00:00\.000Z, but the records in place are as of 2026-11-30T22:00:00\.000Z$/,
    );
  });

  it('a disk that fills up mid-load (SQLite refusing to grow the file)', async () => {
    await expectRefused(
      good,
      /^\(load\):0:0: the load failed and was rolled back: database or disk is full$/,
      {
        maxPages: 50,
      },
    );
  });

  it('a real full disk: a tmpfs only 1 MB larger than the records holds the data folder', (ctx) => {
    // A private mount namespace (root or user namespaces needed); reported as skipped where the machine does not
    // allow it (the page-cap test above still runs everywhere).
    const probe = spawnSync('unshare', ['-rm', 'true']);
    if (probe.status !== 0) ctx.skip();
    const script = [
      'set -e',
      `mount -t tmpfs -o size=$(( $(stat -c %s "$SRC/records.sqlite") / 1024 + 1024 ))k tmpfs "$DIR"`,
      `cp "$SRC/records.sqlite" "$SRC/operational.sqlite" "$DIR/"`,
      `sha256sum "$DIR/records.sqlite" | cut -c1-64`,
      `set +e; DATA_DIR="$DIR" "$TSX" "$CLI" "$EXPORT" --reason "disk full test"; echo "exit=$?"; set -e`,
      `sha256sum "$DIR/records.sqlite" | cut -c1-64`,
      `ls -a "$DIR"`,
    ].join('\n');
    const mountPoint = mkdtempSync(join(work, 'tmpfs-'));
    const run = spawnSync('unshare', ['-rm', 'sh', '-c', script], {
      env: { ...process.env, DIR: mountPoint, SRC: data, TSX, CLI, EXPORT: good },
      encoding: 'utf8',
    });
    const out = run.stdout.trim().split('\n');
    expect(run.stderr).toMatch(/database or disk is full|ENOSPC|no space/i);
    expect(run.stderr).toMatch(/nothing was changed/);
    expect(out).toContain('exit=2');
    const [hashBefore] = out;
    const hashAfter = out[out.indexOf('exit=2') + 1];
    expect(hashAfter).toBe(hashBefore);
    expect(out.some((l) => l.includes('building'))).toBe(false);
  });
});

describe('a delta', () => {
  it('replaces the changed persons whole, as one unit, and keeps the employer totals right', async () => {
    const dir = mkdtempSync(join(work, 'delta-'));
    // Person 7's rows (all of them) with a new name; the reference files carry no rows.
    writeDelta(good, dir, {
      persons: [7],
      appliesTo: manifestOf(good).exportedAt,
      exportedAt: '2026-12-01T22:00:00.000Z',
      edit: {
        persons: (rows) => rows.map((l) => l.replace(/^7,(\d+X?),[^,]+,/, '7,$1,新名字,')),
        // Person 7 has no more contributions after the first year (the core system corrected them away).
        contributions: (rows) => rows.slice(0, 12),
      },
    });

    const db0 = new Database(join(data, 'records.sqlite'), { readonly: true });
    const others = db0.prepare('SELECT count(*) FROM contribution WHERE person_id <> 7').pluck().get();
    db0.close();
    const result = await load(dir);
    expect(result.errors.map(formatError)).toEqual([]);
    expect(result.outcome).toBe('loaded');

    const db = new Database(join(data, 'records.sqlite'), { readonly: true });
    try {
      expect(db.prepare(`SELECT value FROM meta WHERE key = 'as_of'`).pluck().get()).toBe(
        '2026-12-01T22:00:00.000Z',
      );
      expect(db.prepare('SELECT name FROM person WHERE id = 7').pluck().get()).toBe('新名字');
      expect(db.prepare('SELECT count(*) FROM person').pluck().get()).toBe(200);
      expect(
        db.prepare('SELECT count(*) FROM contribution WHERE person_id = 7').pluck().get(),
      ).toBeLessThanOrEqual(12);
      expect(db.prepare('SELECT count(*) FROM contribution WHERE person_id <> 7').pluck().get()).toBe(others);
      const derived = db.prepare('SELECT * FROM employer_month ORDER BY 1, 2').all();
      const recomputed = db
        .prepare(
          `SELECT employer_id, month, count(*) AS headcount, sum(base) AS base,
             sum(pension_employer + medical_employer + unemployment_employer + work_injury_employer + maternity_employer) AS employer_part,
             sum(pension_individual + medical_individual + unemployment_individual) AS individual_part,
             sum(CASE WHEN status = 'arrears' THEN 0 ELSE pension_employer + pension_individual + medical_employer + medical_individual + unemployment_employer + unemployment_individual + work_injury_employer + maternity_employer END) AS paid_amount,
             sum(CASE WHEN status = 'arrears' THEN pension_employer + pension_individual + medical_employer + medical_individual + unemployment_employer + unemployment_individual + work_injury_employer + maternity_employer ELSE 0 END) AS arrears_amount
           FROM contribution WHERE employer_id IS NOT NULL GROUP BY employer_id, month ORDER BY 1, 2`,
        )
        .all();
      expect(derived).toEqual(recomputed);
    } finally {
      db.close();
    }
    // Applying the same delta again is refused: it names a snapshot that is no longer in place.
    await expectRefused(dir, /appliesTo: the delta applies to the snapshot as of 2026-11-30T22:00:00\.000Z/);
  });
});

describe('npm run import', () => {
  it('lists the first 100 errors as file:line:column, then a count, exits 2 and changes nothing', () => {
    const dir = copyExport();
    rewrite(dir, 'persons.csv', (lines) =>
      lines.map((line, i) => (i === 0 ? line : line.replace(/^(\d+),(\d{17})./, '$1,$2Z'))),
    );
    const before = state();
    const run = spawnSync(TSX, [CLI, dir, '--reason', 'cli test'], {
      env: { ...process.env, DATA_DIR: data, OPERATOR: 'cli-tester' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines.slice(0, 100).every((l) => /^persons\.csv:\d+:2: national_id: /.test(l))).toBe(true);
    // Every other file's rows of those persons are refused too (their person is not valid).
    expect(lines[100]).toMatch(/^… and \d+ more errors$/);
    expect(lines[101]).toMatch(/^import refused: \d+ error\(s\); nothing was changed/);
    expect(lines).toHaveLength(102);
    expect(state().records).toBe(before.records);
    expect(lastMaintenance()).toMatchObject({ why: 'cli test', who: 'cli-tester' });
  });

  it('refuses a missing reason or an unknown encoding in one line, exit 2', () => {
    for (const args of [[good], [good, '--reason', 'x', '--encoding', 'latin1']]) {
      const run = spawnSync(TSX, [CLI, ...args], {
        env: { ...process.env, DATA_DIR: data },
        encoding: 'utf8',
      });
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(data, '.import.lock'))).toBe(false);
  });
});
