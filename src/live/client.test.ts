import { beforeEach, describe, expect, it } from 'vitest';
import { createLiveClient } from './client';
import { initialLive, initialSim, liveStore, simStore } from '../state';

/** A WebSocket the test drives: open, message, close. */
class FakeSocket {
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close() {
    this.closed = true;
  }
  send(frame: unknown) {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }
}

const HELLO = {
  type: 'hello',
  version: 1,
  transport: 'redis',
  broker: 'redis://127.0.0.1:6379',
  listening: 'PSUBSCRIBE *',
};
const TEXTS = {
  title: () => ({ en: 'Live' }),
  gateway: { en: 'clients' },
  client: { en: 'HTTP' },
  refusedFrame: 'refused',
};

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: { cb: () => void; ms: number }[] = [];
  let rafCb: ((t: number) => void) | null = null;
  let wall = 0;
  const client = createLiveClient('ws://127.0.0.1:4300/', TEXTS, {
    createSocket: (u) => {
      const s = new FakeSocket(u);
      sockets.push(s);
      return s as unknown as WebSocket;
    },
    now: () => wall,
    raf: (cb) => {
      rafCb = cb;
      return 1;
    },
    cancelRaf: () => (rafCb = null),
    setTimer: (cb, ms) => timers.push({ cb, ms }),
    clearTimer: () => undefined,
  });
  /** Runs animation frames for `ms` of wall time, 16 ms apart. */
  const frames = (ms: number) => {
    for (let t = 0; t < ms; t += 16) {
      wall += 16;
      const cb = rafCb;
      rafCb = null;
      cb?.(wall);
    }
  };
  return { client, sockets, timers, frames };
}

const request = (seq: number) => ({
  type: 'envelope',
  seq,
  at: 0,
  kind: 'request',
  channel: 'get_order',
  pattern: 'get_order',
  id: `id${seq}`,
  bytes: 40,
});

beforeEach(() => {
  simStore.setState(initialSim, true);
  liveStore.setState(initialLive, true);
});

describe('the live client: a SimClient fed by the tap bridge', () => {
  it('after the hello, envelopes become the model, tokens on the canvas and log lines', () => {
    const { client, sockets, frames } = harness();
    expect(sockets[0]!.url).toBe('ws://127.0.0.1:4300/');
    sockets[0]!.onopen?.();
    expect(liveStore.getState().phase).toBe('open');
    sockets[0]!.send(HELLO);
    expect(simStore.getState()).toMatchObject({ phase: 'ready', source: 'live', playing: true });
    sockets[0]!.send(request(1));
    frames(50);
    expect(client.render().tokens.count).toBe(1);
    expect(client.render().endpoints).toContain('get_order#1');
    expect(simStore.getState().model?.services.map((s) => s.id)).toEqual(['get_order']);
    frames(200);
    expect(simStore.getState().log.map((l) => l.kind)).toContain('send');
    expect(liveStore.getState().messages).toBe(1);
  });

  it('pause freezes the view and keeps listening; play shows what waited', () => {
    const { client, sockets, frames } = harness();
    sockets[0]!.onopen?.();
    sockets[0]!.send(HELLO);
    frames(32);
    client.pause();
    const clock = client.clock.get();
    sockets[0]!.send(request(1));
    sockets[0]!.send(request(2));
    frames(500);
    expect(client.clock.get()).toBe(clock);
    expect(client.render().tokens.count).toBe(0);
    expect(liveStore.getState().waiting).toBe(2);
    client.play();
    // Released a little apart (RELEASE_GAP) so they do not overlap: both in flight soon after.
    frames(100);
    expect(liveStore.getState()).toMatchObject({ waiting: 0, messages: 2 });
    expect(client.render().tokens.count).toBe(2);
  });

  it('a bridge that closes: the banner state says so, and it reconnects with backoff', () => {
    const { sockets, timers } = harness();
    sockets[0]!.onopen?.();
    sockets[0]!.send(HELLO);
    sockets[0]!.onclose?.();
    expect(liveStore.getState()).toMatchObject({ phase: 'closed', everOpen: true, failures: 1 });
    expect(timers.map((t) => t.ms)).toEqual([1000]);
    timers[0]!.cb();
    expect(sockets).toHaveLength(2);
    sockets[1]!.onclose?.(); // refused again: the wait doubles
    expect(timers.map((t) => t.ms)).toEqual([1000, 2000]);
    // The model stays on screen while it waits.
    expect(simStore.getState().phase).toBe('ready');
  });

  it('a frame the app refuses is counted and logged, never thrown', () => {
    const { sockets, frames } = harness();
    sockets[0]!.onopen?.();
    sockets[0]!.send(HELLO);
    sockets[0]!.send('{not json');
    sockets[0]!.send({ type: 'envelope', seq: 1, at: 0, kind: 'request', channel: 'x', bytes: 1 });
    frames(200);
    expect(liveStore.getState().refusedFrames).toBe(2);
    const texts = simStore.getState().log.map((l) => String(l.params.text ?? ''));
    expect(texts.some((t) => t.includes('frame is not JSON'))).toBe(true);
  });

  it('the commands that would change a simulation do nothing on a live app', async () => {
    const { client, sockets } = harness();
    sockets[0]!.send(HELLO);
    client.kill('get_order#1');
    client.fire('GET /orders/:id');
    await client.seek(0);
    expect(simStore.getState().phase).toBe('ready');
    expect(await client.load('orders', {})).toBeNull();
    client.dispose();
    expect(sockets[0]!.closed).toBe(true);
  });
});
