import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { axeViolations, expect, test, type BrokerLab } from './fixtures';

const id = (page: Page, dataId: string) => page.locator(`[data-id="${dataId}"]`);
const card = (page: Page, service: string) =>
  page.locator(`[data-id="editor-service"][data-service="${service}"]`);
const transportOf = (app: BrokerLab, service: string) => app.node(service).locator('.transport');

/** A mouse drag from one handle to another (React Flow listens to pointer events). */
async function drag(page: Page, from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
}

interface SavedFile {
  version: number;
  nodes: {
    id: string;
    type: string;
    transport?: { kind: string };
    handlers?: unknown[];
    position?: { x: number; y: number };
  }[];
  routes: { method: string; path: string; send?: string; emit?: string; to: unknown }[];
}

test('a two-service scenario built from a blank one with the editor, saved, reopened and fired', async ({
  app,
  page,
}, testInfo) => {
  await app.open({ scenario: 'orders', speed: '8' });
  await id(page, 'edit-toggle').click();
  await expect(id(page, 'editor-panel')).toBeVisible();
  await id(page, 'editor-new').click();
  // Blank: one service, its route is the client's only button.
  await expect(app.node('notifications')).toHaveCount(0);
  await expect(app.node('orders')).toBeVisible();
  await expect(page.locator('button.fire')).toHaveCount(1);

  // A second service, with a request and an event handler.
  await id(page, 'editor-new-service-id').fill('billing');
  await id(page, 'editor-add-service').click();
  await expect(app.node('billing')).toBeVisible();
  const billing = card(page, 'billing');
  await billing.locator('[data-id="editor-handler-pattern"]').fill('get_invoice');
  await billing.locator('[data-id="editor-handler-latency"]').fill('30');
  await billing.locator('[data-id="editor-add-handler"]').click();
  await expect(app.node('billing')).toContainText('get_invoice');
  await billing.locator('[data-id="editor-handler-pattern"]').fill('invoice_paid');
  await billing.locator('[data-id="editor-handler-kind"]').selectOption('event');
  await billing.locator('[data-id="editor-add-handler"]').click();
  await expect(app.node('billing')).toContainText('invoice_paid');

  // A route to it by dragging from the gateway's handle to the service: a new client button.
  await drag(
    page,
    app.flowNode('gateway').locator('.react-flow__handle.source'),
    app.flowNode('billing').locator('.react-flow__handle.target'),
  );
  await expect(app.fire('GET /billing/:id')).toBeVisible();
  // And an emit route from the form.
  await id(page, 'editor-route-method').selectOption('POST');
  await id(page, 'editor-route-path').fill('/invoices');
  await id(page, 'editor-route-mode').selectOption('emit');
  await id(page, 'editor-route-pattern').fill('invoice_paid');
  await id(page, 'editor-route-target').selectOption('billing');
  await id(page, 'editor-add-route').click();
  await expect(app.fire('POST /invoices')).toBeVisible();

  // One service on Redis; undo and redo move the canvas with the document.
  await billing.locator('[data-id="editor-transport"]').selectOption('redis');
  await expect(transportOf(app, 'billing')).toHaveText('redis');
  await expect(transportOf(app, 'orders')).toHaveText('rmq');
  await id(page, 'editor-undo').click();
  await expect(transportOf(app, 'billing')).toHaveText('rmq');
  await page.keyboard.press('Control+Shift+Z');
  await expect(transportOf(app, 'billing')).toHaveText('redis');
  await page.keyboard.press('Control+Z');
  await expect(transportOf(app, 'billing')).toHaveText('rmq');
  await id(page, 'editor-redo').click();
  await expect(transportOf(app, 'billing')).toHaveText('redis');

  // Autosave keeps the edited scenario over a reload.
  await page.reload();
  await expect(transportOf(app, 'billing')).toHaveText('redis');
  await expect(app.fire('POST /invoices')).toBeVisible();
  await page.locator('[data-id="dismiss"]').click();
  if (!(await id(page, 'editor-panel').isVisible())) await id(page, 'edit-toggle').click();

  // A dragged node keeps its place in the saved file.
  const head = app.node('billing').locator('.node-title');
  const box = (await head.boundingBox())!;
  await page.mouse.move(box.x + 5, box.y + 5);
  await page.mouse.down();
  await page.mouse.move(box.x + 5, box.y + 65, { steps: 5 });
  await page.mouse.up();

  // An invalid edit is refused with the worker's field path; nothing changes.
  await billing.locator('[data-id="editor-rename-input"]').fill('orders');
  await billing.locator('[data-id="editor-rename"]').click();
  await expect(id(page, 'editor-refused')).toContainText(
    'nodes[4].id: duplicate id "orders" (already used by nodes[3])',
  );
  await expect(app.node('billing')).toBeVisible();
  await expect(app.fire('GET /billing/:id')).toBeVisible();
  await expect(page.locator('[data-id="editor-route"]')).toHaveCount(3);
  await page.screenshot({ path: testInfo.outputPath('editor-refused.png') });
  await id(page, 'editor-refused').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/editor-en.png' });

  // Save file: the scenario format, with the edits.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    id(page, 'editor-save').click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  const file = JSON.parse(text) as SavedFile;
  expect(file.version).toBe(1);
  const svc = file.nodes.find((n) => n.id === 'billing');
  expect(svc?.transport?.kind).toBe('redis');
  expect(svc?.handlers).toHaveLength(2);
  expect(svc?.position).toEqual({ x: expect.any(Number), y: expect.any(Number) });
  expect(file.routes).toContainEqual({
    method: 'GET',
    path: '/billing/:id',
    send: 'get_invoice',
    to: 'billing',
  });
  expect(file.routes).toContainEqual({
    method: 'POST',
    path: '/invoices',
    emit: 'invoice_paid',
    to: 'billing',
  });

  // Reopen it through Open… on a fresh page and fire the new route.
  await app.open({ scenario: 'orders', speed: '8' });
  await id(page, 'open-scenario').click();
  await id(page, 'import-file').setInputFiles({
    name: 'billing.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(transportOf(app, 'billing')).toHaveText('redis');
  await app.fire('GET /billing/:id').click();
  await id(page, 'play').click();
  await expect(app.log.getByText(/GET \/billing\/:id ← 200/)).toBeVisible();
  expect(app.errors).toEqual([]);
});

test('in Portuguese: remove and undo, rename keeps routes, a duplicate route is refused', async ({
  app,
  page,
}) => {
  await app.open({ scenario: 'orders', lang: 'pt-BR' });
  await id(page, 'edit-toggle').click();
  await expect(id(page, 'edit-toggle')).toHaveText(/Editar/);
  // Removing a service, then undoing it, restores the service and its routes.
  await card(page, 'notifications').locator('[data-id="editor-remove-service"]').click();
  await expect(app.node('notifications')).toHaveCount(0);
  await expect(page.locator('[data-id="editor-route"]')).toHaveCount(2);
  await id(page, 'editor-undo').click();
  await expect(app.node('notifications')).toBeVisible();
  await expect(app.fire('POST /orders')).toBeVisible();
  // A rename carries the routes along.
  const orders = card(page, 'orders');
  await orders.locator('[data-id="editor-rename-input"]').fill('purchases');
  await orders.locator('[data-id="editor-rename"]').click();
  await expect(app.node('purchases')).toBeVisible();
  await expect(
    page.locator('[data-id="editor-route"][data-route="GET /orders/:id"]'),
  ).toContainText('purchases');
  // A second POST /orders: two routes with the same key are refused.
  await id(page, 'editor-route-method').selectOption('POST');
  await id(page, 'editor-route-path').fill('/orders');
  await id(page, 'editor-route-pattern').fill('x');
  await id(page, 'editor-add-route').click();
  await expect(id(page, 'editor-refused')).toContainText('routes[2]');
  await expect(id(page, 'editor-refused')).toContainText('Edição recusada');
  await expect(page.locator('[data-id="editor-route"]')).toHaveCount(2);
  await id(page, 'editor-refused').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/editor-pt-BR.png' });
  expect(await axeViolations(page)).toEqual([]);
  expect(app.errors).toEqual([]);
});
