/**
 * Two scenarios run side by side, headlessly: each gets a fresh engine (the running simulation
 * is not touched), runs to `untilMs` with `metrics.sample` every `sampleMs`, and only the sample
 * series cross back — plain column arrays, a few kB instead of every trace event.
 */
import { createSimulation } from '../engine';
import type { TraceEvent } from '../engine';
import { formatIssue, parseScenarioText } from '../scenario';

/** One run's samples as columns (index i = the i-th sample). */
export interface CompareSeries {
  /** Virtual ms of each sample. */
  t: number[];
  /** HTTP responses per second in the window: status < 400 / ≥ 400. */
  okRps: number[];
  failedRps: number[];
  /** Latency percentiles of the window (ms). */
  p50: number[];
  p95: number[];
  /** Failed / all responses in the window, in %. */
  errorRate: number[];
  /** Instances up per service, sampled (service → column). */
  replicas: Record<string, number[]>;
}

export type CompareRun = { ok: true; series: CompareSeries } | { ok: false; error: string };

export interface CompareResult {
  a: CompareRun;
  b: CompareRun;
  untilMs: number;
  sampleMs: number;
}

/** Longest run `compare` accepts (10 virtual minutes): a bad argument must not hang the worker. */
export const COMPARE_MAX_MS = 600_000;

type Sample = Extract<TraceEvent, { type: 'metrics.sample' }>;

export function runSeries(text: string, untilMs: number, sampleMs: number): CompareRun {
  let parsed: ReturnType<typeof parseScenarioText>;
  try {
    parsed = parseScenarioText(text);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (!parsed.ok) return { ok: false, error: parsed.error.map(formatIssue).join('\n') };
  const s: CompareSeries = {
    t: [],
    okRps: [],
    failedRps: [],
    p50: [],
    p95: [],
    errorRate: [],
    replicas: {},
  };
  const push = (e: Sample) => {
    const perSec = 1000 / Math.max(1, e.windowMs);
    const i = s.t.length;
    s.t.push(e.t);
    s.okRps.push(e.ok * perSec);
    s.failedRps.push(e.failed * perSec);
    s.p50.push(e.latency.p50);
    s.p95.push(e.latency.p95);
    const all = e.ok + e.failed;
    s.errorRate.push(all > 0 ? (100 * e.failed) / all : 0);
    for (const [svc, n] of Object.entries(e.replicas)) {
      const col = (s.replicas[svc] ??= new Array<number>(i).fill(0));
      col.push(n);
    }
    for (const col of Object.values(s.replicas)) while (col.length < i + 1) col.push(0);
  };
  const sim = createSimulation(parsed.value, {
    onTrace: (e) => {
      if (e.type === 'metrics.sample') push(e);
    },
    metricsEveryMs: sampleMs,
  });
  sim.runUntil(untilMs);
  return { ok: true, series: s };
}

/** Runs `textA` and `textB` for the same virtual duration; see the module comment. */
export function compareScenarios(
  textA: string,
  textB: string,
  untilMs: number,
  sampleMs: number,
): CompareResult {
  const until = Math.min(COMPARE_MAX_MS, Math.max(0, Number.isFinite(untilMs) ? untilMs : 0));
  const every = Math.max(10, Number.isFinite(sampleMs) ? sampleMs : 250);
  return {
    a: runSeries(textA, until, every),
    b: runSeries(textB, until, every),
    untilMs: until,
    sampleMs: every,
  };
}
