/**
 * The HTTP client and the gateway's `ClientProxy`: requests in, `send()` / `emit()` out, and what
 * NestJS developers add around `send()` — `timeout()`, `retry()`, a circuit breaker per target
 * service and a fallback (docs/resilience.md). Pending requests are matched to their replies;
 * the first reply wins, later ones are dropped (`late-reply`).
 */
import type { MessageId, NodeId, RequestId, SimTime } from '../../shared';
import { Histogram } from '../core/histogram';
import { CircuitBreaker } from '../resilience/circuitBreaker';
import { mayRetry, retryDelay } from '../resilience/retry';
import type { InstanceId } from '../../shared';
import type { Msg, ReplyBody, ServiceRt, TransportModel } from '../transports/transport';
import type { BreakerState, Envelope, RouteSpec } from '../types';
import type { World } from '../simulation';

interface Pending {
  msgId: MessageId;
  reqId: RequestId;
  route: RouteSpec;
  settled: boolean;
  /** Values of a streamed reply received so far (NestJS's Observable emits each one). */
  values?: unknown[];
  target: ServiceRt;
  /** 0 = the first send, k = the k-th retry. */
  attempt: number;
}

/** How a call attempt ended badly. */
type Failure = 'timeout' | 'error' | 'open';

interface HttpReq {
  reqId: RequestId;
  startedAt: SimTime;
  route: RouteSpec;
}

/** `customer-{n%3}` with n = 7 → `customer-1`; `{n}` → the request number. */
function messageKey(template: string, n: number): string {
  return template.replace(/\{n(?:%(\d+))?\}/g, (_m, k: string | undefined) =>
    String(k ? n % Number(k) : n),
  );
}

