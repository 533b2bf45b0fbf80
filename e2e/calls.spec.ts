/**
 * Services that call services, as a learner builds and watches them: a call made by dragging from
 * one service to another in the editor, its second hop on the canvas and in the log, the caller's
 * NestJS code; and the canvas re-fitting when a node grows.
 */
import type { Locator, Page } from '@playwright/test';
import { axeViolations, expect, test, type BrokerLab } from './fixtures';

const id = (page: Page, dataId: string) => page.locator(`[data-id="${dataId}"]`);
const card = (page: Page, service: string) =>
  page.locator(`[data-id="editor-service"][data-service="${service}"]`);

/** A mouse drag from one handle to another (React Flow listens to pointer events). */
async function drag(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
}

/** Steps the paused clock until `done` holds (each step goes to the next engine event). */
async function stepUntil(app: BrokerLab, done: () => Promise<boolean>, max = 200) {
  for (let i = 0; i < max && !(await done()); i++) {
    const before = await app.now();
    await app.page.locator('[data-id="step"]').click();
    await expect.poll(() => app.now()).toBeGreaterThan(before);
  }
  expect(await done()).toBe(true);
}

test('a call dragged from one service to another: its hop, its log lines and the send() in the caller’s code', async ({
  app,
  page,
}) => {
  test.setTimeout(120_000);
  await app.open({ scenario: 'orders', speed: '1' });
  await id(page, 'edit-toggle').click();
  // A blank scenario (orders with get_order, one route, no script): every step is ours.
  await id(page, 'editor-new').click();
  await expect(app.node('notifications')).toHaveCount(0);
  await id(page, 'editor-new-service-id').fill('inventory');
  await id(page, 'editor-add-service').click();
  const inventory = card(page, 'inventory');
  await inventory.locator('[data-id="editor-handler-pattern"]').fill('reserve_stock');
  await inventory.locator('[data-id="editor-add-handler"]').click();
  await expect(app.node('inventory')).toContainText('reserve_stock');

  // Drag from orders' right handle to inventory: orders' first handler now calls it.
  await drag(
    page,
    app.flowNode('orders').locator('.react-flow__handle.source'),
    app.flowNode('inventory').locator('.react-flow__handle.target'),
  );
  const edge = page.locator('.react-flow__edge[data-id="call:orders->inventory"]');
  await expect(edge).toHaveAttribute('aria-label', "orders → inventory: send('reserve_stock')");
  await expect(app.node('orders')).toContainText("send('reserve_stock') → inventory");
  const call = card(page, 'orders').locator('[data-id="editor-call"]');
  await expect(call).toHaveAttribute('data-to', 'inventory');
  await expect(call.locator('[data-id="editor-call-pattern-of"]')).toHaveValue('reserve_stock');
  expect(await axeViolations(page, '[data-id="editor-panel"]')).toEqual([]);
  expect(await axeViolations(page, '[data-id="canvas"]')).toEqual([]);
  // One undo step removes it, redo brings it back.
  await id(page, 'editor-undo').click();
  await expect(edge).toHaveCount(0);
  await id(page, 'editor-redo').click();
  await expect(edge).toHaveCount(1);
  // Picked as emit, the node says so; back to send.
  await call.locator('[data-id="editor-call-mode"]').selectOption('emit');
  await expect(app.node('orders')).toContainText("emit('reserve_stock') → inventory");
  await call.locator('[data-id="editor-call-mode"]').selectOption('send');
  await expect(app.node('orders')).toContainText("send('reserve_stock') → inventory");

  // Fire the route and step: the orders instance sends, inventory answers it.
  await app.fire('GET /orders/:id').click();
  const sendByOrders = app.log
    .locator('li[data-kind="send"]')
    .filter({ has: page.locator('.log-actor', { hasText: /^orders#\d$/ }) });
  await stepUntil(app, async () => (await sendByOrders.count()) > 0);
  await expect(sendByOrders.first()).toContainText("send('reserve_stock') → inventory");
  // The second hop's token leaves the calling instance for the broker.
  const tokens = await app.tokens();
  expect(
    tokens.some((k) => /^orders#\d$/.test(k.from) && k.to === 'broker' && k.kind === 'request'),
  ).toBe(true);
  const replyToOrders = app.log
    .locator('li[data-kind="replyReceived"]')
    .filter({ has: page.locator('.log-actor', { hasText: /^orders#\d$/ }) });
  await stepUntil(app, async () => (await replyToOrders.count()) > 0);
  await expect(replyToOrders.first()).toContainText('inventory#1');
  await call.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/screens/calls-editor-en.png' });

  // The caller's code: ClientsModule for inventory, and the send line lit for the selected message.
  await sendByOrders.first().locator('button').click();
  // The inspector shows the message's wire: out of the calling instance, through the broker.
  await expect(
    page.locator('[data-id="inspector"] [data-id^="wire:orders#"][data-id$=">broker"]'),
  ).toHaveCount(1);
  await page.locator('[data-id="code-toggle:orders"]').click();
  const code = page.locator('[data-id="code-block"]');
  await expect(code).toContainText(
    "await firstValueFrom(this.inventoryClient.send('reserve_stock', data));",
  );
  await expect(code.locator('.code-line.is-hot')).toContainText("send('reserve_stock'");
  await page.locator('[data-id="code-file:apps/orders/src/app.module.ts"]').click();
  await expect(code).toContainText("name: 'INVENTORY_CLIENT'");
  expect(app.errors).toEqual([]);
});

test('in Portuguese, the calling service’s code panel lights its send() while the message is selected', async ({
  app,
  page,
}) => {
  await app.open({ scenario: 'service-calls', lang: 'pt-BR' });
  // The scenario is in the picker with its Portuguese title.
  await expect(page.locator('[data-id="scenario"] option[value="service-calls"]')).toHaveText(
    'Serviços que chamam serviços',
  );
  const sendByOrders = app.log
    .locator('li[data-kind="send"]')
    .filter({ has: page.locator('.log-actor', { hasText: /^orders#\d$/ }) });
  await stepUntil(app, async () => (await sendByOrders.count()) > 0);
  await sendByOrders.first().locator('button').click();
  await page.locator('[data-id="code-toggle:orders"]').click();
  const code = page.locator('[data-id="code-block"]');
  await expect(code).toContainText('Aguarda a resposta de inventory');
  const hot = code.locator('.code-line.is-hot');
  await expect(hot).toHaveCount(1);
  await expect(hot).toContainText("send('reserve_stock', data).pipe(timeout(1000))");
  // Playing (the paused hint gone), the selection and its lit line stay.
  await page.locator('[data-id="play"]').click();
  await page.locator('[data-id="code-panel"]').scrollIntoViewIfNeeded();
  await expect(hot).toHaveCount(1);
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'docs/screens/calls-code-pt-BR.png' });
  expect(app.errors).toEqual([]);
});

test('at 1024×768 a service scaled to 3 stays inside the visible canvas', async ({ app, page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await app.open({ scenario: 'orders' });
  const canvas = page.locator('[data-id="canvas"]');
  const node = app.node('orders');
  await page.locator('[data-id="play"]').click();
  await page.locator('[data-id="scale-up:orders"]').click();
  await expect(page.locator('[data-id="replica-count:orders"]')).toHaveAttribute('data-value', '3');
  const inside = async () => {
    const c = (await canvas.boundingBox())!;
    const n = (await node.boundingBox())!;
    return (
      n.x >= c.x - 0.5 &&
      n.y >= c.y - 0.5 &&
      n.x + n.width <= c.x + c.width + 0.5 &&
      n.y + n.height <= c.y + c.height + 0.5
    );
  };
  await expect.poll(inside).toBe(true);
  // And it stays there once the chips are up (the node does not grow past the edge later).
  await expect(app.chip('orders#3')).toHaveAttribute('data-state', 'up', { timeout: 15_000 });
  await expect.poll(inside).toBe(true);
  expect(app.errors).toEqual([]);
});
