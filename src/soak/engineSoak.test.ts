/**
 * Engine soak: a busy scenario for 30 virtual minutes in Node, driven exactly as the Worker
 * drives it (`createSimApi().advance(until)` in frame-sized chunks of 16.7 ms × 8 speed × 0.05
 * virtual ms per wall ms… rounded up to whole frames of virtual time, see FRAME_VMS), with no
 * trace retention. The heap after a forced GC must stay flat between minute 5 and minute 30.
 *
 * `SOAK_MINUTES=120 npx vitest run src/soak` runs a longer soak; `bench/soak.bench.ts` prints
 * the same figures in `npm run bench`.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createSimApi } from '../worker/api';
import { MINUTE, soakScenario } from './soakScenario';

// `--expose-gc` without touching the vitest config: allow the flag, then fetch `gc` from a fresh
// context (the documented V8 trick; harmless when the flag is already on).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// `npm test` soaks 10 virtual minutes (CI's time); `npm run soak` the full 30 (the bench's target).
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
/**
 * Virtual ms per advance: a 16.7 ms frame at speed 8 is 6.7 virtual ms (0.05 × 8 × 16.7); the
 * soak uses 16.7 × 8 = 133.6 virtual ms chunks so 30 virtual minutes fit in the time box (the
 * per-call cost is the same code path; chunk size does not change the trace).
 */
const FRAME_VMS = 16.7 * 8;

const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

describe('engine soak', () => {
  it(`a busy rmq scenario for ${MINUTES} virtual minutes, rewound twice, keeps the heap flat after minute 5`, () => {
    const api = createSimApi();
    const loaded = api.load(soakScenario(MINUTES));
    expect(loaded.ok ? [] : loaded.issues.map((i) => i.text)).toEqual([]);

    const heapAt: Record<number, number> = { 0: heapMb() };
    let http = 0;
    const t0 = performance.now();
    let nextMinute = 1;
    const frames = Math.ceil((MINUTES * MINUTE) / FRAME_VMS);
    // Two rewinds on the way: one played on along the recorded run, one that forks it.
    const rewinds = new Map([
      [Math.round(((MINUTES / 2) * MINUTE) / FRAME_VMS), { back: 30_000, act: false }],
      [Math.round((MINUTES * 0.8 * MINUTE) / FRAME_VMS), { back: 30_000, act: true }],
    ]);
    for (let i = 1; i <= frames; i++) {
      const t = Math.min(i * FRAME_VMS, MINUTES * MINUTE);
      const rewind = rewinds.get(i);
      if (rewind) {
        api.seek(t - rewind.back);
        if (rewind.act) api.advance(t - rewind.back, [{ type: 'kill', instance: 'svc2#1' }]);
      }
      const r = api.advance(t);
      if (t >= nextMinute * MINUTE) {
        http = r.state?.counters.httpTotal ?? http;
        if (nextMinute % 5 === 0) heapAt[nextMinute] = heapMb();
        nextMinute++;
      }
    }
    const events = api.traceHash().events; // counted, not kept: nothing retains the trace
    const seconds = (performance.now() - t0) / 1000;
    const end = heapAt[MINUTES]!;
    const start = heapAt[5]!;
    console.log(
      `engine soak: ${MINUTES} virtual min, ${events} events, ${http} HTTP requests in ${seconds.toFixed(1)} s ` +
        `(${Math.round(events / seconds)} events/s); heap after GC by minute: ${Object.entries(
          heapAt,
        )
          .map(([m, mb]) => `${m}′ ${mb.toFixed(1)} MB`)
          .join(', ')}; growth 5′→${MINUTES}′ ${(end - start).toFixed(1)} MB`,
    );
    expect(http).toBeGreaterThan(MINUTES * MINUTE * 0.4); // it really was busy
    expect(end - start).toBeLessThan(4); // latencies are a histogram: nothing grows with the request count;
  }, 900_000);
});
