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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, { streams }] of Object.entries(BENCH_SCENARIOS)) {
    const file = new URL(`../simulations/${name}.json`, import.meta.url);
    writeFileSync(file, `${JSON.stringify(benchScenario(name, streams), null, 2)}\n`);
    console.log(`wrote simulations/${name}.json (${streams} streams)`);
  }
}
