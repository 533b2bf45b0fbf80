import { defineConfig } from '@playwright/test';

// e2e runs against the built site (`vite preview`), in Debian's Chromium: browsers cannot be
// downloaded here, so PLAYWRIGHT_CHROMIUM points at the system one (default /usr/bin/chromium).
// E2E_PORT moves both servers (two checkouts testing side by side must not share one).
const PORT = Number(process.env.E2E_PORT ?? 4173);
/** Port of the sub-path server (e2e/subpath.spec.ts). */
export const SUBPATH_PORT = PORT + 2;

export default defineConfig({
  testDir: 'e2e',
  // The Live view against a real broker and tap bridge: its own command (`npm run tap:check`).
  testIgnore: ['tap/**'],
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // The same build served from a sub-path, as on GitHub Pages (/brokerlab/).
      command: `npx vite preview --host 127.0.0.1 --port ${SUBPATH_PORT} --strictPort --base /brokerlab/`,
      url: `http://127.0.0.1:${SUBPATH_PORT}/brokerlab/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
