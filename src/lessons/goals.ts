/**
 * Goals as data: predicates over a run's trace (counts of events with field filters, latency
 * percentiles, counts per instance) and its state (an instance's status, a queue's depth, the
 * replicas up). Evaluated purely: a tracker is fed trace events as they happen and checked
 * against a snapshot, so the worker evaluates live, and after a rewind simply feeds a fresh
 * tracker the replayed trace. Times in a goal are relative to the step's start (`origin`):
 * nothing before it counts, so an earlier step's traffic never meets a later goal.
 */
import { z } from 'zod';
import type { Snapshot, TraceEvent } from '../engine/types';
import { expected, formatted, list, number, obj, oneOf, wholeNumber } from '../scenario/fields';
import { TRACE_TYPES } from './traceTypes';

const DATA_STATES = ['in-step', 'behind', 'ahead'] as const;

export const OPS = ['>=', '>', '<=', '<', '==', '!='] as const;
export type Op = (typeof OPS)[number];

export function compare(actual: number, op: Op, value: number): boolean {
  switch (op) {
    case '>=':
      return actual >= value;
    case '>':
      return actual > value;
    case '<=':
      return actual <= value;
    case '<':
      return actual < value;
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
  }
}

/** Goals are checked on this grid of virtual time (and whenever the caller asks). */
export const GOAL_EVERY_MS = 50;
const MAX_GOAL_MS = 3_600_000;
const INSTANCE = /^[A-Za-z][A-Za-z0-9_-]*#[0-9]{1,6}$/;
const SERVICE = /^[A-Za-z][A-Za-z0-9_-]*$/;

const scalar = z.union([z.string().max(200), z.number(), z.boolean()], {
  error: (iss) => expected('a text, a number or true/false', iss.input),
});
const comparison = obj({ op: oneOf(OPS), value: number() }, 'a comparison {"op": …, "value": …}');
/** `{"reason": "instance-down"}`, `{"status": {"op": ">=", "value": 500}}`. */
const where = z
  .record(z.string().max(64), z.union([scalar, comparison]))
  .describe(
    'Event fields that must match: a value (equal; a list field must include it) or {"op", "value"}.',
  );
const within = obj(
  { from: wholeNumber(0, MAX_GOAL_MS).default(0), to: wholeNumber(0, MAX_GOAL_MS).optional() },
  'a window {"from": ms, "to": ms} (relative to the step’s start)',
);
const eventFilter = obj(
  { event: oneOf(TRACE_TYPES), where: where.optional(), within: within.optional() },
  'an event filter {"event": …, "where"?: …, "within"?: …}',
);

const countGoal = obj(
  { count: eventFilter, op: oneOf(OPS), value: wholeNumber(0, 10_000_000) },
  'a count goal',
);
const perInstanceGoal = obj(
  {
    perInstance: eventFilter,
    service: formatted('a service id', SERVICE, 64),
    min: wholeNumber(0, 10_000_000).optional(),
    max: wholeNumber(0, 10_000_000).optional(),
  },
  'a per-instance goal',
);
const instanceGoal = obj(
  {
    instance: formatted('an instance like "orders#1"', INSTANCE, 80),
    state: oneOf(['up', 'down', 'starting'] as const),
  },
  'an instance goal',
);
const queueGoal = obj(
  {
    queue: z.string().min(1).max(200),
    field: oneOf(['ready', 'unacked'] as const).optional(),
    op: oneOf(OPS),
    value: wholeNumber(0, 10_000_000),
  },
  'a queue goal',
);
const latencyGoal = obj(
  {
    latency: oneOf(['p50', 'p95', 'p99'] as const),
    op: oneOf(OPS),
    value: number(0, MAX_GOAL_MS),
    within: within.optional(),
  },
  'a latency goal',
);
const replicasGoal = obj(
  {
    replicas: formatted('a service id', SERVICE, 64),
    op: oneOf(OPS),
    value: wholeNumber(0, 50),
  },
  'a replicas goal',
);

/** An emit route's outbox: rows the relay has not finished (a route without one counts 0). */
const outboxGoal = obj(
  {
    outbox: z.string().min(1).max(200),
    op: oneOf(OPS),
    value: wholeNumber(0, 10_000_000),
  },
  'an outbox goal {"outbox": "POST /orders", "op": …, "value": …}',
);

