/**
 * Scenario → engine fuzz: ≥ 10,000 generated and mutated scenarios go through `parseScenario`;
 * each is either refused with readable issues (no exception escapes) or accepted, and every
 * accepted one runs in the engine for 2,000 virtual ms — in frame-sized chunks, with a snapshot
 * per chunk as the Worker does, and a few UI commands — without throwing and with bounded work
 * (a trace-event cap, a wall-time check per case).
 *
 * Sources of inputs:
 * - `generated`: scenarios built from the format's grammar (every transport, options, handlers,
 *   routes, script actions), mostly valid, so the engine sees many shapes;
 * - `mutated`: every file in simulations/ and generated scenarios, with 1–6 mutations (wrong
 *   types, huge / negative / non-finite numbers, missing keys, extra keys, deep nesting, long
 *   strings, random script steps).
 *
 * Seeded (`FUZZ_SEED=n` to explore others); fast-check prints the seed and path of a failure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimulation, type Command, type SimModel } from '../engine';
import { parseScenario, type ParseFail, type ParseOk } from '../scenario';

const SEED = Number(process.env.FUZZ_SEED ?? 424242);
const UNTIL = 2_000;
const CHUNK = 50;
/** Trace events per case: past this the run stops (a 100,000-request burst is legal). */
const EVENT_CAP = 20_000;
/** Wall ms one case may take (parse + run): far above the ~1 ms typical, far below a hang. */
const CASE_BUDGET_MS = 3_000;

const SIM_DIR = join(__dirname, '../../simulations');
const seedFiles: { name: string; value: unknown }[] = readdirSync(SIM_DIR)
  .filter((f) => f.endsWith('.json') && f !== 'index.json')
  .map((f) => ({ name: f, value: JSON.parse(readFileSync(join(SIM_DIR, f), 'utf8')) as unknown }));

// ───────────────────────────── what every outcome must satisfy ─────────────────────────────

class CapReached extends Error {}
const reasons = new Map<string, number>();
const stats = { cases: 0, accepted: 0, refused: 0, capped: 0, events: 0, slowestMs: 0 };

function checkRefusal(r: ParseFail): void {
  expect(r.error.length).toBeGreaterThan(0);
  for (const issue of r.error) {
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
    expect(issue.path.length + issue.message.length).toBeGreaterThan(0);
    expect(issue.message.trim()).not.toBe('');
  }
}

/** Runs an accepted model in frame-sized chunks with bounded work; returns a trace hash. */
function runBounded(model: SimModel, commands: Command[] = []): { events: number; hash: number } {
  let events = 0;
  let hash = 0x811c9dc5;
  const sim = createSimulation(model, {
    onTrace: (e) => {
      if (++events > EVENT_CAP) throw new CapReached();
      // A cheap order-sensitive fold (time, type): enough to tell two traces apart.
      hash = Math.imul(hash ^ Math.round(e.t * 1000), 0x01000193) >>> 0;
      for (let i = 0; i < e.type.length; i++)
        hash = Math.imul(hash ^ e.type.charCodeAt(i), 0x01000193) >>> 0;
    },
  });
  try {
    for (let t = CHUNK, i = 0; t <= UNTIL; t += CHUNK, i++) {
      sim.runUntil(t);
      // The UI's commands ride an advance, at the engine's current time.
      if (i === 10) for (const c of commands) sim.apply(c);
      const snap = sim.snapshot({ inFlight: i % 8 === 0 });
      expect(snap.now).toBeLessThanOrEqual(t);
      for (const h of snap.inFlight) {
        expect(h.progress).toBeGreaterThanOrEqual(0);
        expect(h.progress).toBeLessThanOrEqual(1);
      }
      expect(snap.counters.httpTotal).toBeGreaterThanOrEqual(0);
    }
    expect(sim.now).toBeLessThanOrEqual(UNTIL);
  } catch (e) {
    if (!(e instanceof CapReached)) throw e;
    stats.capped++;
  }
  stats.events += Math.min(events, EVENT_CAP);
  return { events, hash };
}

/** UI-like commands against a model: fire a route, kill / restart instances (some not there). */
function commandsFor(model: SimModel, pick: number): Command[] {
  const cmds: Command[] = [];
  const route = model.routes[pick % Math.max(1, model.routes.length)];
  if (route) cmds.push({ type: 'http', route: route.key, count: 1 + (pick % 5), everyMs: 0 });
  const svc = model.services[pick % Math.max(1, model.services.length)];
  if (svc) {
    const inst = `${svc.id}#${1 + (pick % 4)}`;
    cmds.push({ type: 'kill', instance: inst }, { type: 'restart', instance: inst });
  }
  return cmds;
}

