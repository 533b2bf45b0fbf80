/**
 * Screenshots of the Live view on a real Redis and a real RabbitMQ with traffic flowing
 * (docs/screens/live-redis.png, live-rmq.png). Not part of `npm run tap:check` (RabbitMQ takes
 * 10–30 s to boot); run it with
 * `npx playwright test -c playwright.tap.config.ts e2e/tap/screens.spec.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { freePort, startBroker } from '../../src/conformance/brokers';
import { Processes, waitForLine } from '../../src/conformance/procs';
import {
  getOrder,
  orderCreated,
  startGateway,
  startOrdersInstance,
  type NestKind,
} from './nestOnTheWire';

for (const kind of ['redis', 'rmq'] as NestKind[]) {
  test(`Live view on a real ${kind} broker, traffic flowing`, async ({ page }) => {
    test.setTimeout(240_000);
    const procs = new Processes();
    const scratch = mkdtempSync(join(tmpdir(), `brokerlab-live-${kind}-`));
    const closers: (() => unknown)[] = [];
    try {
      const broker = await startBroker(kind, procs, scratch);
      if (kind === 'rmq') {
        // The firehose is off by default: the tap reads amq.rabbitmq.trace (docs/live.md).
        const on = spawnSync(
          '/usr/lib/rabbitmq/bin/rabbitmqctl',
          ['-n', 'rabbit@localhost', 'trace_on'],
          {
            env: { ...process.env, ...broker.env },
            encoding: 'utf8',
          },
        );
        expect(on.status, on.stderr).toBe(0);
      }
      const url =
        kind === 'redis' ? `redis://127.0.0.1:${broker.port}` : `amqp://127.0.0.1:${broker.port}`;
      const tapPort = await freePort();
      const tap = procs.start('tap', process.execPath, [
        join('node_modules', 'tsx', 'dist', 'cli.mjs'),
        'src/cli/tap.ts',
        '--transport',
        kind,
        '--url',
        url,
        '--port',
        String(tapPort),
      ]);
      await waitForLine(tap, /^tap: open http/, 30_000);
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`./?test=1&live=ws://127.0.0.1:${tapPort}`);
      await expect(page.locator('[data-id="live-banner"]')).toHaveAttribute('data-state', 'open');

      const a = await startOrdersInstance(kind, broker.port, 'orders#1');
      const b = await startOrdersInstance(kind, broker.port, 'orders#2');
      const gateway = await startGateway(kind, broker.port);
      closers.push(
        () => gateway.close(),
        () => a.close(),
        () => b.close(),
      );
      let n = 0;
      let firing = true;
      const fire = (async () => {
        while (firing) {
          n++;
          await getOrder(gateway, n);
          if (n % 3 === 0) await orderCreated(gateway, n);
          await new Promise((r) => setTimeout(r, 180));
        }
      })();
      const service = kind === 'rmq' ? 'orders_queue' : 'get_order';
      await expect(page.locator(`[data-kind="instance"][data-id="${service}#2"]`)).toBeVisible({
        timeout: 30_000,
      });
      await page.waitForTimeout(3_000);
      if (kind === 'redis') {
        // Click a send() line: the inspector shows its real envelope (the RabbitMQ shot keeps
        // the event log in view instead).
        await page
          .locator('[data-id="event-log"] .log-line', { hasText: "send('get_order')" })
          .first()
          .locator('button')
          .click();
        await expect(page.locator('[data-id="wire-body"]').first()).toContainText('get_order');
      }
      await page.waitForTimeout(600);
      await page.screenshot({ path: `docs/screens/live-${kind === 'rmq' ? 'rmq' : 'redis'}.png` });
      firing = false;
      await fire;
    } finally {
      for (const c of closers) await Promise.resolve(c()).catch(() => undefined);
      await procs.stopAll();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
}
