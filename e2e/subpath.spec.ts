import { test, expect } from './fixtures';
import { SUBPATH_PORT } from '../playwright.config';

// The built site must work from any sub-path of a static host, e.g. GitHub Pages' /brokerlab/.
test('the built site served from /brokerlab/ loads, plays and answers a request', async ({
  app,
  page,
}) => {
  await page.goto(`http://127.0.0.1:${SUBPATH_PORT}/brokerlab/?test=1&speed=8`);
  await expect.poll(() => app.snapshot().then((s) => s?.phase)).toBe('ready');
  await expect(app.chip('orders#2')).toBeVisible();
  await app.fire('GET /orders/:id').click();
  await page.getByRole('button', { name: /play/i }).first().click();
  await expect
    .poll(() => app.snapshot().then((s) => s?.counters.byStatus['200'] ?? 0), { timeout: 30_000 })
    .toBeGreaterThan(0);
  expect(app.errors).toEqual([]);
});
