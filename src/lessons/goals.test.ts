import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Command, ScriptStep, SimModel, TraceEvent } from '../engine/types';
import { parseScenario } from '../scenario';
import { createRunPlayer } from '../run/player';
import { createGoalTracker, evaluateGoal, goalSchema, type Goal } from './goals';

function model(name: string, dropScript = true): SimModel {
  const file = JSON.parse(
    readFileSync(new URL(`../../simulations/${name}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  const r = parseScenario(dropScript ? { ...file, script: [] } : file);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const get = (count = 1, everyMs = 0): Command => ({
  type: 'http',
  route: 'GET /orders/:id',
  count,
  everyMs,
});
const post = (count = 1): Command => ({ type: 'http', route: 'POST /orders', count, everyMs: 100 });

/** Plays `commands` on `m` until `until`, returning the trace and the player. */
function play(m: SimModel, commands: [number, Command][], until: number) {
  const events: TraceEvent[] = [];
  const steps: ScriptStep[] = commands.map(([at, command]) => ({ at, command }));
  const player = createRunPlayer(m, steps, { onTrace: (e) => events.push(e) });
  player.advanceTo(until);
  return { events, sim: player.sim };
}

const holds = (
  goal: Goal,
  m: SimModel,
  commands: [number, Command][],
  until = 2000,
  origin = 0,
) => {
  const { events, sim } = play(m, commands, until);
  return evaluateGoal(goalSchema.parse(goal), events, sim.snapshot(), origin);
};

const ok200 = (value: number): Goal => ({
  count: { event: 'http.response', where: { status: 200 } },
  op: '>=',
  value,
});

describe('goal predicates over real runs', () => {
  const orders = model('orders');

  it('counts answered requests: three GETs meet ">= 3 answered 200", two do not', () => {
    expect(holds(ok200(3), orders, [[0, get(3, 50)]])).toBe(true);
    expect(holds(ok200(3), orders, [[0, get(2, 50)]])).toBe(false);
  });

  it('compares a field with an operator: 5xx answers only when the service is gone', () => {
    const failed: Goal = {
      count: { event: 'http.response', where: { status: { op: '>=', value: 500 } } },
      op: '>=',
      value: 1,
    };
    expect(holds(failed, orders, [[0, get(2, 50)]])).toBe(false);
    const rmqTimeout = model('e2e-timeout');
    expect(
      holds(
        failed,
        rmqTimeout,
        [
          [0, { type: 'killService', service: 'orders' }],
          [10, get()],
        ],
        20_000,
      ),
    ).toBe(true);
  });

  it('ignores what happened before the step began, and honours a window', () => {
    // Three answers, all before t = 1000: a step starting at 1000 has seen none.
    expect(holds(ok200(3), orders, [[0, get(3, 50)]], 2000, 1000)).toBe(false);
    const early: Goal = {
      count: { event: 'http.response', within: { from: 0, to: 100 } },
      op: '>=',
      value: 3,
    };
    expect(holds(early, orders, [[0, get(3, 10)]])).toBe(true);
    expect(holds(early, orders, [[0, get(3, 400)]])).toBe(false);
  });

  it('matches a list field by inclusion (an emit reaches both services)', () => {
    const toNotifications: Goal = {
      count: { event: 'client.emit', where: { to: 'notifications' } },
      op: '==',
      value: 2,
    };
    expect(holds(toNotifications, orders, [[0, post(2)]])).toBe(true);
    expect(holds(toNotifications, orders, [[0, get(2)]])).toBe(false);
  });

  it('reads instance state from the snapshot', () => {
    const down: Goal = { instance: 'orders#1', state: 'down' };
    expect(holds(down, orders, [[100, { type: 'kill', instance: 'orders#1' }]])).toBe(true);
    expect(holds(down, orders, [[100, { type: 'kill', instance: 'orders#2' }]])).toBe(false);
  });

  it('counts per instance: round robin gives both orders instances work, a dead one gets none', () => {
    const both: Goal = {
      perInstance: { event: 'handler.done', where: { pattern: 'get_order' } },
      service: 'orders',
      min: 2,
    };
    expect(holds(both, orders, [[0, get(6, 50)]])).toBe(true);
    expect(
      holds(both, orders, [
        [0, { type: 'kill', instance: 'orders#2' }],
        [10, get(6, 50)],
      ]),
    ).toBe(false);
  });

  it('reads a queue depth: events wait in notifications_queue while the consumer is down', () => {
    const m = model('rmq-down-queue');
    const waiting: Goal = { queue: 'notifications_queue', op: '>=', value: 3 };
    const kill: [number, Command] = [0, { type: 'kill', instance: 'notifications#1' }];
    expect(holds(waiting, m, [kill, [10, post(3)]])).toBe(true);
    expect(holds(waiting, m, [[10, post(3)]])).toBe(false);
  });

  it('checks a latency percentile (no responses proves nothing)', () => {
    const fast: Goal = { latency: 'p95', op: '<', value: 150 };
    expect(holds(fast, orders, [[0, get(10, 50)]])).toBe(true);
    expect(
      holds(fast, orders, [
        [0, { type: 'slow', service: 'orders', factor: 10 }],
        [1, get(10, 50)],
      ]),
    ).toBe(false);
    expect(holds(fast, orders, [])).toBe(false);
  });

  it('counts replicas up, and combines with all / any / not', () => {
    const scaled: Goal = { replicas: 'orders', op: '>=', value: 3 };
    const scale: [number, Command] = [0, { type: 'scale', service: 'orders', replicas: 3 }];
    expect(holds(scaled, orders, [scale])).toBe(true);
    expect(holds(scaled, orders, [])).toBe(false);
    const both: Goal = { all: [scaled, ok200(1)] };
    expect(holds(both, orders, [scale])).toBe(false);
    expect(holds(both, orders, [scale, [600, get()]])).toBe(true);
    expect(holds({ any: [scaled, ok200(1)] }, orders, [[0, get()]])).toBe(true);
    expect(holds({ not: scaled }, orders, [])).toBe(true);
  });
});

describe('goals over each service’s own data', () => {
  const data = model('distributed-data');
  const kill: [number, Command] = [0, { type: 'kill', instance: 'inventory#1' }];

  it('reads a service’s data state: inventory falls behind when its event is lost', () => {
    const behind: Goal = { data: 'inventory', state: 'behind' };
    expect(holds(behind, data, [kill, [100, post(2)]], 3000)).toBe(true);
    expect(holds(behind, data, [[100, post(2)]], 3000)).toBe(false);
    expect(holds({ data: 'orders', state: 'in-step' }, data, [kill, [100, post(2)]], 3000)).toBe(
      true,
    );
  });

  it('compares a record, actual by default or expected', () => {
    const stock = (of: 'actual' | 'expected'): Goal => ({
      data: 'inventory',
      record: 'stock',
      of,
      op: '==',
      value: 98,
    });
    expect(holds(stock('expected'), data, [kill, [100, post(2)]], 3000)).toBe(true);
    expect(holds(stock('actual'), data, [kill, [100, post(2)]], 3000)).toBe(false);
    expect(holds(stock('actual'), data, [[100, post(2)]], 3000)).toBe(true);
  });

  it('counts outbox rows the relay has not finished', () => {
    const waiting: Goal = { outbox: 'POST /orders', op: '>=', value: 2 };
    const on: [number, Command] = [
      0,
      { type: 'outbox', route: 'POST /orders', enabled: true, pollMs: 500 },
    ];
    expect(holds(waiting, data, [on, kill, [100, post(2)]], 1500)).toBe(true);
    expect(holds(waiting, data, [kill, [100, post(2)]], 1500)).toBe(false);
  });

  it('refuses a data goal with neither state nor record, naming what is missing', () => {
    const r = goalSchema.safeParse({ data: 'inventory', record: 'stock', op: '==' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('needs \\"op\\" and \\"value\\"');
    expect(goalSchema.safeParse({ data: 'inventory' }).success).toBe(false);
  });
});

describe('live evaluation', () => {
  it('keeps the first moment the goal held; a fresh tracker fed the replay agrees (rewind)', () => {
    const m = model('orders');
    const goal = goalSchema.parse(ok200(2));
    const tracker = createGoalTracker(goal);
    const steps: ScriptStep[] = [{ at: 0, command: get(4, 200) }];
    const player = createRunPlayer(m, steps, { onTrace: (e) => tracker.feed(e) });
    const metAtEach: boolean[] = [];
    for (let t = 0; t <= 1000; t += 50) {
      player.advanceTo(t);
      metAtEach.push(tracker.check(player.sim.snapshot()));
    }
    expect(metAtEach[0]).toBe(false);
    expect(metAtEach.at(-1)).toBe(true);
    // The 2nd answer arrives after the 2nd request (t = 200) and its ~50 ms round trip.
    expect(tracker.metAt).toBeGreaterThan(200);
    expect(tracker.metAt).toBeLessThan(400);

    // Rewind to just before metAt: replaying from 0 gives a tracker that has not met it yet.
    const replay = play(m, [[0, get(4, 200)]], tracker.metAt! - 50);
    expect(evaluateGoal(goal, replay.events, replay.sim.snapshot())).toBe(false);
    const again = play(m, [[0, get(4, 200)]], tracker.metAt!);
    expect(evaluateGoal(goal, again.events, again.sim.snapshot())).toBe(true);
  });
});
