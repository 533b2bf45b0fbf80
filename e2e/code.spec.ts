/**
 * The NestJS code panel as a learner uses it: the code behind the gateway, the same code after a
 * transport switch and in Portuguese, the lines of the selected message, and the project zip.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { axeViolations, expect, test } from './fixtures';

const block = '[data-id="code-block"]';

test('the gateway’s NestJS code follows the transport, and its send line follows the selection', async ({
  app,
  page,
}) => {
  await app.open();
  await expect(page.locator('[data-id="code-panel"]')).not.toHaveAttribute('open', '');
  await page.locator('[data-id="code-toggle:gateway"]').click();
  const code = page.locator(block);
  await expect(code).toContainText('ClientsModule.register');
  await expect(code).toContainText('transport: Transport.RMQ');
  await expect(page.locator('[data-id="code-path"]')).toHaveText('apps/gateway/src/app.module.ts');
  expect(await axeViolations(page, '[data-id="code-panel"]')).toEqual([]);
  await page
    .locator('[data-id="code-panel"]')
    .screenshot({ path: 'test-results/code-panel-en.png' });

  // A request in flight: its send() line in the controller lights up once the message is selected.
  await app.fire('GET /orders/:id').click();
  await page.locator('[data-id="code-file:apps/gateway/src/gateway.controller.ts"]').click();
  await expect(code.locator('.code-line.is-hot')).toHaveCount(0);
  // Step (paused) until the gateway has sent it.
  const sends = app.log.locator('li[data-kind="send"]');
  for (let i = 0; i < 10 && (await sends.count()) === 0; i++) {
    const before = await app.now();
    await page.locator('[data-id="step"]').click();
    await expect.poll(() => app.now()).toBeGreaterThan(before);
  }
  await app.log.locator('li[data-kind="send"] button').first().click();
  const hot = code.locator('.code-line.is-hot');
  await expect(hot).toHaveCount(1);
  await expect(hot).toContainText("send('get_order'");
  await expect(page.locator('[data-id="code-hot-note"]')).toContainText('get_order');

  // Clicking the line's number selects the newest get_order message: the inspector opens on it.
  await page.locator('[data-id="inspector"] button.close').click();
  await expect(hot).toHaveCount(0);
  await page.locator('[data-id="code-line:get_order"]').click();
  await expect(page.locator('[data-id="inspector"]')).toBeVisible();
  await expect(code.locator('.code-line.is-hot')).toContainText("send('get_order'");

  // Switching the transport re-derives the code at once.
  await page.locator('[data-id="transport-panel"] summary').click();
  await page.locator('[data-id="transport-kind"]').selectOption('redis');
  await expect(app.node('broker').locator('.transport')).toHaveText('redis');
  await page.locator('[data-id="code-file:apps/gateway/src/app.module.ts"]').click();
  await expect(code).toContainText('transport: Transport.REDIS');
  await expect(code).not.toContainText('Transport.RMQ');

  // A service's code: its handler, from the node's own button.
  await page.locator('[data-id="code-toggle:orders"]').click();
  await expect(page.locator('[data-id="code-node"]')).toHaveValue('orders');
  await expect(code).toContainText("@MessagePattern('get_order')");
  expect(app.errors).toEqual([]);
});

test('in Portuguese the generated comments are in Portuguese', async ({ app, page }) => {
  await app.open({ lang: 'pt-BR' });
  await page.locator('[data-id="code-panel"] summary').click();
  const code = page.locator(block);
  await expect(code).toContainText('Um cliente por serviço chamado pelas rotas');
  await expect(code).not.toContainText('One client per service');
  await expect(page.locator('[data-id="export-nestjs"]')).toHaveText(
    'Exportar como projeto NestJS',
  );
  expect(await axeViolations(page, '[data-id="code-panel"]')).toEqual([]);
  await page
    .locator('[data-id="code-panel"]')
    .screenshot({ path: 'test-results/code-panel-pt-BR.png' });
  expect(app.errors).toEqual([]);
});

test('Export as NestJS project downloads the scenario as a zipped npm workspace', async ({
  app,
  page,
}) => {
  await app.open();
  await page.locator('[data-id="code-panel"] summary').click();
  const download = page.waitForEvent('download');
  await page.locator('[data-id="export-nestjs"]').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('orders-nestjs.zip');
  const entries = unzipSync(new Uint8Array(readFileSync(await file.path())));
  const paths = Object.keys(entries);
  for (const p of [
    'package.json',
    'docker-compose.yml',
    'README.md',
    'apps/gateway/package.json',
    'apps/gateway/src/app.module.ts',
    'apps/gateway/src/gateway.controller.ts',
    'apps/orders/src/orders.controller.ts',
    'apps/orders/src/main.ts',
    'apps/notifications/src/notifications.controller.ts',
  ])
    expect(paths).toContain(`orders-nestjs/${p}`);
  const compose = new TextDecoder().decode(entries['orders-nestjs/docker-compose.yml']);
  expect(compose).toContain('rabbitmq');
  const rootPkg = JSON.parse(new TextDecoder().decode(entries['orders-nestjs/package.json'])) as {
    workspaces?: unknown;
  };
  expect(rootPkg.workspaces).toBeDefined();
  expect(app.errors).toEqual([]);
});
