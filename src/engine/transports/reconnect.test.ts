/**
 * Reconnection schedules and connection options (docs/transports.md, "broker down" and
 * "reconnect" rows): when each server is back after a broker restart, and what the addresses and
 * names on the wire are when the options change them.
 */
import { describe, expect, it } from 'vitest';
import type { TransportKind } from '../../shared';
import { buildModel, ofType, run } from '../testkit';
import type { ScriptStep, TraceEvent, TransportOptions } from '../types';

const GET = 'GET /orders/:id';

function one(
  transport: TransportKind,
  options: TransportOptions,
  script: ScriptStep[],
  until = 60_000,
) {
  const model = buildModel({
    transport,
    services: [
      {
        id: 'orders',
        options,
        handlers: [{ pattern: 'get_order', kind: 'request' }],
      },
    ],
    routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
    script,
  });
  const r = run(model);
  r.sim.runUntil(until);
  return r;
}

const restored = (trace: TraceEvent[], who: string) =>
  ofType(trace, 'connection')
    .filter((c) => c.who === who && c.state === 'restored')
    .map((c) => c.t);
const down = (at: number): ScriptStep => ({ at, command: { type: 'brokerDown' } });
const up = (at: number): ScriptStep => ({ at, command: { type: 'brokerUp' } });
const get = (at: number): ScriptStep => ({
  at,
  command: { type: 'http', route: GET, count: 1, everyMs: 0 },
});

describe('redis server reconnect (retryAttempts × retryDelay)', () => {
  it('a broker back within the retries is found on the first retry tick after it is up', () => {
    // Ticks at down + k·1000 = 2000, 3000, 4000; the broker is up at 2500 → tick 3000.
    const { trace } = one('redis', { retryAttempts: 3, retryDelay: 1000 }, [down(1000), up(2500)]);
    expect(restored(trace, 'orders#1')).toEqual([3000]);
    expect(restored(trace, 'gateway')).toEqual([3000]); // the client: 500 ms after brokerUp
  });

  it('a broker down past the last retry leaves the server disconnected for good', () => {
    // 2 retries at 2000 and 3000 both find the broker down (up at 3500): the server gives up.
    const { sim, trace } = one('redis', { retryAttempts: 2, retryDelay: 1000 }, [
      down(1000),
      up(3500),
      get(6000),
    ]);
    expect(restored(trace, 'orders#1')).toEqual([]);
    expect(
      ofType(trace, 'connection').filter((c) => c.who === 'orders#1' && c.state === 'gave-up'),
    ).toHaveLength(1);
    expect(sim.snapshot().instances[0]!.note).toBe('disconnected (no reconnect)');
    // The client is back, the request is published, and nobody is subscribed: it hangs.
    expect(ofType(trace, 'http.response')).toEqual([]);
    expect(ofType(trace, 'message.dropped').map((d) => d.reason)).toEqual(['no-subscribers']);
  });

  it('the exact last retry still counts: retryAttempts 2, broker up at the 2nd tick', () => {
    const { trace } = one('redis', { retryAttempts: 2, retryDelay: 1000 }, [down(1000), up(3000)]);
    expect(restored(trace, 'orders#1')).toEqual([3000]);
  });

  it('without retryDelay the retries are 5 s apart', () => {
    const { trace } = one('redis', { retryAttempts: 5 }, [down(1000), up(2000)]);
    expect(restored(trace, 'orders#1')).toEqual([6000]);
  });

  it('while reconnecting, the server shows `reconnecting`; once back, no note', () => {
    const r = one('redis', { retryAttempts: 3, retryDelay: 1000 }, [down(1000), up(2500)], 2800);
    expect(r.sim.snapshot().instances[0]!.note).toBe('reconnecting');
    r.sim.runUntil(3100);
    expect(r.sim.snapshot().instances[0]!.note).toBeUndefined();
  });
});

describe('nats and mqtt server reconnect', () => {
  it('nats: server back 500 ms after the broker, the client too', () => {
    const { trace } = one('nats', {}, [down(1000), up(2000)]);
    expect(restored(trace, 'orders#1')).toEqual([2500]);
    expect(restored(trace, 'gateway')).toEqual([2500]);
  });

  it('mqtt: the client is back after 500 ms, the server re-subscribes after 1000 ms', () => {
    const { trace } = one('mqtt', {}, [down(1000), up(2000)]);
    expect(restored(trace, 'gateway')).toEqual([2500]);
    expect(restored(trace, 'orders#1')).toEqual([3000]);
  });

  it('a broker that goes down again before the reconnect cancels it', () => {
    const { sim, trace } = one('nats', {}, [down(1000), up(2000), down(2200)], 10_000);
    expect(restored(trace, 'orders#1')).toEqual([]);
    expect(restored(trace, 'gateway')).toEqual([]);
    expect(sim.snapshot().broker).toEqual({ status: 'down' });
  });

  it('an instance restarted while the broker is down connects when the broker is back', () => {
    const { trace } = one('nats', {}, [
      down(1000),
      { at: 1100, command: { type: 'kill', instance: 'orders#1' } },
      { at: 1200, command: { type: 'restart', instance: 'orders#1' } },
      up(3000),
      get(4000),
    ]);
    expect(restored(trace, 'orders#1')).toEqual([3500]);
    expect(ofType(trace, 'http.response').map((r) => r.status)).toEqual([200]);
  });
});

