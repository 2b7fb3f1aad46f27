// `npm run lint:openapi` (part of `npm test`): writes the OpenAPI document generated from the route table to a
// temporary file and runs Spectral on it with the `spectral:oas` ruleset (.spectral.yaml); any warning fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../query-api/src/http/openapi.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: npm run lint:openapi    (Spectral, ruleset .spectral.yaml, fails on any warning)');
  process.exit(0);
}
if (args.length > 0) {
  console.error(`lint:openapi: unknown argument ${args[0]} (try --help)`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'consulta-openapi-'));
try {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'spectral'),
    ['lint', file, '--ruleset', join(root, '.spectral.yaml'), '--fail-severity', 'warn'],
    { stdio: 'inherit' },
  );
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
