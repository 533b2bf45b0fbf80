import { describe, expect, it } from 'vitest';
import { parseScenario } from './index';

const file = (over: { gateway?: object; route?: object; service?: object; script?: object[] }) => ({
  version: 1,
  title: 'lab',
  transport: { kind: 'rmq', options: { queue: 'orders_queue' } },
  nodes: [
    { id: 'client', type: 'client' },
    { id: 'gateway', type: 'gateway', timeoutMs: 2000, ...over.gateway },
    {
      id: 'orders',
      type: 'service',
      handlers: [{ pattern: 'get_order', kind: 'request' }],
      ...over.service,
    },
  ],
  routes: [{ method: 'GET', path: '/orders/:id', send: 'get_order', to: 'orders', ...over.route }],
  script: over.script ?? [],
});

describe('resilience fields of the scenario format', () => {
  it('route policies override the gateway ones; defaults are filled in', () => {
    const r = parseScenario(
      file({
        gateway: { retry: { count: 3, delayMs: 100, factor: 2, jitter: 0.2 }, circuitBreaker: {} },
        route: { retry: { count: 1 }, fallback: { body: { cached: true } } },
      }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const route = r.value.routes[0]!;
    expect(route.retry).toEqual({ count: 1, delayMs: 0, factor: 1, jitter: 0 });
    expect(route.circuitBreaker).toEqual({
      failureThreshold: 5,
      openMs: 5000,
      halfOpenCalls: 1,
      status: 503,
    });
    expect(route.fallback).toEqual({ status: 200, body: { cached: true } });
  });

  it('capacity and autoscale compile with an unbounded queue and the service startupMs', () => {
    const r = parseScenario(
      file({ service: { startupMs: 800, capacity: { concurrency: 2 }, autoscale: { max: 5 } } }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const s = r.value.services[0]!;
    expect(s.capacity).toEqual({ concurrency: 2, queue: Infinity });
    expect(s.autoscale).toEqual({
      min: 1,
      max: 5,
      target: { utilization: 0.7 },
      cooldownMs: 3000,
      startupMs: 800,
      enabled: true,
    });
  });

  it('every new script action compiles to its engine command', () => {
    const r = parseScenario(
      file({
        service: { autoscale: { max: 3 } },
        script: [
          { at: 0, load: 'get /orders/:id', rps: 200, forMs: 5000 },
          { at: 1, latency: { link: ['broker', 'orders'], addMs: 200, jitterMs: 50 } },
          { at: 2, loss: { link: ['broker', 'orders#1'], percent: 30 } },
          { at: 3, partition: ['gateway', 'broker'] },
          { at: 4, heal: ['gateway', 'broker'] },
          { at: 5, pause: 'orders#1' },
          { at: 6, resume: 'orders#1' },
          { at: 7, killService: 'orders' },
          { at: 8, restartService: 'orders' },
          { at: 9, slow: { service: 'orders', factor: 5 } },
          { at: 10, errorRate: { service: 'orders', percent: 30 } },
          { at: 11, poison: 'GET /orders/:id' },
          { at: 12, autoscale: { service: 'orders', enabled: false } },
        ],
      }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.script.map((s) => s.command.type)).toEqual([
      'load',
      'latency',
      'loss',
      'partition',
      'heal',
      'pause',
      'resume',
      'killService',
      'restartService',
      'slow',
      'errorRate',
      'poison',
      'autoscale',
    ]);
    expect(r.value.script[0]!.command).toEqual({
      type: 'load',
      route: 'GET /orders/:id',
      rps: 200,
      forMs: 5000,
      shape: 'constant',
    });
  });

  it('a link to an unknown node is refused with its path', () => {
    const r = parseScenario(file({ script: [{ at: 0, partition: ['gateway', 'brokr'] }] }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error[0]!.path).toBe('script[0].partition[1]');
    expect(r.error[0]!.message).toContain('no node "brokr"');
  });

  it('a ramp without toRps is refused', () => {
    const r = parseScenario(
      file({ script: [{ at: 0, load: 'GET /orders/:id', rps: 10, forMs: 100, shape: 'ramp' }] }),
    );
    expect(r.ok).toBe(false);
  });
});
