// Builds the kiosk's screens into renderer/dist: relative asset paths so the same build runs under the API's
// origin (web channel) and under Electron's app:// scheme (kiosk channel).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { KIOSK_CSP_META } from '../shared/src/csp.ts';

/** A strict Content-Security-Policy in the built page (the dev server needs inline scripts, so build only). */
function contentSecurityPolicy(): Plugin {
  const policy = KIOSK_CSP_META;
  return {
    name: 'consulta-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
      ),
  };
}

/**
 * Brotli and gzip copies of the scripts and style sheets beside them (`name-<hash>.js.br`, `.gz`), made once
 * here at the highest levels, so the API's static serving (query-api/src/http/static.ts) sends them as they are
 * instead of compressing on the first request after each start.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'consulta-precompress',
    apply: 'build',
    configResolved: (config) => {
      outDir = config.build.outDir.startsWith('/')
        ? config.build.outDir
        : join(config.root, config.build.outDir);
    },
    // In parallel on libuv's threads: brotli at quality 11 is the slow part of a build.
    async writeBundle(_options, bundle) {
      const jobs = Object.entries(bundle).flatMap(([fileName, output]) => {
        if (!/\.(js|css)$/.test(fileName)) return [];
        const source = Buffer.from(output.type === 'chunk' ? output.code : output.source);
        if (source.length <= 512) return [];
        const path = join(outDir, fileName);
        const params = {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
        };
        return [
          promisify(brotliCompress)(source, { params }).then((br) => writeFile(`${path}.br`, br)),
          promisify(gzip)(source, { level: 9 }).then((gz) => writeFile(`${path}.gz`, gz)),
        ];
      });
      await Promise.all(jobs);
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
});
