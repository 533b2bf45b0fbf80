import { describe, expect, it } from 'vitest';
import { buildModel, ofType, run } from './testkit';

const GET = 'GET /orders/:id';

function world(transport: 'redis' | 'rmq', latencyMs: number, timeoutMs?: number) {
  const model = buildModel({
    transport,
    services: [
      {
        id: 'orders',
        replicas: 2,
        ...(transport === 'rmq' ? { options: { queue: 'orders_queue' } } : {}),
        handlers: [
          { pattern: 'get_order', kind: 'request', latency: { mean: latencyMs, jitter: 0 } },
        ],
      },
    ],
    routes: [
      { path: '/orders/:id', send: 'get_order', to: 'orders', ...(timeoutMs ? { timeoutMs } : {}) },
    ],
    script: [{ at: 0, command: { type: 'http', route: GET, count: 1, everyMs: 0 } }],
  });
  const r = run(model);
  r.sim.runUntil(5000);
  return ofType(r.trace, 'message.dropped').filter((d) => d.reason === 'late-reply');
}

describe('late replies say why they were dropped', () => {
  it('on Redis both instances answer: the second reply is a duplicate of an answered call', () => {
    const drops = world('redis', 10);
    expect(drops).toHaveLength(1);
    expect(drops[0]!.answered).toBe(true);
  });

  it('a reply after the gateway timed out is late, not a duplicate', () => {
    const drops = world('rmq', 300, 100);
    expect(drops).toHaveLength(1);
    expect(drops[0]!.answered).toBe(false);
  });
});
