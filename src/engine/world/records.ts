/**
 * Each service's own data (docs/scenario-format.md#records): the records its handlers write
 * (`writes: { "stock": -1 }`), one database per service shared by its instances, next to what
 * they would be had every accepted request been handled exactly once by it ("expected").
 *
 * Expected counts each request when the gateway accepts it (its route's targets' `writes`).
 * A write is *overdue* when it has not happened `DATA_SETTLE_MS` after that (seen on a grid of
 * `DATA_CHECK_EVERY_MS`); a request written a
 * second time is *extra*. A service is `behind` while a write is overdue, `ahead` once one was
 * extra (a duplicate cannot be taken back), else `in-step`; each change is a `data.diverged` or
 * `data.converged` trace event. Writes still on their way (less than the settle time old) are not
 * a divergence: every message takes some time.
 *
 * The outbox (an emit route's `outbox`) lives here too, since its relay needs to know who
 * processed a row: accepting the request commits the event as a row; every `pollMs` the relay
 * publishes each row that some target has not yet processed (first publish or again). Model
 * assumption: the relay learns that a target processed the row as a publisher confirm plus the
 * consumer's ack would tell it; so a row published again reaches every target again, and only an
 * idempotent handler keeps that from writing twice (at-least-once, as real outboxes are).
 *
 * Cold path only: nothing here runs for a scenario without records.
 */
import type { NodeId, RequestId } from '../../shared';
import type { Step } from '../core/step';
import type { HttpRequest, Msg, ServiceRt } from '../transports/transport';
import type { DataState, HandlerSpec, OutboxView, RouteSpec, ServiceDataView } from '../types';
import type { World } from '../simulation';

/** Virtual ms after acceptance when a write that has not happened is overdue. */
export const DATA_SETTLE_MS = 1000;
/**
 * Overdue writes are looked for on this grid (one check per service per step, not one timer per
 * request: a 20 000 req/s load would double the event queue otherwise).
 */
export const DATA_CHECK_EVERY_MS = 50;
/** The outbox relay's poll interval when the `outbox` command does not say. */
export const DEFAULT_OUTBOX_POLL_MS = 500;

interface ServiceData {
  svc: ServiceRt;
  actual: Record<string, number>;
  expected: Record<string, number>;
  /**
   * Writes done per accepted request, by request number (0 = still owed); an entry written on
   * time is dropped once it settled.
   */
  writes: Map<number, number>;
  /** Requests still owed, in acceptance order (deadline order): `[n, reqId, acceptedAt]`. */
  owed: { n: number; reqId: RequestId; at: number }[];
  /** Index of the first entry of `owed` not yet settled. */
  owedHead: number;
  /** A settle check is scheduled. */
  checking: boolean;
  overdueReqs: Set<number>;
  extra: number;
  state: DataState;
}

interface Row {
  msg: Msg;
  req: HttpRequest;
  route: RouteSpec;
  attempts: number;
}

interface Outbox {
  route: RouteSpec;
  enabled: boolean;
  pollMs: number;
  rows: Row[];
  polling: boolean;
}

const SETTLE: Step<Records, ServiceData> = { run: (r, d) => r.settle(d) };
const POLL: Step<Records, Outbox> = { run: (r, box) => r.poll(box) };

/** Does the handler skip a message id it already handled? */
export function isIdempotent(svc: ServiceRt, handler: HandlerSpec): boolean {
  return handler.idempotent === true || svc.idempotentOn === true;
}

export class Records {
  /** The scenario has records or an outbox: the gateway and handlers report to it. */
  readonly active: boolean;
  private readonly data = new Map<NodeId, ServiceData>();
  /** Per route: the targets that write, with what (built on first use). */
  private readonly routeWrites = new Map<RouteSpec, [ServiceData, Record<string, number>][]>();
  private readonly outboxes = new Map<string, Outbox>();

  constructor(private readonly w: World) {
    for (const svc of w.serviceList) {
      const spec = svc.spec;
      const writing = spec.handlers.filter((h) => h.writes !== undefined);
      if (writing.length === 0 && spec.records === undefined) continue;
      const start: Record<string, number> = { ...spec.records };
      for (const h of writing) for (const k of Object.keys(h.writes!)) start[k] ??= 0;
      this.data.set(svc.id, {
        svc,
        actual: { ...start },
        expected: { ...start },
        writes: new Map(),
        owed: [],
        owedHead: 0,
        checking: false,
        overdueReqs: new Set(),
        extra: 0,
        state: 'in-step',
      });
    }
    for (const r of w.model.routes)
      if (r.outbox && r.action === 'emit')
        this.outboxes.set(r.key, {
          route: r,
          enabled: true,
          pollMs: r.outbox.pollMs,
          rows: [],
          polling: false,
        });
    this.active = this.data.size > 0 || this.outboxes.size > 0;
  }

