// Builds one demo data set in a temporary folder for the whole test run; tests never touch DATA_DIR.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildDemoDataset } from '../query-api/src/generator/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    demoDataDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'consulta-test-'));
  await buildDemoDataset({ dir });
  project.provide('demoDataDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
