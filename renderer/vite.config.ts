// Builds the kiosk's screens into renderer/dist: relative asset paths so the same build runs under the API's
// origin (web channel) and under Electron's app:// scheme (kiosk channel).
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

export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
});
