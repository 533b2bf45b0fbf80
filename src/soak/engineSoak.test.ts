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

// `--expose-gc` without touching the vitest config: allow the flag, then fetch `gc` from a fresh
// context (the documented V8 trick; harmless when the flag is already on).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MINUTE = 60_000;
const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
/**
 * Virtual ms per advance: a 16.7 ms frame at speed 8 is 6.7 virtual ms (0.05 × 8 × 16.7); the
 * soak uses 16.7 × 8 = 133.6 virtual ms chunks so 30 virtual minutes fit in the time box (the
 * per-call cost is the same code path; chunk size does not change the trace).
 */
const FRAME_VMS = 16.7 * 8;

/**
 * A busy rmq set-up for `minutes` virtual minutes: 6 services × 3 instances, ~500 requests per
 * virtual second (send and emit), a failing handler, a gateway timeout, and once a minute an
 * instance killed and restarted, plus one broker outage at minute 3: every lifecycle path allocates.
 */
export function soakScenario(minutes: number) {
  const services = 6;
  const duration = minutes * MINUTE;
  const everyMs = 20;
  const count = Math.min(100_000, Math.ceil(duration / everyMs));
  // One http step lasts at most count × everyMs; chain steps to cover the whole duration.
  const stepSpan = count * everyMs;
  const script: Record<string, unknown>[] = [];
  for (let at = 0; at < duration; at += stepSpan)
    for (let s = 0; s < services; s++) {
      script.push({ at: at + s * 3, http: `GET /s${s}`, count, everyMs });
      script.push({ at: at + s * 3 + 1, http: `POST /e${s}`, count, everyMs });
      script.push({ at: at + s * 3 + 2, http: `GET /s${s}`, count, everyMs });
    }
  for (let m = 0; m < minutes && script.length < 990; m++) {
    const victim = `svc${m % services}#${1 + (m % 3)}`;
    script.push({ at: m * MINUTE + 10_000, kill: victim });
    script.push({ at: m * MINUTE + 25_000, restart: victim });
  }
  if (minutes > 3) {
    script.push({ at: 3 * MINUTE, brokerDown: true });
    script.push({ at: 3 * MINUTE + 8_000, brokerUp: true });
  }
  script.sort((a, b) => (a.at as number) - (b.at as number));
  return {
    version: 1,
    title: 'Soak',
    seed: 5,
    transport: { kind: 'rmq', options: { noAck: false, prefetchCount: 20 } },
    nodes: [
      { id: 'client', type: 'client' },
      { id: 'gateway', type: 'gateway', timeoutMs: 400 },
      { id: 'broker', type: 'broker' },
      ...Array.from({ length: services }, (_, i) => ({
        id: `svc${i}`,
        type: 'service',
        replicas: 3,
        transport: { options: { queue: `svc${i}_queue` } },
        handlers: [
          {
            pattern: `get_${i}`,
            kind: 'request',
            latencyMs: { mean: 5, jitter: 2 },
            failureRate: i === 0 ? 0.05 : 0,
            ack: true,
          },
          { pattern: `evt_${i}`, kind: 'event', latencyMs: 2, ack: true },
        ],
      })),
    ],
    routes: Array.from({ length: services }, (_, i) => [
      { method: 'GET', path: `/s${i}`, send: `get_${i}`, to: `svc${i}` },
      {
        method: 'POST',
        path: `/e${i}`,
        emit: `evt_${i}`,
        to: [`svc${i}`, `svc${(i + 1) % services}`],
      },
    ]).flat(),
    script,
  };
}

const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

describe('engine soak', () => {
  it(`a busy rmq scenario for ${MINUTES} virtual minutes keeps the heap flat after minute 5`, () => {
    const api = createSimApi();
    const loaded = api.load(soakScenario(MINUTES));
    expect(loaded.ok ? [] : loaded.issues.map((i) => i.text)).toEqual([]);

    const heapAt: Record<number, number> = { 0: heapMb() };
    let events = 0;
    let http = 0;
    const t0 = performance.now();
    let nextMinute = 1;
    const frames = Math.ceil((MINUTES * MINUTE) / FRAME_VMS);
    for (let i = 1; i <= frames; i++) {
      const t = Math.min(i * FRAME_VMS, MINUTES * MINUTE);
      const r = api.advance(t);
      events += r.events.length; // counted, not kept: nothing retains the trace
      if (t >= nextMinute * MINUTE) {
        http = r.state?.counters.httpTotal ?? http;
        if (nextMinute % 5 === 0) heapAt[nextMinute] = heapMb();
        nextMinute++;
      }
    }
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
  }, 180_000);
});
