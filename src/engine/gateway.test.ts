/**
 * The gateway as a learner reads it in the trace (docs/resilience.md): the HTTP hops, the first
 * reply winning and the late ones dropped, client-side errors, timeouts, fallbacks and circuit
 * breakers — with the fault they point at when one is active, and without a `faultId` otherwise —
 * and an `emit()` to services on two transports.
 */
import { describe, expect, it } from 'vitest';
import type { TransportKind } from '../shared';
import { econnrefused, RMQ_CHANNEL_CLOSED } from './nestErrors';
import { buildModel, ofType, run, type RouteInput, type ServiceInput } from './testkit';
import type { ScriptStep, SimModel } from './types';

const GET = 'GET /orders/:id';

const http = (at: number, route: string, count = 1, everyMs = 0): ScriptStep => ({
  at,
  command: { type: 'http', route, count, everyMs },
});
const cmd = (at: number, command: ScriptStep['command']): ScriptStep => ({ at, command });

const orders = (over: Partial<ServiceInput> = {}, latency = 10): ServiceInput => ({
  id: 'orders',
  options: { queue: 'orders_queue' },
  handlers: [
    { pattern: 'get_order', kind: 'request', latency: { mean: latency, jitter: 0 } },
    { pattern: 'order_created', kind: 'event', latency: { mean: latency, jitter: 0 } },
  ],
  ...over,
});

function go(
  transport: TransportKind,
  services: ServiceInput[],
  routes: RouteInput[],
  script: ScriptStep[],
  until = 60_000,
  edit?: (m: SimModel) => void,
) {
  const m = buildModel({ transport, services, routes, script });
  edit?.(m);
  const r = run(m);
  r.sim.runUntil(until);
  return r;
}

const send = (over: Partial<RouteInput> = {}): RouteInput => ({
  path: '/orders/:id',
  send: 'get_order',
  to: 'orders',
  ...over,
});

describe('gateway: HTTP on the wire', () => {
  it('the request hop names the route; the response hop the status, as an answer or an error', () => {
    const r = go(
      'rmq',
      [orders({ handlers: [{ pattern: 'get_order', kind: 'request', failureRate: 1 }] })],
      [send(), send({ path: '/fallback/:id', fallback: { status: 400, body: null } })],
      [http(0, GET), http(0, 'GET /fallback/:id')],
    );
    const hops = ofType(r.trace, 'hop');
    const req = hops.filter((h) => h.kind === 'http');
    expect(req.map((h) => h.wire)).toEqual([
      { channel: 'GET /orders/:id', body: {} },
      { channel: 'GET /fallback/:id', body: {} },
    ]);
    const res = hops.filter((h) => h.from === 'gateway' && h.to === 'client');
    expect(res.map((h) => [h.kind, h.wire])).toEqual([
      ['error', { channel: 'HTTP 500', body: { statusCode: 500 } }],
      ['error', { channel: 'HTTP 400', body: { statusCode: 400 } }],
    ]);
  });

  it('a successful answer travels as an http-response', () => {
    const r = go('rmq', [orders()], [send()], [http(0, GET)]);
    const res = ofType(r.trace, 'hop').find((h) => h.to === 'client')!;
    expect([res.kind, res.wire]).toEqual([
      'http-response',
      { channel: 'HTTP 200', body: { statusCode: 200 } },
    ]);
  });

  it('a single request schedules nothing but its own hop', () => {
    const m = buildModel({ transport: 'rmq', services: [orders()], routes: [send()], script: [] });
    const { sim } = run(m);
    sim.apply({ type: 'http', route: GET, count: 1, everyMs: 0 });
    expect(sim.nextEventTime()).toBeGreaterThan(sim.now);
  });

  it('messageKey templates: {n} is the request number, {n%k} its remainder, k of any length', () => {
    const r = go(
      'kafka',
      [orders()],
      [{ path: '/orders', emit: 'order_created', to: ['orders'] }],
      [http(0, 'POST /orders', 12, 5)],
      60_000,
      (m) => {
        for (const route of m.routes) route.messageKey = 'c{n}-{n%10}';
      },
    );
    const keys = ofType(r.trace, 'hop')
      .filter((h) => h.to === 'broker')
      .map((h) => h.wire!.body.key);
    expect(keys.at(-1)).toBe('c12-2');
    expect(keys[0]).toBe('c1-1');
  });
});

describe('gateway: first reply wins', () => {
  it('redis fan-out: the second instance’s reply is dropped as late, after an answer', () => {
    const r = go('redis', [orders({ replicas: 2 })], [send()], [http(0, GET)]);
    const late = ofType(r.trace, 'message.dropped');
    expect(late.map((d) => [d.reason, d.answered])).toEqual([['late-reply', true]]);
    expect(ofType(r.trace, 'reply.received')).toHaveLength(1);
    expect(r.sim.snapshot().counters.pending).toBe(0);
  });

  it('a reply after the timeout is dropped as late, not answered; nothing stays pending', () => {
    const r = go('rmq', [orders({}, 200)], [send({ timeoutMs: 50 })], [http(0, GET)]);
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([504]);
    const late = ofType(r.trace, 'message.dropped');
    expect(late.map((d) => [d.reason, d.answered])).toEqual([['late-reply', false]]);
    expect(r.sim.snapshot().counters.pending).toBe(0);
    // rxjs' TimeoutError only: no transport error besides it (grpc adds DEADLINE_EXCEEDED).
    expect(ofType(r.trace, 'request.error')).toEqual([]);
    const timeout = ofType(r.trace, 'request.timeout')[0]!;
    expect(timeout).toStrictEqual({
      t: timeout.t,
      type: 'request.timeout',
      msgId: timeout.msgId,
      reqId: 'r1',
    });
  });
});