  /** The gateway accepted a request: its targets owe their writes from now. */
  accepted(req: HttpRequest): void {
    const targets = this.writersOf(req.route);
    for (let i = 0; i < targets.length; i++) {
      const [d, writes] = targets[i]!;
      add(d.expected, writes);
      d.writes.set(req.n, 0);
      d.owed.push({ n: req.n, reqId: req.reqId, at: this.w.now });
      this.scheduleCheck(d);
    }
  }

  private writersOf(route: RouteSpec): [ServiceData, Record<string, number>][] {
    let list = this.routeWrites.get(route);
    if (list === undefined) {
      list = [];
      for (const id of route.to) {
        const d = this.data.get(id);
        const writes = d && handlerOf(d.svc, route.pattern)?.writes;
        if (d && writes) list.push([d, writes]);
      }
      this.routeWrites.set(route, list);
    }
    return list;
  }

  /** The next grid point at or after the oldest owed write's deadline. */
  private scheduleCheck(d: ServiceData): void {
    if (d.checking || d.owedHead >= d.owed.length) return;
    d.checking = true;
    const due = d.owed[d.owedHead]!.at + DATA_SETTLE_MS;
    this.w.at(Math.ceil(due / DATA_CHECK_EVERY_MS) * DATA_CHECK_EVERY_MS, SETTLE, this, d);
  }

  /** Owed writes past their deadline and still not written are overdue. */
  settle(d: ServiceData): void {
    d.checking = false;
    const limit = this.w.now - DATA_SETTLE_MS;
    let first: RequestId | undefined;
    while (d.owedHead < d.owed.length && d.owed[d.owedHead]!.at <= limit) {
      const o = d.owed[d.owedHead++]!;
      if (d.writes.get(o.n) !== 0) {
        // Written on time: forget it (memory stays flat under load). A later write of it finds
        // no entry and counts as extra, exactly as a second write would.
        d.writes.delete(o.n);
        continue;
      }
      d.overdueReqs.add(o.n);
      first ??= o.reqId;
    }
    // Compact now and then: settled entries are not kept.
    if (d.owedHead > 1024 && d.owedHead * 2 > d.owed.length) {
      d.owed.splice(0, d.owedHead);
      d.owedHead = 0;
    }
    if (first !== undefined) this.update(d, first);
    this.scheduleCheck(d);
  }

  /** A handling of `msg` succeeded on `svc`: apply its writes. */
  written(svc: ServiceRt, msg: Msg, handler: HandlerSpec): void {
    const d = this.data.get(svc.id);
    if (d === undefined || handler.writes === undefined) return;
    add(d.actual, handler.writes);
    const n = d.writes.get(msg.n);
    if (n === 0) {
      d.writes.set(msg.n, 1);
      if (!d.overdueReqs.delete(msg.n)) return; // the usual case: on time, state unchanged
    } else {
      // Written again (a duplicate delivery, a retry of a call that had worked), or by a
      // service the route did not mean (pub/sub reaches every subscriber).
      if (n !== undefined) d.writes.set(msg.n, n + 1);
      d.extra++;
    }
    this.update(d, msg.reqId);
  }

  private update(d: ServiceData, reqId: RequestId): void {
    const state: DataState = d.extra > 0 ? 'ahead' : d.overdueReqs.size > 0 ? 'behind' : 'in-step';
    if (state === d.state) return;
    d.state = state;
    const expected = { ...d.expected };
    const actual = { ...d.actual };
    this.w.trace(
      state === 'in-step'
        ? { t: this.w.now, type: 'data.converged', service: d.svc.id, expected, actual }
        : {
            t: this.w.now,
            type: 'data.diverged',
            service: d.svc.id,
            state,
            reqId,
            expected,
            actual,
          },
    );
  }

  // ───────────── fixes ─────────────

