/**
 * Headless runner: `npm run --silent simulate -- <scenario-or-run.json> [--until <ms>] [--seed <n>]
 * [--format ndjson|summary] [--metrics <ms>]`. `--metrics` adds a `metrics.sample` event every <ms>
 * virtual ms (live-chart data) to the trace. Prints only the trace (NDJSON, one event per line,
 * time order) or one summary object to stdout. Exit 0 on success; 2 with a one-line message on
 * stderr for a bad file or bad arguments.
 *
 * A run file (`"kind": "run"`, saved or shared by the app) plays its commands at their times, as
 * the app did, and gives the browser's trace byte for byte: it samples metrics like the app
 * (every METRICS_EVERY_MS, unless `--metrics` says otherwise) and stops at the run's `at` (the
 * moment it was saved) unless `--until` says otherwise.
 */
import { parseArgs } from 'node:util';
import { summarize, type TraceEvent } from '../engine';
import { createRunPlayer } from '../run/player';
import { METRICS_EVERY_MS } from '../run/session';
import { DEFAULT_CAP_MS, runToEnd } from '../run/runToEnd';
import { fail, readInput } from './readInput';

const USAGE =
  'usage: simulate <scenario-or-run.json> [--until <ms>] [--seed <n>] [--format ndjson|summary] [--metrics <ms>]';

function nonNegativeInt(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) fail(`--${flag}: expected a whole number ≥ 0, got "${raw}"`);
  return Number(raw);
}

function main(argv: string[]): void {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        until: { type: 'string' },
        seed: { type: 'string' },
        metrics: { type: 'string' },
        format: { type: 'string', default: 'ndjson' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail(`${(e as Error).message}. ${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals.length !== 1) fail(`expected exactly one scenario or run file. ${USAGE}`);
  const format = values.format;
  if (format !== 'ndjson' && format !== 'summary')
    fail(`--format: expected ndjson or summary, got "${format}"`);
  const until = nonNegativeInt('until', values.until);
  const seed = nonNegativeInt('seed', values.seed);
  const metricsEveryMs = nonNegativeInt('metrics', values.metrics);
  if (metricsEveryMs === 0) fail('--metrics: expected a whole number ≥ 1 (ms between samples)');

  const file = positionals[0]!;
  const { parsed: result } = readInput(file);

  // Stream NDJSON through one buffer flushed in chunks: a 60 s busy run prints millions of lines.
  let buffer = '';
  const flush = () => {
    if (buffer) process.stdout.write(buffer);
    buffer = '';
  };
  const onTrace =
    format === 'ndjson'
      ? (e: TraceEvent) => {
          buffer += `${JSON.stringify(e)}\n`;
          if (buffer.length > 1 << 16) flush();
        }
      : undefined;
  const run = result.value;
  const isRun = result.kind === 'run';
  const model = seed !== undefined ? { ...run.model, seed } : run.model;
  const every = metricsEveryMs ?? (isRun ? METRICS_EVERY_MS : undefined);
  const player = createRunPlayer(model, run.commands.slice(), {
    ...(onTrace ? { onTrace } : {}),
    ...(every !== undefined ? { metricsEveryMs: every } : {}),
  });
  const stopAt = until ?? run.at;
  if (stopAt !== undefined) player.advanceTo(stopAt);
  else {
    // Every command first, then on until nothing is left to happen (capped).
    const last = run.commands.at(-1)?.at;
    if (last !== undefined) player.advanceTo(Math.min(last, DEFAULT_CAP_MS));
    runToEnd(player.sim, DEFAULT_CAP_MS, true);
  }
  const sim = player.sim;
  flush();
  if (format === 'summary') process.stdout.write(`${JSON.stringify(summarize(sim))}\n`);
}

main(process.argv.slice(2));
