import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Command } from '../engine/types';
import { parseInputText } from '../scenario';
import type { RunValue } from '../scenario';
import { MESSAGE_KINDS, type Frame } from './frame';
import { RunSession } from './session';

const text = (name: string) =>
  readFileSync(new URL(`../../simulations/${name}.json`, import.meta.url), 'utf8');

function runOf(input: string): RunValue {
  const r = parseInputText(input);
  if (!r.ok) throw new Error(r.error.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.value;
}

/** The learner's actions of the tests: what a teacher might do during the Orders demo. */
const ACTIONS: [number, Command][] = [
  [37.4, { type: 'http', route: 'POST /orders', count: 1, everyMs: 0 }],
  [180.2, { type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 }],
  [410.9, { type: 'kill', instance: 'orders#2' }],
  [900, { type: 'load', route: 'GET /orders/:id', rps: 120, forMs: 2000 }],
  [1300.5, { type: 'restart', instance: 'orders#2' }],
  [1800.1, { type: 'latency', link: ['broker', 'orders'], addMs: 30, jitterMs: 5 }],
  [2500, { type: 'brokerDown' }],
  [2800, { type: 'brokerUp' }],
];

/**
 * Plays the Orders demo as the app does: frame-sized advances (0.75 virtual ms, a frame at 1×
 * is about 0.8), each action on the first frame at or after its time; `at` calls `look(t)`
 * when the clock is exactly t (multiples of the frame).
 */
function played(until: number, look?: { at: number[]; fn: (s: RunSession) => void }) {
  const s = new RunSession(runOf(text('orders')), { hashTrace: true });
  let clock = 0;
  let next = 0;
  const frames: Frame[] = [];
  if (look?.at.includes(0)) look.fn(s);
  while (clock < until) {
    clock = Math.min(until, clock + 0.75);
    const due: Command[] = [];
    while (next < ACTIONS.length && ACTIONS[next]![0] <= clock) due.push(ACTIONS[next++]![1]);
    frames.push(s.advance(clock, due, false));
    if (look?.at.includes(clock)) look.fn(s);
  }
  return { s, frames };
}

/** What a learner sees at the session's time, minus the parts that are history (ids, counters). */
function view(s: RunSession) {
  const f = s.seek(s.now);
  const tokens = [];
  for (let i = 0; i < f.tokens.count; i++)
    tokens.push({
      kind: MESSAGE_KINDS[f.tokens.kind[i]!],
      t: f.tokens.t[i],
      arriveAt: f.tokens.arriveAt[i],
      info: s.describe(f.tokens.id[i]!),
    });
  return { now: f.now, state: f.state, tokens, log: f.log?.lines.slice(0, 40) };
}

describe('a run session', () => {
  it('records every learner action at the whole virtual ms it took effect, as script lines', () => {
    const { s } = played(3000);
    // The first frame at or after 2500 is 2500.5: the command takes effect at 2501.
    expect(s.steps.map((st) => st.at)).toEqual([38, 181, 411, 900, 1301, 1801, 2501, 2801]);
    expect(s.steps[0]).toEqual({ at: 38, http: 'POST /orders' });
    expect(s.steps[2]).toEqual({ at: 411, kill: 'orders#2' });
    expect(s.steps[5]).toEqual({
      at: 1801,
      latency: { link: ['broker', 'orders'], addMs: 30, jitterMs: 5 },
    });
  });

  it('seeking back to t shows exactly what a straight run showed at t (state, tokens, log, trace)', () => {
    const times = [0, 120, 411, 1000.5, 1900.5, 2650.5, 3100.5];
    const seen = new Map<number, { view: ReturnType<typeof view>; hash: unknown }>();
    const full = played(3200, {
      at: times,
      fn: (s) => seen.set(s.now, { view: view(s), hash: s.traceHash() }),
    });
    expect(seen.size).toBe(times.length);
    const again = new RunSession(full.s.runValue(), { hashTrace: true });
    again.seek(3200);
    for (const t of [...times].reverse()) {
      again.seek(t);
      expect(view(again)).toEqual(seen.get(t)!.view);
      expect(again.traceHash()).toEqual(seen.get(t)!.hash);
    }
    // The live session itself, rewound in a different order.
    for (const t of [1000.5, 120, 3100.5, 411]) {
      full.s.seek(t);
      expect(view(full.s)).toEqual(seen.get(t)!.view);
    }
  });

  it('rewinding the live session itself and playing on gives the same run (no fork without an action)', () => {
    const a = played(3000).s;
    const b = played(3000).s;
    b.seek(700);
    b.seek(1500);
    b.seek(3000);
    expect(view(b)).toEqual(view(a));
    expect(b.steps).toEqual(a.steps);
    expect(b.horizon).toBe(3000);
  });

  it('acting after a rewind forks: the old future is dropped and history starts over from there', () => {
    const { s } = played(3000);
    expect(s.steps).toHaveLength(8);
    s.seek(1000);
    expect(s.horizon).toBe(3000);
    const f = s.advance(1000, [{ type: 'kill', instance: 'notifications#1' }]);
    expect(s.steps.map((st) => st.at)).toEqual([38, 181, 411, 900, 1000]);
    expect(f.run).toEqual({ keep: 4, added: [{ at: 1000, kill: 'notifications#1' }] });
    expect(s.horizon).toBe(1000);
    expect(f.history?.at(-1)?.reset).toBe(true);
    expect(f.history?.at(-1)?.samples.every((x) => x.t <= 1000)).toBe(true);
    const notif = f.state?.instances.find((i) => i.id === 'notifications#1');
    expect(notif?.status).toBe('down');
    // The new branch plays on from there like any run.
    s.advance(2000);
    expect(s.steps).toHaveLength(5);
  });

  it('a saved run reopens at its moment with the same state, and its file is a valid run file', () => {
    const { s } = played(2000);
    const file = s.runFile();
    expect(file).toMatchObject({ version: 1, kind: 'run', seed: 42, at: 2000 });
    const reopened = runOf(JSON.stringify(file));
    expect(reopened.at).toBe(2000);
    const again = new RunSession(reopened, { hashTrace: true });
    again.seek(2000);
    expect(view(again)).toEqual(view(s));
    expect(again.traceHash()).toEqual(s.traceHash());
  });

  it('refuses a command that would not make a valid run file, and says why', () => {
    const s = new RunSession(runOf(text('orders')));
    const f = s.advance(10, [{ type: 'http', route: 'GET /order/:id', count: 1, everyMs: 0 }]);
    expect(s.steps).toEqual([]);
    expect(f.refused?.[0]?.message).toMatch(/no route "GET \/order\/:id"/);
  });

  it('the token arrays are the engine’s hops in flight at the frame time', () => {
    const { s } = played(260);
    const f = s.seek(260);
    const hops = (
      s as unknown as { live: { player: { sim: { snapshot(): { inFlight: unknown[] } } } } }
    ).live.player.sim.snapshot().inFlight;
    expect(f.tokens.count).toBe(hops.length);
    expect(f.tokens.count).toBeGreaterThan(0);
    for (let i = 0; i < f.tokens.count; i++) {
      expect(f.tokens.t[i]).toBeLessThanOrEqual(260);
      expect(f.tokens.arriveAt[i]).toBeGreaterThan(260);
    }
  });

  it('step back goes to the previous moment something happened; step goes forward again', () => {
    const { s } = played(500);
    const back = s.stepBack();
    expect(back.now).toBeLessThan(500);
    const forward = s.step();
    expect(forward.now).toBeGreaterThan(back.now);
    expect(forward.now).toBeLessThanOrEqual(500);
  });

  it('selecting a request flags its tokens, and only those', () => {
    const { s } = played(1200);
    // A moment under load, with several requests on the wire.
    const f0 = s.seek(1000);
    expect(f0.tokens.count).toBeGreaterThan(1);
    const first = s.describe(f0.tokens.id[0]!)!;
    s.select(first.group);
    const f = s.seek(1000);
    let flagged = 0;
    for (let i = 0; i < f.tokens.count; i++) {
      const info = s.describe(f.tokens.id[i]!)!;
      const mine = info.group === first.group || info.msgId === first.group;
      expect(f.tokens.flags[i] === 1).toBe(mine);
      if (mine) flagged++;
    }
    expect(flagged).toBeGreaterThan(0);
    expect(flagged).toBeLessThan(f.tokens.count);
  });
});

describe('planned commands and watchers (what a lesson uses)', () => {
  const GET: Command = { type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 };
  const responses = () => {
    let n = 0;
    return { feed: (e: { type: string }) => void (e.type === 'http.response' && n++), n: () => n };
  };

  it('a planned demo plays at its times, a click during it keeps the rest, and a saved run replays both', () => {
    const s = new RunSession(runOf(text('orders')));
    s.advance(100);
    s.plan([
      { at: 150, command: GET },
      { at: 400, command: { type: 'kill', instance: 'orders#2' } },
    ]);
    s.advance(200, [GET]); // the learner clicks between the demo's two commands
    s.advance(600);
    expect(s.steps.map((c) => c.at)).toEqual([150, 200, 400]);
    expect(s.seek(600).state?.instances.find((i) => i.id === 'orders#2')?.status).toBe('down');
    const again = new RunSession(runOf(JSON.stringify(s.runFile(600))));
    again.seek(600);
    expect(again.steps).toEqual(s.steps);
  });

  it('a watcher sees the straight run again after a rewind, and acting behind the frontier drops the planned future', () => {
    const s = new RunSession(runOf(text('orders')));
    let watcher = responses();
    s.watch(() => (watcher = responses()));
    s.advance(1000);
    const atEnd = watcher.n();
    expect(atEnd).toBeGreaterThan(0);
    s.plan([{ at: 5000, command: GET }]);
    s.seek(500);
    const atHalf = watcher.n();
    expect(atHalf).toBeLessThan(atEnd);
    s.seek(1000);
    expect(watcher.n()).toBe(atEnd);
    s.seek(500);
    s.advance(501, [GET]); // a fork: the planned GET at 5 s belonged to the old future
    expect(s.steps.some((c) => c.at === 5000)).toBe(false);
  });
});