  setIdempotent(id: NodeId, enabled: boolean): void {
    const svc = this.w.serviceById.get(id);
    if (svc === undefined || (svc.idempotentOn ?? false) === enabled) return;
    svc.idempotentOn = enabled;
    this.w.trace({ t: this.w.now, type: 'data.fix', fix: 'idempotent', target: id, enabled });
  }

  setOutbox(routeKey: string, enabled: boolean, pollMs?: number): void {
    const route = this.w.routes.get(routeKey);
    if (route === undefined || route.action !== 'emit') return;
    let box = this.outboxes.get(routeKey);
    if (box === undefined) {
      if (!enabled) return;
      box = { route, enabled, pollMs: DEFAULT_OUTBOX_POLL_MS, rows: [], polling: false };
      this.outboxes.set(routeKey, box);
    } else if (box.enabled === enabled && (pollMs === undefined || pollMs === box.pollMs)) return;
    box.enabled = enabled;
    if (pollMs !== undefined) box.pollMs = pollMs;
    this.w.trace({ t: this.w.now, type: 'data.fix', fix: 'outbox', target: routeKey, enabled });
  }

  // ───────────── the outbox ─────────────

  /** True when the route's events go through its outbox now. */
  outboxOn(route: RouteSpec): boolean {
    return this.outboxes.get(route.key)?.enabled === true;
  }

  /** The request's write and its event row commit together; the relay publishes the row. */
  enqueue(route: RouteSpec, req: HttpRequest, msg: Msg): void {
    const box = this.outboxes.get(route.key)!;
    box.rows.push({ msg, req, route, attempts: 0 });
    this.schedulePoll(box);
  }

  private schedulePoll(box: Outbox): void {
    if (box.polling) return;
    box.polling = true;
    // The relay polls on its own grid (multiples of pollMs), as a scheduled job does.
    const next = (Math.floor(this.w.now / box.pollMs) + 1) * box.pollMs;
    this.w.at(next, POLL, this, box);
  }

  /** One relay run: rows every target processed are deleted, the others published (again). */
  poll(box: Outbox): void {
    box.polling = false;
    const keep: Row[] = [];
    for (const row of box.rows) {
      if (row.attempts > 0 && this.processedByAll(row)) continue;
      row.attempts++;
      this.w.trace({
        t: this.w.now,
        type: 'outbox.published',
        msgId: row.msg.id,
        reqId: row.req.reqId,
        route: row.route.key,
        attempt: row.attempts,
      });
      this.w.gateway.publish(row.msg, row.route);
      keep.push(row);
    }
    box.rows = keep;
    if (keep.length > 0) this.schedulePoll(box);
  }

  private processedByAll(row: Row): boolean {
    for (const id of row.route.to) {
      const d = this.data.get(id);
      const done =
        d !== undefined && handlerOf(d.svc, row.route.pattern)?.writes !== undefined
          ? processed(d, row.req.n)
          : (row.msg.handledBy?.includes(id) ?? false);
      if (!done) return false;
    }
    return true;
  }

  // ───────────── views ─────────────

  views(): Record<NodeId, ServiceDataView> {
    const out: Record<NodeId, ServiceDataView> = {};
    for (const [id, d] of this.data)
      out[id] = {
        actual: { ...d.actual },
        expected: { ...d.expected },
        state: d.state,
        overdue: d.overdueReqs.size,
        extra: d.extra,
        idempotent:
          d.svc.idempotentOn === true ||
          (d.svc.spec.handlers.length > 0 && d.svc.spec.handlers.every((h) => h.idempotent)),
      };
    return out;
  }

  get hasOutboxes(): boolean {
    return this.outboxes.size > 0;
  }

  outboxViews(): Record<string, OutboxView> {
    const out: Record<string, OutboxView> = {};
    for (const [key, b] of this.outboxes)
      out[key] = { route: key, enabled: b.enabled, pollMs: b.pollMs, rows: b.rows.length };
    return out;
  }
}

/** Written at least once: still counted, or forgotten after it settled on time. */
function processed(d: ServiceData, n: number): boolean {
  const v = d.writes.get(n);
  return v === undefined ? !d.overdueReqs.has(n) : v > 0;
}

function add(into: Record<string, number>, writes: Record<string, number>): void {
  for (const k in writes) into[k] = (into[k] ?? 0) + writes[k]!;
}

function handlerOf(svc: ServiceRt, pattern: string): HandlerSpec | undefined {
  return svc.spec.handlers.find((h) => h.pattern === pattern);
}
