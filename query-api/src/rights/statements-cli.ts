// `npm run statements -- --year 2025 --out DIR [--persons N | --from-id A --to-id B] [--language es|en|zh-CN]`:
// the annual statements for mailing (Art. 17), one PDF per person, each with a serial and check code that
// anyone can check like a certificate. Every statement is a disclosure: the query log gets one entry per person
// (channel mail, role agency), and the run writes one maintenance-log entry. Prints a progress bar, a closing
// summary and the rate (statements per second).
import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { Presets, SingleBar } from 'cli-progress';
import { isLanguage, type Language } from '@consulta/shared';
import { STATEMENT_SECTIONS, type StatementSection } from '../policy/rights.ts';
import { openSqliteRecordsStore } from '../store/sqlite/records.ts';
import type { QueryLogEntry } from '../store/types.ts';
import { agencyFromEnv } from './documents.ts';
import { openLoggedOps } from './logged-ops.ts';
import { issueStatementPdf, warmPdfFont } from './pdf.ts';
import { buildStatement } from './statement.ts';

export const USAGE = `Usage: npm run statements -- --year YYYY --out DIR [--persons N | --from-id A --to-id B]
                                [--language es|en|zh-CN] [--data-dir DIR] [--operator NAME] [--quiet]

  One PDF per insured person with data in that year (statement-YYYY-<person number>.pdf), each with a serial,
  a check code and a QR code to the public check page (PUBLIC_WEB_URL/verify). The agency's name comes from
  AGENCY_NAME (or AGENCY_NAME_ES / _EN / _ZH). Default: every person.`;

export class StatementsUsageError extends Error {}

export interface BatchResult {
  written: number;
  skipped: number;
  seconds: number;
  perSecond: number;
  files: string[];
}

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  progress: boolean;
}

function positiveInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new StatementsUsageError(`--${name} must be a positive whole number`);
  return n;
}

function defaultDataDir(): string {
  const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  return resolve(process.env['DATA_DIR'] || join(repoRoot, 'data'));
}

export async function runStatements(argv: string[], io: Io): Promise<BatchResult | null> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      year: { type: 'string' },
      out: { type: 'string' },
      persons: { type: 'string' },
      'from-id': { type: 'string' },
      'to-id': { type: 'string' },
      language: { type: 'string' },
      'data-dir': { type: 'string' },
      operator: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    io.out(USAGE);
    return null;
  }
  const year = positiveInt('year', values.year);
  if (year === undefined || year < 1990 || year > 2100)
    throw new StatementsUsageError('--year YYYY is required');
  if (!values.out) throw new StatementsUsageError('--out DIR is required');
  const persons = positiveInt('persons', values.persons);
  const fromId = positiveInt('from-id', values['from-id']);
  const toId = positiveInt('to-id', values['to-id']);
  if (persons !== undefined && (fromId !== undefined || toId !== undefined))
    throw new StatementsUsageError('give --persons N or --from-id A --to-id B, not both');
  if (
    (fromId === undefined) !== (toId === undefined) ||
    (fromId !== undefined && toId !== undefined && fromId > toId)
  )
    throw new StatementsUsageError('--from-id A and --to-id B go together, A not after B');
  const language = values.language ?? 'es';
  if (!isLanguage(language)) throw new StatementsUsageError('--language must be es, en or zh-CN');
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const agency = agencyFromEnv(process.env);
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true, mode: 0o700 });

  const records = openSqliteRecordsStore({ path: join(dataDir, 'records.sqlite') });
  const ops = openLoggedOps(join(dataDir, 'operational.sqlite'));
  // The list of people to mail is a batch's own read (the store serves one person per call, by design).
  const listing = new Database(join(dataDir, 'records.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const ids = listing
      .prepare('SELECT id FROM person WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?')
      .pluck()
      .all(fromId ?? 0, toId ?? Number.MAX_SAFE_INTEGER, persons ?? -1) as number[];
    warmPdfFont();
    const sections = Object.keys(STATEMENT_SECTIONS) as StatementSection[];
    const range = { from: `${year}-01`, to: `${year}-12` };
    const who = values.operator ?? userInfo().username;
    const bar = io.progress
      ? new SingleBar(
          { format: 'statements [{bar}] {value}/{total} {eta_formatted} left', hideCursor: true },
          Presets.shades_classic,
        )
      : null;
    bar?.start(ids.length, 0);
    const started = performance.now();
    const files: string[] = [];
    let skipped = 0;
    let pending: QueryLogEntry[] = [];
    const flush = async (): Promise<void> => {
      if (pending.length) await ops.appendQueryLogBatch(pending);
      pending = [];
    };
    for (const personId of ids) {
      const body = await buildStatement(records, personId, year, range, sections, 'kiosk');
      const registration = body ? await records.registration(personId) : null;
      if (!body || !registration) {
        skipped++;
        bar?.increment();
        continue;
      }
      const issued = new Date();
      const { pdf } = await issueStatementPdf({
        ops,
        personId,
        statement: body,
        person: registration.person,
        issued,
        agency,
        language: language as Language,
        asOf: records.asOf,
      });
      const file = join(outDir, `statement-${year}-${personId}.pdf`);
      writeFileSync(file, pdf, { mode: 0o600 });
      pending.push({
        at: issued.toISOString(),
        channel: 'mail',
        clientId: 'statements-batch',
        role: 'agency',
        actor: `operator:${who}`,
        subject: `person:${personId}`,
        resource: 'statements/batch',
        outcome: 'ok',
      });
      if (pending.length >= 200) await flush();
      files.push(file);
      bar?.increment();
    }
    await flush();
    bar?.stop();
    const seconds = (performance.now() - started) / 1000;
    const perSecond = files.length / Math.max(seconds, 1e-6);
    await ops.addMaintenance({
      at: new Date().toISOString(),
      what: `annual statements ${year}: ${files.length} written to ${outDir}, ${skipped} without data`,
      why: 'annual statement mailing (Art. 17)',
      method: 'statements CLI',
      who,
    });
    io.out(
      `${files.length} statements for ${year} written to ${outDir} (${skipped} persons without data that year)`,
    );
    io.out(`${seconds.toFixed(1)} s, ${perSecond.toFixed(1)} statements per second`);
    return { written: files.length, skipped, seconds, perSecond, files };
  } finally {
    listing.close();
    await ops.close();
    await records.close();
  }
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  runStatements(process.argv.slice(2), {
    out: console.log,
    err: console.error,
    progress: process.stderr.isTTY,
  }).then(
    () => process.exit(0),
    (err: unknown) => {
      const usage =
        err instanceof StatementsUsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
      console.error(
        usage
          ? `statements: ${(err as Error).message} (npm run statements -- --help)`
          : `statements failed: ${(err as Error).message}`,
      );
      process.exit(usage ? 2 : 1);
    },
  );
}
