/**
 * The matrix: every case of simulations/conformance/ on the transports it applies to, one run at
 * a time (runs share 2 cores; parallel runs would distort the times). Its table is the generated
 * part of docs/conformance.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unsupportedReason, type RealKind } from './brokers';
import { loadInput, runConformance, ROOT, type Report } from './run';

export const CASES_DIR = join(ROOT, 'simulations/conformance');
const ALL: RealKind[] = ['redis', 'nats', 'rmq', 'mqtt', 'tcp', 'grpc'];
const BROKERS: RealKind[] = ['redis', 'nats', 'rmq', 'mqtt'];

/**
 * Case → transports. A case whose behaviour rests on one transport's option runs there only;
 * gRPC only where each service has one instance (run.ts says why).
 */
export const MATRIX: Record<string, RealKind[]> = {
  fanout: [...BROKERS, 'tcp'],
  'requests-two-instances': [...BROKERS, 'tcp'],
  'nats-queue-group': ['nats'],
  'no-handler': ALL,
  'instance-down': ALL,
  'gateway-timeout': ALL,
  'redis-broker-outage': ['redis'],
};

export interface Cell {
  name: string;
  transport: RealKind;
  report?: Report;
  /** The run could not be made (broker did not start…): shown, and the matrix fails. */
  error?: string;
}

export async function runMatrix(
  filter: { cases?: string[]; transports?: RealKind[] },
  progress: (line: string) => void,
): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const [name, kinds] of Object.entries(MATRIX)) {
    if (filter.cases && !filter.cases.includes(name)) continue;
    const json: unknown = JSON.parse(readFileSync(join(CASES_DIR, `${name}.json`), 'utf8'));
    for (const transport of kinds) {
      if (filter.transports && !filter.transports.includes(transport)) continue;
      const started = Date.now();
      const cell: Cell = { name, transport };
      try {
        cell.report = await runConformance(loadInput(name, json, transport));
      } catch (e) {
        cell.error = (e as Error).message;
      }
      cells.push(cell);
      const verdict = cell.error ? `ERROR ${cell.error}` : cell.report!.ok ? 'ok' : 'MISMATCH';
      progress(
        `${name} × ${transport}: ${verdict} (${Math.round((Date.now() - started) / 1000)} s)`,
      );
    }
  }
  return cells;
}

const show = (v: unknown) => JSON.stringify(v).replace(/\|/g, '\\|');

function brokerVersions(): string {
  const pkgs = ['redis-server', 'nats-server', 'rabbitmq-server', 'mosquitto'];
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Package} ${Version}, ', ...pkgs], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).replace(/, $/, '');
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? '').replace(/, $/, '') || 'unknown';
  }
}

/** The generated section of docs/conformance.md. */
export function matrixMarkdown(cells: Cell[]): string {
  const names = [...new Set(cells.map((c) => c.name))];
  const kinds = ALL.filter((k) => cells.some((c) => c.transport === k));
  const cellText = (c?: Cell) =>
    !c ? '—' : c.error ? 'error' : c.report!.ok ? 'ok' : `**mismatch**`;
  const out = [
    `Run on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${brokerVersions()}.`,
    `${cells.length} runs (cases × transports), ${cells.filter((c) => c.report?.ok).length} ok, ` +
      `${cells.filter((c) => c.report && !c.report.ok).length} mismatch, ${cells.filter((c) => c.error).length} error.`,
    '',
    `| case | ${kinds.join(' | ')} | kafka |`,
    `| --- | ${kinds.map(() => '---').join(' | ')} | --- |`,
    ...names.map(
      (n) =>
        `| ${n} | ${kinds.map((k) => cellText(cells.find((c) => c.name === n && c.transport === k))).join(' | ')} | not run |`,
    ),
    '',
    `${unsupportedReason('kafka')}.`,
    '',
    '### Real vs sim, per run',
    '',
    '| case | transport | statuses (real / sim) | handled (real / sim) | errors (real / sim) | median ms by status (real / sim) | ok |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const c of cells) {
    if (!c.report) {
      out.push(`| ${c.name} | ${c.transport} | ${show(c.error)} | | | | error |`);
      continue;
    }
    const { real, sim, ok, checks } = c.report;
    const pair = (a: unknown, b: unknown) =>
      show(a) === show(b) ? show(a) : `${show(a)} / ${show(b)}`;
    const failed = checks.filter((k) => !k.ok).map((k) => k.what.replace(/ \(.*$/, ''));
    out.push(
      `| ${c.name} | ${c.transport} | ${pair(real.statuses, sim.statuses)} | ${pair(real.handled, sim.handled)} | ` +
        `${pair(real.errors, sim.errors)} | ${show(real.medianMs)} / ${show(sim.medianMs)} | ` +
        `${ok ? 'ok' : `**no**: ${failed.join('; ')}`} |`,
    );
  }
  return out.join('\n');
}
