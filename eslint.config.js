// One linter for the whole repository; process boundaries are enforced here with import restrictions.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = { group: ['node:*'], message: 'This package runs outside Node: no node:* imports.' };

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      'data/**',
      'bench-results/**',
      'test-output/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [nodeBuiltins, { group: ['react', 'electron'], message: 'shared/ runs anywhere.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            {
              group: ['electron', '**/electron/**', '**/query-api/**', '**/ivr-server/**'],
              message: 'The renderer reaches other processes only through the bridge or HTTP.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer's build configuration runs in Node (it writes the compressed copies of the build).
    files: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**', '**/query-api/**', '**/ivr-server/**', 'react'],
              message: 'The main process talks to other processes only through typed interfaces.',
            },
          ],
        },
      ],
    },
  },
  {
    // The preload runs sandboxed: of Node it has only what Electron's sandbox gives a preload (a limited
    // require for electron, events, timers, url), so it imports electron and the bridge's names, nothing else.
    // (Its tsconfig cannot refuse node:* types, which electron.d.ts pulls in; this rule does.)
    files: ['electron/src/preload.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|\\.\\./\\.\\./shared/src/bridge\\.ts$)',
              message: 'The sandboxed preload imports only electron and shared/src/bridge.ts.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['require', 'module', '__dirname', '__filename', 'global'].map((name) => ({
          name,
          message: 'Not available in the sandboxed preload.',
        })),
      ],
    },
  },
  {
    files: ['ivr-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/query-api/**', '**/renderer/**', '**/electron/**'],
              message: 'The phone server is an HTTP client of the query API.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['query-api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/ivr-server/**', '**/renderer/**', '**/electron/**'],
              message: 'The query API depends on no client.',
            },
          ],
        },
      ],
    },
  },
);
