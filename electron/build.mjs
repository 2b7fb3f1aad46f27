// Bundles the main process and the preload into electron/dist with esbuild (offline; electron stays external).
// The preload runs sandboxed, so it must be a single CommonJS file with no imports but electron.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  logLevel: 'info',
};
await build({ ...common, entryPoints: [join(here, 'src/main.ts')], outfile: join(here, 'dist/main.cjs') });
await build({
  ...common,
  entryPoints: [join(here, 'src/preload.ts')],
  outfile: join(here, 'dist/preload.cjs'),
});