/** A service's own data: its state (`in-step`…) or one record (actual or expected) compared. */
const dataGoal = obj(
  {
    data: formatted('a service id', SERVICE, 64),
    state: oneOf(DATA_STATES).optional(),
    record: formatted('a record name', SERVICE, 40).optional(),
    of: oneOf(['actual', 'expected'] as const).optional(),
    op: oneOf(OPS).optional(),
    value: number().optional(),
  },
  'a data goal {"data": service, "state": …} or {"data": service, "record": …, "op": …, "value": …}',
).check((ctx) => {
  const g = ctx.value;
  const issue = (path: string[], message: string) =>
    ctx.issues.push({ code: 'custom', input: g, path, message });
  if (g.state !== undefined) {
    if (g.record !== undefined) issue(['record'], 'use either "state" or "record", not both');
  } else if (g.record === undefined) issue([], 'add "state" or "record" (with "op" and "value")');
  else if (g.op === undefined || g.value === undefined)
    issue([g.op === undefined ? 'op' : 'value'], 'a "record" goal needs "op" and "value"');
});

export type EventFilter = z.output<typeof eventFilter>;
export type Goal =
  | z.output<typeof countGoal>
  | z.output<typeof perInstanceGoal>
  | z.output<typeof instanceGoal>
  | z.output<typeof queueGoal>
  | z.output<typeof latencyGoal>
  | z.output<typeof replicasGoal>
  | z.output<typeof dataGoal>
  | z.output<typeof outboxGoal>
  | { all: Goal[] }
  | { any: Goal[] }
  | { not: Goal };

const LEAVES = {
  count: countGoal,
  perInstance: perInstanceGoal,
  instance: instanceGoal,
  queue: queueGoal,
  latency: latencyGoal,
  replicas: replicasGoal,
  data: dataGoal,
  outbox: outboxGoal,
} as const;
const KINDS = [...Object.keys(LEAVES), 'all', 'any', 'not'];

/**
 * The goal schema. The kind is told by its first known key (`count`, `instance`, `all`…), so an
 * issue names the field inside the meant kind instead of "no union branch matched".
 */
export const goalSchema: z.ZodType<Goal> = z.lazy(() =>
  z.unknown().transform((value, ctx): Goal => {
    const kind =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? KINDS.find((k) => k in value)
        : undefined;
    const fail = (message: string): Goal => {
      ctx.addIssue({ code: 'custom', message, input: value });
      return z.NEVER;
    };
    if (kind === undefined) return fail(expected(`a goal with one of ${KINDS.join(', ')}`, value));
    const schema =
      kind === 'all' || kind === 'any'
        ? obj({ [kind]: list(goalSchema, 'goals', 20, 1) }, `an "${kind}" goal`)
        : kind === 'not'
          ? obj({ not: goalSchema }, 'a "not" goal')
          : LEAVES[kind as keyof typeof LEAVES];
    const r = (schema as z.ZodType).safeParse(value);
    if (r.success) return r.data as Goal;
    for (const iss of r.error.issues) ctx.addIssue({ ...iss, input: undefined } as never);
    return z.NEVER;
  }),
);

// ───────────────────────────── evaluation ─────────────────────────────

function matches(e: TraceEvent, f: EventFilter, origin: number): boolean {
  if (e.type !== f.event) return false;
  const rel = e.t - origin;
  if (rel < (f.within?.from ?? 0)) return false;
  if (f.within?.to !== undefined && rel > f.within.to) return false;
  if (!f.where) return true;
  const fields = e as unknown as Record<string, unknown>;
  for (const [key, want] of Object.entries(f.where)) {
    const got = fields[key];
    if (typeof want === 'object') {
      if (typeof got !== 'number' || !compare(got, want.op, want.value)) return false;
    } else if (Array.isArray(got)) {
      if (!got.includes(want)) return false;
    } else if (got !== want) return false;
  }
  return true;
}

/** One node of the goal tree with the state its leaf accumulates from the trace. */
interface Node {
  feed(e: TraceEvent): void;
  holds(s: Snapshot): boolean;
}

