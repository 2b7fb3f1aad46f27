// Type-checks every process's package with its own tsconfig (each allows only what that process has).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// The Electron main process and its sandboxed preload have a tsconfig each.
const projects = [
  'shared/tsconfig.json',
  'query-api/tsconfig.json',
  'ivr-server/tsconfig.json',
  'electron/tsconfig.json',
  'electron/tsconfig.preload.json',
  'renderer/tsconfig.json',
  'test/tsconfig.json',
  'scripts/tsconfig.json',
];
let failed = false;
for (const project of projects) {
  if (!existsSync(project)) continue;
  try {
    execFileSync('npx', ['tsc', '-p', project], { stdio: 'inherit' });
  } catch {
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
