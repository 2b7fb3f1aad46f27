// `npm run import -- DIR [--dry-run] [--encoding utf-8|gbk] --reason "…"`: loads an export (docs/interchange.md)
// into the records store in DATA_DIR (default data/ at the repository root). Every row is checked before anything
// is switched in; a refused export prints `file:line:column: reason` (the first 100, then a count), exits 2 and
// changes nothing. Usage problems are one line and exit 2 as well; a fault is exit 1. Each run, loaded or
// refused, is a maintenance-log entry.
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openLoadTarget } from '../store/open.ts';
import { ENCODINGS, type Encoding } from './csv.ts';
import { ERROR_LIST_LIMIT, formatError, importExport } from './importer.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const USAGE =
  'usage: npm run import -- DIR --reason "why" [--dry-run] [--encoding utf-8|gbk]   (loads into DATA_DIR, default data/)';

class UsageError extends Error {}

function operator(): string {
  if (process.env['OPERATOR']) return process.env['OPERATOR'];
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** One import at a time per data folder: a lock file holding the importer's process id. */
function lock(dataDir: string): () => void {
  const path = join(dataDir, '.import.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(path, 'utf8'));
      let alive: boolean;
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
      if (alive) throw new UsageError(`another import (process ${pid}) is loading into ${dataDir}`);
      rmSync(path, { force: true }); // left by an import that died: take it over
    }
  }
  throw new UsageError(`cannot lock ${dataDir} for the import`);
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        encoding: { type: 'string' },
        reason: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`give exactly one export folder (${USAGE})`);
  const from = resolve(positionals[0] ?? '');
  if (!existsSync(from) || !statSync(from).isDirectory()) throw new UsageError(`${from} is not a folder`);
  const reason = values.reason?.trim() ?? '';
  if (reason.length === 0) throw new UsageError('--reason "…" is required: it goes into the maintenance log');
  const encoding = (values.encoding ?? 'utf-8').toLowerCase().replace(/^utf8$/, 'utf-8') as Encoding;
  if (!ENCODINGS.includes(encoding))
    throw new UsageError(`--encoding must be one of ${ENCODINGS.join(', ')}`);
  const dataDir = resolve(process.env['DATA_DIR'] || join(ROOT, 'data'));
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new UsageError(`the data folder ${dataDir} does not exist (set DATA_DIR)`);
  }

  const unlock = lock(dataDir);
  // SQLite in DATA_DIR, or PostgreSQL when DATABASE_URL is set (store/open.ts).
  const target = await openLoadTarget({ dataDir, databaseUrl: process.env['DATABASE_URL'] });
  try {
    const result = await importExport({
      from,
      sink: target.sink,
      ops: target.ops,
      reason,
      who: operator(),
      encoding,
      dryRun: values['dry-run'] ?? false,
    });
    const rate = result.seconds > 0 ? Math.round(result.totalRows / result.seconds) : 0;
    if (result.outcome === 'refused') {
      for (const e of result.errors) process.stderr.write(`${formatError(e)}\n`);
      if (result.errorCount > ERROR_LIST_LIMIT) {
        process.stderr.write(`… and ${result.errorCount - ERROR_LIST_LIMIT} more errors\n`);
      }
      process.stderr.write(
        `import refused: ${result.errorCount} error(s); nothing was changed (records still as of the previous load)\n`,
      );
      return 2;
    }
    process.stdout.write(
      result.outcome === 'checked'
        ? `dry run: ${result.totalRows} rows checked, no errors; nothing was loaded\n`
        : `loaded ${result.kind} export as of ${result.asOf}: ${result.totalRows} rows in ${result.seconds.toFixed(1)} s ` +
            `(${rate} rows/s, peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)\n`,
    );
    return 0;
  } finally {
    await target.close();
    unlock();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    process.stderr.write(
      `import: ${usage ? (error as Error).message : String((error as Error).stack ?? error)}\n`,
    );
    process.exitCode = usage ? 2 : 1;
  },
);
