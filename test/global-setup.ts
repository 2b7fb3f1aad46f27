// Builds one demo data set in a temporary folder for the whole test run; tests never touch DATA_DIR. The set is
// read-only for tests: a test that starts an API copies it first (an API writes its query log), and the run fails
// at the end if any entry was written into the shared set, since copies taken after it would carry that entry.
import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildDemoDataset } from '../query-api/src/generator/index.ts';
import { loadSigningKey } from '../query-api/src/log/signing.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    demoDataDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'consulta-test-'));
  await buildDemoDataset({ dir });
  project.provide('demoDataDir', dir);
  // The query log's signing key and checkpoint witness for every API a test starts without its own: outside the
  // data sets, never in the repository. Each log's checkpoints carry its own origin, so one witness serves all.
  const keys = mkdtempSync(join(tmpdir(), 'consulta-test-keys-'));
  delete process.env['LOG_SIGNING_KEY'];
  // The servers' JSON request logs stay out of the test output (tests that read them give their own logger).
  process.env['LOG_LEVEL'] ??= 'silent';
  process.env['LOG_SIGNING_KEY_FILE'] = join(keys, 'query-log.key');
  process.env['CHECKPOINT_DIR'] = join(keys, 'checkpoints');
  // Created now, so that an ops command run before any API has started finds it.
  loadSigningKey({ keyFile: process.env['LOG_SIGNING_KEY_FILE'], dataDir: dir, create: true });
  return () => {
    const db = new Database(join(dir, 'operational.sqlite'), { readonly: true });
    const written = db.prepare('SELECT COUNT(*) FROM query_log').pluck().get() as number;
    db.close();
    rmSync(dir, { recursive: true, force: true });
    if (written > 0) {
      rmSync(keys, { recursive: true, force: true });
      // Vitest only prints an error thrown here: the exit code is what fails the run.
      process.exitCode = 1;
      throw new Error(
        `${written} query-log entries were written into the shared demo data set: a test started an API on it ` +
          'instead of on a copy (copyDemoData / copyDataDir)',
      );
    }
    rmSync(keys, { recursive: true, force: true });
  };
}
