/**
 * The HTTP client and the gateway's `ClientProxy`: requests in, `send()` / `emit()` out, and what
 * NestJS developers add around `send()` — `timeout()`, `retry()`, a circuit breaker per target
 * service and a fallback (docs/resilience.md). Pending requests are matched to their replies;
 * the first reply wins, later ones are dropped (`late-reply`).
 */
import type { InstanceId, MessageId, NodeId } from '../../shared';
import { Histogram } from '../core/histogram';
import type { Step } from '../core/step';
import { CircuitBreaker } from '../resilience/circuitBreaker';
import { mayRetry, retryDelay } from '../resilience/retry';
import type {
  HttpRequest,
  Msg,
  PendingCall,
  ReplyBody,
  ServiceRt,
  TransportModel,
} from '../transports/transport';
import type { BreakerState, Envelope, RouteSpec } from '../types';
import type { World } from '../simulation';

/** How a call attempt ended badly. */
type Failure = 'timeout' | 'error' | 'open';

/** `customer-{n%3}` with n = 7 → `customer-1`; `{n}` → the request number. */
function messageKey(template: string, n: number): string {
  return template.replace(/\{n(?:%(\d+))?\}/g, (_m, k: string | undefined) =>
    String(k ? n % Number(k) : n),
  );
}

// The gateway's hot-path continuations (see core/step.ts): long-lived, no closure per request.
const RECEIVED: Step<Gateway, HttpRequest> = { run: (gw, req) => gw.received(req) };
const NEXT_HTTP: Step<Gateway, string, number, number> = {
  run: (gw, routeKey, count, everyMs) => gw.fireHttp(routeKey, count, everyMs),
};
const ANSWERED: Step<Gateway, HttpRequest, number> = {
  run: (gw, req, status) => gw.answered(req, status),
};
const TIMED_OUT: Step<Gateway, PendingCall> = { run: (gw, p) => gw.timedOut(p) };

export class Gateway {
  /** Calls waiting for a reply (each is also on its message: `msg.call`). */
  private pending = 0;
  private readonly pendingByPattern = new Map<string, number>();
  /** Circuit breakers by target service (shared by every route to it). */
  private readonly breakers = new Map<NodeId, CircuitBreaker>();
  private readonly emitGroups = new Map<RouteSpec, [TransportModel, ServiceRt[]][]>();
  private readonly routeWires = new Map<RouteSpec, Envelope>();
  private readonly statusWires = new Map<number, Envelope>();
  /** Every HTTP latency so far (ms). */
  readonly latencies = new Histogram();
  private reqSeq = 0;

  constructor(private readonly w: World) {
    for (const r of w.model.routes)
      if (r.circuitBreaker && r.action === 'send') this.breakerOf(r.to[0]!, r);
  }

  /** Requests waiting for a reply. */
  get pendingCount(): number {
    return this.pending;
  }

  get hasBreakers(): boolean {
    return this.breakers.size > 0;
  }

  replyArrived(msg: Msg, from: InstanceId | null, reply: ReplyBody): void {
    const msgId = msg.id;
    const reqId = msg.reqId;
    const p = msg.call;
    if (p === undefined || p.settled) {
      // First reply wins; NestJS drops the rest ("No matching callback found …").
      this.w.dropped(
        msg,
        'late-reply',
        from ?? undefined,
        undefined,
        p === undefined ? undefined : p.settledBy === 'reply',
      );
      return;
    }
    if (reply.ok && reply.stream !== undefined) {
      // A streamed packet: the Observable emits its value; the first `isDisposed` completes it,
      // whichever instance sent it (spec §2: values of two instances interleave).
      (p.values ??= []).push(reply.response);
      if (reply.more) {
        if (from !== null)
          this.w.trace({
            t: this.w.now,
            type: 'reply.received',
            msgId,
            reqId,
            instance: from,
            value: reply.response,
            more: true,
          });
        return;
      }
    }
    p.settled = true;
    p.settledBy = 'reply';
    this.unpend(p);
    if (from !== null)
      this.w.trace(
        p.values === undefined
          ? { t: this.w.now, type: 'reply.received', msgId, reqId, instance: from }
          : {
              t: this.w.now,
              type: 'reply.received',
              msgId,
              reqId,
              instance: from,
              value: reply.ok ? reply.response : undefined,
              more: false,
              values: p.values,
            },
      );
    if (reply.ok) {
      this.breakers.get(p.target.id)?.success(this.w.now);
      this.respond(p.req, p.route.okStatus);
    } else {
      const faultId = this.w.faults.last;
      this.w.trace(
        faultId === undefined
          ? { t: this.w.now, type: 'request.error', msgId, reqId, error: reply.err }
          : { t: this.w.now, type: 'request.error', msgId, reqId, error: reply.err, faultId },
      );
      this.attemptFailed(p, 'error');
    }
  }

