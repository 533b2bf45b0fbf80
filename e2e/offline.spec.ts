import { test, expect } from './fixtures';

// After the first visit the service worker has precached the whole static site: the app, its
// worker and every scenario open with the network gone (a classroom with no Wi-Fi).
test('after one visit, the app and its scenarios still open offline', async ({ page, context }) => {
  await page.goto('./');
  await expect(page.locator('[data-kind="instance"][data-id="orders#1"]')).toBeVisible();
  // Wait until the service worker is active and has finished precaching.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('[data-kind="instance"][data-id="orders#2"]')).toBeVisible();
  await page.locator('button.fire[data-id="GET /orders/:id"]').click();
  await expect(page.locator('[data-id="event-log"]')).toContainText('GET /orders/:id');

  // Another scenario (a lazily loaded chunk) opens offline too.
  await page.goto('./?scenario=e2e-timeout');
  await expect(page.locator('[data-kind="instance"]').first()).toBeVisible();
  await context.setOffline(false);
});
