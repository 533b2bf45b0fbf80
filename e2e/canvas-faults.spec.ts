import type { Locator } from '@playwright/test';
import { axeViolations, expect, test } from './fixtures';

const num = async (loc: Locator, attr: string) => Number((await loc.getAttribute(attr)) ?? 'NaN');

test.describe('faults from the canvas', () => {
  test('right-click a chip → Pause; Shift+F10 on a service → Slow ×5; edge menu → Partition', async ({
    app,
    page,
  }, testInfo) => {
    await app.open({ scenario: 'e2e-lab', speed: '4', autoplay: '1' });
    const chip = app.chip('orders#1');
    await expect(chip).toHaveAttribute('data-state', 'up');

    // Mouse: right-click the instance chip.
    await chip.click({ button: 'right' });
    const menu = page.locator('[data-id="fault-menu"]');
    await expect(menu).toBeVisible();
    await expect(menu).toHaveAttribute('role', 'menu');
    await expect(menu.locator('[role="menuitem"]').first()).toBeFocused();
    await page.screenshot({ path: testInfo.outputPath('menu-chip.png') });
    await menu.locator('[data-id="menu:pause"]').click();
    await expect(menu).toBeHidden();
    await expect(chip).toHaveAttribute('data-state', 'paused');
    // The same menu now offers the undo.
    await chip.click({ button: 'right' });
    await expect(menu.locator('[data-id="menu:resume"]')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();

    // Keyboard: focus the service node, Shift+F10, arrow to "Slow ×5", Enter.
    await app.flowNode('orders').focus();
    await page.keyboard.press('Shift+F10');
    await expect(menu).toBeVisible();
    await expect(menu).toHaveAttribute('data-kind', 'service');
    await page.keyboard.press('ArrowDown');
    await expect(menu.locator('[data-id="menu:slow"]')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(menu).toBeHidden();
    await expect(app.flowNode('orders')).toBeFocused();
    await page.locator('[data-id="lab-toggle"]').click();
    await expect(page.locator('[data-id^="lab-fault-"][data-kind="slow"]')).toHaveAttribute(
      'data-state',
      'active',
    );

    // Edge "⋯" → Partition: requests to orders time out (or fall back once the breaker opens),
    // and the fault with those effects shows in the timeline.
    await page.locator('[data-id="menu-open:broker->orders"]').click();
    await expect(menu).toHaveAttribute('data-kind', 'link');
    await page.screenshot({ path: testInfo.outputPath('menu-edge.png') });
    await menu.locator('[data-id="menu:partition"]').click();
    const partition = page.locator('[data-id^="lab-fault-"][data-kind="partition"]');
    await expect(partition).toHaveAttribute('data-state', 'active');
    await partition.click();
    await expect
      .poll(() => num(page.locator('[data-id="lab-fault-effects"]'), 'data-count'), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    await expect(page.locator('[data-id="lab-fault-effects"]')).toContainText(/timeout/);
    await page.locator('[data-id="menu-open:broker->orders"]').click();
    await expect(menu.locator('[data-id="menu:heal"]')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('menu-edge-heal.png') });
    await page.keyboard.press('Escape');
    expect(app.errors).toEqual([]);
  });

  test('+ on a service adds an instance; the client load slider sends a load', async ({
    app,
    page,
  }, testInfo) => {
    await app.open({ scenario: 'e2e-lab', speed: '4', autoplay: '1' });
    const count = page.locator('[data-id="replica-count:orders"]');
    await expect(count).toHaveAttribute('data-value', '2');
    await page.locator('[data-id="scale-up:orders"]').click();
    await expect(count).toHaveAttribute('data-value', '3');
    await expect(app.chip('orders#3')).toBeVisible();
    const slider = page.locator('[data-id="load:GET /orders/:id"]');
    await expect(slider).toHaveAttribute('data-value', '40');
    await slider.fill('100');
    await expect(slider).toHaveAttribute('data-value', '100');
    await page.screenshot({ path: testInfo.outputPath('scale-load.png') });
    expect(app.errors).toEqual([]);
  });

  test('the breaker is drawn on the edge into its service', async ({ app, page }, testInfo) => {
    await app.open({ scenario: 'e2e-lab', speed: '8', autoplay: '1' });
    const ring = page.locator('[data-id="edge-breaker:orders"]');
    await expect(ring).toHaveAttribute('data-state', 'closed');
    await app.flowNode('orders').focus();
    await page.keyboard.press('Shift+F10');
    await page.locator('[data-id="menu:errors"]').click();
    await expect(ring).toHaveAttribute('data-state', /open/);
    await page.screenshot({ path: testInfo.outputPath('edge-breaker-open.png') });
  });

  test('the compare view runs monolith and microservices side by side', async ({
    app,
    page,
  }, testInfo) => {
    await app.open({ scenario: 'e2e-lab' });
    await page.locator('[data-id="lab-toggle"]').click();
    await page.locator('[data-id="lab-tab-compare"]').click();
    await expect(page.locator('[data-id="compare"]')).toHaveAttribute('data-state', 'done', {
      timeout: 30_000,
    });
    for (const side of ['monolith', 'microservices'])
      for (const m of ['latency', 'throughput', 'errors'])
        expect(await num(page.locator(`[data-id="compare-${side}-${m}"]`), 'data-samples')).toBe(
          36,
        );
    await page.locator('[data-id="compare-microservices-errors"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('compare.png') });
    expect(app.errors).toEqual([]);
  });

  test('axe finds no WCAG A/AA violations with a canvas menu open', async ({ app, page }) => {
    await app.open({ scenario: 'e2e-lab', speed: '8', autoplay: '1' });
    await page.locator('[data-id="play"]').click();
    await app.node('orders').click({ button: 'right', position: { x: 30, y: 12 } });
    await expect(page.locator('[data-id="fault-menu"]')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });
  test('a faulty release from the service menu: the new version fails requests, the chips say v2', async ({
    app,
    page,
  }) => {
    await app.open({ scenario: 'e2e-timeout', speed: '8', lang: 'en', autoplay: '1' });
    const get = app.fire('GET /orders/:id');
    const counters = () => app.snapshot().then((s) => s?.counters);
    for (let i = 0; i < 3; i++) await get.click();
    await expect.poll(() => counters().then((c) => c?.byStatus['200'] ?? 0)).toBe(3);
    await page.locator('[data-id="menu-open:orders"]').click();
    const item = page.locator('[data-id="menu:deploy-faulty"]');
    await expect(item).toHaveText('Deploy a faulty version of orders (rolling, 50 % errors)');
    await item.click();
    // Rolling: one instance after the other runs the new version.
    await expect(
      page.locator('.node[data-id="orders"] .chip-status[data-version="2"]'),
    ).toHaveCount(2, { timeout: 15_000 });
    await expect(page.locator('.node[data-id="orders"] .chip-status').first()).toContainText('v2');
    for (let i = 0; i < 10; i++) await get.click();
    await expect
      .poll(() => counters().then((c) => c?.httpTotal ?? 0), { timeout: 15_000 })
      .toBe(13);
    const after = await counters();
    // Before the release every request got 200; the faulty version fails some of the next ten.
    expect(after?.byStatus['200'] ?? 0).toBeLessThan(13);
    expect(after?.byStatus['200'] ?? 0).toBeGreaterThan(3);
    expect(app.errors).toEqual([]);
  });
});
