/**
 * Per-request views built from recent trace events: the waterfall (Jaeger-style spans of one
 * request: transit on a link, waiting at a node, work in a handler) and the sequence diagram
 * (time-space arrows of the last N messages). Pure functions over plain events: unit-tested.
 */
import { loose, type AnyEvent, type LooseEvent } from './labTypes';

/** The request id a message belongs to (itself when it is one, or when none is known). */
export function requestOf(events: readonly AnyEvent[], id: string): string {
  for (const ev of events) {
    const e = loose(ev);
    if (e.type === 'http.request' && e.reqId === id) return id;
    if (e.msgId === id && e.reqId !== undefined) return e.reqId;
  }
  return id;
}

/** The ids of one request chain: its request id and every message id sent for it. */
export function chainOf(events: readonly AnyEvent[], id: string): Set<string> {
  let reqId: string | undefined;
  for (const ev of events) {
    const e = loose(ev);
    if (e.type === 'http.request' && e.reqId === id) reqId = id;
    else if (e.msgId === id && e.reqId !== undefined) reqId = e.reqId;
    if (reqId) break;
  }
  const ids = new Set<string>([id]);
  if (!reqId) return ids;
  ids.add(reqId);
  for (const ev of events) {
    const e = loose(ev);
    if (e.reqId === reqId && e.msgId !== undefined) ids.add(e.msgId);
  }
  return ids;
}

const inChain = (e: LooseEvent, ids: Set<string>) =>
  (e.msgId !== undefined && ids.has(e.msgId)) || (e.reqId !== undefined && ids.has(e.reqId));

export type SpanKind = 'total' | 'transit' | 'wait' | 'work';

export interface Span {
  kind: SpanKind;
  /** The node or instance it happens at (the receiver for a transit). */
  node: string;
  label: string;
  start: number;
  end: number;
  msgId?: string;
  msgKind?: string;
  ok?: boolean;
  /** Work spans: the pattern handled (the UI may name it as gRPC: `OrdersService.GetOrder`). */
  pattern?: string;
}

export interface Mark {
  t: number;
  kind: string;
  label: string;
}

export interface Waterfall {
  id: string;
  start: number;
  end: number;
  spans: Span[];
  marks: Mark[];
  status?: number;
  /** The service the request was sent to (`client.send`), when known. */
  target?: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : String(v));

/** Build the waterfall of the chain containing `id`; null when nothing of it is left. */
export function waterfallOf(
  events: readonly AnyEvent[],
  id: string,
  now: number,
): Waterfall | null {
  const ids = chainOf(events, id);
  const chain = events.map(loose).filter((e) => inChain(e, ids));
  if (chain.length === 0) return null;
  const hops = chain.filter((e) => e.type === 'hop').sort((a, b) => a.t - b.t);
  const spans: Span[] = [];
  const marks: Mark[] = [];

  // Work: delivered → handler.done on the same instance.
  const work: Span[] = [];
  for (const d of chain) {
    if (d.type !== 'message.delivered') continue;
    const done = chain.find(
      (x) =>
        x.type === 'handler.done' && x.msgId === d.msgId && x.instance === d.instance && x.t >= d.t,
    );
    work.push({
      kind: 'work',
      node: d.instance ?? '',
      label: `${d.instance ?? ''} ${d.pattern ?? ''}`.trim(),
      start: d.t,
      end: done ? done.t : now,
      ...(d.msgId !== undefined ? { msgId: d.msgId } : {}),
      ...(done?.ok !== undefined ? { ok: done.ok } : {}),
      ...(d.pattern !== undefined ? { pattern: d.pattern } : {}),
    });
  }

  for (const h of hops) {
    const from = str(h.from);
    const to = str(h.to);
    const arrive = h.arriveAt ?? h.t;
    spans.push({
      kind: 'transit',
      node: to,
      label: `${from} → ${to}`,
      start: h.t,
      end: arrive,
      ...(h.msgId !== undefined ? { msgId: h.msgId } : {}),
      ...(h.kind !== undefined ? { msgKind: h.kind } : {}),
    });
    // Waiting at the receiver until it sends the next hop of the chain (or starts work).
    const next = hops.find((n) => str(n.from) === to && n.t >= arrive && n !== h);
    const job = work.find(
      (w) => w.node === to && w.start >= arrive && (!next || w.start <= next.t),
    );
    const waitEnd = job ? job.start : next?.t;
    if (waitEnd !== undefined && waitEnd > arrive)
      spans.push({ kind: 'wait', node: to, label: `${to}`, start: arrive, end: waitEnd });
  }
  spans.push(...work);

  let status: number | undefined;
  let start = Math.min(...chain.map((e) => e.t));
  let end = Math.max(...chain.map((e) => Math.max(e.t, e.arriveAt ?? e.t)));
  const req = chain.find((e) => e.type === 'http.request');
  const res = chain.find((e) => e.type === 'http.response');
  if (req) start = req.t;
  if (res) {
    status = res.status;
    end = Math.max(end, res.t);
  } else end = Math.max(end, Math.min(now, end + 1));
  if (req)
    spans.unshift({
      kind: 'total',
      node: 'client',
      label: `${req.method ?? ''} ${req.path ?? ''}`.trim() || (req.reqId ?? id),
      start,
      end: res ? res.t : Math.max(end, now),
      ...(status !== undefined ? { ok: status < 400 } : {}),
    });

  for (const e of chain) {
    if (e.type === 'request.timeout')
      marks.push({ t: e.t, kind: 'timeout', label: 'TimeoutError' });
    else if (e.type === 'request.error') marks.push({ t: e.t, kind: 'error', label: 'error' });
    else if (e.type === 'message.dropped')
      marks.push({ t: e.t, kind: 'drop', label: e.reason ?? 'dropped' });
    else if (e.type === 'request.retry')
      marks.push({ t: e.t, kind: 'retry', label: `retry #${e.attempt ?? '?'}` });
    else if (e.type === 'fallback.used')
      marks.push({ t: e.t, kind: 'fallback', label: 'fallback' });
  }
  const target = str(chain.find((e) => e.type === 'client.send')?.to);
  // Keep the total first, then everything by start time (Jaeger reads top-down).
  const [first, ...rest] = spans;
  const ordered =
    first?.kind === 'total'
      ? [first, ...rest.sort((a, b) => a.start - b.start || a.end - b.end)]
      : spans.sort((a, b) => a.start - b.start || a.end - b.end);
  return {
    id,
    start,
    end: Math.max(end, ...ordered.map((s) => s.end)),
    spans: ordered,
    marks,
    ...(status !== undefined ? { status } : {}),
    ...(target ? { target } : {}),
  };
}

