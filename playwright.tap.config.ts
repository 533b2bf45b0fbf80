import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The Live view end to end (`npm run tap:check`): a real redis-server, the tap bridge, real
// NestJS ClientProxy/servers and the built app in Chromium. Separate from `npm run test:e2e`
// because it needs a Debian broker package and wall-clock timing.
const PORT = Number(process.env.E2E_PORT ?? 4183);

export default defineConfig({
  ...base,
  testDir: 'e2e/tap',
  testIgnore: [],
  retries: 0,
  timeout: 90_000,
  use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}/` },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
