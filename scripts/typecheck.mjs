// Type-checks every process's package with its own tsconfig (each allows only what that process has).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = ['shared', 'query-api', 'ivr-server', 'electron', 'renderer', 'test', 'scripts'];
let failed = false;
for (const project of projects) {
  if (!existsSync(`${project}/tsconfig.json`)) continue;
  try {
    execFileSync('npx', ['tsc', '-p', `${project}/tsconfig.json`], { stdio: 'inherit' });
  } catch {
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
