import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import { ofType, run } from './testkit';
import type { Command, SimModel } from './types';
import { DATA_CHECK_EVERY_MS, DATA_SETTLE_MS } from './world/records';

/** distributed-data.json without its script, optionally edited (transport, fixes). */
function model(edit: (file: Record<string, unknown>) => void = () => {}): SimModel {
  const file = JSON.parse(
    readFileSync(new URL('../../simulations/distributed-data.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  file.script = [];
  edit(file);
  const r = parseScenario(file);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const post = (count = 1, everyMs = 0): Command => ({
  type: 'http',
  route: 'POST /orders',
  count,
  everyMs,
});

/** Kill inventory#1, 4 orders while it is down, restart it, 1 more order, then wait. */
function restartStory(m: SimModel, fixes: Command[] = []) {
  const { sim, trace } = run(m);
  for (const f of fixes) sim.apply(f);
  sim.apply(post());
  sim.runUntil(300);
  sim.apply({ type: 'kill', instance: 'inventory#1' });
  sim.runUntil(500);
  sim.apply(post(4, 250));
  sim.runUntil(1600);
  sim.apply({ type: 'restart', instance: 'inventory#1' });
  sim.runUntil(3000);
  sim.apply(post());
  sim.runUntil(8000);
  return { sim, trace, data: sim.snapshot().data! };
}

const rmq = (file: Record<string, unknown>) => {
  file.transport = { kind: 'rmq' };
  for (const n of file.nodes as { id: string; transport?: unknown }[])
    if (n.id === 'orders' || n.id === 'inventory')
      n.transport = { options: { queue: `${n.id}_queue` } };
};

describe('each service’s own data', () => {
  it('starts from the records the scenario declares, in step', () => {
    const { sim } = run(model());
    expect(sim.snapshot().data).toEqual({
      orders: {
        actual: { orders: 0 },
        expected: { orders: 0 },
        state: 'in-step',
        overdue: 0,
        extra: 0,
        idempotent: false,
      },
      inventory: {
        actual: { stock: 100 },
        expected: { stock: 100 },
        state: 'in-step',
        overdue: 0,
        extra: 0,
        idempotent: false,
      },
    });
  });

  it('when every event is handled once, both services write once per order and stay in step', () => {
    const { sim, trace } = run(model());
    sim.apply(post(5, 100));
    sim.runUntil(5000);
    const data = sim.snapshot().data!;
    expect(data.orders!.actual).toEqual({ orders: 5 });
    expect(data.inventory!.actual).toEqual({ stock: 95 });
    expect(data.inventory!.state).toBe('in-step');
    expect(ofType(trace, 'data.diverged')).toEqual([]);
  });

  it('on Redis, events emitted while inventory restarts are lost: inventory’s data stays behind orders', () => {
    const { trace, data } = restartStory(model());
    expect(data.orders).toMatchObject({ actual: { orders: 6 }, state: 'in-step' });
    expect(data.inventory).toMatchObject({
      actual: { stock: 98 },
      expected: { stock: 94 },
      state: 'behind',
      overdue: 4,
    });
    const [diverged, ...more] = ofType(trace, 'data.diverged');
    expect(more).toEqual([]);
    // The first lost order (r2, accepted just after 500 ms) is overdue one settle time later (on
    // the check grid).
    expect(diverged).toMatchObject({ service: 'inventory', state: 'behind', reqId: 'r2' });
    const accepted = ofType(trace, 'http.request').find((e) => e.reqId === 'r2')!.t;
    expect(diverged!.t).toBeGreaterThanOrEqual(accepted + DATA_SETTLE_MS);
    expect(diverged!.t).toBeLessThanOrEqual(accepted + DATA_SETTLE_MS + DATA_CHECK_EVERY_MS);
    expect(diverged!.t % DATA_CHECK_EVERY_MS).toBe(0);
    expect(ofType(trace, 'data.converged')).toEqual([]);
  });

  it('a duplicate delivery without idempotency writes twice: inventory runs ahead', () => {
    const { sim, trace } = run(model());
    sim.apply({ type: 'scale', service: 'inventory', replicas: 2 });
    sim.runUntil(1000);
    sim.apply(post(3, 100));
    sim.runUntil(4000);
    const data = sim.snapshot().data!;
    // Redis pub/sub: both instances handle every event, one database behind them.
    expect(data.inventory).toMatchObject({
      actual: { stock: 94 },
      expected: { stock: 97 },
      state: 'ahead',
      extra: 3,
    });
    expect(data.orders!.state).toBe('in-step');
    expect(ofType(trace, 'data.diverged')[0]).toMatchObject({
      service: 'inventory',
      state: 'ahead',
    });
  });

  it('an idempotent handler skips the duplicate: inventory stays in step', () => {
    const { sim, trace } = run(model());
    sim.apply({ type: 'scale', service: 'inventory', replicas: 2 });
    sim.apply({ type: 'idempotent', service: 'inventory', enabled: true });
    sim.runUntil(1000);
    sim.apply(post(3, 100));
    sim.runUntil(4000);
    const data = sim.snapshot().data!;
    expect(data.inventory).toMatchObject({
      actual: { stock: 97 },
      state: 'in-step',
      extra: 0,
      idempotent: true,
    });
    expect(ofType(trace, 'handler.skipped')).toHaveLength(3);
    expect(ofType(trace, 'data.fix')).toEqual([
      { t: 0, type: 'data.fix', fix: 'idempotent', target: 'inventory', enabled: true },
    ]);
    expect(ofType(trace, 'data.diverged')).toEqual([]);
  });

  it('a durable queue (RabbitMQ) keeps the events while inventory is down: behind, then back in step', () => {
    const { trace, data } = restartStory(model(rmq));
    expect(data.inventory).toMatchObject({
      actual: { stock: 94 },
      expected: { stock: 94 },
      state: 'in-step',
    });
    const diverged = ofType(trace, 'data.diverged');
    const converged = ofType(trace, 'data.converged');
    expect(diverged).toHaveLength(1);
    expect(converged).toHaveLength(1);
    // Back in step once the restarted instance drained the queue (up at 1.6 s + 800 ms).
    expect(converged[0]!.t).toBeGreaterThan(2400);
    expect(converged[0]!.t).toBeLessThan(2700);
  });

  it('an outbox publishes the row again until inventory processed it: in step after the relay (with idempotent handlers)', () => {
    const fixes: Command[] = [
      { type: 'outbox', route: 'POST /orders', enabled: true, pollMs: 200 },
      { type: 'idempotent', service: 'orders', enabled: true },
      { type: 'idempotent', service: 'inventory', enabled: true },
    ];
    const { sim, trace, data } = restartStory(model(), fixes);
    expect(data.orders).toMatchObject({ actual: { orders: 6 }, state: 'in-step' });
    expect(data.inventory).toMatchObject({ actual: { stock: 94 }, state: 'in-step', extra: 0 });
    expect(sim.snapshot().outboxes).toEqual({
      'POST /orders': { route: 'POST /orders', enabled: true, pollMs: 200, rows: 0 },
    });
    const published = ofType(trace, 'outbox.published');
    expect(published.some((e) => e.attempt > 1)).toBe(true);
    const converged = ofType(trace, 'data.converged');
    expect(converged).toHaveLength(1);
    // The relay's first poll after inventory is up again (up at 2.4 s; polls every 200 ms).
    expect(converged[0]!.t).toBeGreaterThan(2400);
    expect(converged[0]!.t).toBeLessThan(2700);
  });

  it('an outbox alone is at-least-once: orders, which had the event, processes it again and runs ahead', () => {
    const { data } = restartStory(model(), [
      { type: 'outbox', route: 'POST /orders', enabled: true },
    ]);
    expect(data.inventory!.actual).toEqual({ stock: 94 });
    expect(data.orders!.state).toBe('ahead');
    expect(data.orders!.actual.orders).toBeGreaterThan(6);
  });

  it('the file’s own route outbox and idempotent handlers work without commands', () => {
    const m = model((file) => {
      (file.routes as Record<string, unknown>[])[0]!.outbox = { pollMs: 200 };
      for (const n of file.nodes as { handlers?: Record<string, unknown>[] }[])
        for (const h of n.handlers ?? []) h.idempotent = true;
    });
    expect(m.routes[0]!.outbox).toEqual({ pollMs: 200 });
    const { data } = restartStory(m);
    expect(data.inventory).toMatchObject({ actual: { stock: 94 }, state: 'in-step' });
    expect(data.orders).toMatchObject({ actual: { orders: 6 }, state: 'in-step' });
  });

  it('a failed handling writes nothing', () => {
    const m = model((file) => {
      const inv = (file.nodes as { id: string; handlers?: Record<string, unknown>[] }[]).find(
        (n) => n.id === 'inventory',
      )!;
      inv.handlers![0]!.failureRate = 1;
    });
    const { sim } = run(m);
    sim.apply(post(2, 100));
    sim.runUntil(3000);
    expect(sim.snapshot().data!.inventory).toMatchObject({
      actual: { stock: 100 },
      state: 'behind',
      overdue: 2,
    });
  });

  it('is deterministic: the same run gives the same trace', () => {
    const a = restartStory(model(), [{ type: 'outbox', route: 'POST /orders', enabled: true }]);
    const b = restartStory(model(), [{ type: 'outbox', route: 'POST /orders', enabled: true }]);
    expect(b.trace).toEqual(a.trace);
  });

  it('a scenario without records has no data in its snapshot', () => {
    const m = model((file) => {
      for (const n of file.nodes as Record<string, unknown>[]) {
        delete n.records;
        for (const h of (n.handlers as Record<string, unknown>[] | undefined) ?? [])
          delete h.writes;
      }
    });
    const { sim } = run(m);
    sim.apply(post());
    sim.runUntil(1000);
    expect(sim.snapshot().data).toBeUndefined();
    expect(sim.snapshot().outboxes).toBeUndefined();
  });
});