export interface Arrow {
  msgId: string;
  kind: string;
  from: string;
  to: string;
  t: number;
  arriveAt: number;
  /** The message pattern (request, event, reply hops). */
  pattern?: string;
  /** HTTP hops: `GET /orders/:id` (request) and the status (response), when still known. */
  route?: string;
  status?: number;
}

export interface Sequence {
  lanes: string[];
  arrows: Arrow[];
  drops: { msgId: string; at: string; t: number }[];
  t0: number;
  t1: number;
}

/**
 * The hops of the last `n` messages, and the lanes they need: `order` first (client, gateway,
 * broker, instances as the model lists them), then any other endpoint in first-seen order.
 */
export function sequenceOf(
  events: readonly AnyEvent[],
  order: readonly string[],
  n: number,
): Sequence {
  const all = events.map(loose);
  const hops = all.filter((e) => e.type === 'hop' && e.msgId !== undefined);
  const keep = new Set<string>();
  for (let i = hops.length - 1; i >= 0 && keep.size < n; i--) keep.add(hops[i]!.msgId!);
  // HTTP hops carry the request id as msgId: their route and status come from the HTTP events.
  const routes = new Map<string, string>();
  const statuses = new Map<string, number>();
  // A hop without its pattern takes it from the send/emit of its message.
  const patterns = new Map<string, string>();
  for (const e of all) {
    if (
      (e.type === 'client.send' || e.type === 'client.emit') &&
      e.msgId !== undefined &&
      e.pattern !== undefined &&
      keep.has(e.msgId)
    )
      patterns.set(e.msgId, e.pattern);
    if (e.reqId === undefined || !keep.has(e.reqId)) continue;
    if (e.type === 'http.request') routes.set(e.reqId, `${e.method ?? ''} ${e.path ?? ''}`.trim());
    else if (e.type === 'http.response' && e.status !== undefined) statuses.set(e.reqId, e.status);
  }
  const arrows: Arrow[] = hops
    .filter((h) => keep.has(h.msgId!))
    .map((h) => {
      const kind = h.kind ?? 'request';
      const route = kind === 'http' ? routes.get(h.msgId!) : undefined;
      const status = kind !== 'http' ? statuses.get(h.msgId!) : undefined;
      const pattern = h.pattern ?? patterns.get(h.msgId!);
      return {
        msgId: h.msgId!,
        kind,
        from: str(h.from),
        to: str(h.to),
        t: h.t,
        arriveAt: h.arriveAt ?? h.t,
        ...(pattern !== undefined ? { pattern } : {}),
        ...(route ? { route } : {}),
        ...(status !== undefined ? { status } : {}),
      };
    });
  const drops = all
    .filter((e) => e.type === 'message.dropped' && e.msgId !== undefined && keep.has(e.msgId))
    .map((e) => ({ msgId: e.msgId!, at: e.instance ?? '', t: e.t }));
  const lanes = [...order];
  const seen = new Set(lanes);
  for (const a of arrows)
    for (const node of [a.from, a.to])
      if (!seen.has(node)) {
        seen.add(node);
        lanes.push(node);
      }
  const used = new Set(arrows.flatMap((a) => [a.from, a.to]));
  const t0 = arrows.length ? Math.min(...arrows.map((a) => a.t)) : 0;
  const t1 = arrows.length ? Math.max(...arrows.map((a) => a.arriveAt)) : 0;
  return { lanes: lanes.filter((l) => used.has(l) || order.includes(l)), arrows, drops, t0, t1 };
}
