// Lint = correctness + the architecture's import boundaries (ARCHITECTURE.md, "Boundaries").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const banned = (...groups) => ({
  'no-restricted-imports': [
    'error',
    { patterns: groups.map(([group, message]) => ({ group, message })) },
  ],
});

const ENGINE_PURE = [
  'error',
  { name: 'Date', message: 'The engine uses virtual time only.' },
  { name: 'performance', message: 'The engine uses virtual time only.' },
  { name: 'setTimeout', message: 'Schedule on the event queue instead.' },
  { name: 'setInterval', message: 'Schedule on the event queue instead.' },
  { name: 'requestAnimationFrame', message: 'The engine knows nothing of frames.' },
  { name: 'window', message: 'The engine has no DOM.' },
  { name: 'document', message: 'The engine has no DOM.' },
];

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'test-results',
      'playwright-report',
      'docs',
      'reports',
      '.stryker-tmp',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: banned([['../*', 'shared imports nothing.']]),
  },
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...banned(
        [
          ['react', 'react-dom', 'react/*', '@xyflow/*', 'framer-motion', 'zustand', 'comlink'],
          'The engine is pure TypeScript.',
        ],
        [
          [
            '**/scenario/**',
            '**/worker/**',
            '**/sim-client/**',
            '**/state/**',
            '**/ui/**',
            '**/app/**',
            'node:*',
          ],
          'The engine imports only shared.',
        ],
      ),
      'no-restricted-globals': ENGINE_PURE,
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded Rng.' },
        { object: 'Date', property: 'now', message: 'The engine uses virtual time only.' },
      ],
    },
  },
  {
    files: ['src/scenario/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/scenario/exportJsonSchema.ts'],
    rules: banned([
      [
        'react',
        '@xyflow/*',
        'framer-motion',
        'zustand',
        'comlink',
        '**/worker/**',
        '**/sim-client/**',
        '**/state/**',
        '**/ui/**',
        '**/app/**',
      ],
      'scenario may import shared, engine types and zod only.',
    ]),
  },
  {
    files: ['src/worker/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: banned([
      [
        'react',
        'react-dom',
        '@xyflow/*',
        'framer-motion',
        'zustand',
        '**/ui/**',
        '**/state/**',
        '**/app/**',
      ],
      'The worker never touches the UI.',
    ]),
  },
  {
    files: ['src/sim-client/**/*.ts', 'src/state/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: banned([
      ['react', 'react-dom', '@xyflow/*', '**/ui/**', '**/app/**'],
      'sim-client and state are React-free.',
    ]),
  },
  {
    files: [
      'src/ui/**/*.{ts,tsx}',
      'src/app/**/*.{ts,tsx}',
      'src/sim-client/**/*.ts',
      'src/state/**/*.ts',
    ],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      // Type-only imports of engine/worker contracts are fine; run-time imports would pull the
      // engine (and zod) into the main bundle.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/engine',
                '**/engine/**',
                '**/scenario',
                '**/scenario/**',
                '**/worker/api',
              ],
              allowTypeImports: true,
              message:
                'UI code may import engine/scenario types only; the engine runs in the worker.',
            },
          ],
        },
      ],
    },
  },
);