  /**
   * One attempt failed (timeout or error reply): the breaker counts it, `retry()` re-sends after
   * its backoff, or the call ends — with the fallback if there is one.
   */
  private attemptFailed(p: PendingCall, failure: Failure): void {
    const route = p.route;
    if (failure !== 'open') this.breakers.get(p.target.id)?.failure(this.w.now);
    if (mayRetry(route.retry, p.attempt)) {
      const attempt = p.attempt + 1;
      const delay = retryDelay(route.retry!, attempt, this.w.rng);
      this.w.counters.retries++;
      this.w.tickers.window.retries++;
      const prev = p.msg.id;
      this.w.schedule(this.w.now + delay, () =>
        this.sendAttempt(p.req, route, p.target, attempt, prev, delay),
      );
      return;
    }
    this.callFailed(p.req, route, failure);
  }

  private callFailed(req: HttpRequest, route: RouteSpec, failure: Failure): void {
    const reqId = req.reqId;
    const fb = route.fallback;
    if (fb !== undefined) {
      this.w.counters.fallbacks++;
      this.w.tickers.window.fallbacks++;
      const faultId = this.w.faults.last;
      this.w.trace(
        faultId === undefined
          ? { t: this.w.now, type: 'fallback.used', reqId, status: fb.status }
          : { t: this.w.now, type: 'fallback.used', reqId, status: fb.status, faultId },
      );
      this.respond(req, fb.status);
      return;
    }
    this.respond(
      req,
      failure === 'timeout'
        ? route.timeoutStatus
        : failure === 'open'
          ? (route.circuitBreaker?.status ?? route.errorStatus)
          : route.errorStatus,
    );
  }

  private unpend(p: PendingCall): void {
    this.pending--;
    const pattern = p.route.pattern;
    this.pendingByPattern.set(pattern, (this.pendingByPattern.get(pattern) ?? 1) - 1);
  }

  pendingOf(pattern: string): number {
    return this.pendingByPattern.get(pattern) ?? 0;
  }

  fireHttp(routeKey: string, count: number, everyMs: number): void {
    const route = this.w.routes.get(routeKey);
    if (!route || count <= 0) return;
    this.startHttp(route);
    // Chain the rest one at a time: a 100 000-request script costs one queue entry, not 100 000.
    if (count > 1) this.w.at(this.w.now + everyMs, NEXT_HTTP, this, routeKey, count - 1, everyMs);
  }

  startHttp(route: RouteSpec): void {
    const n = ++this.reqSeq;
    const reqId = `r${n}`;
    const req: HttpRequest = { reqId, n, startedAt: this.w.now, route, open: true };
    this.w.trace({
      t: this.w.now,
      type: 'http.request',
      reqId,
      method: route.method,
      path: route.path,
    });
    this.w.transmitTo(
      {
        msgId: reqId,
        reqId,
        kind: 'http',
        from: this.w.clientId,
        to: this.w.gatewayId,
        wire: this.httpWire(route),
      },
      this.w.timing.http,
      RECEIVED,
      this,
      req,
      undefined,
      undefined,
      null,
    );
  }

  private newMessage(kind: Msg['kind'], route: RouteSpec, req: HttpRequest): Msg {
    const msg = this.plainMessage(kind, route, req);
    if (this.w.faults.takePoison(route.key)) msg.poison = true;
    return msg;
  }

