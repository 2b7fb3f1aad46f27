// Builds one demo data set in a temporary folder for the whole test run; tests never touch DATA_DIR.
import { mkdtempSync, rmSync } from 'node:fs';
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
  process.env['LOG_SIGNING_KEY_FILE'] = join(keys, 'query-log.key');
  process.env['CHECKPOINT_DIR'] = join(keys, 'checkpoints');
  // Created now, so that an ops command run before any API has started finds it.
  loadSigningKey({ keyFile: process.env['LOG_SIGNING_KEY_FILE'], dataDir: dir, create: true });
  return () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(keys, { recursive: true, force: true });
  };
}
