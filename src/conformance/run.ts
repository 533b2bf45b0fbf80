/**
 * One conformance run: a scenario (or run file) on one transport, real and simulated, compared.
 * The transport switch is the app's own (`applyTransportEdits`: rmq gets `<service>_queue`, NATS
 * and MQTT no queue group), so `--transport nats` means what the app's Transport panel means.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyTransportEdits } from '../app/transportEdits';
import type { ScriptStep, SimModel } from '../engine';
import { formatIssue, parseInput } from '../scenario';
import type { TransportKind } from '../shared';
import { ConformanceError, REAL_KINDS, unsupportedReason, type RealKind } from './brokers';
import { compare, type Check } from './checks';
import type { Observation } from './observe';
import { Processes } from './procs';
import { writeProject } from './project';
import { playReal } from './real';
import { simulate } from './sim';

export interface Report {
  scenario: string;
  transport: TransportKind;
  real: Observation;
  sim: Observation;
  checks: Check[];
  ok: boolean;
}

export const ROOT = resolve(import.meta.dirname, '../..');
/** Inside the repo (gitignored) so the exports resolve BrokerLab's node_modules. */
export const WORK_DIR = join(ROOT, '.conformance');

export interface Input {
  name: string;
  model: SimModel;
  /** A run file's commands (the learner's actions); a scenario's own script is in the model. */
  commands: ScriptStep[];
}

/** Parses a scenario or run file, switched to `transport` when given. Errors: one line. */
export function loadInput(name: string, json: unknown, transport?: TransportKind): Input {
  let input = json;
  if (transport) {
    const edits = { kind: transport, services: {} };
    const o = json as Record<string, unknown> | null;
    input =
      o && o.kind === 'run' && typeof o.scenario === 'object'
        ? { ...o, scenario: applyTransportEdits(o.scenario, edits) }
        : applyTransportEdits(json, edits);
  }
  const r = parseInput(input);
  if (!r.ok) {
    const [first, ...rest] = r.error;
    throw new ConformanceError(
      `${name}: ${formatIssue(first!)}${rest.length ? ` (and ${rest.length} more)` : ''}`,
    );
  }
  return { name, model: r.value.model, commands: r.value.commands };
}

/** The one transport every service of the scenario uses (the harness starts one broker). */
export function transportOf(model: SimModel): RealKind {
  const kinds = [...new Set(model.services.map((s) => s.transport.kind))];
  if (kinds.length !== 1)
    throw new ConformanceError(
      `services use ${kinds.join(' and ')}: pass --transport <kind> to run them on one`,
    );
  const kind = kinds[0]!;
  const why = unsupportedReason(kind);
  if (why || !(REAL_KINDS as readonly string[]).includes(kind))
    throw new ConformanceError(why ?? `${kind}: not supported`);
  const balanced = model.services.find((s) => s.transport.options.loadBalancer === true);
  if (kind === 'grpc' && balanced)
    throw new ConformanceError(
      `grpc: ${balanced.id}'s load balancer is modelled as a layer-7 proxy (Envoy: one pick per call); the harness has only a layer-4 one (one pick per connection), so it runs gRPC with one instance per service`,
    );
  return kind as RealKind;
}

/** Exports left by a harness that was killed (its pid, the folder's suffix, is gone). */
function sweepStale(): void {
  if (!existsSync(WORK_DIR)) return;
  for (const d of readdirSync(WORK_DIR)) {
    const pid = Number(/-(\d+)$/.exec(d)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(join(WORK_DIR, d), { recursive: true, force: true });
    }
  }
}

export async function runConformance(input: Input): Promise<Report> {
  const kind = transportOf(input.model);
  sweepStale();
  const dir = join(
    WORK_DIR,
    `${input.name.replace(/[^A-Za-z0-9_-]+/g, '-')}-${kind}-${process.pid}`,
  );
  mkdirSync(dir, { recursive: true });
  const sim = simulate(input.model, input.commands);
  const procs = new Processes();
  let real: Observation;
  try {
    await writeProject(input.model, dir);
    const steps = [...input.model.script, ...input.commands].sort((a, b) => a.at - b.at);
    real = await playReal(input.model, steps, kind, dir, procs);
  } finally {
    await procs.stopAll();
    if (process.env.CONFORMANCE_DEBUG) procs.dump();
    // CONFORMANCE_KEEP=1 keeps the export and the broker's files to look at.
    if (!process.env.CONFORMANCE_KEEP) rmSync(dir, { recursive: true, force: true });
  }
  const checks = compare(input.model, real, sim);
  return {
    scenario: input.name,
    transport: kind,
    real,
    sim,
    checks,
    ok: checks.every((c) => c.ok),
  };
}