  private plainMessage(kind: Msg['kind'], route: RouteSpec, req: HttpRequest): Msg {
    const n = req.n;
    const msg: Msg = {
      id: this.w.rng.hex(21),
      kind,
      pattern: route.pattern,
      data: kind === 'request' ? { id: n } : { orderId: n },
      reqId: req.reqId,
      n,
      // Every optional field present from the start: one object shape for every message.
      key: route.messageKey !== undefined ? messageKey(route.messageKey, n) : undefined,
      handledBy: undefined,
      encoded: undefined,
      poison: undefined,
      call: undefined,
      client: this.w.gatewayId,
      outcall: undefined,
    };
    return msg;
  }

  /** The HTTP request reached the gateway: `send()` or `emit()`. */
  received(req: HttpRequest): void {
    const route = req.route;
    const reqId = req.reqId;
    if (this.w.data.active) this.w.data.accepted(req);
    if (route.action === 'send') {
      this.sendAttempt(req, route, this.w.serviceById.get(route.to[0]!)!, 0, undefined, 0);
      return;
    }
    const msg = this.newMessage('event', route, req);
    if (this.w.data.active && this.w.data.outboxOn(route)) {
      // The write and the event row commit in one transaction: the request is done; the relay
      // publishes the row later (world/records.ts).
      this.w.data.enqueue(route, req, msg);
      this.respond(req, route.okStatus);
      return;
    }
    this.w.trace({
      t: this.w.now,
      type: 'client.emit',
      msgId: msg.id,
      pattern: msg.pattern,
      reqId,
      to: route.to,
    });
    const byTransport = this.emitTargets(route);
    let waiting = byTransport.length;
    let failure: unknown;
    const published = (error?: unknown) => {
      if (error !== undefined && failure === undefined) failure = error;
      if (--waiting > 0) return;
      if (failure === undefined) this.respond(req, route.okStatus);
      else {
        this.w.trace({
          t: this.w.now,
          type: 'request.error',
          msgId: msg.id,
          reqId,
          error: failure,
        });
        this.respond(req, route.errorStatus);
      }
    };
    for (const [transport, list] of byTransport) transport.emit(msg, list, published);
  }

  /** The outbox relay publishes a row's event (the same message, so the same id each time). */
  publish(msg: Msg, route: RouteSpec): void {
    this.w.trace({
      t: this.w.now,
      type: 'client.emit',
      msgId: msg.id,
      pattern: msg.pattern,
      reqId: msg.reqId,
      to: route.to,
    });
    // A failed publish (client disconnected) leaves the row for the next poll.
    for (const [transport, list] of this.emitTargets(route)) transport.emit(msg, list, () => {});
  }

  /**
   * One `send()` attempt: through the target's circuit breaker (an open breaker refuses at once,
   * without touching the broker), with its own `timeout()`.
   */
  private sendAttempt(
    req: HttpRequest,
    route: RouteSpec,
    target: ServiceRt,
    attempt: number,
    prevMsgId: MessageId | undefined,
    delayMs: number,
  ): void {
    if (!req.open) return;
    const reqId = req.reqId;
    const breaker = this.breakers.get(target.id);
    if (breaker !== undefined && !breaker.allow(this.w.now)) {
      const faultId = this.w.faults.last;
      this.w.trace(
        faultId === undefined
          ? { t: this.w.now, type: 'breaker.rejected', reqId, target: target.id }
          : { t: this.w.now, type: 'breaker.rejected', reqId, target: target.id, faultId },
      );
      this.callFailed(req, route, 'open');
      return;
    }
    const msg = this.newMessage('request', route, req);
    const p: PendingCall = { msg, req, route, settled: false, values: undefined, target, attempt };
    msg.call = p;
    this.pending++;
    this.pendingByPattern.set(msg.pattern, (this.pendingByPattern.get(msg.pattern) ?? 0) + 1);
    if (prevMsgId !== undefined)
      this.w.trace({
        t: this.w.now,
        type: 'request.retry',
        msgId: msg.id,
        attempt,
        reqId,
        prevMsgId,
        delayMs,
      });
    this.w.trace({
      t: this.w.now,
      type: 'client.send',
      msgId: msg.id,
      pattern: msg.pattern,
      reqId,
      to: target.id,
    });
    if (route.timeoutMs !== undefined) this.w.at(this.w.now + route.timeoutMs, TIMED_OUT, this, p);
    target.transport.send(msg, target);
  }

