/**
 * `npm run bench`: engine throughput and memory on the stress scenario, per transport and at
 * 1×, 10× and 100× the load. Prints a table, compares with bench/results.json (the committed
 * baseline) as ratios, and rewrites it with `--save`.
 *
 * Figures are trace events per wall second (every event the engine emits: hops, deliveries,
 * handler completions, HTTP responses …).
 *
 * Flags (also as env, so `BENCH_SAVE=1 npm run bench` reaches both benches): `--save` /
 * `BENCH_SAVE=1`, `--quick` / `BENCH_QUICK=1` (rmq only: 1×, 10×, 100×).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createSimulation } from '../src/engine';
import type { TransportKind } from '../src/shared';
import { stressModel } from './stressModel';

const RESULTS = new URL('./results.json', import.meta.url);
const TRANSPORTS: TransportKind[] = ['rmq', 'redis', 'nats', 'mqtt', 'kafka', 'tcp', 'grpc'];

interface Row {
  case: string;
  events: number;
  seconds: number;
  eventsPerSec: number;
}

function measure(name: string, transport: TransportKind, rps: number, durationMs: number): Row {
  let events = 0;
  const sim = createSimulation(stressModel(transport, rps, durationMs), {
    onTrace: () => void events++,
  });
  const t0 = process.hrtime.bigint();
  // Advance in display-sized steps (as the Worker does), not in one call.
  for (let t = 0; t < durationMs; t += 1000) sim.runUntil(t);
  sim.runUntil(durationMs + 10_000);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { case: name, events, seconds, eventsPerSec: Math.round(events / seconds) };
}

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const SAVE = process.argv.includes('--save') || process.env.BENCH_SAVE === '1';

const rows: Row[] = [];
for (const t of QUICK ? (['rmq'] as TransportKind[]) : TRANSPORTS)
  rows.push(measure(`${t} 1× (2,000 req/s, 60 s)`, t, 2000, 60_000));
rows.push(measure('rmq 10× (20,000 req/s, 60 s)', 'rmq', 20_000, 60_000));
rows.push(measure('rmq 100× (200,000 req/s, 6 s)', 'rmq', 200_000, 6_000));
// maxRSS (KiB on Linux) is the high-water mark of the whole run, not the RSS at the end.
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);

const baseline: Record<string, number> = existsSync(RESULTS)
  ? ((JSON.parse(readFileSync(RESULTS, 'utf8')) as { engine?: Record<string, number> }).engine ??
    {})
  : {};
console.log(
  'case'.padEnd(34),
  'events'.padStart(11),
  'seconds'.padStart(8),
  'events/s'.padStart(11),
  'vs baseline',
);
for (const r of rows) {
  const base = baseline[r.case];
  const ratio = base ? `${(r.eventsPerSec / base).toFixed(2)}×` : '—';
  console.log(
    r.case.padEnd(34),
    String(r.events).padStart(11),
    r.seconds.toFixed(2).padStart(8),
    String(r.eventsPerSec).padStart(11),
    ratio,
  );
}
const linear = rows.filter((r) => r.case.startsWith('rmq'));
console.log(
  `linearity (events/s at 1×, 10×, 100×): ${linear.map((r) => r.eventsPerSec).join(' / ')}`,
);
console.log(`peak RSS: ${peakRssMb} MB`);

if (SAVE) {
  const all = existsSync(RESULTS)
    ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>)
    : {};
  all.engine = Object.fromEntries(rows.map((r) => [r.case, r.eventsPerSec]));
  all.engineRssMb = peakRssMb;
  writeFileSync(RESULTS, `${JSON.stringify(all, null, 2)}\n`);
  console.log('baseline written to bench/results.json');
}
