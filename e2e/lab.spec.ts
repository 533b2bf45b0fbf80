import type { Locator } from '@playwright/test';
import { axeViolations, expect, test } from './fixtures';

/** Reads a numeric data attribute (charts publish their sample count and newest value there). */
const num = async (loc: Locator, attr: string) => Number((await loc.getAttribute(attr)) ?? 'NaN');

test.describe('resilience lab', () => {
  test('charts follow the samples; 100 % errors on orders open the breaker and the timeline links effects', async ({
    app,
    page,
  }, testInfo) => {
    await app.open({ scenario: 'e2e-lab', speed: '8', autoplay: '1' });
    await page.locator('[data-id="lab-toggle"]').click();
    const lab = page.locator('[data-id="lab-panel"]');
    await expect(lab).toBeVisible();

    const throughput = page.locator('[data-chart="throughput"]');
    await expect.poll(() => num(throughput, 'data-samples')).toBeGreaterThan(5);
    // The scenario's steady load: the "ok" series is above zero.
    await expect.poll(() => num(throughput, 'data-last')).toBeGreaterThan(0);
    await page.screenshot({ path: testInfo.outputPath('lab-charts.png') });

    await page.locator('[data-id="lab-tab-faults"]').click();
    await expect(page.locator('[data-id="breaker-orders"]')).toHaveAttribute(
      'data-state',
      'closed',
    );
    await page.locator('[data-id="errors-orders"]').fill('100');
    await page.locator('[data-id="apply-errors-orders"]').click();
    await expect(page.locator('[data-id="breaker-orders"]')).toHaveAttribute('data-state', /open/);

    const fault = page.locator('[data-id^="lab-fault-"][data-kind="error-rate"]');
    await expect(fault).toHaveAttribute('data-state', 'active');
    await fault.click();
    await expect
      .poll(() => num(page.locator('[data-id="lab-fault-effects"]'), 'data-count'))
      .toBeGreaterThan(0);
    await page.screenshot({ path: testInfo.outputPath('lab-breaker-open.png') });

    // The charts keep moving with the sim clock, and freeze when paused.
    await page.locator('[data-id="lab-tab-charts"]').click();
    const before = await num(throughput, 'data-samples');
    await expect.poll(() => num(throughput, 'data-samples')).toBeGreaterThan(before);
    await page.locator('[data-id="play"]').click();
    await expect(page.locator('[data-id="play"]')).toHaveAttribute('data-state', 'paused');
    const frozen = await num(throughput, 'data-samples');
    await page.waitForTimeout(600);
    expect(await num(throughput, 'data-samples')).toBeLessThanOrEqual(frozen + 1);
    await page.screenshot({ path: testInfo.outputPath('lab-charts-fault.png') });
    expect(app.errors).toEqual([]);
  });

  test('selecting a message in the sequence diagram shows its waterfall', async ({
    app,
    page,
  }, testInfo) => {
    await app.open({ scenario: 'e2e-lab', speed: '8', autoplay: '1' });
    await page.locator('[data-id="lab-toggle"]').click();
    await page.locator('[data-id="lab-tab-sequence"]').click();
    await expect
      .poll(() => num(page.locator('[data-id="sequence"]'), 'data-arrows'))
      .toBeGreaterThan(2);
    await page.locator('[data-id="play"]').click(); // pause: arrows stop moving
    await page.locator('.seq-arrow').first().click();
    await page.locator('[data-id="lab-tab-trace"]').click();
    const wf = page.locator('[data-id="waterfall"]');
    await expect(wf).toBeVisible();
    await expect.poll(() => num(wf, 'data-spans')).toBeGreaterThan(1);
    await page.screenshot({ path: testInfo.outputPath('lab-waterfall.png') });
    expect(app.errors).toEqual([]);
  });

  test('the lab panel has no WCAG A/AA violations that axe can detect', async ({ app, page }) => {
    await app.open({ scenario: 'e2e-lab', speed: '8', autoplay: '1' });
    await page.locator('[data-id="lab-toggle"]').click();
    await expect
      .poll(() => num(page.locator('[data-chart="throughput"]'), 'data-samples'))
      .toBeGreaterThan(2);
    await page.locator('[data-id="play"]').click();
    for (const tab of ['charts', 'faults', 'sequence', 'trace']) {
      await page.locator(`[data-id="lab-tab-${tab}"]`).click();
      const summary = await axeViolations(page, '[data-id="lab-panel"]');
      expect(summary.map((line) => `${tab} ${line}`)).toEqual([]);
    }
  });
});
