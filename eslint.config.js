// Lint = correctness + the import boundaries between layers (each `src/*/README.md` says what its
// folder may import). Arrows run one way: shared ← engine ← scenario ← worker; shared ← i18n ←
// state ← sim-client; i18n, state, sim-client, commands ← ui ← app.
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

const UI_NOT_APP = [
  ['**/app', '**/app/**'],
  'ui never imports app: the app hands ui what it needs (props, context).',
];

// Type-only imports of engine/worker contracts are fine; run-time imports would pull the engine
// (and zod) into the main bundle.
const ENGINE_TYPES_ONLY = {
  group: ['**/engine', '**/engine/**', '**/scenario', '**/scenario/**', '**/worker/api'],
  allowTypeImports: true,
  message: 'UI code may import engine/scenario types only; the engine runs in the worker.',
};

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
      '**/*.tmp.*',
      '.codegen-check',
      '.conformance',
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
    files: ['src/i18n/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: banned([
      [
        'react',
        'react-dom',
        '@xyflow/*',
        'framer-motion',
        'zustand',
        'comlink',
        '**/engine',
        '**/engine/**',
        '**/scenario',
        '**/scenario/**',
        '**/worker/**',
        '**/sim-client',
        '**/sim-client/**',
        '**/state',
        '**/state/**',
        '**/commands',
        '**/commands/**',
        '**/ui/**',
        '**/app/**',
      ],
      'i18n imports shared only: catalogues and translate(), no React, no stores.',
    ]),
  },
  {
    files: ['src/commands/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: banned([
      [
        'react',
        'react-dom',
        '@xyflow/*',
        'framer-motion',
        'zustand',
        'comlink',
        '**/scenario',
        '**/scenario/**',
        '**/worker/**',
        '**/state',
        '**/state/**',
        '**/ui/**',
        '**/app/**',
      ],
      'commands is plain data: shared, i18n keys, engine and sim-client types only.',
    ]),
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
    // The NestJS code generator: pure, lazy-loaded by the code panel and used by the CLI.
    files: ['src/codegen/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...banned([
        [
          'react',
          'react-dom',
          '@xyflow/*',
          'framer-motion',
          'zustand',
          'comlink',
          'zod',
          '**/worker/**',
          '**/sim-client/**',
          '**/state/**',
          '**/ui/**',
          '**/app/**',
          '**/run/**',
          'node:*',
        ],
        'codegen is pure: engine types and shared only (it runs in a browser chunk).',
      ]),
      'no-restricted-globals': ENGINE_PURE,
    },
  },
  {
    // Runs (player, session, history) and trace views: pure like the engine, and run in the
    // worker, the CLI and Node tests unchanged.
    files: ['src/run/**/*.ts', 'src/trace/**/*.ts', 'src/lessons/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...banned([
        [
          'react',
          'react-dom',
          '@xyflow/*',
          'framer-motion',
          'zustand',
          'comlink',
          '**/worker/**',
          '**/sim-client/**',
          '**/state/**',
          '**/ui/**',
          '**/app/**',
          'node:*',
        ],
        'run and trace are pure: engine, scenario, trace and shared only.',
      ]),
      'no-restricted-globals': ENGINE_PURE,
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded Rng.' },
        { object: 'Date', property: 'now', message: 'Runs use virtual time only.' },
      ],
    },
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
    files: ['src/sim-client/**/*.ts', 'src/state/**/*.ts', 'src/live/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: banned([
      ['react', 'react-dom', '@xyflow/*', '**/ui/**', '**/app/**', '**/tap/**', 'node:*'],
      'sim-client, state and live are React-free (and live never imports the Node bridge).',
    ]),
  },
  {
    // The tap bridge (Node): it shares only the frame protocol with the app.
    files: ['src/tap/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: banned([
      [
        'react',
        'react-dom',
        '@xyflow/*',
        'framer-motion',
        'zustand',
        '**/ui/**',
        '**/app/**',
        '**/state/**',
        '**/sim-client/**',
        '**/engine/**',
      ],
      'The tap bridge imports the live protocol and broker clients only.',
    ]),
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: banned(UI_NOT_APP),
  },
  {
    // (Repeats UI_NOT_APP: a later block's options replace an earlier one's.)
    files: ['src/ui/lab/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: banned(UI_NOT_APP, [
      ['**/canvas', '**/canvas/**'],
      'The canvas shows the lab (badges, fault menus); the lab never imports the canvas.',
    ]),
  },
  {
    files: [
      'src/ui/**/*.{ts,tsx}',
      'src/app/**/*.{ts,tsx}',
      'src/sim-client/**/*.ts',
      'src/state/**/*.ts',
      'src/live/**/*.ts',
    ],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [ENGINE_TYPES_ONLY] }],
    },
  },
  {
    // (Repeats ENGINE_TYPES_ONLY: a later block's options replace an earlier one's.)
    files: ['src/commands/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ENGINE_TYPES_ONLY,
            {
              group: ['**/sim-client', '**/sim-client/**'],
              allowTypeImports: true,
              message: 'A command names the client calls it makes; the page runs them.',
            },
          ],
        },
      ],
    },
  },
);