function check(input: unknown, pick = 0): ParseOk | ParseFail {
  const started = performance.now();
  let r: ParseOk | ParseFail;
  try {
    r = parseScenario(input);
  } catch (e) {
    throw new Error(`parseScenario threw: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  stats.cases++;
  if (r.ok) {
    stats.accepted++;
    runBounded(r.value, commandsFor(r.value, pick));
  } else {
    stats.refused++;
    checkRefusal(r);
    if (process.env.FUZZ_VERBOSE) {
      const key = `${r.error[0]!.path.replace(/\d+/g, 'N')}: ${r.error[0]!.message.slice(0, 60)}`;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
  }
  const ms = performance.now() - started;
  stats.slowestMs = Math.max(stats.slowestMs, ms);
  expect(ms).toBeLessThan(CASE_BUDGET_MS);
  return r;
}

// ───────────────────────────── generated scenarios ─────────────────────────────

const TRANSPORTS = ['redis', 'nats', 'rmq', 'mqtt', 'kafka', 'tcp', 'grpc'] as const;
const PATTERNS = ['p0', 'p1', 'p2', 'p3'];

const optionsArb = fc.record(
  {
    queue: fc.constantFrom('q0', 'q1'),
    noAck: fc.boolean(),
    prefetchCount: fc.integer({ min: 0, max: 5 }),
    persistent: fc.boolean(),
    qos: fc.constantFrom(0, 1, 2),
    partitions: fc.integer({ min: 1, max: 6 }),
    retryAttempts: fc.integer({ min: 0, max: 3 }),
    retryDelay: fc.integer({ min: 0, max: 800 }),
    port: fc.integer({ min: 1000, max: 9000 }),
    loadBalancer: fc.boolean(),
    clean: fc.boolean(),
    groupId: fc.constantFrom('g0', 'g1'),
    subscribeToResponseOf: fc.oneof(fc.boolean(), fc.subarray(PATTERNS)),
    reconnectTimeInSeconds: fc.double({ min: 0, max: 2, noNaN: true }),
  },
  { requiredKeys: [] },
);

const handlerArb = fc.record(
  {
    pattern: fc.constantFrom(...PATTERNS),
    kind: fc.constantFrom('request', 'event'),
    latencyMs: fc.oneof(
      fc.integer({ min: 0, max: 300 }),
      fc.record({
        mean: fc.integer({ min: 0, max: 300 }),
        jitter: fc.integer({ min: 0, max: 50 }),
      }),
    ),
    failureRate: fc.double({ min: 0, max: 1, noNaN: true }),
    failure: fc.record({
      type: fc.constantFrom('rpc', 'error'),
      message: fc.string({ minLength: 1, maxLength: 20 }),
    }),
    ack: fc.boolean(),
  },
  { requiredKeys: ['pattern', 'kind'] },
);

const serviceArb = fc.record(
  {
    replicas: fc.integer({ min: 0, max: 5 }),
    transport: fc.record(
      { kind: fc.constantFrom(...TRANSPORTS), options: optionsArb },
      { requiredKeys: [] },
    ),
    handlers: fc.array(handlerArb, { maxLength: 4 }),
    startupMs: fc.integer({ min: 0, max: 1500 }),
  },
  { requiredKeys: ['handlers'] },
);

export const generated: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    seed: fc.nat(),
    transport: fc.constantFrom(...TRANSPORTS),
    options: optionsArb,
    broker: fc.boolean(),
    gatewayTimeout: fc.option(fc.integer({ min: 1, max: 1500 }), { nil: undefined }),
    services: fc.array(serviceArb, { minLength: 1, maxLength: 4 }),
    routes: fc.array(
      fc.record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        emit: fc.boolean(),
        pattern: fc.constantFrom(...PATTERNS),
        to: fc.array(fc.nat(5), { minLength: 1, maxLength: 3 }),
        timeoutMs: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
        messageKey: fc.option(fc.constantFrom('k', 'c-{n}', 'c-{n%3}'), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    script: fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 2500 }),
        action: fc.constantFrom(
          'http',
          'http',
          'http',
          'kill',
          'restart',
          'scale',
          'brokerDown',
          'brokerUp',
        ),
        n: fc.nat(20),
        count: fc.integer({ min: 1, max: 300 }),
        everyMs: fc.integer({ min: 0, max: 60 }),
      }),
      { maxLength: 8 },
    ),
  })
  .map((g) => {
    const ids = g.services.map((_, i) => `svc${i}`);
    const routes = g.routes.map((r, i) => {
      const to = r.emit
        ? [...new Set(r.to.map((n) => ids[n % ids.length]!))]
        : ids[r.to[0]! % ids.length]!;
      return {
        method: r.method,
        path: `/r${i}`,
        [r.emit ? 'emit' : 'send']: r.pattern,
        to,
        ...(r.timeoutMs !== undefined && !r.emit ? { timeoutMs: r.timeoutMs } : {}),
        ...(r.messageKey !== undefined ? { messageKey: r.messageKey } : {}),
      };
    });
    const script = g.script
      .map((s) => {
        const route = routes[s.n % routes.length]!;
        const svc = ids[s.n % ids.length]!;
        switch (s.action) {
          case 'http':
            return {
              at: s.at,
              http: `${route.method} ${route.path}`,
              count: s.count,
              everyMs: s.everyMs,
            };
          case 'kill':
          case 'restart':
            return { at: s.at, [s.action]: `${svc}#${1 + (s.n % 4)}` };
          case 'scale':
            return { at: s.at, scale: svc, replicas: s.n % 6 };
          default:
            return { at: s.at, [s.action]: true };
        }
      })
      .sort((a, b) => a.at - b.at);
    return {
      version: 1,
      title: { en: 'Fuzz' },
      seed: g.seed,
      transport: { kind: g.transport, options: g.options },
      nodes: [
        { id: 'client', type: 'client' },
        {
          id: 'gateway',
          type: 'gateway',
          ...(g.gatewayTimeout ? { timeoutMs: g.gatewayTimeout } : {}),
        },
        ...(g.broker ? [{ id: 'broker', type: 'broker' }] : []),
        ...g.services.map((s, i) => ({ id: ids[i], type: 'service', ...s })),
      ],
      routes,
      script,
    };
  });

