/**
 * Classroom views: presenter mode on a 1024×768 projector, embed mode for an iframe. What a
 * teacher would notice: nothing overlaps, node text is readable at the back of the room, the
 * side panels get out of the way and the keyboard drives it.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

type Box = { x: number; y: number; width: number; height: number };

const boxes = async (l: Locator) =>
  (await l.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  )) as Box[];

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width - 1 &&
  b.x < a.x + a.width - 1 &&
  a.y < b.y + b.height - 1 &&
  b.y < a.y + a.height - 1;

/** The rendered size (px on screen) of each node's title, after the canvas fit. */
const titlePx = (page: Page) =>
  page.locator('.react-flow__node').evaluateAll((nodes) =>
    nodes.map((n) => {
      const el = n as HTMLElement;
      const scale = el.getBoundingClientRect().width / el.offsetWidth;
      const title = el.querySelector('.node-title, strong, h3') ?? el;
      return parseFloat(getComputedStyle(title).fontSize) * scale;
    }),
  );

test.describe('at 1024×768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('presenter mode: panels hidden, nodes apart and ≥ 14 px, P and B switch it, + and − change speed', async ({
    app,
    page,
  }) => {
    await app.open({ lang: 'pt-BR' });
    await expect(page.locator('aside.side')).toBeVisible();
    await page.keyboard.press('p');
    await expect(page.locator('.app')).toHaveAttribute('data-view', 'presenter');
    await expect(page.locator('aside.side')).toBeHidden();
    await page.locator('.react-flow__controls-fitview').click();
    await expect.poll(async () => Math.min(...(await titlePx(page)))).toBeGreaterThanOrEqual(14);
    const nodes = await boxes(page.locator('.react-flow__node'));
    for (let i = 0; i < nodes.length; i++)
      for (let j = i + 1; j < nodes.length; j++)
        expect(overlap(nodes[i]!, nodes[j]!), `nodes ${i} and ${j} overlap`).toBe(false);
    // The toolbar's controls do not overlap either.
    const controls = await boxes(page.locator('.toolbar button:visible, .toolbar select:visible'));
    for (let i = 0; i < controls.length; i++)
      for (let j = i + 1; j < controls.length; j++)
        expect(overlap(controls[i]!, controls[j]!)).toBe(false);
    await page.screenshot({ path: 'test-results/presenter-1024-pt-BR.png' });

    await page.keyboard.press('+');
    await expect(page.locator('select[data-id="speed"]')).toHaveValue('2');
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    await expect(page.locator('select[data-id="speed"]')).toHaveValue('0.5');

    await page.keyboard.press('b');
    await expect(page.locator('aside.side')).toBeVisible();
    await page.keyboard.press('p');
    await expect(page.locator('.app')).toHaveAttribute('data-view', 'full');
    await expect(page.locator('aside.side')).toBeVisible();
    expect(app.errors).toEqual([]);
  });

  test('presenter keys: K kills the instance pointed at, S / Shift+S scale the clicked service, listed in the ? overlay', async ({
    app,
    page,
  }) => {
    await app.open({ scenario: 'orders', presenter: '1' });
    const chip = page.locator('.chip[data-id="orders#2"]');
    await chip.hover();
    await expect(chip).toHaveAttribute('data-target', 'true');
    await page.keyboard.press('k');
    await expect(chip).toHaveAttribute('data-state', 'down');
    // K again: the pointed-at instance is down, nothing else is killed.
    await page.keyboard.press('k');
    await expect(page.locator('.chip[data-id="orders#1"]')).toHaveAttribute('data-state', 'up');

    await page.locator('.node[data-id="notifications"] .node-title').click();
    await expect(page.locator('.node[data-id="notifications"]')).toHaveAttribute(
      'data-target',
      'true',
    );
    const count = page.locator('[data-id="replica-count:notifications"]');
    await page.keyboard.press('s');
    await expect(count).toHaveAttribute('data-value', '2');
    await page.keyboard.press('Shift+S');
    await expect(count).toHaveAttribute('data-value', '1');
    // K on a selected service kills its first running instance.
    await page.keyboard.press('k');
    await expect(page.locator('.chip[data-id="notifications#1"]')).toHaveAttribute(
      'data-state',
      'down',
    );

    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Kill the selected instance');
    await expect(dialog).toContainText('Shift + S');
    expect(app.errors).toEqual([]);
  });

  test('embed mode: canvas and controls only, still playable', async ({ app, page }) => {
    await app.open({ embed: '1' });
    await expect(page.locator('.app-header')).toBeHidden();
    await expect(page.locator('aside.side')).toBeHidden();
    await expect(page.locator('[data-id="lab-toggle"], .lab-dock')).toHaveCount(0);
    // P does not leave embed mode (no room for it in an iframe).
    await page.keyboard.press('p');
    await expect(page.locator('.app')).toHaveAttribute('data-view', 'embed');
    await app.fire('GET /orders/:id').click();
    await expect.poll(() => app.tokens().then((t) => t.length)).toBeGreaterThan(0);
    await page.locator('[data-id="play"]').click();
    await expect.poll(() => app.now()).toBeGreaterThan(100);
    expect(app.errors).toEqual([]);
  });
});

