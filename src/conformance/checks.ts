/**
 * Real vs simulated, check by check. Each check states its tolerance in its `what`: exact where
 * NestJS is deterministic (statuses, fan-out, round-robin on one RMQ queue, lost vs queued events,
 * error texts), a range where the broker picks at random (NATS queue group), a margin for times
 * (loopback hops are sub-millisecond, the model's are data-centre figures).
 */
import type { SimModel } from '../engine';
import type { Observation } from './observe';

export interface Check {
  what: string;
  real: unknown;
  sim: unknown;
  ok: boolean;
}

/** p50 of answered requests may differ by this much (or this fraction of the sim's figure). */
/** 250 ms: cold processes on a shared 2-core CI machine answer a first call 100–300 ms late. */
export const LATENCY_MARGIN_MS = 250;
export const LATENCY_MARGIN_RATIO = 0.25;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function compare(model: SimModel, real: Observation, sim: Observation): Check[] {
  const checks: Check[] = [
    {
      what: 'HTTP status of each request, in sending order (exact; null = no response)',
      real: real.statuses,
      sim: sim.statuses,
      ok: same(real.statuses, sim.statuses),
    },
    {
      what: 'error texts from the ClientProxy, with counts (exact but for the host:port, which the harness picks, and a leading "Error: ", which depends on who logs it)',
      real: real.errors,
      sim: sim.errors,
      ok: same(sortKeys(normalized(real.errors)), sortKeys(normalized(sim.errors))),
    },
  ];

  for (const s of model.services) {
    const patterns = [...new Set(s.handlers.map((h) => h.pattern))].sort();
    const names = Array.from(
      { length: maxIndex(s.id, real, sim, s.replicas) },
      (_, i) => `${s.id}#${i + 1}`,
    );
    const table = (o: Observation) =>
      Object.fromEntries(
        names.map((n) => [n, Object.fromEntries(patterns.map((p) => [p, o.handled[n]?.[p] ?? 0]))]),
      );
    const [r, m] = [table(real), table(sim)];
    if (randomMember(s)) {
      // NATS picks a queue-group member at random: only the service's total is deterministic.
      const total = (t: typeof r) =>
        Object.fromEntries(
          patterns.map((p) => [p, names.reduce((n, i) => n + (t[i]?.[p] ?? 0), 0)]),
        );
      checks.push({
        what: `${s.id}: handlings per pattern, whole queue group (exact; NATS picks the member at random, so per instance only the range 0…total holds)`,
        real: { total: total(r), perInstance: r },
        sim: { total: total(m), perInstance: m },
        ok: same(total(r), total(m)),
      });
    } else
      checks.push({
        what: `${s.id}: handlings per instance and pattern (exact)`,
        real: r,
        sim: m,
        ok: same(r, m),
      });
  }

  // Which instance answered is a race when several handle the same request (Redis, NATS without
  // a queue group, plain MQTT topic) or random (NATS queue group): compared only otherwise.
  const deterministic = model.routes
    .filter((rt) => rt.action === 'send')
    .every((rt) =>
      model.services
        .filter((s) => rt.to.includes(s.id))
        .every((s) => s.replicas === 1 || s.transport.kind === 'rmq'),
    );
  if (deterministic)
    checks.push({
      what: 'instance that answered each request, in sending order (exact)',
      real: real.answeredBy,
      sim: sim.answeredBy,
      ok: same(real.answeredBy, sim.answeredBy),
    });

  // Times: per status both sides saw (a missing status already fails the status check).
  for (const status of Object.keys(sim.medianMs).filter((st) => st in real.medianMs)) {
    const [rm, sm] = [real.medianMs[status]!, sim.medianMs[status]!];
    const margin = Math.round(Math.max(LATENCY_MARGIN_MS, sm * LATENCY_MARGIN_RATIO));
    checks.push({
      what: `median response time of ${status} responses, ms (within ±${margin} ms: the larger of ${LATENCY_MARGIN_MS} ms and ${LATENCY_MARGIN_RATIO * 100} % of the sim's)`,
      real: rm,
      sim: sm,
      ok: Math.abs(rm - sm) <= margin,
    });
  }
  return checks;
}

const randomMember = (s: SimModel['services'][number]) =>
  s.transport.kind === 'nats' && typeof s.transport.options.queue === 'string' && s.replicas > 1;

function maxIndex(service: string, a: Observation, b: Observation, replicas: number): number {
  let max = replicas;
  for (const o of [a, b])
    for (const inst of Object.keys(o.handled)) {
      const m = new RegExp(`^${service.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#(\\d+)$`).exec(inst);
      if (m) max = Math.max(max, Number(m[1]));
    }
  return max;
}

/** `Error: connect ECONNREFUSED 127.0.0.1:3000` and `connect ECONNREFUSED 127.0.0.1:41234` are one text. */
export function normalized(errors: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [text, n] of Object.entries(errors)) {
    const key = text
      .replace(/^Error: /, '')
      .replace(/\b(?:\d{1,3}\.){3}\d{1,3}:\d+\b/g, '<host>:<port>');
    out[key] = (out[key] ?? 0) + n;
  }
  return out;
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
