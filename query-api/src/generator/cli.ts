// Command line of the data generator:
//   npm run data:demo                                   the demo data set (tsx cli.ts --demo)
//   npm run data:generate -- --persons N --seed S       the same model at any size
//   npm run data:generate -- --persons N --seed S --export DIR    only write the export (docs/interchange.md)
// Target folder: --out DIR, else DATA_DIR, else data/ at the repository root. Bad input is one line on stderr
// and exit code 2, before any file is touched; a load goes through the importer (built aside, switched in).
import { SingleBar, Presets } from 'cli-progress';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GeneratorInputError, buildDemoDataset, generateDataset } from './index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const USAGE =
  'usage: cli.ts --demo [--out DIR | --export DIR] | cli.ts --persons N [--seed S] [--employers N] [--out DIR | --export DIR]';

class UsageError extends Error {}

function positiveInteger(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(text))
    throw new UsageError(`${flag} must be a positive integer (got "${text}")`);
  return Number(text);
}

async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        demo: { type: 'boolean' },
        persons: { type: 'string' },
        seed: { type: 'string' },
        employers: { type: 'string' },
        out: { type: 'string' },
        export: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dir = resolve(values.out ?? process.env.DATA_DIR ?? join(ROOT, 'data'));
  if (values.out !== undefined && values.export !== undefined) {
    throw new UsageError('--out and --export exclude each other (--export only writes the export)');
  }
  const exportTo = values.export !== undefined ? resolve(values.export) : undefined;
  const started = Date.now();
  if (values.demo) {
    if (values.persons !== undefined || values.seed !== undefined || values.employers !== undefined) {
      throw new UsageError('--demo takes no --persons, --seed or --employers (the demo set is fixed)');
    }
    const credentials = await buildDemoDataset({
      dir,
      ...(exportTo ? { exportTo } : {}),
      databaseUrl: process.env.DATABASE_URL,
    });
    process.stdout.write(
      `Demo ${exportTo ? 'export' : 'data set'} written to ${exportTo ?? dir} in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(${credentials.insured.length} insured, ${credentials.delegates.length} delegates and ` +
        `${credentials.employers.length} employers with credentials in demo-credentials.json)\n`,
    );
    return;
  }
  const persons = positiveInteger('--persons', values.persons);
  if (persons === undefined) throw new UsageError(`--persons N is required (${USAGE})`);
  const employers = positiveInteger('--employers', values.employers);
  const seed = values.seed ?? '1';
  const bar = new SingleBar(
    {
      format: 'persons {bar} {percentage}% | {value}/{total} | {duration_formatted} (eta {eta_formatted})',
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  let barShown = false;
  try {
    await generateDataset({
      dir,
      persons,
      seed,
      databaseUrl: process.env.DATABASE_URL,
      ...(employers !== undefined ? { employers } : {}),
      ...(exportTo ? { exportTo } : {}),
      onProgress: (done) => {
        // Started on the first report, which comes after the input was checked: a rejected run prints no bar.
        if (!barShown) bar.start(persons, done);
        barShown = true;
        bar.update(done);
      },
    });
  } finally {
    bar.stop();
  }
  process.stdout.write(
    `${exportTo ? 'Export' : 'Data set'} of ${persons} persons (seed ${seed}) written to ${exportTo ?? dir} in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `bench identities in bench-credentials.json\n`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const input = error instanceof UsageError || error instanceof GeneratorInputError;
  process.stderr.write(
    `data generator: ${input ? (error as Error).message : String((error as Error).stack ?? error)}\n`,
  );
  process.exitCode = input ? 2 : 1;
});