describe('gateway: client-side errors, with and without a fault', () => {
  it('nobody listening (tcp, no instance): an error, no reply received, no faultId', () => {
    const r = go('tcp', [orders({ replicas: 0 })], [send()], [http(0, GET)]);
    expect(ofType(r.trace, 'reply.received')).toEqual([]);
    const e = ofType(r.trace, 'request.error')[0]!;
    expect(e).toStrictEqual({
      t: e.t,
      type: 'request.error',
      msgId: e.msgId,
      reqId: 'r1',
      error: econnrefused('127.0.0.1', 3000),
    });
  });

  it('after a kill, the error points at the kill’s fault', () => {
    const r = go(
      'tcp',
      [orders()],
      [send()],
      [cmd(0, { type: 'kill', instance: 'orders#1' }), http(10, GET)],
    );
    const fault = ofType(r.trace, 'fault')[0]!.faultId;
    expect(ofType(r.trace, 'request.error').map((e) => e.faultId)).toEqual([fault]);
  });
});

describe('gateway: fallback', () => {
  const failing = orders({ handlers: [{ pattern: 'get_order', kind: 'request', failureRate: 1 }] });
  const route = send({ fallback: { status: 200, body: { cached: true } } });

  it('used without a fault: no faultId, counted once', () => {
    const r = go('rmq', [failing], [route], [http(0, GET)]);
    const f = ofType(r.trace, 'fallback.used')[0]!;
    expect(f).toStrictEqual({ t: f.t, type: 'fallback.used', reqId: 'r1', status: 200 });
    expect(r.sim.snapshot().counters.fallbacks).toBe(1);
    const e = ofType(r.trace, 'request.error')[0]!;
    expect(Object.keys(e)).toEqual(['t', 'type', 'msgId', 'reqId', 'error']);
  });

  it('used while a fault is active: it points at the fault', () => {
    const r = go(
      'rmq',
      [{ ...failing, replicas: 2 }],
      [route],
      [cmd(0, { type: 'kill', instance: 'orders#2' }), http(10, GET)],
    );
    const fault = ofType(r.trace, 'fault')[0]!.faultId;
    expect(ofType(r.trace, 'fallback.used').map((f) => f.faultId)).toEqual([fault]);
  });
});

describe('gateway: circuit breaker', () => {
  const failing = orders({ handlers: [{ pattern: 'get_order', kind: 'request', failureRate: 1 }] });
  const breaker = { failureThreshold: 2, openMs: 5000, halfOpenCalls: 1, status: 503 };

  it('an error below the threshold answers the route’s error status, not the breaker’s', () => {
    const r = go('rmq', [failing], [send({ circuitBreaker: breaker })], [http(0, GET)]);
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([500]);
  });

  it('two routes to one service share its breaker; its events carry no faultId without a fault', () => {
    const r = go(
      'rmq',
      [failing],
      [
        send({ circuitBreaker: breaker }),
        send({ method: 'POST', path: '/orders/:id/check', circuitBreaker: breaker }),
      ],
      [http(0, GET), http(100, 'POST /orders/:id/check'), http(200, GET)],
    );
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([500, 500, 503]);
    const state = ofType(r.trace, 'breaker.state')[0]!;
    expect(state).toStrictEqual({
      t: state.t,
      type: 'breaker.state',
      target: 'orders',
      from: 'closed',
      to: 'open',
    });
    const rejected = ofType(r.trace, 'breaker.rejected')[0]!;
    expect(rejected).toStrictEqual({
      t: rejected.t,
      type: 'breaker.rejected',
      reqId: 'r3',
      target: 'orders',
    });
  });

  it('with a fault active, the breaker’s events point at it', () => {
    const r = go(
      'rmq',
      [{ ...failing, replicas: 2 }],
      [send({ circuitBreaker: breaker })],
      [cmd(0, { type: 'kill', instance: 'orders#2' }), http(10, GET, 3, 100)],
    );
    const fault = ofType(r.trace, 'fault')[0]!.faultId;
    expect(ofType(r.trace, 'breaker.state').map((e) => e.faultId)).toEqual([fault]);
    expect(ofType(r.trace, 'breaker.rejected').map((e) => e.faultId)).toEqual([fault]);
  });
});

describe('gateway: emit() to services on two transports', () => {
  const services: ServiceInput[] = [
    orders(),
    {
      id: 'payments',
      transport: 'tcp',
      handlers: [{ pattern: 'order_created', kind: 'event' }],
    },
  ];
  const routes: RouteInput[] = [
    { path: '/orders', emit: 'order_created', to: ['orders', 'payments'] },
  ];

  it('both published: one 201', () => {
    const r = go('rmq', services, routes, [http(0, 'POST /orders')]);
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([201]);
  });

  it('one fails after the other succeeded: the answer waits for both and is the error', () => {
    const r = go('rmq', services, routes, [
      cmd(0, { type: 'brokerDown' }),
      http(10, 'POST /orders'),
    ]);
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([500]);
    expect(ofType(r.trace, 'request.error').map((e) => e.error)).toEqual([RMQ_CHANNEL_CLOSED]);
  });

  it('both fail: the first error is the one reported', () => {
    const r = go('rmq', services, routes, [
      cmd(0, { type: 'brokerDown' }),
      cmd(0, { type: 'kill', instance: 'payments#1' }),
      http(10, 'POST /orders'),
    ]);
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([500]);
    expect(ofType(r.trace, 'request.error').map((e) => e.error)).toEqual([RMQ_CHANNEL_CLOSED]);
  });
});
