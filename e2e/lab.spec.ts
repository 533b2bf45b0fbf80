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
  test('per-instance load: "% of capacity" only behind a bulkhead, else handlings in progress', async ({
    app,
    page,
  }, testInfo) => {
    // orders has no `capacity` block (NestJS: no concurrency limit). Under 150 req/s an
    // instance averages several handlings at once: that is a count, never "500 %".
    await app.open({ scenario: 'orders', speed: '4', autoplay: '1', lang: 'pt-BR' });
    await page.locator('[data-id="lab-toggle"]').click();
    await page.locator('input[data-id="load:GET /orders/:id"]').fill('150');
    const load = page.locator('[data-id="orders#2:load"]');
    await expect(load).toHaveAttribute('data-kind', 'busy');
    await expect.poll(() => num(load, 'data-value'), { timeout: 20_000 }).toBeGreaterThan(1.5);
    await expect(load).toHaveText(/^\d+,\d em andamento$/);
    await expect(page.locator('[data-id="orders#2:lab"]')).toHaveCount(0); // no capacity bar
    await expect(page.locator('[data-chart="utilization"]')).toHaveCount(0);
    const inProgress = page.locator('[data-chart="inProgress"]');
    await expect(page.locator('[data-id="chart-inProgress"] figcaption')).toHaveText(
      'Em andamento por instância (média)',
    );
    await expect.poll(() => num(inProgress, 'data-series')).toBeGreaterThan(1);
    await page.screenshot({ path: testInfo.outputPath('load-in-progress.png') });

    // e2e-lab's orders has a bulkhead of 4: a share of it, at most 100 %.
    await app.open({ scenario: 'e2e-lab', speed: '8', autoplay: '1', lang: 'en' });
    await page.locator('[data-id="lab-toggle"]').click();
    const share = page.locator('[data-id="orders#1:load"]');
    await expect(share).toHaveAttribute('data-kind', 'share');
    await expect(share).toHaveText(/^\d{1,3}% of capacity$/);
    expect(await num(share, 'data-value')).toBeLessThanOrEqual(100);
    await expect(page.locator('[data-chart="inProgress"]')).toHaveCount(0);
    const util = page.locator('[data-chart="utilization"]');
    await expect.poll(() => num(util, 'data-samples')).toBeGreaterThan(3);
    expect(await num(util, 'data-last')).toBeLessThanOrEqual(100);
    expect(app.errors).toEqual([]);
  });
  test('sequence arrows have heads and readable labels; waterfall reply legs wear the reply colour', async ({
    app,
    page,
  }, testInfo) => {
    await app.open({ scenario: 'orders', speed: '2', autoplay: '1', lang: 'en' });
    await page.locator('[data-id="lab-toggle"]').click();
    await page.locator('[data-id="lab-tab-sequence"]').click();
    const seq = page.locator('[data-id="sequence"]');
    await expect.poll(() => num(seq, 'data-arrows'), { timeout: 20_000 }).toBeGreaterThan(8);
    await page.locator('[data-id="play"]').click(); // pause: the diagram stops moving
    await expect(page.locator('[data-id="play"]')).toHaveAttribute('data-state', 'paused');

    // Every arrow ends in an arrowhead of its kind's colour.
    const heads = await page
      .locator('.seq-arrow .seq-line')
      .evaluateAll((lines) => lines.map((l) => l.getAttribute('marker-end') ?? ''));
    expect(heads.length).toBeGreaterThan(8);
    expect(heads.every((h) => /^url\(#.+-head-[a-z-]+\)$/.test(h))).toBe(true);
    // Labels name the pattern or the kind with the token glyph…
    const labels = page.locator('.seq-label text');
    await expect(labels.filter({ hasText: /^get_order ●$/ }).first()).toBeVisible();
    await expect(labels.filter({ hasText: /^reply ◆$/ }).first()).toBeVisible();
    // …are at least 13 px, and no two of them overlap.
    const boxes = await page.locator('.seq-label').evaluateAll((gs) =>
      gs.map((g) => {
        const r = g.getBoundingClientRect();
        const size = parseFloat(getComputedStyle(g.querySelector('text')!).fontSize);
        return { x: r.x, y: r.y, w: r.width, h: r.height, size };
      }),
    );
    expect(boxes.length).toBeGreaterThan(3);
    for (const b of boxes) expect(b.size).toBeGreaterThanOrEqual(13);
    const overlapping = boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h),
    );
    expect(overlapping).toEqual([]);
    // The text fits its plate (the width estimate is generous enough).
    const fits = await page.locator('.seq-label').evaluateAll((gs) =>
      gs.every((g) => {
        const text = (g.querySelector('text') as SVGTextElement).getBBox();
        const plate = (g.querySelector('rect') as SVGRectElement).getBBox();
        return text.width <= plate.width;
      }),
    );
    expect(fits).toBe(true);
    await seq.screenshot({ path: testInfo.outputPath('sequence-labels.png') });

    // The waterfall of a request: reply legs in the reply colour ◆, handling in its own colour.
    await page.locator('.seq-arrow[data-kind="reply"]').first().click();
    await page.locator('[data-id="lab-tab-trace"]').click();
    const wf = page.locator('[data-id="waterfall"]');
    const replyBars = wf.locator('li[data-msg-kind="reply"] .wf-bar');
    await expect(replyBars.first()).toBeVisible();
    const replyColors = await replyBars.evaluateAll((bs) =>
      bs.map((b) => b.getAttribute('data-color')),
    );
    const workColors = await wf
      .locator('li[data-kind="work"] .wf-bar')
      .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-color')));
    const legendReply = await wf
      .locator('[data-id="waterfall-legend"] [data-kind="reply"] .wf-glyph')
      .evaluate((el) => getComputedStyle(el).color);
    expect(new Set(replyColors)).toEqual(new Set(['#047857']));
    expect(legendReply).toBe('rgb(4, 120, 87)'); // the token legend's reply ◆ colour
    expect(workColors.length).toBeGreaterThan(0);
    expect(workColors).not.toContain('#047857');
    await wf.screenshot({ path: testInfo.outputPath('waterfall-reply-colours.png') });
    expect(app.errors).toEqual([]);
  });
});
