/**
 * Each service's own data: a lost event leaves inventory's records behind orders, the node shows
 * expected next to actual (icon + text), the log and the timeline mark the moment; the learner
 * switches on the fixes in the lab's Data tab and the same story ends in step.
 */
import { axeViolations, expect, test } from './fixtures';

const record = (service: string, name: string) => `[data-id="record:${service}:${name}"]`;

test.describe('each service’s own data', () => {
  test('a lost event leaves inventory behind on the node; an outbox with idempotent handlers keeps it in step', async ({
    app,
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await app.open({ scenario: 'distributed-data', speed: '8', autoplay: '1' });
    const inventory = app.node('inventory');

    // The script kills inventory#1 while four orders are emitted on Redis: their events are lost.
    const state = inventory.locator('[data-id="data-state:inventory"]');
    await expect(state).toBeVisible({ timeout: 20_000 });
    await expect(state).toHaveText(/out of step: behind/);
    await expect(inventory.locator('[data-id="expected:inventory:stock"]')).toHaveText(
      /expected 9\d/,
    );
    await expect.poll(() => app.now(), { timeout: 20_000 }).toBeGreaterThan(3600);
    await expect(inventory.locator(record('inventory', 'stock'))).toHaveAttribute(
      'data-value',
      '98',
    );
    await expect(inventory.locator('[data-id="expected:inventory:stock"]')).toHaveText(
      '(expected 94)',
    );
    await expect(app.node('orders').locator(record('orders', 'orders'))).toHaveAttribute(
      'data-value',
      '6',
    );
    // orders is in step: no status line there.
    await expect(app.node('orders').locator('[data-id="data-state:orders"]')).toHaveCount(0);
    await expect(app.log).toContainText('data out of step, behind: stock is 99, expected 95');
    await expect(page.locator('[data-id="timeline-data-0"]')).toHaveAttribute(
      'data-kind',
      'behind',
    );

    // The Data tab lists it too, then the learner switches the fixes on from t = 0.
    await page.locator('[data-id="lab-toggle"]').click();
    await page.locator('[data-id="lab-tab-data"]').click();
    await expect(page.locator('[data-id="data-row:inventory:stock"]')).toHaveAttribute(
      'data-state',
      'behind',
    );
    await expect(page.locator('[data-id="data-mark-0"]')).toContainText('inventory');
    await page.screenshot({ path: testInfo.outputPath('data-en.png') });
    // The Data tab and the node's records: no WCAG A/AA violation axe can detect.
    expect(await axeViolations(page, '[data-id="lab-panel"]')).toEqual([]);
    expect(await axeViolations(page, '.react-flow__node[data-id="inventory"]')).toEqual([]);

    const play = page.locator('[data-id="play"]');
    if ((await play.getAttribute('data-state')) !== 'paused') await play.click();
    await expect(play).toHaveAttribute('data-state', 'paused');
    await page.locator('[data-id="reset"]').click();
    await expect.poll(() => app.now()).toBe(0);
    // Controlled by the engine's state: checked once the worker applied the command.
    for (const id of ['outbox-POST /orders', 'idempotent-orders', 'idempotent-inventory']) {
      await page.locator(`[data-id="${id}"]`).click();
      await expect(page.locator(`[data-id="${id}"]`)).toBeChecked();
    }
    await play.click();
    await expect.poll(() => app.now(), { timeout: 20_000 }).toBeGreaterThan(4000);
    // The relay published the lost rows again once inventory was back (in step at 95, before the
    // last order): every order took one unit.
    await expect(inventory.locator(record('inventory', 'stock'))).toHaveAttribute(
      'data-value',
      '94',
    );
    await expect(inventory.locator('[data-id="data-state:inventory"]')).toHaveCount(0);
    await expect(page.locator('[data-id="data-row:inventory:stock"]')).toHaveAttribute(
      'data-state',
      'in-step',
    );
    await expect(app.log).toContainText('data back in step: stock = 95');
    await expect(app.log).toContainText('outbox relay published');
    expect(app.errors).toEqual([]);
  });

  test('at 1024×768 in Portuguese the records and the divergence fit inside the node', async ({
    app,
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await app.open({ scenario: 'distributed-data', speed: '8', autoplay: '1', lang: 'pt-BR' });
    const inventory = app.node('inventory');
    const state = inventory.locator('[data-id="data-state:inventory"]');
    await expect(state).toHaveText(/fora de sincronia: atrasado/, { timeout: 20_000 });
    await expect.poll(() => app.now(), { timeout: 20_000 }).toBeGreaterThan(3600);
    await page.locator('[data-id="play"]').click();
    await expect(inventory.locator('[data-id="expected:inventory:stock"]')).toHaveText(
      '(esperado 94)',
    );
    // Nothing of the records is cut: their box lies inside the node's, and its text is legible.
    const node = (await inventory.boundingBox())!;
    for (const sel of ['[data-id="records:inventory"]', '[data-id="data-state:inventory"]']) {
      const box = (await inventory.locator(sel).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(node.x);
      expect(box.x + box.width).toBeLessThanOrEqual(node.x + node.width + 0.5);
      expect(box.y + box.height).toBeLessThanOrEqual(node.y + node.height + 0.5);
    }
    // As large as the node's other figures (handled, duplicates), never smaller.
    const size = (sel: string) =>
      inventory
        .locator(sel)
        .first()
        .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(await size(record('inventory', 'stock'))).toBeGreaterThanOrEqual(
      await size('[data-id="handled:inventory"]'),
    );
    // With the side panels hidden (B), as on a projector, the canvas re-fits and the figures grow.
    await page.locator('[data-id="panels"]').click();
    await expect
      .poll(async () => {
        const zoom = await page
          .locator('.react-flow__viewport')
          .evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
        return (await size(record('inventory', 'stock'))) * zoom;
      })
      .toBeGreaterThanOrEqual(11);
    await page.screenshot({ path: testInfo.outputPath('data-divergence-pt-BR.png') });
    expect(app.errors).toEqual([]);
  });

  test('pt-BR: the distributed-data lesson through the UI — lose an event, duplicate one, then the Data tab’s idempotent switch', async ({
    app,
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await app.open({ lesson: 'distributed-data', lang: 'pt-BR', speed: '8' });
    await expect(page.locator('[data-id="lesson-title"]')).toHaveText(
      'Os dados de cada serviço: eventos perdidos e duplicados',
    );
    const goal = page.locator('[data-id="lesson-goal"]');
    const play = page.locator('[data-id="play"]');
    if ((await play.getAttribute('data-state')) === 'paused') await play.click();
    const post = app.fire('POST /orders');
    const stock = app.node('inventory').locator(record('inventory', 'stock'));
    await expect(stock).toHaveAttribute('data-value', '97', { timeout: 15_000 });

    // Lose an event: kill inventory#1, send two orders, restart it.
    await page.locator('[data-id="lesson-next"]').click();
    await expect(goal).toHaveAttribute('data-met', 'false');
    await app.chip('inventory#1').click();
    await post.click();
    await post.click();
    await expect(goal).toHaveAttribute('data-met', 'true', { timeout: 15_000 });
    await expect(app.node('inventory').locator('[data-id="data-state:inventory"]')).toHaveText(
      /fora de sincronia: atrasado/,
    );
    await app.chip('inventory#1').click();

    // Duplicate one: two inventory instances on Redis both take a unit per order.
    await page.locator('[data-id="lesson-next"]').click();
    await expect(goal).toHaveAttribute('data-met', 'false');
    await page.locator('[data-id="scale-up:inventory"]').click();
    await expect
      .poll(() =>
        app.snapshot().then((s) => s?.instances.filter((i) => i.status === 'up').length ?? 0),
      )
      .toBe(3);
    await post.click();
    await expect(goal).toHaveAttribute('data-met', 'true', { timeout: 15_000 });
    await expect(app.node('inventory').locator('[data-id="data-state:inventory"]')).toHaveText(
      /adiantado/,
    );

    // The fix, from the lab's Data tab: the next duplicates are skipped.
    await page.locator('[data-id="lesson-next"]').click();
    await expect(goal).toHaveAttribute('data-met', 'false');
    await page.locator('[data-id="lab-toggle"]').click();
    await page.locator('[data-id="lab-tab-data"]').click();
    await page.locator('[data-id="idempotent-inventory"]').click();
    await expect(page.locator('[data-id="idempotent-inventory"]')).toBeChecked();
    const before = Number(await stock.getAttribute('data-value'));
    await post.click();
    await post.click();
    await expect(goal).toHaveAttribute('data-met', 'true', { timeout: 15_000 });
    // Two orders, two units: the gap left by the earlier duplicate stays, it no longer grows.
    await expect(stock).toHaveAttribute('data-value', String(before - 2));
    expect(app.errors).toEqual([]);
  });
});
