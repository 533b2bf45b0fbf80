/**
 * Every trace event about a message of an HTTP request carries that request's `reqId` (hops
 * included; `http` hops carry their own id), so nothing downstream re-joins events by scanning.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../scenario';
import { buildModel, run } from './testkit';
import type { SimModel, TraceEvent } from './types';

/** Checks the trace; returns how many events of each type carried a msgId. */
function checkChains(trace: TraceEvent[]): Record<string, number> {
  const reqOf = new Map<string, string>();
  const httpIds = new Set<string>();
  const seen: Record<string, number> = {};
  for (const e of trace) {
    if (e.type === 'http.request') httpIds.add(e.reqId);
    if (e.type === 'client.send' || e.type === 'request.retry') reqOf.set(e.msgId, e.reqId);
    if (e.type === 'client.emit' && e.reqId !== undefined) reqOf.set(e.msgId, e.reqId);
    if (!('msgId' in e)) continue;
    const key = e.type === 'hop' ? `hop:${e.kind}` : e.type;
    seen[key] = (seen[key] ?? 0) + 1;
    const expected = reqOf.get(e.msgId) ?? (httpIds.has(e.msgId) ? e.msgId : undefined);
    expect(expected, `${e.type} of ${e.msgId} belongs to no request`).toBeDefined();
    expect((e as { reqId?: string }).reqId, `${key} at ${e.t}`).toBe(expected);
  }
  return seen;
}

const scenario = (name: string): SimModel => {
  const r = parseScenarioText(readFileSync(`simulations/${name}.json`, 'utf8'));
  if (!r.ok) throw new Error(`${name}: invalid`);
  return r.value;
};

describe('reqId on every event of a request chain', () => {
  it.each([
    'orders',
    'redis-duplicates',
    'redis-streaming',
    'kafka-partitions',
    'tcp-load-balancer',
    'rmq-down-queue',
    'resilience-timeout-retry',
    'circuit-breaker-fallback',
    'faults-partition',
    'nats-queue-group',
    'e2e-transports',
    'service-calls',
  ])('%s', (name) => {
    const { sim, trace } = run(scenario(name));
    sim.runUntil(20_000);
    const seen = checkChains(trace);
    expect(seen['hop:http']).toBeGreaterThan(0);
    expect(seen['message.delivered']).toBeGreaterThan(0);
  });

  it('retries, timeouts, drops by loss, a kill, a broker outage and dead letters', () => {
    const model = buildModel({
      transport: 'rmq',
      services: [
        {
          id: 'orders',
          replicas: 2,
          options: { queue: 'orders_queue', noAck: false, deadLetterAfter: 2 },
          handlers: [
            {
              pattern: 'get_order',
              kind: 'request',
              latency: { mean: 60, jitter: 40 },
              idempotent: true,
              ack: true,
              requeueOnFailure: true,
            },
          ],
        },
      ],
      routes: [
        {
          path: '/orders/:id',
          send: 'get_order',
          to: 'orders',
          timeoutMs: 500,
          retry: { count: 2, delayMs: 50 },
        },
      ],
      script: [
        { at: 0, command: { type: 'http', route: 'GET /orders/:id', count: 60, everyMs: 15 } },
        { at: 100, command: { type: 'loss', link: ['gateway', 'broker'], percent: 20 } },
        { at: 300, command: { type: 'poison', route: 'GET /orders/:id' } },
        { at: 400, command: { type: 'kill', instance: 'orders#1' } },
        { at: 900, command: { type: 'restart', instance: 'orders#1' } },
        { at: 1200, command: { type: 'brokerDown' } },
        { at: 1500, command: { type: 'brokerUp' } },
      ],
    });
    const { sim, trace } = run(model);
    sim.runUntil(30_000);
    const seen = checkChains(trace);
    for (const type of [
      'request.timeout',
      'message.dropped',
      'handler.done',
      'reply.received',
      'broker.enqueued',
      'broker.requeued',
      'broker.deadLettered',
      'hop:error',
    ])
      expect(seen[type], type).toBeGreaterThan(0);
  });

  it('a redis fan-out: idempotent handlers skip the duplicates', () => {
    const model = buildModel({
      transport: 'redis',
      services: [
        {
          id: 'orders',
          replicas: 3,
          handlers: [{ pattern: 'get_order', kind: 'request', idempotent: true }],
        },
      ],
      routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
      script: [
        { at: 0, command: { type: 'http', route: 'GET /orders/:id', count: 5, everyMs: 50 } },
      ],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5_000);
    const seen = checkChains(trace);
    expect(seen['handler.skipped']).toBeGreaterThan(0);
  });

  it('a full bulkhead rejects requests', () => {
    const model = buildModel({
      transport: 'nats',
      services: [
        {
          id: 'orders',
          capacity: { concurrency: 1, queue: 1 },
          handlers: [{ pattern: 'get_order', kind: 'request', latency: { mean: 100, jitter: 0 } }],
        },
      ],
      routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
      script: [
        { at: 0, command: { type: 'http', route: 'GET /orders/:id', count: 10, everyMs: 5 } },
      ],
    });
    const { sim, trace } = run(model);
    sim.runUntil(5_000);
    expect(checkChains(trace)['capacity.rejected']).toBeGreaterThan(0);
  });
});
