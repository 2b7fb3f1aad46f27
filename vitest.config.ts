import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,query-api,ivr-server,electron,renderer,test}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
