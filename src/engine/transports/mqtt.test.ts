/**
 * MQTT persistent sessions (docs/transports.md, MQTT): with `clean: false` the broker keeps the
 * session of an offline subscriber, but it queues only messages of QoS ≥ 1. Each case kills the
 * only subscriber, publishes while it is away, and restarts it.
 */
import { describe, expect, it } from 'vitest';
import { buildModel, ofType, run } from '../testkit';
import type { ScriptStep, TransportOptions } from '../types';

const GET = 'GET /orders/:id';
const POST = 'POST /orders';

function whileAway(options: TransportOptions, extra: ScriptStep[] = []) {
  const model = buildModel({
    transport: 'mqtt',
    services: [
      {
        id: 'orders',
        options,
        handlers: [
          { pattern: 'get_order', kind: 'request' },
          { pattern: 'order_created', kind: 'event' },
        ],
      },
    ],
    routes: [
      { path: '/orders/:id', send: 'get_order', to: 'orders' },
      { path: '/orders', emit: 'order_created', to: ['orders'] },
    ],
    script: [
      { at: 0, command: { type: 'kill', instance: 'orders#1' } },
      { at: 10, command: { type: 'http', route: GET, count: 2, everyMs: 10 } },
      { at: 10, command: { type: 'http', route: POST, count: 1, everyMs: 0 } },
      { at: 1000, command: { type: 'restart', instance: 'orders#1' } },
      ...extra,
    ],
  });
  const r = run(model);
  r.sim.runUntil(60_000);
  const handled = ofType(r.trace, 'handler.done').map((e) => e.pattern);
  return { ...r, handled };
}

describe('mqtt persistent session', () => {
  it('clean:false with qos 0: an offline subscriber gets nothing queued (requests stay pending)', () => {
    const { sim, trace, handled } = whileAway({ clean: false, qos: 0 });
    expect(handled).toEqual([]);
    expect(sim.snapshot().counters.pending).toBe(2);
    expect(ofType(trace, 'message.dropped').map((d) => d.reason)).toEqual([
      'no-subscribers',
      'no-subscribers',
      'no-subscribers',
    ]);
  });

  it('clean:false without qos (QoS 0 by default): nothing queued either', () => {
    const { handled } = whileAway({ clean: false });
    expect(handled).toEqual([]);
  });

  it('qos 1 with a clean session (clean default): nothing queued', () => {
    expect(whileAway({ qos: 1 }).handled).toEqual([]);
    expect(whileAway({ qos: 1, clean: true }).handled).toEqual([]);
  });

  it('clean:false with qos 1: the two requests and the event wait and are handled on reconnect', () => {
    const { trace, handled } = whileAway({ clean: false, qos: 1 });
    expect(handled.sort()).toEqual(['get_order', 'get_order', 'order_created']);
    expect(ofType(trace, 'handler.done').every((e) => e.t > 1500)).toBe(true);
    expect(
      ofType(trace, 'http.response')
        .map((r) => r.status)
        .sort(),
    ).toEqual([200, 200, 201]);
  });

  it('clean:false with qos 2: queued too (a persistent session keeps every QoS ≥ 1)', () => {
    expect(whileAway({ clean: false, qos: 2 }).handled).toHaveLength(3);
  });

  it('a session kept while away is delivered once: a second restart brings nothing again', () => {
    const { handled } = whileAway({ clean: false, qos: 1 }, [
      { at: 3000, command: { type: 'kill', instance: 'orders#1' } },
      { at: 3100, command: { type: 'restart', instance: 'orders#1' } },
    ]);
    expect(handled).toHaveLength(3);
  });
});
