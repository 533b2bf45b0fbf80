/**
 * Instances' lives as the trace shows them (docs/resilience.md, "Faults"): scaling out and in,
 * kills and restarts while starting, pause and resume, a whole service killed and restarted —
 * and what each does (or must not do) to the transport behind it.
 */
import { describe, expect, it } from 'vitest';
import type { TransportKind } from '../shared';
import { buildModel, ofType, run, type ServiceInput } from './testkit';
import type { ScriptStep, TraceEvent } from './types';

const GET = 'GET /orders/:id';

const http = (at: number, count = 1, everyMs = 0): ScriptStep => ({
  at,
  command: { type: 'http', route: GET, count, everyMs },
});
const cmd = (at: number, command: ScriptStep['command']): ScriptStep => ({ at, command });

function go(
  script: ScriptStep[],
  over: Partial<ServiceInput> = {},
  transport: TransportKind = 'rmq',
  until = 60_000,
) {
  const m = buildModel({
    transport,
    services: [
      {
        id: 'orders',
        options: { queue: 'orders_queue' },
        handlers: [{ pattern: 'get_order', kind: 'request', latency: { mean: 100, jitter: 0 } }],
        ...over,
      },
    ],
    routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
    script,
  });
  const r = run(m);
  r.sim.runUntil(until);
  return r;
}

const lives = (trace: TraceEvent[]) =>
  trace
    .filter(
      (e) =>
        e.type === 'instance.starting' || e.type === 'instance.up' || e.type === 'instance.down',
    )
    .map((e) => `${(e as { instance: string }).instance} ${e.type.slice(9)}@${e.t}`);

describe('scaling', () => {
  it('scaling 1 → 2 starts exactly one instance and traces the change', () => {
    const r = go([cmd(1000, { type: 'scale', service: 'orders', replicas: 2 })]);
    expect(lives(r.trace)).toEqual(['orders#2 starting@1000', 'orders#2 up@1500']);
    expect(ofType(r.trace, 'service.scaled')).toEqual([
      { t: 1000, type: 'service.scaled', service: 'orders', from: 1, to: 2 },
    ]);
  });

  it('scaling in removes a killed instance without stopping it again', () => {
    const r = go(
      [
        cmd(1000, { type: 'kill', instance: 'orders#2' }),
        cmd(2000, { type: 'scale', service: 'orders', replicas: 1 }),
      ],
      { replicas: 2 },
    );
    expect(lives(r.trace)).toEqual(['orders#2 down@1000']);
  });

  it('kafka: an instance scaled away while still starting never joined the group: no rebalance', () => {
    const r = go(
      [
        cmd(1000, { type: 'scale', service: 'orders', replicas: 2 }),
        cmd(1200, { type: 'scale', service: 'orders', replicas: 1 }),
      ],
      {},
      'kafka',
    );
    expect(ofType(r.trace, 'group.rebalance')).toEqual([]);
  });
});

describe('kill and restart', () => {
  it('killed while starting and restarted: up one start-up time after the second restart', () => {
    const r = go([
      cmd(1000, { type: 'kill', instance: 'orders#1' }),
      cmd(2000, { type: 'restart', instance: 'orders#1' }),
      cmd(2100, { type: 'kill', instance: 'orders#1' }),
      cmd(2200, { type: 'restart', instance: 'orders#1' }),
    ]);
    expect(lives(r.trace)).toEqual([
      'orders#1 down@1000',
      'orders#1 starting@2000',
      'orders#1 down@2100',
      'orders#1 starting@2200',
      'orders#1 up@2700',
    ]);
  });

  it('killService stops the live instances once; restartService starts only the down ones', () => {
    const r = go(
      [
        cmd(1000, { type: 'kill', instance: 'orders#2' }),
        cmd(2000, { type: 'killService', service: 'orders' }),
        cmd(3000, { type: 'restart', instance: 'orders#1' }),
        cmd(4000, { type: 'restartService', service: 'orders' }),
      ],
      { replicas: 2 },
    );
    expect(lives(r.trace)).toEqual([
      'orders#2 down@1000',
      'orders#1 down@2000',
      'orders#1 starting@3000',
      'orders#1 up@3500',
      'orders#2 starting@4000',
      'orders#2 up@4500',
    ]);
  });

  it('kafka: killService crashes the members (noticed at the session timeout), it does not leave the group', () => {
    const r = go([cmd(1000, { type: 'killService', service: 'orders' })], { replicas: 2 }, 'kafka');
    expect(ofType(r.trace, 'group.rebalance').map((e) => [e.phase, e.t])).toEqual([
      ['start', 31_000],
      ['done', 31_300],
    ]);
  });
});

