import { defineConfig } from 'vitest/config';

/**
 * Vitest for `npm run mutate` (stryker.config.mjs): the engine's own tests only, in Node, without
 * the app's Vite plugins (React, PWA), which the pure engine does not need.
 */
export default defineConfig({
  test: {
    include: ['src/engine/**/*.test.ts'],
    environment: 'node',
    isolate: false,
  },
});
