/**
 * `npm run bench` (seek): how long "show the run at t" takes in the worker's `RunSession`, for a
 * 60-s virtual run of each demo scenario (the files in `simulations/` but the bench and e2e
 * fixtures), plus Orders with a learner's load (both routes at 200 req/s for the whole minute,
 * the sliders' maximum). Each run is played to 60 s the way the app plays it (frame-sized
 * advances), then rewound to seeded random times; a rewind replays the run from t = 0, so the
 * reference beside each figure is that scenario's own straight 60-s run in the same process.
 *
 * Target (issue: "a 60-s virtual run of a demo scenario"): every seek ≤ 200 ms. The Orders-under-load
 * row is a stress case beyond the demo scenarios (≈ 5.6 k events per virtual second): printed with
 * its figures, not counted in the verdict. Flags: `--quick` / `BENCH_QUICK=1` (fewer seeks).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInputText } from '../src/scenario';
import type { RunValue } from '../src/scenario';
import { RunSession } from '../src/run/session';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const SEEKS = QUICK ? 8 : 24;
const RUN_MS = 60_000;
const TARGET_MS = 200;
/** Virtual ms per advance: a 60 Hz frame at 8× (0.05 × 8 × 16.7). */
const FRAME_VMS = 6.68;

const runOf = (text: string): RunValue => {
  const r = parseInputText(text);
  if (!r.ok) throw new Error(r.error.map((i) => i.message).join('; '));
  return r.value;
};

/** Orders plus the learner's sliders at their maximum for the whole minute. */
function ordersUnderLoad(): RunValue {
  const scenario = JSON.parse(readFileSync(join(ROOT, 'simulations/orders.json'), 'utf8'));
  return runOf(
    JSON.stringify({
      version: 1,
      kind: 'run',
      scenario,
      seed: 42,
      commands: [
        { at: 100, load: 'GET /orders/:id', rps: 200, forMs: RUN_MS },
        { at: 100, load: 'POST /orders', rps: 200, forMs: RUN_MS },
      ],
    }),
  );
}

/** A small seeded PRNG (mulberry32) so the seek times are the same every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * q))] ?? NaN;
};

interface Row {
  name: string;
  /** A stress case: printed, not part of the target. */
  stress?: boolean;
  straightMs: number;
  median: number;
  p95: number;
  max: number;
  events: number;
}

function measure(name: string, run: RunValue): Row {
  // The reference: one straight 60-s run, as the CLI plays it.
  let t0 = process.hrtime.bigint();
  new RunSession(run).seek(RUN_MS);
  const straightMs = ms(t0);
  // The app: played frame by frame to 60 s, then rewound to random moments.
  const s = new RunSession(run);
  for (let t = FRAME_VMS; t < RUN_MS; t += FRAME_VMS) s.advance(t, [], false);
  s.advance(RUN_MS);
  const events = s.traceHash().events;
  const rand = prng(7);
  const times: number[] = [];
  for (let i = 0; i < SEEKS; i++) {
    const target = Math.round(rand() * RUN_MS);
    t0 = process.hrtime.bigint();
    s.seek(target);
    times.push(ms(t0));
    // Back to the end now and then: the next rewind starts from the live end again.
    if (i % 4 === 3) s.seek(RUN_MS);
  }
  return {
    name,
    straightMs,
    median: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    max: Math.max(...times),
    events,
  };
}

const demo = readdirSync(join(ROOT, 'simulations'))
  .filter((f) => f.endsWith('.json') && !/^(bench|e2e)-/.test(f))
  .sort();
const rows: Row[] = [];
for (const f of demo)
  rows.push(
    measure(f.replace(/\.json$/, ''), runOf(readFileSync(join(ROOT, 'simulations', f), 'utf8'))),
  );
rows.push({ ...measure('orders + sliders at 200 req/s', ordersUnderLoad()), stress: true });

const fmt = (x: number) => x.toFixed(1).padStart(8);
console.log(
  `seek in a 60-s run (${SEEKS} seeded random rewinds each; reference = the straight 60-s run, same process)`,
);
console.log(
  `${'scenario'.padEnd(32)}${'events'.padStart(10)}${'straight'.padStart(10)}${'median'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}  max/straight`,
);
let ok = true;
for (const r of rows) {
  const pass = r.max <= TARGET_MS;
  if (!r.stress) ok &&= pass;
  console.log(
    `${r.name.padEnd(32)}${String(r.events).padStart(10)}${fmt(r.straightMs)}  ${fmt(r.median)}${fmt(r.p95)}${fmt(r.max)}  ${(r.max / r.straightMs).toFixed(2)}×  ${r.stress ? `stress, beyond the target (${pass ? 'within' : 'over'} ${TARGET_MS} ms)` : `${pass ? 'ok' : 'MISSED'} (≤ ${TARGET_MS} ms)`}`,
  );
}
console.log(
  ok
    ? 'every seek in a demo scenario within the target'
    : 'some seeks in a demo scenario MISSED the target',
);