describe('pause and resume', () => {
  const pauses = (r: ReturnType<typeof go>) =>
    (r.sim.snapshot().faults ?? []).filter((f) => f.kind === 'pause').map((f) => f.target);

  it('pausing twice raises one fault; resuming clears it', () => {
    const r = go(
      [
        cmd(1000, { type: 'pause', instance: 'orders#1' }),
        cmd(1100, { type: 'pause', instance: 'orders#1' }),
      ],
      {},
      'rmq',
      1500,
    );
    expect(ofType(r.trace, 'fault').filter((f) => f.kind === 'pause')).toHaveLength(1);
    expect(pauses(r)).toEqual(['orders#1']);
    r.sim.apply({ type: 'resume', instance: 'orders#1' });
    r.sim.runUntil(2000);
    expect(pauses(r)).toEqual([]);
  });

  it('a down instance cannot be paused', () => {
    const r = go([
      cmd(1000, { type: 'kill', instance: 'orders#1' }),
      cmd(1100, { type: 'pause', instance: 'orders#1' }),
    ]);
    expect(ofType(r.trace, 'fault').map((f) => f.kind)).toEqual(['kill']);
  });

  it('pause and resume twice: each resume completes what was held, nothing else', () => {
    const r = go([
      cmd(0, { type: 'pause', instance: 'orders#1' }),
      http(10),
      cmd(1000, { type: 'resume', instance: 'orders#1' }),
      cmd(2000, { type: 'pause', instance: 'orders#1' }),
      http(2010),
      cmd(3000, { type: 'resume', instance: 'orders#1' }),
    ]);
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([200, 200]);
  });

  it('an instance killed while paused with held work, restarted, paused and resumed again', () => {
    const r = go([
      http(0),
      cmd(50, { type: 'pause', instance: 'orders#1' }),
      cmd(500, { type: 'kill', instance: 'orders#1' }),
      cmd(600, { type: 'restart', instance: 'orders#1' }),
      cmd(2000, { type: 'pause', instance: 'orders#1' }),
      cmd(2100, { type: 'resume', instance: 'orders#1' }),
      http(2200),
    ]);
    expect(ofType(r.trace, 'handler.done')).toHaveLength(1);
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([200]);
  });
});

describe('rmq: a noAck consumer gets a message requeued by an acking consumer of the same queue', () => {
  function shared(billingHandlers: ServiceInput['handlers']) {
    const m = buildModel({
      transport: 'rmq',
      services: [
        {
          id: 'orders',
          options: { queue: 'orders_queue', noAck: false },
          handlers: [
            {
              pattern: 'get_order',
              kind: 'request',
              ack: true,
              latency: { mean: 1000, jitter: 0 },
            },
          ],
        },
        {
          id: 'billing',
          options: { queue: 'orders_queue', noAck: true },
          handlers: billingHandlers,
        },
      ],
      routes: [{ path: '/orders/:id', send: 'get_order', to: 'orders' }],
      script: [http(10), cmd(500, { type: 'kill', instance: 'orders#1' })],
    });
    const r = run(m);
    r.sim.runUntil(10_000);
    return r;
  }

  it('a request it handles is answered by it', () => {
    const r = shared([{ pattern: 'get_order', kind: 'request' }]);
    expect(ofType(r.trace, 'reply.received').map((e) => e.instance)).toEqual(['billing#1']);
  });

  it('a request it has no handler for gets NestJS’s no-handler error', () => {
    const r = shared([{ pattern: 'other', kind: 'request' }]);
    expect(ofType(r.trace, 'http.response').map((e) => e.status)).toEqual([500]);
  });
});
