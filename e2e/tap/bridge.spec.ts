/**
 * The tap bridge on real NATS, MQTT and RabbitMQ brokers (Debian's nats-server, mosquitto and
 * rabbitmq-server, apt-installed when missing), with real NestJS servers and ClientProxy: the
 * frames the app receives name the pattern, the id, the reply channel NestJS uses there and the
 * replies. No browser: the Live view itself is checked on Redis (live.spec.ts); here, what each
 * listener decodes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { test, expect } from '@playwright/test';
import { freePort, startBroker } from '../../src/conformance/brokers';
import { Processes, waitForLine } from '../../src/conformance/procs';
import { parseTapFrame, type TapEnvelope } from '../../src/live/protocol';
import {
  getOrder,
  orderCreated,
  startGateway,
  startOrdersInstance,
  type NestKind,
} from './nestOnTheWire';

const CASES: { kind: NestKind; scheme: string; inbox: RegExp }[] = [
  { kind: 'nats', scheme: 'nats', inbox: /^_INBOX\./ },
  { kind: 'mqtt', scheme: 'mqtt', inbox: /^get_order\/reply$/ },
];

for (const { kind, scheme, inbox } of CASES) {
  test(`the tap decodes NestJS on a real ${kind} broker`, async () => {
    test.setTimeout(90_000);
    const procs = new Processes();
    const scratch = mkdtempSync(join(tmpdir(), `brokerlab-tap-${kind}-`));
    const closers: (() => unknown)[] = [];
    try {
      const broker = await startBroker(kind as 'nats' | 'mqtt', procs, scratch);
      const port = await freePort();
      const tap = procs.start('tap', process.execPath, [
        join('node_modules', 'tsx', 'dist', 'cli.mjs'),
        'src/cli/tap.ts',
        '--transport',
        kind,
        '--url',
        `${scheme}://127.0.0.1:${broker.port}`,
        '--port',
        String(port),
      ]);
      await waitForLine(tap, /^tap: open http/, 30_000);
      const frames: TapEnvelope[] = [];
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      closers.push(() => ws.close());
      ws.on('message', (d) => {
        const r = parseTapFrame(String(d));
        if (r.ok && r.frame.type === 'envelope') frames.push(r.frame);
      });
      await new Promise((r) => ws.once('open', r));

      const a = await startOrdersInstance(kind, broker.port, 'orders#1');
      const b = await startOrdersInstance(kind, broker.port, 'orders#2');
      const gateway = await startGateway(kind, broker.port);
      closers.push(
        () => gateway.close(),
        () => a.close(),
        () => b.close(),
      );
      await expect(getOrder(gateway, 7)).resolves.toMatchObject({ order: 7 });
      await orderCreated(gateway, 8);

      await expect.poll(() => frames.filter((f) => f.kind === 'event').length).toBe(1);
      const req = frames.find((f) => f.kind === 'request')!;
      expect(req).toMatchObject({ pattern: 'get_order', data: { id: 7 } });
      expect(req.id).toMatch(/^[0-9a-f]{21}$/);
      expect(req.replyTo).toMatch(inbox);
      // Both instances answer (no queue group, no shared subscription): two replies, one id.
      await expect
        .poll(() => frames.filter((f) => f.kind === 'reply' && f.id === req.id).length)
        .toBe(2);
      const reply = frames.find((f) => f.kind === 'reply')!;
      expect(reply).toMatchObject({ isDisposed: true, response: { order: 7 } });
      expect(frames.find((f) => f.kind === 'event')).toMatchObject({
        pattern: 'order_created',
        data: { orderId: 8 },
      });
    } finally {
      for (const c of closers) await Promise.resolve(c()).catch(() => undefined);
      await procs.stopAll();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
}

test('the tap reads the RabbitMQ firehose: publish and deliver copies, the consuming connection, replyTo and correlationId', async () => {
  test.setTimeout(150_000);
  const procs = new Processes();
  const scratch = mkdtempSync(join(tmpdir(), 'brokerlab-tap-rmq-'));
  const closers: (() => unknown)[] = [];
  try {
    const broker = await startBroker('rmq', procs, scratch);
    const on = spawnSync(
      '/usr/lib/rabbitmq/bin/rabbitmqctl',
      ['-n', 'rabbit@localhost', 'trace_on'],
      {
        env: { ...process.env, ...broker.env },
        encoding: 'utf8',
      },
    );
    expect(on.status, on.stderr).toBe(0);
    const port = await freePort();
    const tap = procs.start('tap', process.execPath, [
      join('node_modules', 'tsx', 'dist', 'cli.mjs'),
      'src/cli/tap.ts',
      '--transport',
      'rmq',
      '--url',
      `amqp://127.0.0.1:${broker.port}`,
      '--port',
      String(port),
    ]);
    await waitForLine(tap, /^tap: open http/, 30_000);
    const frames: TapEnvelope[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    closers.push(() => ws.close());
    ws.on('message', (d) => {
      const r = parseTapFrame(String(d));
      if (r.ok && r.frame.type === 'envelope') frames.push(r.frame);
    });
    await new Promise((r) => ws.once('open', r));

    const a = await startOrdersInstance('rmq', broker.port, 'orders#1');
    const b = await startOrdersInstance('rmq', broker.port, 'orders#2');
    const gateway = await startGateway('rmq', broker.port);
    closers.push(
      () => gateway.close(),
      () => a.close(),
      () => b.close(),
    );
    for (let i = 1; i <= 4; i++)
      await expect(getOrder(gateway, i)).resolves.toMatchObject({ order: i });

    await expect.poll(() => frames.filter((f) => f.kind === 'reply').length).toBe(4);
    const delivered = frames.filter((f) => f.kind === 'request' && f.stage === 'deliver');
    const published = frames.filter((f) => f.kind === 'request' && f.stage === 'publish');
    expect(published).toHaveLength(4);
    expect(delivered).toHaveLength(4);
    for (const f of delivered) {
      expect(f).toMatchObject({
        queue: 'orders_queue',
        channel: 'orders_queue',
        pattern: 'get_order',
      });
      expect(f.replyTo).toMatch(/^amq\.rabbitmq\.reply-to\./);
      expect(f.correlationId).toBe(f.id);
    }
    // One queue, two consumer connections, strict round-robin (docs/transports.md §2).
    const conns = delivered.map((f) => f.consumer);
    expect(new Set(conns).size).toBe(2);
    expect(conns[0]).not.toBe(conns[1]);
    expect(conns[0]).toBe(conns[2]);
    // The reply carries no id: the correlationId names its request.
    const reply = frames.find((f) => f.kind === 'reply')!;
    expect(reply.id).toBeUndefined();
    expect(delivered.map((f) => f.correlationId)).toContain(reply.correlationId);
  } finally {
    for (const c of closers) await Promise.resolve(c()).catch(() => undefined);
    await procs.stopAll();
    rmSync(scratch, { recursive: true, force: true });
  }
});
