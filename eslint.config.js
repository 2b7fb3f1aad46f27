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
