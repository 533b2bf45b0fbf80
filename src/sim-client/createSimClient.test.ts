/**
 * sim-client against the real worker api over a MessageChannel (comlink works on Node ports), with
 * a hand-driven requestAnimationFrame: each `frame(wall)` is one display frame at that wall time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { expose } from 'comlink';
import { createSimApi } from '../worker/api';
import { initialSim, simStore } from '../state';
import { createSimClient, type SimClient } from './createSimClient';
import { MESSAGE_KINDS } from '../run/frame';

const kinds = (c: SimClient) => {
  const t = c.render().tokens;
  return Array.from(t.kind.subarray(0, t.count), (k) => MESSAGE_KINDS[k]);
};

const orders = readFileSync(new URL('../../simulations/orders.json', import.meta.url), 'utf8');
const timeout = readFileSync(
  new URL('../../simulations/e2e-timeout.json', import.meta.url),
  'utf8',
);

let queue: FrameRequestCallback[] = [];
globalThis.requestAnimationFrame = (cb) => queue.push(cb);
globalThis.cancelAnimationFrame = () => {};

const settle = () => new Promise((r) => setTimeout(r, 10));
async function frame(wall: number) {
  const q = queue;
  queue = [];
  for (const cb of q) cb(wall);
  await settle();
}

let client: SimClient;
let terminated = false;

beforeEach(() => {
  simStore.setState(initialSim, true);
  queue = [];
  terminated = false;
  client = createSimClient({
    createWorker: () => {
      const { port1, port2 } = new MessageChannel();
      expose(createSimApi(), port2 as unknown as MessagePort);
      return Object.assign(port1, {
        terminate: () => {
          terminated = true;
          port1.close();
          port2.close();
        },
      }) as unknown as Worker;
    },
  });
});
afterEach(() => client.dispose());

describe('sim-client', () => {
  it('loads a scenario into the mirror with the clock at 0', async () => {
    const r = await client.load('orders', orders);
    expect(r?.ok).toBe(true);
    const s = simStore.getState();
    expect(s.phase).toBe('ready');
    expect(s.scenario).toBe('orders');
    expect(s.instanceIds['orders']).toEqual(['orders#1', 'orders#2']);
    expect(client.clock.get()).toBe(0);
  });

  it('at 1× one wall second advances 50 virtual ms and the batch reaches the stores', async () => {
    await client.load('orders', orders);
    client.setSpeed(1);
    client.play();
    await frame(1000);
    await frame(1500);
    await frame(2000);
    expect(client.clock.get()).toBeCloseTo(50);
    await frame(2001);
    expect(simStore.getState().now).toBeGreaterThan(49);
    client.pause();
    await frame(2002);
    expect(simStore.getState().log.some((l) => l.kind === 'httpRequest')).toBe(true);
  });

  it('a wall gap over 500 ms (hidden tab) does not fast-forward', async () => {
    await client.load('orders', orders);
    client.play();
    await frame(0);
    await frame(100);
    const before = client.clock.get();
    await frame(5000);
    expect(client.clock.get()).toBe(before);
    await frame(5100);
    expect(client.clock.get()).toBeGreaterThan(before);
  });

  it('speed scales the clock', async () => {
    await client.load('orders', orders);
    client.setSpeed(4);
    client.play();
    await frame(0);
    await frame(100);
    expect(client.clock.get()).toBeCloseTo(20);
  });

  it('a route fired while paused is applied at the paused clock and its tokens stay put', async () => {
    await client.load('e2e-timeout', timeout);
    client.fire('GET /orders/:id');
    await frame(0);
    await frame(16);
    const s = simStore.getState();
    expect(s.playing).toBe(false);
    expect(s.log[0]?.kind).toBe('httpRequest');
    expect(kinds(client)).toEqual(['http']);
    expect(s.run.steps).toEqual([{ at: 0, http: 'GET /orders/:id' }]);
  });

  it('tokens are dropped once the clock passes their arrival time', async () => {
    await client.load('e2e-timeout', timeout);
    client.fire('GET /orders/:id');
    await frame(0);
    // The worker's answer crosses a MessageChannel: on a busy machine it may take a while.
    await vi.waitFor(() => expect(client.render().tokens.count).toBe(1));
    const arriveAt = client.render().tokens.arriveAt[0]!;
    client.setSpeed(8);
    client.play();
    await frame(1);
    await frame(1 + Math.ceil(arriveAt / 0.4) + 20);
    await frame(2 + Math.ceil(arriveAt / 0.4) + 20);
    const t = client.render().tokens;
    for (let i = 0; i < t.count; i++) expect(t.arriveAt[i]).toBeGreaterThan(arriveAt);
  });

  it('an invalid scenario ends in the error phase with field paths', async () => {
    const r = await client.load('bad', '{"version":1,"nodes":[{"id":"x","type":"nope"}]}');
    expect(r?.ok).toBe(false);
    const s = simStore.getState();
    expect(s.phase).toBe('error');
    expect(s.issues.length).toBeGreaterThan(0);
    expect(s.issues.some((i) => i.path !== '')).toBe(true);
  });

  it('step moves the clock to the next event while paused', async () => {
    await client.load('e2e-timeout', timeout);
    client.fire('GET /orders/:id');
    await frame(0);
    await client.step();
    expect(client.clock.get()).toBeGreaterThan(0);
    expect(simStore.getState().playing).toBe(false);
  });

  it('seeking back shows the earlier moment; acting there forks the run', async () => {
    await client.load('orders', orders);
    client.setSpeed(8);
    client.play();
    await frame(0);
    client.kill('notifications#1');
    for (let w = 16; w <= 1600; w += 16) await frame(w);
    client.pause();
    const horizon = simStore.getState().horizon;
    expect(horizon).toBeGreaterThan(600);
    const killedAt = simStore.getState().run.steps[0]!.at;
    expect(simStore.getState().instances['notifications#1']?.status).toBe('down');
    await client.seek(killedAt - 1);
    expect(client.clock.get()).toBe(killedAt - 1);
    expect(simStore.getState().instances['notifications#1']?.status).toBe('up');
    expect(simStore.getState().horizon).toBe(horizon);
    expect(simStore.getState().log[0]!.t).toBeLessThanOrEqual(killedAt - 1);
    // Acting differently from there: the old future (the kill) is gone.
    client.kill('orders#2');
    await frame(1700);
    await frame(1716);
    const s = simStore.getState();
    expect(s.run.steps).toEqual([{ at: killedAt - 1, kill: 'orders#2' }]);
    expect(s.horizon).toBe(killedAt - 1);
    expect(s.instances['notifications#1']?.status).toBe('up');
    expect(s.instances['orders#2']?.status).toBe('down');
  });

  it('dispose terminates the worker', () => {
    client.dispose();
    expect(terminated).toBe(true);
  });
});
