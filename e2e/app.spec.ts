import { expect, test } from './fixtures';

test('the Orders page loads without console errors and shows every node', async ({
  app,
  page,
}, testInfo) => {
  await app.open();
  for (const id of ['client', 'gateway', 'broker', 'orders', 'notifications'])
    await expect(app.node(id)).toBeVisible();
  await expect(app.node('orders').locator('[data-kind="instance"]')).toHaveCount(2);
  await expect(app.node('notifications').locator('[data-kind="instance"]')).toHaveCount(1);
  await expect(app.chip('orders#1')).toHaveAttribute('data-state', 'up');
  await expect(page.getByRole('button', { name: 'orders#2, up' })).toBeVisible();
  await expect(page.locator('[data-id="clock"]')).toHaveText(/t\s=\s0\sms/);
  await page.screenshot({ path: testInfo.outputPath('orders-initial.png') });
  expect(app.errors).toEqual([]);
});

test('firing GET /orders/:id sends a reply token back and logs a 200', async ({
  app,
  page,
}, testInfo) => {
  // Paused + single steps: hops last a few virtual ms, so stepping makes the reply observable
  // deterministically instead of racing a 10 ms window at high speed.
  await app.open({ scenario: 'e2e-timeout', speed: '8' });
  await app.fire('GET /orders/:id').click();
  await expect.poll(async () => (await app.tokens()).length).toBeGreaterThan(0);
  let reply = false;
  for (let i = 0; i < 60 && !reply; i++) {
    const before = await app.now();
    await page.locator('[data-id="step"]').click();
    await expect.poll(() => app.now()).toBeGreaterThan(before);
    reply = (await app.tokens()).some((t) => t.kind === 'reply');
  }
  expect(reply).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('reply-in-flight.png') });
  await page.locator('[data-id="play"]').click();
  await expect(app.log.getByText(/GET \/orders\/:id ← 200/)).toBeVisible();
  await expect(page.locator('[data-id="status-200"]')).toHaveText('200: 1');
  expect(app.errors).toEqual([]);
});

test('with both orders instances down, the gateway times out and answers 504', async ({
  app,
  page,
}, testInfo) => {
  await app.open({ scenario: 'e2e-timeout', speed: '8', autoplay: '1' });
  await app.chip('orders#1').click();
  await app.chip('orders#2').click();
  await expect(app.chip('orders#1')).toHaveAttribute('data-state', 'down');
  await expect(app.chip('orders#2')).toHaveAttribute('data-state', 'down');
  await expect(page.getByRole('button', { name: 'orders#2, down' })).toBeVisible();
  await app.fire('GET /orders/:id').click();
  await expect(app.log.getByText(/TimeoutError/)).toBeVisible();
  await expect(app.log.getByText(/← 504/)).toBeVisible();
  await expect(page.locator('[data-id="status-504"]')).toHaveText('504: 1');
  await page.screenshot({ path: testInfo.outputPath('timeout-504.png') });
  // Clicking a down chip restarts it: starting, then up.
  await app.chip('orders#1').click();
  await expect(app.chip('orders#1')).not.toHaveAttribute('data-state', 'down');
  await expect(app.chip('orders#1')).toHaveAttribute('data-state', 'up', { timeout: 20_000 });
});

test('dragging a node moves it', async ({ app, page }, testInfo) => {
  await app.open();
  const broker = app.flowNode('broker');
  const before = await broker.boundingBox();
  if (!before) throw new Error('broker not laid out');
  const head = app.node('broker').locator('.node-title');
  const h = await head.boundingBox();
  if (!h) throw new Error('broker title not laid out');
  await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await page.mouse.down();
  await page.mouse.move(h.x + h.width / 2 + 10, h.y + h.height / 2 + 40, { steps: 4 });
  await page.mouse.move(h.x + h.width / 2 + 20, h.y + h.height / 2 + 140, { steps: 8 });
  await page.mouse.up();
  const after = await broker.boundingBox();
  expect(after!.y - before.y).toBeGreaterThan(80);
  await page.screenshot({ path: testInfo.outputPath('dragged.png') });
});

