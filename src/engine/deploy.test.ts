import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import { commandToStep, SCRIPT_ACTIONS } from '../scenario/actions';
import { compileScript } from '../scenario/compile';
import { buildModel, ofType, run } from './testkit';
import type { Command, SimModel, TraceEvent } from './types';

function scenario(name: string): SimModel {
  const file = JSON.parse(
    readFileSync(new URL(`../../simulations/${name}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  const r = parseScenario({ ...file, script: [] });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const load = (route: string, rps = 50, forMs = 5000): Command => ({
  type: 'load',
  route,
  rps,
  forMs,
});

/** HTTP answers per route key in [from, to): ok (< 400) and failed. */
function answers(trace: TraceEvent[], from: number, to: number) {
  const routeOf = new Map<string, string>();
  for (const e of ofType(trace, 'http.request')) routeOf.set(e.reqId, `${e.method} ${e.path}`);
  const out: Record<string, { ok: number; failed: number }> = {};
  for (const e of ofType(trace, 'http.response')) {
    if (e.t < from || e.t >= to) continue;
    const key = routeOf.get(e.reqId)!;
    const r = (out[key] ??= { ok: 0, failed: 0 });
    if (e.status < 400) r.ok++;
    else r.failed++;
  }
  return out;
}

const ROUTES = ['GET /orders/:id', 'GET /users/:id', 'POST /payments'];

function withLoad(model: SimModel, deploy: Command, at = 1000) {
  const { sim, trace } = run(model);
  for (const r of ROUTES) sim.apply(load(r));
  sim.runUntil(at);
  sim.apply(deploy);
  sim.runUntil(5000);
  return { sim, trace };
}

describe('deploy', () => {
  it('on a monolith (recreate) takes every route down for the start-up time, then all answer again', () => {
    const { sim, trace } = withLoad(scenario('monolith'), {
      type: 'deploy',
      service: 'monolith',
      strategy: 'recreate',
      startupMs: 1000,
    });
    const during = answers(trace, 1100, 1900);
    // Calls sent just before the stop time out (gateway timeout 2 s): look after them.
    const after = answers(trace, 3100, 5000);
    for (const r of ROUTES) {
      expect(during[r]?.ok ?? 0, `${r} answered during the deploy`).toBe(0);
      expect(after[r]!.ok, r).toBeGreaterThan(20);
      expect(after[r]!.failed, r).toBe(0);
    }
    expect(answers(trace, 0, 1000)['GET /orders/:id']!.failed).toBe(0);
    expect(ofType(trace, 'deploy.started')[0]).toMatchObject({
      t: 1000,
      service: 'monolith',
      strategy: 'recreate',
      instances: ['monolith#1', 'monolith#2'],
    });
    expect(ofType(trace, 'deploy.replaced').map((e) => [e.t, e.instance])).toEqual([
      [2000, 'monolith#1'],
      [2000, 'monolith#2'],
    ]);
    expect(ofType(trace, 'deploy.done').map((e) => e.t)).toEqual([2000]);
    expect(sim.snapshot().instances.map((i) => i.version)).toEqual([2, 2]);
  });

  it('on microservices one service rolls (one instance at a time) and every route keeps answering', () => {
    const { trace } = withLoad(scenario('microservices'), {
      type: 'deploy',
      service: 'payments',
      strategy: 'rolling',
      startupMs: 800,
    });
    const replaced = ofType(trace, 'deploy.replaced');
    expect(replaced.map((e) => [e.t, e.instance])).toEqual([
      [1800, 'payments#1'],
      [2600, 'payments#2'],
    ]);
    // Never both payments instances down at once.
    const downs = ofType(trace, 'instance.down').map((e) => [e.t, e.instance]);
    expect(downs).toEqual([
      [1000, 'payments#1'],
      [1800, 'payments#2'],
    ]);
    const during = answers(trace, 1000, 2600);
    for (const r of ROUTES) {
      expect(during[r]!.ok, r).toBeGreaterThan(20);
      expect(during[r]!.failed, r).toBe(0);
    }
    expect(ofType(trace, 'deploy.done').map((e) => e.t)).toEqual([2600]);
  });

  it('a single instance: events emitted during the restart are lost on Redis, wait in the queue on RabbitMQ', () => {
    const handledDuringDeploy = (transport: 'redis' | 'rmq') => {
      const model = buildModel({
        transport,
        services: [
          {
            id: 'notifications',
            startupMs: 1000,
            options: transport === 'rmq' ? { queue: 'notifications_queue' } : {},
            handlers: [{ pattern: 'order_created', kind: 'event' }],
          },
        ],
        routes: [{ path: '/orders', emit: 'order_created', to: 'notifications' }],
      });
      const { sim, trace } = run(model);
      sim.apply({ type: 'deploy', service: 'notifications', strategy: 'rolling' });
      sim.runUntil(100);
      sim.apply({ type: 'http', route: 'POST /orders', count: 5, everyMs: 100 });
      sim.runUntil(4000);
      return {
        handled: ofType(trace, 'handler.done').length,
        dropped: ofType(trace, 'message.dropped').length,
      };
    };
    expect(handledDuringDeploy('redis')).toEqual({ handled: 0, dropped: 5 });
    expect(handledDuringDeploy('rmq')).toEqual({ handled: 5, dropped: 0 });
  });

  it('the new version changes latency and failures, only on the instances already replaced', () => {
    const model = buildModel({
      transport: 'rmq',
      services: [
        {
          id: 'orders',
          replicas: 2,
          startupMs: 500,
          options: { queue: 'orders_queue' },
          handlers: [{ pattern: 'get_order', kind: 'request', latency: { mean: 10, jitter: 0 } }],
        },
      ],
      routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
    });
    const { sim, trace } = run(model);
    sim.apply({
      type: 'deploy',
      service: 'orders',
      strategy: 'rolling',
      version: { latencyMs: 200, errorRate: 100 },
    });
    sim.runUntil(600); // orders#1 runs v2, orders#2 is restarting
    sim.apply({ type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 });
    sim.runUntil(1200); // both run v2
    sim.apply({ type: 'http', route: 'GET /orders/:id', count: 2, everyMs: 0 });
    sim.runUntil(3000);
    const done = ofType(trace, 'handler.done');
    expect(done.every((e) => !e.ok)).toBe(true);
    expect(done).toHaveLength(3);
    const slowest = ofType(trace, 'http.response').map((e) => e.ms);
    expect(Math.min(...slowest)).toBeGreaterThanOrEqual(200);
    expect(ofType(trace, 'http.response').map((e) => e.status)).toEqual([500, 500, 500]);
  });

  it('is deterministic: the same model and seed give the same trace', () => {
    const once = () =>
      JSON.stringify(
        withLoad(scenario('microservices'), {
          type: 'deploy',
          service: 'orders',
          strategy: 'rolling',
          version: { errorRate: 30 },
        }).trace,
      );
    expect(once()).toBe(once());
  });

  it('is a script action: parsed, checked, compiled and written back the same', () => {
    const step = {
      at: 5,
      deploy: 'payments',
      strategy: 'recreate',
      startupMs: 300,
      version: { latencyMs: 40 },
    };
    const [compiled] = compileScript([step]);
    expect(compiled!.command).toEqual({
      type: 'deploy',
      service: 'payments',
      strategy: 'recreate',
      startupMs: 300,
      version: { latencyMs: 40 },
    });
    expect(commandToStep(5, compiled!.command)).toEqual(step);
    expect(SCRIPT_ACTIONS.deploy.compile({ at: 0, deploy: 'orders' })).toEqual({
      type: 'deploy',
      service: 'orders',
      strategy: 'rolling',
    });
    const file = JSON.parse(
      readFileSync(new URL('../../simulations/microservices.json', import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
    const bad = parseScenario({
      ...file,
      script: [
        { at: 0, deploy: 'paymnts' },
        { at: 0, deploy: 'orders', strategy: 'blue-green' },
      ],
    });
    expect(bad.ok ? [] : bad.error.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'script[1].strategy: expected one of rolling, recreate, got "blue-green"',
    ]);
    const unknown = parseScenario({ ...file, script: [{ at: 0, deploy: 'paymnts' }] });
    expect(unknown.ok ? [] : unknown.error.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'script[0].deploy: no service "paymnts" (did you mean "payments"?)',
    ]);
  });
});