describe('rmq reconnect tick (reconnectTimeInSeconds)', () => {
  it('servers and client retry every reconnectTimeInSeconds from the disconnection, +100 ms to consume', () => {
    // Down at 1000, ticks every 2 s: 3000, 5000 …; up at 3500 → tick 5000, consuming at 5100.
    const { trace } = one('rmq', { queue: 'q', reconnectTimeInSeconds: 2 }, [down(1000), up(3500)]);
    expect(restored(trace, 'orders#1')).toEqual([5100]);
    expect(restored(trace, 'gateway')).toEqual([5100]);
  });

  it('a broker back before the first tick is found on that first tick', () => {
    const { trace } = one('rmq', { queue: 'q' }, [down(1000), up(1200)]);
    expect(restored(trace, 'orders#1')).toEqual([6100]);
  });

  it('while reconnecting, an rmq server shows `reconnecting`', () => {
    const r = one('rmq', { queue: 'q' }, [down(1000), up(1200)], 6000);
    expect(r.sim.snapshot().instances[0]!.note).toBe('reconnecting');
    r.sim.runUntil(6200);
    expect(r.sim.snapshot().instances[0]!.note).toBeUndefined();
  });
});

describe('addresses and names on the wire', () => {
  it('tcp: the `host` option is where the client connects (and what ECONNREFUSED names)', () => {
    const { trace } = one('tcp', { host: '10.0.0.7', port: 4000 }, [
      { at: 0, command: { type: 'kill', instance: 'orders#1' } },
      get(10),
    ]);
    expect(ofType(trace, 'request.error').map((e) => e.error)).toEqual([
      'Error: connect ECONNREFUSED 10.0.0.7:4000',
    ]);
  });

  it('grpc: `grpcService` and `package` name the method and the :path', () => {
    const { trace } = one('grpc', { grpcService: 'Shop', package: 'acme.v1' }, [get(0)]);
    const req = ofType(trace, 'hop').find((h) => h.kind === 'request')!;
    expect(req.wire!.channel).toBe('Shop.GetOrder');
    expect(req.wire!.headers).toEqual({
      authority: '127.0.0.1:5000',
      ':path': '/acme.v1.Shop/GetOrder',
      'content-type': 'application/grpc',
    });
  });

  it('grpc: the reply is an HTTP/2 response with grpc-status 0 and the message', () => {
    const { trace } = one('grpc', {}, [get(0)]);
    const rep = ofType(trace, 'hop').find((h) => h.kind === 'reply')!;
    expect(rep.wire).toEqual({
      channel: 'HTTP/2 response',
      body: { message: { pattern: 'get_order', handledBy: 'orders#1', data: { id: 1 } } },
      headers: { 'grpc-status': 0 },
    });
  });
});

describe('broker commands', () => {
  it('brokerDown and brokerUp are traced once each; repeating one changes nothing', () => {
    const { trace } = one('rmq', { queue: 'q' }, [down(1000), down(3000), up(3500), up(3600)]);
    expect(
      trace
        .filter((e) => e.type === 'broker.down' || e.type === 'broker.up')
        .map((e) => [e.type, e.t]),
    ).toEqual([
      ['broker.down', 1000],
      ['broker.up', 3500],
    ]);
    // The retry tick still counts from the first disconnection: 1000 + 5000, + 100 ms.
    expect(restored(trace, 'orders#1')).toEqual([6100]);
    expect(ofType(trace, 'server.log').filter((l) => l.level === 'ERROR')).toHaveLength(2);
  });

  it('without a broker (tcp) broker commands do nothing', () => {
    const { sim, trace } = one('tcp', {}, [down(0), get(10), up(20)]);
    expect(trace.filter((e) => e.type.startsWith('broker.'))).toEqual([]);
    expect(sim.snapshot()).not.toHaveProperty('broker');
    expect(ofType(trace, 'http.response').map((r) => r.status)).toEqual([200]);
  });
});