function nearestRank(sorted: readonly number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const none = () => {};

function build(g: Goal, origin: number): Node {
  if ('all' in g || 'any' in g) {
    const kids = ('all' in g ? g.all : g.any).map((k) => build(k, origin));
    const every = 'all' in g;
    return {
      feed: (e) => kids.forEach((k) => k.feed(e)),
      holds: (s) => (every ? kids.every((k) => k.holds(s)) : kids.some((k) => k.holds(s))),
    };
  }
  if ('not' in g) {
    const kid = build(g.not, origin);
    return { feed: (e) => kid.feed(e), holds: (s) => !kid.holds(s) };
  }
  if ('count' in g) {
    let n = 0;
    return {
      feed: (e) => {
        if (matches(e, g.count, origin)) n++;
      },
      holds: () => compare(n, g.op, g.value),
    };
  }
  if ('perInstance' in g) {
    const by = new Map<string, number>();
    return {
      feed: (e) => {
        const inst = (e as { instance?: unknown }).instance;
        if (typeof inst === 'string' && matches(e, g.perInstance, origin))
          by.set(inst, (by.get(inst) ?? 0) + 1);
      },
      holds: (s) => {
        const own = s.instances.filter((i) => i.service === g.service);
        return (
          own.length > 0 &&
          own.every((i) => {
            const n = by.get(i.id) ?? 0;
            return n >= (g.min ?? 0) && n <= (g.max ?? Infinity);
          })
        );
      },
    };
  }
  if ('latency' in g) {
    const ms: number[] = [];
    let sorted = true;
    const filter: EventFilter = {
      event: 'http.response',
      ...(g.within ? { within: g.within } : {}),
    };
    return {
      feed: (e) => {
        if (e.type === 'http.response' && matches(e, filter, origin)) {
          if (ms.length && e.ms < ms[ms.length - 1]!) sorted = false;
          ms.push(e.ms);
        }
      },
      holds: () => {
        // No response at all proves nothing about latency.
        if (ms.length === 0) return false;
        if (!sorted) {
          ms.sort((a, b) => a - b);
          sorted = true;
        }
        return compare(nearestRank(ms, Number(g.latency.slice(1))), g.op, g.value);
      },
    };
  }
  if ('instance' in g)
    return {
      feed: none,
      holds: (s) => s.instances.find((i) => i.id === g.instance)?.status === g.state,
    };
  if ('queue' in g)
    return {
      feed: none,
      holds: (s) => {
        const q = s.queues.find((x) => x.name === g.queue);
        return compare(q ? q[g.field ?? 'ready'] : 0, g.op, g.value);
      },
    };
  if ('outbox' in g)
    return {
      feed: none,
      holds: (s) => compare(s.outboxes?.[g.outbox]?.rows ?? 0, g.op, g.value),
    };
  if ('data' in g)
    return {
      feed: none,
      holds: (s) => {
        const d = s.data?.[g.data];
        if (d === undefined) return false;
        if (g.state !== undefined) return d.state === g.state;
        const n = d[g.of ?? 'actual'][g.record!];
        return n !== undefined && compare(n, g.op!, g.value!);
      },
    };
  return {
    feed: none,
    holds: (s) =>
      compare(
        s.instances.filter((i) => i.service === g.replicas && i.status === 'up').length,
        g.op,
        g.value,
      ),
  };
}

/** Live evaluation of one goal: feed every trace event, check against the current snapshot. */
export interface GoalTracker {
  feed(e: TraceEvent): void;
  /** Whether the goal holds now; the first time it does is kept as `metAt`. */
  check(snapshot: Snapshot): boolean;
  /** When it was first seen to hold (virtual ms), if ever. */
  readonly metAt: number | undefined;
}

/** A tracker for `goal` in a step that began at `origin` (virtual ms). */
export function createGoalTracker(goal: Goal, origin = 0): GoalTracker {
  const root = build(goal, origin);
  let metAt: number | undefined;
  return {
    feed: (e) => root.feed(e),
    check(s) {
      const ok = s.now >= origin && root.holds(s);
      if (ok && metAt === undefined) metAt = s.now;
      return ok;
    },
    get metAt() {
      return metAt;
    },
  };
}

/** One-shot evaluation over a recorded trace and the snapshot at its end (after a rewind). */
export function evaluateGoal(
  goal: Goal,
  events: Iterable<TraceEvent>,
  snapshot: Snapshot,
  origin = 0,
): boolean {
  const tracker = createGoalTracker(goal, origin);
  for (const e of events) if (e.t <= snapshot.now) tracker.feed(e);
  return tracker.check(snapshot);
}

/** Service and instance ids a goal names (for reference checks against its scenario). */
export function goalRefs(g: Goal, path = 'goal.check'): { path: string; service: string }[] {
  if ('all' in g) return g.all.flatMap((k, i) => goalRefs(k, `${path}.all[${i}]`));
  if ('any' in g) return g.any.flatMap((k, i) => goalRefs(k, `${path}.any[${i}]`));
  if ('not' in g) return goalRefs(g.not, `${path}.not`);
  if ('perInstance' in g) return [{ path: `${path}.service`, service: g.service }];
  if ('replicas' in g) return [{ path: `${path}.replicas`, service: g.replicas }];
  if ('data' in g) return [{ path: `${path}.data`, service: g.data }];
  if ('instance' in g) return [{ path: `${path}.instance`, service: g.instance.split('#')[0]! }];
  return [];
}

/** An event filter as goals write it (`{"event", "where"?, "within"?}`), for other lesson fields. */
export const eventFilterSchema = eventFilter;
/** Whether trace event `e` matches `filter` in a step that began at `origin`. */
export const eventMatches = (e: TraceEvent, filter: EventFilter, origin: number): boolean =>
  matches(e, filter, origin);