export class Gateway {
  private readonly http = new Map<RequestId, HttpReq>();
  private readonly pending = new Map<MessageId, Pending>();
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
    return this.pending.size;
  }

  get hasBreakers(): boolean {
    return this.breakers.size > 0;
  }

  replyArrived(msg: Msg, from: InstanceId | null, reply: ReplyBody): void {
    const msgId = msg.id;
    const reqId = msg.reqId;
    const p = this.pending.get(msgId);
    if (!p || p.settled) {
      // First reply wins; NestJS drops the rest ("No matching callback found …").
      this.w.dropped(msg, 'late-reply', from ?? undefined);
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
    this.unpend(msgId, p);
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
      this.respond(p.reqId, p.route.okStatus);
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
  private attemptFailed(p: Pending, failure: Failure): void {
    const route = p.route;
    if (failure !== 'open') this.breakers.get(p.target.id)?.failure(this.w.now);
    if (mayRetry(route.retry, p.attempt)) {
      const attempt = p.attempt + 1;
      const delay = retryDelay(route.retry!, attempt, this.w.rng);
      this.w.counters.retries++;
      this.w.tickers.window.retries++;
      const prev = p.msgId;
      this.w.schedule(this.w.now + delay, () =>
        this.sendAttempt(p.reqId, route, p.target, attempt, prev, delay),
      );
      return;
    }
    this.callFailed(p.reqId, route, failure);
  }

  private callFailed(reqId: RequestId, route: RouteSpec, failure: Failure): void {
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
      this.respond(reqId, fb.status);
      return;
    }
    this.respond(
      reqId,
      failure === 'timeout'
        ? route.timeoutStatus
        : failure === 'open'
          ? (route.circuitBreaker?.status ?? route.errorStatus)
          : route.errorStatus,
    );
  }

  private unpend(msgId: MessageId, p: Pending): void {
    this.pending.delete(msgId);
    const pattern = p.route.pattern;
    this.pendingByPattern.set(pattern, (this.pendingByPattern.get(pattern) ?? 1) - 1);
  }

  isPending(msgId: MessageId): boolean {
    return this.pending.has(msgId);
  }

  pendingOf(pattern: string): number {
    return this.pendingByPattern.get(pattern) ?? 0;
  }

  fireHttp(routeKey: string, count: number, everyMs: number): void {
    const route = this.w.routes.get(routeKey);
    if (!route || count <= 0) return;
    this.startHttp(route);
    // Chain the rest one at a time: a 100 000-request script costs one queue entry, not 100 000.
    if (count > 1)
      this.w.schedule(this.w.now + everyMs, () => this.fireHttp(routeKey, count - 1, everyMs));
  }

  startHttp(route: RouteSpec): void {
    const reqId = `r${++this.reqSeq}`;
    this.http.set(reqId, { reqId, startedAt: this.w.now, route });
    this.w.trace({
      t: this.w.now,
      type: 'http.request',
      reqId,
      method: route.method,
      path: route.path,
    });
    this.w.transmit(
      {
        msgId: reqId,
        reqId,
        kind: 'http',
        from: this.w.clientId,
        to: this.w.gatewayId,
        wire: this.httpWire(route),
      },
      this.w.timing.http,
      () => this.gatewayHandles(reqId, route),
    );
  }

  private newMessage(kind: Msg['kind'], route: RouteSpec, reqId: RequestId): Msg {
    const msg = this.plainMessage(kind, route, reqId);
    if (this.w.faults.takePoison(route.key)) msg.poison = true;
    return msg;
  }

  private plainMessage(kind: Msg['kind'], route: RouteSpec, reqId: RequestId): Msg {
    const n = Number(reqId.slice(1));
    const msg: Msg = {
      id: this.w.rng.hex(21),
      kind,
      pattern: route.pattern,
      data: kind === 'request' ? { id: n } : { orderId: n },
      reqId,
      sentAt: this.w.now,
      handlings: 0,
      n,
    };
    if (route.messageKey !== undefined) msg.key = messageKey(route.messageKey, n);
    return msg;
  }

  private gatewayHandles(reqId: RequestId, route: RouteSpec): void {
    if (route.action === 'send') {
      this.sendAttempt(reqId, route, this.w.serviceById.get(route.to[0]!)!, 0, undefined, 0);
      return;
    }
    const msg = this.newMessage('event', route, reqId);
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
      if (failure === undefined) this.respond(reqId, route.okStatus);
      else {
        this.w.trace({
          t: this.w.now,
          type: 'request.error',
          msgId: msg.id,
          reqId,
          error: failure,
        });
        this.respond(reqId, route.errorStatus);
      }
    };
    for (const [transport, list] of byTransport) transport.emit(msg, list, published);
  }

  /**
   * One `send()` attempt: through the target's circuit breaker (an open breaker refuses at once,
   * without touching the broker), with its own `timeout()`.
   */
  private sendAttempt(
    reqId: RequestId,
    route: RouteSpec,
    target: ServiceRt,
    attempt: number,
    prevMsgId: MessageId | undefined,
    delayMs: number,
  ): void {
    if (!this.http.has(reqId)) return;
    const breaker = this.breakers.get(target.id);
    if (breaker !== undefined && !breaker.allow(this.w.now)) {
      const faultId = this.w.faults.last;
      this.w.trace(
        faultId === undefined
          ? { t: this.w.now, type: 'breaker.rejected', reqId, target: target.id }
          : { t: this.w.now, type: 'breaker.rejected', reqId, target: target.id, faultId },
      );
      this.callFailed(reqId, route, 'open');
      return;
    }
    const msg = this.newMessage('request', route, reqId);
    const p: Pending = { msgId: msg.id, reqId, route, settled: false, target, attempt };
    this.pending.set(msg.id, p);
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
    if (route.timeoutMs !== undefined)
      this.w.schedule(this.w.now + route.timeoutMs, () => {
        if (p.settled) return;
        p.settled = true;
        this.unpend(msg.id, p);
        const faultId = this.w.faults.last;
        this.w.trace(
          faultId === undefined
            ? { t: this.w.now, type: 'request.timeout', msgId: msg.id, reqId }
            : { t: this.w.now, type: 'request.timeout', msgId: msg.id, reqId, faultId },
        );
        const error = target.transport.timeoutError?.(msg);
        if (error !== undefined)
          this.w.trace({ t: this.w.now, type: 'request.error', msgId: msg.id, reqId, error });
        this.attemptFailed(p, 'timeout');
      });
    target.transport.send(msg, target);
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

  private respond(reqId: RequestId, status: number): void {
    const req = this.http.get(reqId);
    if (!req) return;
    this.http.delete(reqId);
    this.w.transmit(
      {
        msgId: reqId,
        reqId,
        kind: status >= 400 ? 'error' : 'http-response',
        from: this.w.gatewayId,
        to: this.w.clientId,
        wire: this.statusWire(status),
      },
      this.w.timing.http,
      () => {
        const ms = Math.round((this.w.now - req.startedAt) * 1000) / 1000;
        this.w.counters.httpTotal++;
        this.w.counters.byStatus[status] = (this.w.counters.byStatus[status] ?? 0) + 1;
        this.latencies.add(ms);
        this.w.tickers.response(status, ms);
        this.w.trace({ t: this.w.now, type: 'http.response', reqId, status, ms });
      },
    );
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