for (const [width, height] of [
  [390, 844],
  [768, 1024],
] as const)
  test.describe(`on a ${width}×${height} screen with touch`, () => {
    test.use({ viewport: { width, height }, hasTouch: true, isMobile: width < 500 });

    test('no sideways scroll, the canvas is there, a lesson can be followed by tapping', async ({
      app,
      page,
    }) => {
      await app.open({ lang: 'pt-BR', lesson: 'first-request', speed: '8' });
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scroll).toBeLessThanOrEqual(width);
      await expect(page.locator('.react-flow__node[data-id="orders"]')).toBeAttached();
      await page.locator('[data-id="lesson-next"]').tap();
      await page.locator('[data-id="play"]').tap();
      for (let i = 0; i < 3; i++) await app.fire('GET /orders/:id').tap();
      await expect(page.locator('[data-id="lesson-goal"]')).toHaveAttribute('data-met', 'true', {
        timeout: 15_000,
      });
      await page.screenshot({ path: `test-results/lesson-${width}x${height}-pt-BR.png` });
      expect(app.errors).toEqual([]);
    });

    test('touch: tap a chip to kill it and again to restart it, drag the timeline back, no sideways scroll', async ({
      app,
      page,
    }) => {
      await app.open({ scenario: 'orders', lang: 'pt-BR', speed: '8' });
      const chip = page.locator('.chip[data-id="orders#2"]');
      await chip.scrollIntoViewIfNeeded();
      await chip.tap();
      await expect(chip).toHaveAttribute('data-state', 'down');
      await chip.tap();
      await expect(chip).not.toHaveAttribute('data-state', 'down');
      await page.locator('[data-id="play"]').tap();
      await expect.poll(() => app.now(), { timeout: 20_000 }).toBeGreaterThan(1500);
      await page.locator('[data-id="play"]').tap();
      // Drag the timeline's playhead back to its start with a finger (touch pointer events).
      const track = page.locator('[data-id="timeline-track"]');
      await track.scrollIntoViewIfNeeded();
      const box = (await track.boundingBox())!;
      const y = box.y + box.height / 2;
      const touch = await page.context().newCDPSession(page);
      const point = (x: number) => [{ x, y, id: 1 }];
      await touch.send('Input.dispatchTouchEvent', {
        type: 'touchStart',
        touchPoints: point(box.x + box.width * 0.6),
      });
      await touch.send('Input.dispatchTouchEvent', {
        type: 'touchMove',
        touchPoints: point(box.x + box.width * 0.3),
      });
      await touch.send('Input.dispatchTouchEvent', {
        type: 'touchMove',
        touchPoints: point(box.x + 2),
      });
      await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await expect.poll(() => app.now()).toBeLessThan(300);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scroll).toBeLessThanOrEqual(width);
      expect(app.errors).toEqual([]);
    });
  });

test('a scenario says what it shows, the picker lists translated titles, and its script is announced before it acts', async ({
  app,
  page,
}) => {
  await app.open({ lang: 'pt-BR', speed: '1' });
  await expect(page.locator('[data-id="about-scenario"]')).toContainText('RabbitMQ');
  const options = await page.locator('select[data-id="scenario"] option').allTextContents();
  expect(options).toContain('Pedidos');
  expect(options.some((o) => o.endsWith('.json') || /^[a-z-]+$/.test(o))).toBe(false);
  await page.locator('[data-id="play"]').click();
  // Orders kills orders#1 at 250 ms by its script: the canvas says so before it happens.
  await expect(page.locator('[data-id="script-notice"]')).toContainText('kill orders#1', {
    timeout: 15_000,
  });
  expect(await app.now()).toBeLessThan(250);
  expect(app.errors).toEqual([]);
});