// ───────────────────────────── mutations ─────────────────────────────

type Json = unknown;

/** A placeholder for `levels` nested arrays / objects, built by `expand` when a mutation applies. */
class Deep {
  constructor(
    readonly levels: number,
    readonly arrays: boolean,
  ) {}
  toString(): string {
    return `Deep(${this.levels}, ${this.arrays ? 'arrays' : 'objects'})`;
  }
}
function expand(v: Json): Json {
  if (!(v instanceof Deep)) return v;
  let out: Json = 1;
  for (let i = 0; i < v.levels; i++) out = v.arrays ? [out] : { a: out };
  return out;
}

/** Values that break assumptions: wrong types, extremes, non-finite, huge, deep. */
const weird: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    -0,
    0.5,
    1.5,
    51,
    65536,
    2 ** 31,
    2 ** 53,
    1e21,
    1e308,
    -1e308,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    NaN,
    Infinity,
    -Infinity,
    '',
    ' ',
    'rmq',
    'kafka',
    'tcp',
    'svc0#1',
    'orders#1',
    'GET /s0',
    'GET /orders/:id',
    '__proto__',
    'constructor',
    null,
    true,
    false,
    [],
    {},
    [null],
    { en: '' },
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom('x'.repeat(2_001), 'x'.repeat(100_000), '\u0000\uD800'.repeat(100)),
  // Deep nesting, expanded only when applied (fast-check's failure report would overflow on it).
  fc
    .record({ deepLevels: fc.constantFrom(200, 3_000, 20_000), arrays: fc.boolean() })
    .map((d) => new Deep(d.deepLevels, d.arrays)),
  // A random script step, valid-looking or not.
  fc.record(
    {
      at: fc.oneof(fc.integer({ min: -10, max: 3_600_001 }), fc.double()),
      http: fc.constantFrom('GET /s0', 'GET /orders/:id', 'POST /orders', 'nope'),
      count: fc.oneof(fc.integer({ min: -1, max: 100_001 }), fc.constant(100_000)),
      everyMs: fc.integer({ min: -1, max: 100 }),
      kill: fc.constantFrom('orders#1', 'svc0#1', 'svc0#99', 'svc0'),
      restart: fc.constantFrom('orders#1', 'svc0#2'),
      scale: fc.constantFrom('orders', 'svc0', 'client'),
      replicas: fc.integer({ min: -1, max: 51 }),
      brokerDown: fc.constantFrom(true, false, 1),
      brokerUp: fc.constantFrom(true, 'yes'),
    },
    { requiredKeys: [] },
  ),
);

interface Mutation {
  /** Key indices per level; a string picks that key (biases mutations into nodes, routes, script). */
  path: (number | string)[];
  op: 'set' | 'delete' | 'add' | 'push' | 'wrap';
  value: Json;
  key: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc
    .tuple(
      fc.oneof(fc.nat(40), fc.constantFrom('nodes', 'routes', 'script', 'transport')),
      fc.array(fc.nat(40), { maxLength: 5 }),
    )
    .map(([head, rest]) => [head, ...rest]),
  op: fc.constantFrom('set', 'set', 'delete', 'add', 'push', 'wrap'),
  value: weird,
  key: fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      'replica',
      'send',
      'emit',
      'count',
      'kill',
      'at',
      'options',
      '__proto__',
      'constructor',
      'toString',
    ),
  ),
});

