// Mutation testing of the simulation engine: `npm run mutate` (minutes; not in CI, not in `npm test`).
// How to read the result and the list of surviving mutants that are equivalent: src/engine/README.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // The engine's tests only, without the app's Vite plugins.
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: [
    'src/engine/**/*.ts',
    '!src/engine/**/*.test.ts',
    // The tests' own harness: a mutant there changes the test, not the engine.
    '!src/engine/testkit.ts',
    // Prose for the UI (en, pt-BR): any text mutant survives, and no behaviour depends on it.
    '!src/engine/notes.ts',
    // NestJS's texts as data. Tests compare with these same constants (a mutated text changes both
    // sides, so its mutants survive as noise); the verbatim texts are pinned by literal strings in
    // transports/semantics.test.ts.
    '!src/engine/nestErrors.ts',
    // The event queue, rng, histogram and percentiles have their own unit tests (core/*.test.ts),
    // and every other test runs through them, so each of their mutants costs a run of the whole
    // suite (and most loop forever: timeouts). Mutate them on their own when they change:
    // npx stryker run --mutate 'src/engine/core/**/!(*.test).ts'
    '!src/engine/core/**',
  ],
  // Each mutant runs only the tests that cover it: the difference between minutes and hours here.
  coverageAnalysis: 'perTest',
  // Re-runs only mutants whose code or covering tests changed since the last run (gitignored).
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // The machines have 2 cores.
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/engine.html' },
  jsonReporter: { fileName: 'reports/mutation/engine.json' },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
