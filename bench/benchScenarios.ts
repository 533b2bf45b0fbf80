/**
 * The render-bench scenarios (`simulations/bench-*.json`): six rmq services × 3 instances and
 * `streams` request generators, one request per virtual ms each, for `durationMs` virtual. A
 * request keeps ~6 hops on the wire (HTTP in/out 15 ms, four broker hops of 4 ms) ≈ 46 virtual ms,
 * so the engine has ≈ streams × 46 messages in flight, whatever the playback speed. The page's
 * token buffer (`tokensInFlight()`) trails the engine by the one worker call in flight (≈ 1 virtual
 * ms at 60 fps, more when frames are slow), so it holds ≈ streams × 40 at the target frame rate:
 * the stream counts below are sized for that (measured: 13 streams ≈ 525 tokens at 56 fps).
 *
 * `tsx bench/benchScenarios.ts` rewrites the files; the render bench only reads them.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BENCH_SCENARIOS = {
  'bench-500': { streams: 13, tokens: 500 },
  'bench-1000': { streams: 26, tokens: 1000 },
  'bench-2500': { streams: 62, tokens: 2500 },
} as const;
export type BenchScenario = keyof typeof BENCH_SCENARIOS;

/** Virtual ms of steady load: enough for ~60 s of wall play at 8× (0.4 virtual ms per wall ms). */
export const BENCH_DURATION_MS = 40_000;

export function benchScenario(name: string, streams: number, durationMs = BENCH_DURATION_MS) {
  const services = 6;
  return {
    version: 1,
    title: {
      en: `Bench: ~${BENCH_SCENARIOS[name as BenchScenario]?.tokens ?? '?'} tokens in flight`,
    },
    description: {
      en: `Render-bench fixture (bench/benchScenarios.ts): ${streams} request streams of 1 per virtual ms for ${durationMs / 1000} s virtual.`,
    },
    seed: 11,
    transport: { kind: 'rmq' },
    nodes: [
      { id: 'client', type: 'client' },
      { id: 'gateway', type: 'gateway' },
      { id: 'broker', type: 'broker' },
      ...Array.from({ length: services }, (_, i) => ({
        id: `svc${i}`,
        type: 'service',
        replicas: 3,
        transport: { kind: 'rmq', options: { queue: `svc${i}_queue` } },
        handlers: [{ pattern: `get_${i}`, kind: 'request', latencyMs: { mean: 5, jitter: 2 } }],
      })),
    ],
    routes: Array.from({ length: services }, (_, i) => ({
      method: 'GET',
      path: `/s${i}`,
      send: `get_${i}`,
      to: `svc${i}`,
    })),
    script: Array.from({ length: streams }, (_, k) => ({
      at: 0,
      http: `GET /s${k % services}`,
      count: durationMs,
      everyMs: 1,
    })),
  };
}

/**
 * The high-rate fan-out case of the issue "the main thread only draws": Redis, seven services of
 * four instances, four request routes at 2,500–4,000 req/s virtual each and an event fanned out
 * to four services at 2,000/s (≈ 1,000 tokens in flight). On Redis every instance handles every request, so each request
 * gets four replies and three are dropped at the gateway: many duplicates and drops per frame.
 */
export const FANOUT = { name: 'bench-fanout', tokens: 1000 } as const;

export function fanoutScenario(durationMs = BENCH_DURATION_MS) {
  const services = 7;
  const rates = [2500, 3000, 3500, 4000];
  return {
    version: 1,
    title: { en: 'Bench: high-rate fan-out on Redis (duplicates and drops)' },
    description: {
      en: 'Render-bench fixture (bench/benchScenarios.ts): 4 request routes at 2,500–4,000 req/s and an event to 4 services at 2,000/s, on Redis with 4 instances per service.',
    },
    seed: 13,
    transport: { kind: 'redis' },
    nodes: [
      { id: 'client', type: 'client' },
      { id: 'gateway', type: 'gateway', timeoutMs: 2000 },
      { id: 'broker', type: 'broker' },
      ...Array.from({ length: services }, (_, i) => ({
        id: `svc${i}`,
        type: 'service',
        replicas: 4,
        handlers: [
          { pattern: `get_${i}`, kind: 'request', latencyMs: { mean: 3, jitter: 1 } },
          { pattern: 'order_created', kind: 'event', latencyMs: { mean: 2, jitter: 1 } },
        ],
      })),
    ],
    routes: [
      ...rates.map((_, i) => ({ method: 'GET', path: `/s${i}`, send: `get_${i}`, to: `svc${i}` })),
      {
        method: 'POST',
        path: '/orders',
        emit: 'order_created',
        to: ['svc3', 'svc4', 'svc5', 'svc6'],
      },
    ],
    script: [
      ...rates.map((rps, i) => ({ at: 0, load: `GET /s${i}`, rps, forMs: durationMs })),
      { at: 0, load: 'POST /orders', rps: 2000, forMs: durationMs },
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, { streams }] of Object.entries(BENCH_SCENARIOS)) {
    const file = new URL(`../simulations/${name}.json`, import.meta.url);
    writeFileSync(file, `${JSON.stringify(benchScenario(name, streams), null, 2)}\n`);
    console.log(`wrote simulations/${name}.json (${streams} streams)`);
  }
  const file = new URL(`../simulations/${FANOUT.name}.json`, import.meta.url);
  writeFileSync(file, `${JSON.stringify(fanoutScenario(), null, 2)}\n`);
  console.log(`wrote simulations/${FANOUT.name}.json`);
}