  /** The attempt's `timeout()` fired (unless it was answered first). */
  timedOut(p: PendingCall): void {
    if (p.settled) return;
    p.settled = true;
    p.settledBy = 'timeout';
    this.unpend(p);
    const msg = p.msg;
    const reqId = msg.reqId;
    const faultId = this.w.faults.last;
    this.w.trace(
      faultId === undefined
        ? { t: this.w.now, type: 'request.timeout', msgId: msg.id, reqId }
        : { t: this.w.now, type: 'request.timeout', msgId: msg.id, reqId, faultId },
    );
    const error = p.target.transport.timeoutError?.(msg);
    if (error !== undefined)
      this.w.trace({ t: this.w.now, type: 'request.error', msgId: msg.id, reqId, error });
    this.attemptFailed(p, 'timeout');
  }

  /** One ClientProxy per target service, grouped by transport (cached per route). */
  private emitTargets(route: RouteSpec): [TransportModel, ServiceRt[]][] {
    let groups = this.emitGroups.get(route);
    if (!groups) {
      const byTransport = new Map<TransportModel, ServiceRt[]>();
      for (const id of route.to) {
        const t = this.w.serviceById.get(id)!;
        byTransport.set(t.transport, [...(byTransport.get(t.transport) ?? []), t]);
      }
      groups = [...byTransport];
      this.emitGroups.set(route, groups);
    }
    return groups;
  }

  /** Wire envelopes of HTTP hops never change: shared, read-only (no allocation per request). */
  private httpWire(route: RouteSpec): Envelope {
    let w = this.routeWires.get(route);
    if (!w)
      this.routeWires.set(route, (w = { channel: `${route.method} ${route.path}`, body: {} }));
    return w;
  }

  private statusWire(status: number): Envelope {
    let w = this.statusWires.get(status);
    if (!w)
      this.statusWires.set(
        status,
        (w = { channel: `HTTP ${status}`, body: { statusCode: status } }),
      );
    return w;
  }

  private respond(req: HttpRequest, status: number): void {
    if (!req.open) return;
    req.open = false;
    const reqId = req.reqId;
    this.w.transmitTo(
      {
        msgId: reqId,
        reqId,
        kind: status >= 400 ? 'error' : 'http-response',
        from: this.w.gatewayId,
        to: this.w.clientId,
        wire: this.statusWire(status),
      },
      this.w.timing.http,
      ANSWERED,
      this,
      req,
      status,
      undefined,
      null,
    );
  }

  /** The HTTP response reached the client. */
  answered(req: HttpRequest, status: number): void {
    const ms = Math.round((this.w.now - req.startedAt) * 1000) / 1000;
    const counters = this.w.counters;
    counters.httpTotal++;
    counters.byStatus[status] = (counters.byStatus[status] ?? 0) + 1;
    this.latencies.add(ms);
    this.w.tickers.response(status, ms);
    this.w.trace({ t: this.w.now, type: 'http.response', reqId: req.reqId, status, ms });
  }

  breakerOf(target: NodeId, route: RouteSpec): CircuitBreaker {
    let b = this.breakers.get(target);
    if (!b) {
      b = new CircuitBreaker(route.circuitBreaker!, (from, to) => {
        const faultId = this.w.faults.last;
        this.w.trace(
          faultId === undefined
            ? { t: this.w.now, type: 'breaker.state', target, from, to }
            : { t: this.w.now, type: 'breaker.state', target, from, to, faultId },
        );
      });
      this.breakers.set(target, b);
    }
    return b;
  }

  breakerStates(): Record<NodeId, BreakerState> {
    const out: Record<NodeId, BreakerState> = {};
    for (const [id, b] of this.breakers) out[id] = b.state;
    return out;
  }
}