const shallow = (v: Json): Json =>
  Array.isArray(v) ? [...(v as Json[])] : v !== null && typeof v === 'object' ? { ...v } : v;

/**
 * Applies a mutation at a path chosen by indices into the keys of each level. Copies only the
 * objects along the path (inputs are shared, and may hold 20,000-deep values no clone survives).
 */
function mutate(root: Json, mut: Mutation): Json {
  const m = { ...mut, value: expand(mut.value) };
  const copy = shallow(root);
  if (copy === null || typeof copy !== 'object') return m.op === 'set' ? m.value : copy;
  let node = copy as Record<string, Json>;
  for (const [depth, idx] of m.path.entries()) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key =
      typeof idx === 'string' && idx in node ? idx : (keys[Number(idx) % keys.length] ?? keys[0]!);
    const child = shallow(node[key]);
    node[key] = child;
    const last = depth === m.path.length - 1;
    if (last || child === null || typeof child !== 'object') {
      switch (m.op) {
        case 'delete':
          if (Array.isArray(node)) node.splice(Number(key), 1);
          else delete node[key];
          break;
        case 'add':
          // An own property, as JSON.parse makes it (even `__proto__`).
          if (!Array.isArray(node))
            Object.defineProperty(node, m.key, {
              value: m.value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          break;
        case 'push':
          if (Array.isArray(child)) child.push(m.value);
          else if (Array.isArray(node)) node.push(m.value);
          else node[key] = m.value;
          break;
        case 'wrap':
          node[key] = Array.isArray(child) ? { items: child } : [child];
          break;
        default:
          node[key] = m.value;
      }
      return copy;
    }
    node = child as Record<string, Json>;
  }
  return copy;
}

// ───────────────────────────── properties ─────────────────────────────

const protoKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();

describe('scenario → engine fuzz', () => {
  afterAll(() => {
    console.log(
      `scenario fuzz (seed ${SEED}): ${stats.cases} cases, ${stats.accepted} accepted and run ` +
        `(${stats.capped} hit the ${EVENT_CAP}-event cap, ${stats.events} events), ${stats.refused} refused; ` +
        `slowest case ${stats.slowestMs.toFixed(0)} ms`,
    );
    if (process.env.FUZZ_VERBOSE)
      console.log(
        [...reasons]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 15)
          .map(([k, n]) => `${n} × ${k}`)
          .join('\n'),
      );
    // Mutations add `__proto__` / `constructor` keys: nothing may have leaked into Object.prototype.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeysBefore);
    expect(stats.cases).toBeGreaterThanOrEqual(10_000);
  });

  it('generated scenarios: accepted ones run 2,000 virtual ms without throwing (3,500 runs)', () => {
    fc.assert(
      fc.property(generated, fc.nat(), (input, pick) => {
        check(input, pick);
      }),
      { numRuns: 3_500, seed: SEED },
    );
  }, 60_000);

  it('every file in simulations/ with 1–6 mutations: refused readably or run (4,500 runs)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seedFiles),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (file, ms, pick) => {
          check(ms.reduce<Json>(mutate, file.value), pick);
        },
      ),
      { numRuns: 4_500, seed: SEED + 1 },
    );
  }, 60_000);

  it('generated scenarios with 1–4 mutations: refused readably or run (2,000 runs)', () => {
    fc.assert(
      fc.property(
        generated,
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        (input, ms, pick) => {
          check(ms.reduce<Json>(mutate, input), pick);
        },
      ),
      { numRuns: 2_000, seed: SEED + 2 },
    );
  }, 60_000);

  it('an accepted scenario gives the same trace in frame-sized chunks and in one run (500 runs)', () => {
    fc.assert(
      fc.property(generated, (input) => {
        const r = parseScenario(input);
        if (!r.ok) return;
        const chunked = runBounded(r.value);
        let events = 0;
        let hash = 0x811c9dc5;
        const sim = createSimulation(r.value, {
          onTrace: (e) => {
            if (++events > EVENT_CAP) throw new CapReached();
            hash = Math.imul(hash ^ Math.round(e.t * 1000), 0x01000193) >>> 0;
            for (let i = 0; i < e.type.length; i++)
              hash = Math.imul(hash ^ e.type.charCodeAt(i), 0x01000193) >>> 0;
          },
        });
        try {
          sim.runUntil(UNTIL);
        } catch (e) {
          if (!(e instanceof CapReached)) throw e;
        }
        expect({ events, hash }).toEqual(chunked);
      }),
      { numRuns: 500, seed: SEED + 3 },
    );
  }, 60_000);
});
