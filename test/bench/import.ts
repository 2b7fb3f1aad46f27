// The import scenario of `npm run bench`: an export of N persons (written once by the generator, reused), loaded
// by `npm run import` (a child process, as an operator runs it) into a fresh data folder. Reports rows per second,
// wall time and the importer's peak memory. Target on the 2-core machine: ≥ 300,000 rows/s into SQLite.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateDataset } from '../../query-api/src/generator/index.ts';
import { repoRoot } from './processes.ts';

export interface ImportBench {
  persons: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakMemoryMb: number;
  /** Wall time of the whole command, Node start-up included. */
  commandSeconds: number;
  exportBytes: number;
  /** Size of the records.sqlite the load built. */
  recordsBytes: number;
}

export async function benchImport(o: { persons: number; seed: string }): Promise<ImportBench> {
  const base = join(repoRoot, 'data', `bench-import-${o.persons}`);
  const exportDir = join(base, 'export');
  const dataDir = join(base, 'data');
  const manifestPath = join(exportDir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    console.log(
      `Writing a ${o.persons.toLocaleString('en')}-person export to ${exportDir} (once; reused next time)…`,
    );
    const started = Date.now();
    await generateDataset({ dir: dataDir, persons: o.persons, seed: o.seed, exportTo: exportDir });
    console.log(`  written in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    files: Record<string, { file: string; rows: number }>;
  };
  const exportBytes = Object.values(manifest.files).reduce(
    (sum, f) => sum + statSync(join(exportDir, f.file)).size,
    0,
  );
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const started = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
    (done) => {
      const child = spawn(
        join(repoRoot, 'node_modules', '.bin', 'tsx'),
        ['query-api/src/interchange/cli.ts', exportDir, '--reason', 'import benchmark'],
        { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('exit', (c) => done({ code: c ?? -1, stdout: out, stderr: err }));
    },
  );
  const commandSeconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`the import failed (exit ${code}): ${stderr}`);
  const m = /: (\d+) rows in ([\d.]+) s \((\d+) rows\/s, peak memory (\d+) MB\)/.exec(stdout);
  if (!m) throw new Error(`unexpected importer output: ${stdout}`);
  const result: ImportBench = {
    persons: o.persons,
    rows: Number(m[1]),
    seconds: Number(m[2]),
    rowsPerSecond: Number(m[3]),
    peakMemoryMb: Number(m[4]),
    commandSeconds: Math.round(commandSeconds * 10) / 10,
    exportBytes,
    recordsBytes: statSync(join(dataDir, 'records.sqlite')).size,
  };
  console.log('\nImport (npm run import, full export into SQLite)');
  console.log(
    `  ${o.persons.toLocaleString('en')} persons, ${result.rows.toLocaleString('en')} rows ` +
      `(${(exportBytes / 1e6).toFixed(0)} MB of CSV): ${result.rowsPerSecond.toLocaleString('en')} rows/s, ` +
      `${result.seconds} s (command ${result.commandSeconds} s), peak memory ${result.peakMemoryMb} MB, ` +
      `records.sqlite ${(result.recordsBytes / 1e6).toFixed(0)} MB (target ≥ 300,000 rows/s)`,
  );
  return result;
}
