/**
 * The Live view end to end, on a real broker: redis-server (Debian package, on a free loopback
 * port), the tap bridge (`npm run tap`), real NestJS servers and ClientProxy (two `orders`
 * instances and a gateway), and the built app in Chromium with `?live=`. Every process started
 * here is stopped by pid (src/conformance/procs.ts), whatever happens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { freePort, startBroker, type Broker } from '../../src/conformance/brokers';
import { Processes, waitForLine, type Proc } from '../../src/conformance/procs';
import { getOrder, orderCreated, startGateway, startOrdersInstance } from './nestOnTheWire';

test.describe.configure({ mode: 'serial' });

let procs: Processes;
let broker: Broker;
let scratch: string;
let tapPort: number;
let tap: Proc;
const closers: (() => unknown)[] = [];

async function startTap(): Promise<Proc> {
  const p = procs.start('tap', process.execPath, [
    join('node_modules', 'tsx', 'dist', 'cli.mjs'),
    'src/cli/tap.ts',
    '--transport',
    'redis',
    '--url',
    `redis://127.0.0.1:${broker.port}`,
    '--port',
    String(tapPort),
  ]);
  await waitForLine(p, /^tap: open http/, 30_000);
  return p;
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  procs = new Processes();
  scratch = mkdtempSync(join(tmpdir(), 'brokerlab-tap-'));
  broker = await startBroker('redis', procs, scratch);
  tapPort = await freePort();
  tap = await startTap();
});

test.afterAll(async () => {
  for (const c of closers.splice(0)) await Promise.resolve(c()).catch(() => undefined);
  await procs?.stopAll();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const banner = (page: Page) => page.locator('[data-id="live-banner"]');

test('real NestJS requests over a real Redis appear live: tokens, log lines, the real envelope', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`./?test=1&live=ws://127.0.0.1:${tapPort}`);
  await expect(banner(page)).toHaveAttribute('data-state', 'open');
  await expect(banner(page)).toContainText('PSUBSCRIBE *');

  const a = await startOrdersInstance('redis', broker.port, 'orders#1');
  const b = await startOrdersInstance('redis', broker.port, 'orders#2');
  const gateway = await startGateway('redis', broker.port);
  closers.push(
    () => gateway.close(),
    () => a.close(),
    () => b.close(),
  );

  // Fire while the page watches: tokens must be seen in flight, then the log lines.
  let peak = 0;
  for (let i = 1; i <= 3; i++) {
    await expect(getOrder(gateway, i)).resolves.toMatchObject({ order: i });
    await orderCreated(gateway, i);
    peak = Math.max(peak, await page.evaluate(() => window.__brokerlab?.tokensDrawn() ?? 0));
  }
  await expect
    .poll(
      async () =>
        (peak = Math.max(peak, await page.evaluate(() => window.__brokerlab?.tokensDrawn() ?? 0))),
    )
    .toBeGreaterThan(0);

  // The canvas grew the nodes the wire shows: a service per pattern; two instances, because
  // both Redis subscribers answered every send() (duplicate replies, docs/transports.md §2).
  await expect(page.locator('.react-flow__node[data-id="get_order"]')).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id="order_created"]')).toBeVisible();
  await expect(page.locator('[data-kind="instance"][data-id="get_order#2"]')).toBeVisible();

  const log = page.locator('[data-id="event-log"]');
  await expect(log).toContainText('get_order');
  await expect(log).toContainText('order_created');
  await expect(page.locator('[data-id="live-counts"]')).toContainText(
    /^(1[0-9]|[2-9][0-9]) messages/,
  );

  // The wire inspector shows the real envelope of a send(): pattern, data, the 21-hex id.
  await log
    .locator('.log-line', { hasText: "send('get_order')" })
    .first()
    .locator('button')
    .click();
  const inspector = page.locator('[data-id="inspector"]');
  await expect(inspector.locator('[data-id="wire-body"]').first()).toContainText(
    '"pattern": "get_order"',
  );
  await expect(inspector.locator('[data-id="wire-body"]').first()).toContainText(
    /"id": "[0-9a-f]{21}"/,
  );
  await expect(inspector).toContainText('get_order.reply');

  // Pause freezes the view while the page keeps listening: what arrives waits, Play shows it.
  await page.locator('[data-id="play"]').click();
  const counts = page.locator('[data-id="live-counts"]');
  const before = (await counts.textContent()) ?? '';
  const clock = await page.evaluate(() => window.__brokerlab?.now() ?? -1);
  await expect(getOrder(gateway, 42)).resolves.toMatchObject({ order: 42 });
  await expect(page.locator('[data-id="live-paused"]')).toContainText(
    /\(([3-9]|\d\d+) messages waiting\)/,
  );
  expect(await page.evaluate(() => window.__brokerlab?.now() ?? -1)).toBe(clock);
  await page.locator('[data-id="play"]').click();
  await expect(page.locator('[data-id="live-paused"]')).toHaveCount(0);
  await expect(counts).not.toHaveText(before);
  expect(errors).toEqual([]);
});

test('a hostile or foreign message is a log notice; a tap that dies is a banner, then it reconnects', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`./?test=1&live=ws://127.0.0.1:${tapPort}`);
  await expect(banner(page)).toHaveAttribute('data-state', 'open');

  // Not JSON, and JSON nested 10 000 deep, published straight to Redis.
  const { Redis } = await import('ioredis');
  const raw = new Redis({ host: '127.0.0.1', port: broker.port, lazyConnect: true });
  await raw.connect();
  closers.push(() => raw.disconnect());
  await raw.publish('get_order', 'hello, not json');
  await raw.publish('get_order', '['.repeat(10_000) + ']'.repeat(10_000));
  const log = page.locator('[data-id="event-log"]');
  await expect(log).toContainText('not JSON');
  await expect(log).toContainText('nested deeper than 32');
  await expect(page.locator('[data-id="live-counts"]')).toContainText('2 not decoded');

  // The bridge dies: the banner says so and counts down; the canvas is still there.
  await procs.stop(tap, 'SIGKILL');
  await expect(banner(page)).toHaveAttribute('data-state', 'closed');
  await expect(banner(page)).toContainText('stopped');
  await expect(page.locator('.react-flow__node[data-id="broker"]')).toBeVisible();
  // It comes back on the same port: the page reconnects by itself.
  tap = await startTap();
  await expect(banner(page)).toHaveAttribute('data-state', 'open', { timeout: 20_000 });
  expect(errors).toEqual([]);
});

test('a ?live= address that is not loopback is refused, naming it, and nothing is opened', async ({
  page,
}) => {
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto('./?test=1&live=ws://example.com:4300');
  await expect(banner(page)).toHaveAttribute('data-state', 'refused');
  await expect(banner(page)).toContainText('ws://example.com:4300');
  await page.goto(`./?test=1&lang=pt-BR&live=${encodeURIComponent('http://127.0.0.1:1')}`);
  await expect(banner(page)).toContainText('não é um endereço WebSocket de loopback');
  expect(sockets).toEqual([]);
});
