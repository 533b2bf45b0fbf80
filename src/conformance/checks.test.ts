import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import { compare } from './checks';
import type { Observation } from './observe';
import { expand } from './real';

function model(transport: object, replicas = 2) {
  const r = parseScenario({
    version: 1,
    title: 't',
    transport: { kind: 'redis' },
    nodes: [
      { id: 'client', type: 'client' },
      { id: 'gateway', type: 'gateway', timeoutMs: 1000 },
      { id: 'broker', type: 'broker' },
      {
        id: 'orders',
        type: 'service',
        replicas,
        transport,
        handlers: [{ pattern: 'get_order', kind: 'request', latencyMs: { mean: 10 } }],
      },
    ],
    routes: [{ method: 'GET', path: '/orders/:id', send: 'get_order', to: 'orders' }],
    script: [{ at: 0, http: 'GET /orders/:id', count: 3, everyMs: 100 }],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const obs = (o: Partial<Observation>): Observation => ({
  requests: 3,
  statuses: [200, 200, 200],
  answeredBy: ['orders#1', 'orders#2', 'orders#1'],
  handled: { 'orders#1': { get_order: 2 }, 'orders#2': { get_order: 1 } },
  errors: {},
  medianMs: { '200': 40 },
  ...o,
});

const failed = (checks: ReturnType<typeof compare>) =>
  checks.filter((c) => !c.ok).map((c) => c.what);

describe('conformance checks', () => {
  it('all hold when real and sim agree (RMQ: who answered is compared)', () => {
    const checks = compare(model({ kind: 'rmq', options: { queue: 'q' } }), obs({}), obs({}));
    expect(failed(checks)).toEqual([]);
    expect(checks.some((c) => c.what.startsWith('instance that answered'))).toBe(true);
  });

  it('a status, an error text or a round-robin count that differs fails its check', () => {
    const m = model({ kind: 'rmq', options: { queue: 'q' } });
    expect(failed(compare(m, obs({ statuses: [200, 504, 200] }), obs({})))).toEqual([
      expect.stringContaining('HTTP status'),
    ]);
    expect(failed(compare(m, obs({ errors: { boom: 1 } }), obs({})))).toEqual([
      expect.stringContaining('error texts'),
    ]);
    const swapped = { 'orders#1': { get_order: 1 }, 'orders#2': { get_order: 2 } };
    expect(failed(compare(m, obs({ handled: swapped }), obs({})))).toEqual([
      expect.stringContaining('per instance'),
    ]);
  });

  it('a NATS queue group is compared on its total: any split passes, a lost handling fails', () => {
    const m = model({ kind: 'nats', options: { queue: 'orders' } });
    const other = { 'orders#1': { get_order: 0 }, 'orders#2': { get_order: 3 } };
    expect(failed(compare(m, obs({ handled: other }), obs({})))).toEqual([]);
    const lost = { 'orders#2': { get_order: 2 } };
    expect(failed(compare(m, obs({ handled: lost }), obs({})))).toEqual([
      expect.stringContaining('whole queue group'),
    ]);
  });

  it('who answered is not compared when two instances race (Redis duplicates)', () => {
    const checks = compare(model({ kind: 'redis' }), obs({ answeredBy: [] }), obs({}));
    expect(checks.some((c) => c.what.startsWith('instance that answered'))).toBe(false);
  });

  it('times hold within the larger of 250 ms and 25 %', () => {
    const m = model({ kind: 'redis' }, 1);
    const one = { 'orders#1': { get_order: 3 } };
    const base = { handled: one, answeredBy: ['orders#1', 'orders#1', 'orders#1'] };
    const at = (ms: number) => obs({ ...base, medianMs: { '200': ms } });
    expect(failed(compare(m, at(290), at(40)))).toEqual([]);
    expect(failed(compare(m, at(291), at(40)))).toEqual([expect.stringContaining('response time')]);
    expect(failed(compare(m, at(2450), at(2000)))).toEqual([]);
    expect(failed(compare(m, at(2600), at(2000)))).toEqual([expect.stringContaining('±500 ms')]);
  });
});

describe('script expansion for the real run', () => {
  it('one step per request, numbered per route, in time then file order', () => {
    const steps = model({ kind: 'redis' }).script;
    const all = expand([...steps, { at: 100, command: { type: 'kill', instance: 'orders#1' } }]);
    expect(all.map((s) => [s.at, s.command.type, s.n])).toEqual([
      [0, 'http', 1],
      [100, 'http', 2],
      [100, 'kill', 0],
      [200, 'http', 3],
    ]);
  });
});

describe('error texts', () => {
  it('agree across the port the harness picked and a leading "Error: ", and differ otherwise', () => {
    const m = model({ kind: 'redis' }, 1);
    const obs = (errors: Record<string, number>): Observation => ({
      requests: 0,
      statuses: [],
      answeredBy: [],
      handled: {},
      errors,
      medianMs: {},
    });
    const check = (real: Record<string, number>, sim: Record<string, number>) =>
      compare(m, obs(real), obs(sim)).find((c) => c.what.startsWith('error texts'))!.ok;
    expect(
      check(
        {
          'Error: connect ECONNREFUSED 127.0.0.1:41234': 1,
          'connect ECONNREFUSED 127.0.0.1:41234': 1,
        },
        { 'Error: connect ECONNREFUSED 127.0.0.1:3000': 2 },
      ),
    ).toBe(true);
    expect(
      check({ 'connect ECONNREFUSED 127.0.0.1:41234': 1 }, { 'Error: Connection closed': 1 }),
    ).toBe(false);
    expect(
      check(
        { 'connect ECONNREFUSED 127.0.0.1:41234': 1 },
        { 'Error: connect ECONNREFUSED 127.0.0.1:3000': 2 },
      ),
    ).toBe(false);
  });
});