test('the language switch shows Portuguese', async ({ app, page }, testInfo) => {
  await app.open({ lang: 'en' });
  await expect(page.getByRole('heading', { name: 'Event log' })).toBeVisible();
  await page.getByLabel('Language').selectOption('pt-BR');
  await expect(page.getByRole('heading', { name: 'Registro de eventos' })).toBeVisible();
  await expect(page.locator('[data-id="play"]')).toHaveText('Executar');
  await expect(page.getByRole('button', { name: 'orders#1, no ar' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await page.screenshot({ path: testInfo.outputPath('pt-BR.png') });
});

test('an unknown scenario shows a clear error instead of a blank page', async ({ page }) => {
  await page.goto('./?test=1&scenario=no-such-thing');
  await expect(page.locator('[data-id="load-errors"]')).toContainText('no-such-thing');
});

test('clicking a log line selects that message and highlights its chain', async ({
  app,
  page,
}, testInfo) => {
  await app.open({ scenario: 'e2e-timeout' });
  await app.fire('GET /orders/:id').click();
  for (let i = 0; i < 4; i++) {
    const before = await app.now();
    await page.locator('[data-id="step"]').click();
    await expect.poll(() => app.now()).toBeGreaterThan(before);
  }
  const line = app.log.locator('li[data-kind="send"] button');
  await line.click();
  await expect(line).toHaveAttribute('aria-pressed', 'true');
  // The request line of the same chain is highlighted too (selection is by request id).
  await expect(app.log.locator('li[data-kind="httpRequest"]')).toHaveClass(/is-selected/);
  await page.screenshot({ path: testInfo.outputPath('selected.png') });
  await line.click();
  await expect(line).toHaveAttribute('aria-pressed', 'false');
});

test('the scenario picker switches scenario and updates the URL', async ({ app, page }) => {
  await app.open();
  await page.getByLabel('Scenario').selectOption('rmq-down-queue');
  await expect.poll(() => app.snapshot().then((s) => s?.scenario)).toBe('rmq-down-queue');
  await expect.poll(() => app.snapshot().then((s) => s?.phase)).toBe('ready');
  expect(new URL(page.url()).searchParams.get('scenario')).toBe('rmq-down-queue');
  await expect(app.node('orders')).toHaveCount(0);
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  expect(app.errors).toEqual([]);
});

test('keyboard: a focused instance chip is killed with Enter', async ({ app, page }) => {
  await app.open({ scenario: 'e2e-timeout' });
  await app.chip('orders#2').focus();
  await page.keyboard.press('Enter');
  await expect(app.chip('orders#2')).toHaveAttribute('data-state', 'down');
  await expect(page.getByRole('button', { name: 'orders#2, down' })).toBeFocused();
  // Space on the page (not on a control) toggles play.
  await page.locator('.app-header h1').click();
  await page.keyboard.press('Space');
  await expect(page.locator('[data-id="play"]')).toHaveAttribute('data-state', 'playing');
  await page.keyboard.press('Space');
  await expect(page.locator('[data-id="play"]')).toHaveAttribute('data-state', 'paused');
});

test('the broker can be stopped and started from its node', async ({ app, page }, testInfo) => {
  await app.open({ speed: '8', autoplay: '1' });
  const status = page.locator('[data-id="broker-status"]');
  await expect(status).toHaveAttribute('data-state', 'up');
  await status.click();
  await expect(status).toHaveAttribute('data-state', 'down');
  await expect(app.log.getByText(/every connection dropped/)).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('broker-down.png') });
  await status.click();
  await expect(status).toHaveAttribute('data-state', 'up');
  expect(app.errors).toEqual([]);
});

test('a request fired while paused waits at the client, and a hint says to press Play', async ({
  app,
  page,
}, testInfo) => {
  // A scenario without a script: at t = 0 nothing is on the wire yet.
  await app.open({ lang: 'en', scenario: 'e2e-timeout' });
  const hint = page.locator('[data-id="paused-hint"]');
  await expect(hint).toHaveCount(0); // nothing waiting yet: no hint
  await app.fire('GET /orders/:id').click();
  await expect(hint).toBeVisible();
  await expect(hint).toContainText(/Paused: (1 message is|\d+ messages are) waiting\./);
  await expect(hint).toContainText('Press Play to continue.');
  await page.screenshot({ path: testInfo.outputPath('paused-hint.png') });
  // The same hint in Portuguese, naming the buttons as the toolbar does.
  await page.locator('[data-id="lang"]').selectOption('pt-BR');
  await expect(hint).toContainText(
    /Simulação pausada: (1 mensagem está|\d+ mensagens estão) esperando\./,
  );
  await expect(hint).toContainText('Aperte Executar para continuar.');
  // Playing makes it go: the request moves on.
  await page.locator('[data-id="paused-hint-play"]').click();
  await expect(page.locator('[data-id="play"]')).toHaveAttribute('data-state', 'playing');
  await expect(hint).toHaveCount(0);
  await expect.poll(() => app.now()).toBeGreaterThan(0);
  // Paused again with messages on the wire: the hint is back; Play in the toolbar hides it.
  await app.fire('GET /orders/:id').click();
  await page.locator('[data-id="play"]').click();
  await expect(page.locator('[data-id="play"]')).toHaveAttribute('data-state', 'paused');
  await expect(hint).toBeVisible();
  await page.locator('[data-id="play"]').click();
  await expect(hint).toHaveCount(0);
  expect(app.errors).toEqual([]);
});
