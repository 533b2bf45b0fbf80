/**
 * The world: virtual clock, event queue, instances, the HTTP client and the gateway's ClientProxy.
 * Who receives what is the transports' business (transports/*); this file only moves time forward,
 * runs handlers and settles requests. Deterministic: all time is virtual and all chance is `rng`.
 */
import type { InstanceId, MessageId, NodeId, RequestId, SimTime, TransportKind } from '../shared';
import { instanceId, parseInstanceId } from '../shared';
import { EventQueue } from './core/eventQueue';
import { Histogram } from './core/histogram';
import { Rng } from './core/rng';
import { decide } from './resilience/autoscaler';
import { CircuitBreaker } from './resilience/circuitBreaker';
import { LinkFaults, linkName, type LinkFault } from './resilience/faults';
import { arrivalOffset, burstOffset, type LoadSpec } from './resilience/load';
import { MetricsWindow } from './resilience/metrics';
import { mayRetry, retryDelay } from './resilience/retry';
import {
  INTERNAL_SERVER_ERROR,
  NO_MESSAGE_HANDLER,
  noEventHandler,
  rmqUnsupportedEvent,
} from './nestErrors';
import { DEFAULT_TIMING, type TransportTiming } from './timing';
import { TRANSPORTS } from './transports';
import type {
  HandleOpts,
  InstanceRt,
  Msg,
  MsgRef,
  ReplyBody,
  ServiceRt,
  TransportContext,
  TransportModel,
} from './transports/transport';
import type {
  BreakerState,
  Command,
  Counters,
  DropReason,
  Envelope,
  FaultInfo,
  FaultKind,
  HandlerSpec,
  Hop,
  Link,
  MessageKind,
  RouteSpec,
  SimModel,
  Snapshot,
  TraceEvent,
} from './types';

/** The reply of a request refused by a full bulkhead (what a NestJS guard/interceptor would throw). */
export const TOO_MANY_REQUESTS = { status: 'error', message: 'Too many requests' } as const;

/** The autoscaler evaluates every this many virtual ms. */
export const AUTOSCALE_EVERY_MS = 1000;

export interface SimulationOptions {
  /** Receives every trace event, in time order, as it happens. */
  onTrace?: (e: TraceEvent) => void;
  /** Overrides the scenario's seed. */
  seed?: number;
  /**
   * Emit a `metrics.sample` trace event every this many virtual ms (live charts). Absent = none.
   * Samples stop when nothing else is scheduled and resume on the next command.
   */
  metricsEveryMs?: number;
}

/** A running simulation. Everything it returns is plain data. */
export interface Simulation {
  /** Current virtual time (ms). */
  readonly now: SimTime;
  /** Processes every event with time ≤ `t`, then sets `now` to `t`. */
  runUntil(t: SimTime): void;
  /** Applies a command (fire a route, kill, restart, scale) at `now`. */
  apply(cmd: Command): void;
  /** Time of the next scheduled event, if any. */
  nextEventTime(): SimTime | undefined;
  /** True when nothing is scheduled: the script is done and nothing is in flight or waiting on a timer. */
  isQuiet(): boolean;
  /** The whole visible state at `now`. */
  snapshot(opts?: { inFlight?: boolean }): Snapshot;
  /** Percentiles of every HTTP latency (ms) so far (kept as a histogram: memory stays flat). */
  latencyPercentiles(): { p50: number; p95: number; p99: number };
  /** Handler executions per instance (including instances scaled away) and pattern. */
  handledByInstance(): Record<InstanceId, Record<string, number>>;
}

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

const SHARE_PREFIX = /^\$share\/[^/]+\//;

type HopRecord = Hop & { type: 'hop'; t: SimTime };

class World implements Simulation, TransportContext {
  now: SimTime = 0;
  readonly rng: Rng;
  readonly timing: TransportTiming = DEFAULT_TIMING;
  readonly brokerId: NodeId | null;
  readonly gatewayId: NodeId;
  private readonly clientId: NodeId;
  private readonly queue = new EventQueue<() => void>();
  private readonly serviceList: ServiceRt[] = [];
  private readonly serviceById = new Map<NodeId, ServiceRt>();
  private readonly everyInstance = new Map<InstanceId, InstanceRt>();
  private readonly transports = new Map<TransportKind, TransportModel>();
  private readonly routes = new Map<string, RouteSpec>();
  private readonly pending = new Map<MessageId, Pending>();
  private readonly pendingByPattern = new Map<string, number>();
  private readonly http = new Map<RequestId, HttpReq>();
  /**
   * Hops sent so far that may still be on a link. Why an array and not a Map keyed by hop: the
   * hot path then only pushes (no delete, no wrapper closure per hop); arrived hops are swept
   * out lazily (arriveAt ≤ now), amortised O(1) per hop.
   */
  private inflight: HopRecord[] = [];
  private inflightSweepAt = 1024;
  private readonly emitGroups = new Map<RouteSpec, [TransportModel, ServiceRt[]][]>();
  private readonly routeWires = new Map<RouteSpec, Envelope>();
  private readonly statusWires = new Map<number, Envelope>();
  private readonly httpLatencies = new Histogram();
  /** Last arrival time per FIFO key (streamed reply packets keep their order on a link). */
  private readonly fifoArrivals = new Map<string, number>();
  private readonly counters: Counters = {
    httpTotal: 0,
    byStatus: {},
    pending: 0,
    dropped: 0,
    duplicates: 0,
    retries: 0,
    fallbacks: 0,
    duplicatesAvoided: 0,
    rejected: 0,
    deadLettered: 0,
  };
  // ── resilience lab ──
  private readonly breakers = new Map<NodeId, CircuitBreaker>();
  private readonly linkFaults = new LinkFaults();
  /** Active faults by `kind:target` (insertion order = age). */
  private readonly faults = new Map<string, FaultInfo>();
  private readonly linkFaultByKey = new Map<string, LinkFault>();
  private faultSeq = 0;
  /** The most recent active fault: effects while it lasts point at it. */
  private lastFault: string | undefined;
  private readonly poisonNext = new Set<string>();
  private readonly loads = new Map<string, number>();
  private loadSeq = 0;
  private readonly metricsEveryMs: number;
  private metricsOn = false;
  private autoscaleTickOn = false;
  /** Ticker entries in the queue (a ticker stops when only tickers are left). */
  private bg = 0;
  private readonly window = new MetricsWindow();
  private lastSampleAt = 0;
  private readonly areaAtSample = new Map<InstanceRt, number>();
  private readonly areaAtScaleTick = new Map<InstanceRt, number>();
  private lastScaleTickAt = 0;
  private reqSeq = 0;
  brokerAlive = true;
  brokerEpoch = 0;
  /** The fault of the latest broker outage (drops across it point at it, even after `brokerUp`). */
  private brokerFault: string | undefined;

  constructor(
    private readonly model: SimModel,
    private readonly onTrace: (e: TraceEvent) => void,
    seed: number,
    metricsEveryMs?: number,
  ) {
    this.rng = new Rng(seed);
    this.metricsEveryMs = metricsEveryMs !== undefined && metricsEveryMs > 0 ? metricsEveryMs : 0;
    this.brokerId = model.broker?.id ?? null;
    this.gatewayId = model.gateway.id;
    this.clientId = model.client.id;
    for (const r of model.routes) this.routes.set(r.key, r);

    for (const spec of model.services) {
      const svc: ServiceRt = {
        spec,
        id: spec.id,
        instances: [],
        transport: undefined as never,
        slow: 1,
        errorRate: 0,
        autoscaleOn: spec.autoscale?.enabled ?? false,
        lastScaleAt: -Infinity,
      };
      this.serviceList.push(svc);
      this.serviceById.set(spec.id, svc);
      for (let i = 1; i <= spec.replicas; i++) this.addInstance(svc, i, 'up');
    }
    // One broker (or one point-to-point fabric) per transport kind in use.
    for (const svc of this.serviceList) {
      const kind = svc.spec.transport.kind;
      let transport = this.transports.get(kind);
      if (!transport) {
        transport = TRANSPORTS[kind](this);
        this.transports.set(kind, transport);
      }
      svc.transport = transport;
    }
    // Servers subscribe/consume once everything is declared.
    for (const svc of this.serviceList)
      for (const inst of svc.instances) svc.transport.instanceUp(inst);
    for (const r of model.routes)
      if (r.circuitBreaker && r.action === 'send') this.breakerOf(r.to[0]!, r);
    for (const step of model.script) this.schedule(step.at, () => this.apply(step.command));
    this.ensureTickers();
  }

  // ───────────── Simulation API ─────────────

  runUntil(t: SimTime): void {
    const q = this.queue;
    for (let next = q.peekTime(); next !== undefined && next <= t; next = q.peekTime()) {
      this.now = next;
      q.pop()!();
    }
    if (t > this.now) this.now = t;
  }

  nextEventTime(): SimTime | undefined {
    return this.queue.peekTime();
  }

  isQuiet(): boolean {
    return this.queue.size === 0;
  }

  apply(cmd: Command): void {
    this.applyCommand(cmd);
    this.ensureTickers();
  }

  private applyCommand(cmd: Command): void {
    switch (cmd.type) {
      case 'http':
        return this.fireHttp(cmd.route, cmd.count, cmd.everyMs);
      case 'kill':
        return this.kill(cmd.instance);
      case 'restart':
        return this.restart(cmd.instance);
      case 'scale':
        return this.scale(cmd.service, cmd.replicas);
      case 'brokerDown':
        return this.setBroker(false);
      case 'brokerUp':
        return this.setBroker(true);
      case 'load':
        return this.startLoad(cmd);
      case 'latency':
        return this.setLinkFault('latency', cmd.link, cmd.addMs > 0 || cmd.jitterMs > 0, {
          addMs: cmd.addMs,
          jitterMs: cmd.jitterMs,
        });
      case 'loss':
        return this.setLinkFault('loss', cmd.link, cmd.percent > 0, { percent: cmd.percent });
      case 'partition':
        return this.setLinkFault('partition', cmd.link, true, {});
      case 'heal':
        return this.setLinkFault('partition', cmd.link, false, {});
      case 'pause':
        return this.pause(cmd.instance, true);
      case 'resume':
        return this.pause(cmd.instance, false);
      case 'killService':
        return this.killService(cmd.service);
      case 'restartService':
        return this.restartService(cmd.service);
      case 'slow':
        return this.setServiceFault(cmd.service, 'slow', cmd.factor);
      case 'errorRate':
        return this.setServiceFault(cmd.service, 'error-rate', cmd.percent);
      case 'poison':
        return this.poison(cmd.route);
      case 'autoscale':
        return this.toggleAutoscale(cmd.service, cmd.enabled);
    }
  }

  snapshot(opts: { inFlight?: boolean } = {}): Snapshot {
    const m = this.model;
    const nodes: Snapshot['nodes'] = [
      { id: m.client.id, type: 'client', label: m.client.label },
      { id: m.gateway.id, type: 'gateway', label: m.gateway.label },
    ];
    if (m.broker)
      nodes.push({
        id: m.broker.id,
        type: 'broker',
        label: m.broker.label,
        transport: m.transport.kind,
      });
    for (const s of this.serviceList)
      nodes.push({
        id: s.id,
        type: 'service',
        label: s.spec.label,
        transport: s.spec.transport.kind,
      });
    for (const t of this.transports.values()) if (t.nodes) nodes.push(...t.nodes());
    const inFlight: Snapshot['inFlight'] = [];
    if (opts.inFlight !== false)
      for (const h of this.sweepInflight()) {
        const span = h.arriveAt - h.t;
        inFlight.push({
          ...h,
          progress: span <= 0 ? 1 : Math.min(1, Math.max(0, (this.now - h.t) / span)),
        });
      }
    return {
      now: this.now,
      nodes,
      instances: this.serviceList.flatMap((s) =>
        s.instances.map((i) => {
          const view: Snapshot['instances'][number] = {
            id: i.id,
            service: s.id,
            index: i.index,
            status: i.status,
            busy: i.busy,
            handled: { ...i.handled },
          };
          const info = i.status === 'up' ? s.transport.instanceInfo?.(i) : undefined;
          if (info?.idle) view.idle = true;
          if (info?.note) view.note = info.note;
          if (i.waiting.length > 0) view.waiting = i.waiting.length;
          if (i.paused) view.paused = true;
          return view;
        }),
      ),
      inFlight,
      queues: [...this.transports.values()].flatMap((t) => t.queues()),
      counters: {
        ...this.counters,
        byStatus: { ...this.counters.byStatus },
        pending: this.pending.size,
      },
      ...(m.broker
        ? { broker: { status: this.brokerAlive ? ('up' as const) : ('down' as const) } }
        : {}),
      ...(this.breakers.size > 0 ? { breakers: this.breakerStates() } : {}),
      ...(this.faults.size > 0 ? { faults: [...this.faults.values()].map((f) => ({ ...f })) } : {}),
      ...(this.serviceList.some((s) => s.spec.autoscale)
        ? {
            autoscale: Object.fromEntries(
              this.serviceList.filter((s) => s.spec.autoscale).map((s) => [s.id, s.autoscaleOn]),
            ),
          }
        : {}),
    };
  }

  private breakerStates(): Record<NodeId, BreakerState> {
    const out: Record<NodeId, BreakerState> = {};
    for (const [id, b] of this.breakers) out[id] = b.state;
    return out;
  }

  latencyPercentiles(): { p50: number; p95: number; p99: number } {
    const h = this.httpLatencies;
    return { p50: h.percentile(50), p95: h.percentile(95), p99: h.percentile(99) };
  }

  handledByInstance(): Record<InstanceId, Record<string, number>> {
    const out: Record<InstanceId, Record<string, number>> = {};
    for (const [id, inst] of this.everyInstance) out[id] = { ...inst.handled };
    return out;
  }

  // ───────────── TransportContext ─────────────

  trace(e: TraceEvent): void {
    this.onTrace(e);
  }

  schedule(at: SimTime, action: () => void): void {
    this.queue.push(Math.max(at, this.now), action);
  }

  services(): ServiceRt[] {
    return this.serviceList;
  }

  transmit(
    hop: {
      msgId: string;
      reqId?: RequestId;
      kind: MessageKind;
      from: string;
      to: string;
      pattern?: string;
      wire?: Envelope;
    },
    latency: { mean: number; jitter: number },
    onArrive: () => void,
    onLost?: () => void,
    fifo?: { key: string; last: boolean },
  ): void {
    let arriveAt = this.now + this.rng.around(latency.mean, latency.jitter);
    if (fifo !== undefined) {
      const previous = this.fifoArrivals.get(fifo.key);
      if (previous !== undefined && arriveAt < previous) arriveAt = previous;
      if (fifo.last) this.fifoArrivals.delete(fifo.key);
      else this.fifoArrivals.set(fifo.key, arriveAt);
    }
    // Why a size check first: no fault active (the usual case) costs one comparison per hop.
    if (this.linkFaults.size > 0) {
      const effect = this.linkFaults.effect(hop.from, hop.to, this.rng);
      arriveAt += effect.addMs;
      const lost = effect.lost;
      if (lost !== undefined) {
        // Lost on the wire: the token travels, then vanishes.
        onArrive = () =>
          this.dropped({ id: hop.msgId, reqId: hop.reqId }, lost.reason, undefined, lost.faultId);
        onLost = onArrive;
      }
    }
    // The caller's fresh literal becomes the trace event and the in-flight record: no copy.
    const record = hop as HopRecord;
    record.type = 'hop';
    record.t = this.now;
    record.arriveAt = arriveAt;
    const inflight = this.inflight;
    inflight.push(record);
    if (inflight.length >= this.inflightSweepAt) this.sweepInflight();
    this.trace(record);
    const b = this.brokerId;
    if (b === null || (hop.to !== b && hop.from !== b)) {
      this.queue.push(arriveAt, onArrive);
      return;
    }
    // Through the broker: lost if it is down at arrival or went down while the hop was on the wire.
    const epoch = this.brokerEpoch;
    this.queue.push(arriveAt, () => {
      if (epoch === this.brokerEpoch && this.brokerAlive) onArrive();
      else if (onLost) onLost();
      else this.dropped({ id: hop.msgId, reqId: hop.reqId }, 'broker-down');
    });
  }

  /** Drops hops that have arrived; returns those still on a link. */
  private sweepInflight(): HopRecord[] {
    const now = this.now;
    const kept = this.inflight.filter((h) => h.arriveAt > now);
    this.inflight = kept;
    this.inflightSweepAt = Math.max(1024, kept.length * 2);
    return kept;
  }

  log(inst: InstanceRt, level: 'LOG' | 'WARN' | 'ERROR', text: string): void {
    this.trace({ t: this.now, type: 'server.log', instance: inst.id, level, text });
  }

  private setBroker(alive: boolean): void {
    if (this.brokerId === null || this.brokerAlive === alive) return;
    this.brokerAlive = alive;
    // The outage is a fault: raised before its effects, cleared before the broker is back.
    if (alive) this.clearFault('broker-down', this.brokerId);
    else {
      this.brokerEpoch++;
      this.brokerFault = this.raiseFault('broker-down', this.brokerId, {}).faultId;
    }
    this.trace({ t: this.now, type: alive ? 'broker.up' : 'broker.down' });
    for (const t of this.transports.values()) {
      if (!t.hasBroker) continue;
      if (alive) t.brokerUp?.();
      else t.brokerDown?.();
    }
  }

  handle(
    inst: InstanceRt,
    msg: Msg,
    done: (reply: ReplyBody, handler: HandlerSpec) => void,
    opts?: HandleOpts,
  ): void {
    if (inst.status !== 'up') {
      this.dropped(msg, 'instance-down', inst.id, inst.downFault);
      return;
    }
    const handler = this.handlerOf(inst.service, msg.pattern);
    this.traceDelivered(inst, msg, opts);
    if (!handler) {
      opts?.onFinish?.('no-handler');
      if (msg.kind === 'request') {
        // The server answers at once with NestJS's NO_MESSAGE_HANDLER string.
        done(
          { ok: false, err: NO_MESSAGE_HANDLER, noHandler: true },
          {
            pattern: msg.pattern,
            kind: 'request',
            latency: { mean: 0, jitter: 0 },
            failureRate: 0,
            failure: { type: 'rpc', message: NO_MESSAGE_HANDLER },
          },
        );
      } else if (opts?.nackUnknownEvents) {
        this.log(inst, 'WARN', rmqUnsupportedEvent(msg.pattern));
        this.dropped(msg, 'nacked', inst.id);
      } else {
        this.log(inst, 'ERROR', noEventHandler(msg.pattern));
        this.dropped(msg, 'no-handler', inst.id);
      }
      return;
    }
    const cap = inst.service.spec.capacity;
    if (inst.paused || (cap !== undefined && inst.busy >= cap.concurrency)) {
      if (cap !== undefined && inst.waiting.length >= cap.queue) {
        this.reject(inst, msg, handler, done, opts);
        return;
      }
      inst.waiting.push(() => this.work(inst, msg, handler, done, opts));
      return;
    }
    this.work(inst, msg, handler, done, opts);
  }

  /** Bulkhead full: a request gets an error reply at once, an event is dropped. */
  private reject(
    inst: InstanceRt,
    msg: Msg,
    handler: HandlerSpec,
    done: (reply: ReplyBody, handler: HandlerSpec) => void,
    opts: HandleOpts | undefined,
  ): void {
    this.counters.rejected++;
    this.trace({
      t: this.now,
      type: 'capacity.rejected',
      msgId: msg.id,
      reqId: msg.reqId,
      instance: inst.id,
      queued: inst.waiting.length,
    });
    opts?.onFinish?.('done');
    if (msg.kind === 'request') done({ ok: false, err: { ...TOO_MANY_REQUESTS } }, handler);
    else this.dropped(msg, 'capacity', inst.id);
  }

  /** Busy accounting (∫ busy dt feeds utilization). */
  private addBusy(inst: InstanceRt, delta: number): void {
    inst.busyArea += inst.busy * (this.now - inst.busyAt);
    inst.busyAt = this.now;
    inst.busy += delta;
  }

  private busyArea(inst: InstanceRt): number {
    return inst.busyArea + inst.busy * (this.now - inst.busyAt);
  }

  /** Starts waiting deliveries while there is room (bulkhead) and the instance is not paused. */
  private pump(inst: InstanceRt): void {
    const cap = inst.service.spec.capacity;
    while (
      inst.waiting.length > 0 &&
      !inst.paused &&
      inst.status === 'up' &&
      (cap === undefined || inst.busy < cap.concurrency)
    )
      inst.waiting.shift()!();
  }

  /** Runs the handler (the delivery has a slot). */
  private work(
    inst: InstanceRt,
    msg: Msg,
    handler: HandlerSpec,
    done: (reply: ReplyBody, handler: HandlerSpec) => void,
    opts: HandleOpts | undefined,
  ): void {
    const svc = inst.service;
    if (handler.idempotent) {
      const idem = (svc.idem ??= new Map());
      const seen = idem.get(msg.id);
      if (seen !== undefined && (seen.done || seen.inst.epoch === seen.epoch)) {
        this.counters.duplicatesAvoided++;
        this.trace({
          t: this.now,
          type: 'handler.skipped',
          msgId: msg.id,
          reqId: msg.reqId,
          instance: inst.id,
          reason: 'duplicate',
        });
        opts?.onFinish?.('done');
        if (msg.kind === 'request' && seen.reply !== undefined) done(seen.reply, handler);
        return;
      }
      idem.set(msg.id, { done: false, inst, epoch: inst.epoch });
    }
    msg.handlings++;
    // A second handling of one message by the same service is duplicate work (fan-out across
    // different services — kafka groups, one rmq queue each — is not).
    const by = msg.handledBy;
    if (by === undefined) msg.handledBy = [svc.id];
    else if (by.includes(svc.id)) this.counters.duplicates++;
    else by.push(svc.id);
    this.addBusy(inst, 1);
    const epoch = inst.epoch;
    let work = this.rng.around(handler.latency.mean, handler.latency.jitter);
    if (svc.slow !== 1) work = Math.round(work * svc.slow);
    let fails = handler.failureRate > 0 && this.rng.next() < handler.failureRate;
    if (!fails && svc.errorRate > 0) fails = this.rng.next() < svc.errorRate;
    if (msg.poison === true) fails = true;
    // Why a method and no second closure: one allocation per handling on the hot path.
    this.schedule(this.now + work, () => {
      if (inst.epoch !== epoch) return; // the instance died while handling: the work is gone
      if (inst.paused)
        inst.held.push(() => this.finishWork(inst, msg, handler, done, opts, fails, epoch));
      else this.finishWork(inst, msg, handler, done, opts, fails, epoch);
    });
  }

  /** A handling ends: trace, reply, ack/nack, and start the next waiting delivery. */
  private finishWork(
    inst: InstanceRt,
    msg: Msg,
    handler: HandlerSpec,
    done: (reply: ReplyBody, handler: HandlerSpec) => void,
    opts: HandleOpts | undefined,
    fails: boolean,
    epoch: number,
  ): void {
    const svc = inst.service;
    this.addBusy(inst, -1);
    inst.handled[msg.pattern] = (inst.handled[msg.pattern] ?? 0) + 1;
    this.trace({
      t: this.now,
      type: 'handler.done',
      msgId: msg.id,
      reqId: msg.reqId,
      instance: inst.id,
      ok: !fails,
      pattern: msg.pattern,
    });
    if (fails && handler.failure.type === 'error')
      this.trace({
        t: this.now,
        type: 'server.log',
        instance: inst.id,
        level: 'ERROR',
        text: `[RpcExceptionsHandler] Error: ${handler.failure.message}`,
      });
    if (msg.kind !== 'request') {
      if (handler.idempotent) this.remember(svc, msg, fails, undefined, inst, epoch);
      opts?.onFinish?.(fails ? 'failed' : 'done');
      this.pump(inst);
      return;
    }
    const reply: ReplyBody = !fails
      ? { ok: true, response: { pattern: msg.pattern, handledBy: inst.id, data: msg.data } }
      : {
          ok: false,
          err:
            handler.failure.type === 'rpc' && handler.failure.error
              ? { ...handler.failure.error }
              : {
                  status: 'error',
                  message:
                    handler.failure.type === 'rpc'
                      ? handler.failure.message
                      : INTERNAL_SERVER_ERROR,
                },
        };
    if (handler.idempotent) this.remember(svc, msg, fails, reply, inst, epoch);
    opts?.onFinish?.(fails ? 'failed' : 'done');
    const n = handler.stream ?? 1;
    if (fails || n <= 1) done(reply, handler);
    else {
      // `return of(1, …, n)`: one packet per value, published back to back; the last disposes.
      const stream = `${inst.id}/${msg.id}`;
      for (let k = 1; k <= n; k++) done({ ok: true, response: k, more: k < n, stream }, handler);
    }
    this.pump(inst);
  }

  /** Idempotency store: a success is remembered (with its reply), a failure forgotten (retry may run). */
  private remember(
    svc: ServiceRt,
    msg: Msg,
    failed: boolean,
    reply: ReplyBody | undefined,
    inst: InstanceRt,
    epoch: number,
  ): void {
    if (failed) svc.idem!.delete(msg.id);
    else
      svc.idem!.set(
        msg.id,
        reply ? { done: true, inst, epoch, reply } : { done: true, inst, epoch },
      );
  }

  private traceDelivered(inst: InstanceRt, msg: Msg, opts: HandleOpts | undefined): void {
    if (opts === undefined)
      this.trace({
        t: this.now,
        type: 'message.delivered',
        msgId: msg.id,
        reqId: msg.reqId,
        instance: inst.id,
        pattern: msg.pattern,
      });
    else
      this.trace({
        t: this.now,
        type: 'message.delivered',
        msgId: msg.id,
        reqId: msg.reqId,
        instance: inst.id,
        pattern: msg.pattern,
        ...(opts.redelivered ? { redelivered: true } : {}),
        ...(opts.partition !== undefined ? { partition: opts.partition } : {}),
        ...(opts.offset !== undefined ? { offset: opts.offset } : {}),
      });
  }

  /** The handler of `pattern` (a `$share/<group>/` prefix is stripped, as NestJS routes). */
  private handlerOf(svc: ServiceRt, pattern: string): HandlerSpec | undefined {
    for (const h of svc.spec.handlers)
      if (h.pattern === pattern || h.pattern.replace(SHARE_PREFIX, '') === pattern) return h;
    return undefined;
  }

  replyArrived(msg: Msg, from: InstanceId | null, reply: ReplyBody): void {
    const msgId = msg.id;
    const reqId = msg.reqId;
    const p = this.pending.get(msgId);
    if (!p || p.settled) {
      // First reply wins; NestJS drops the rest ("No matching callback found …").
      this.dropped(msg, 'late-reply', from ?? undefined);
      return;
    }
    if (reply.ok && reply.stream !== undefined) {
      // A streamed packet: the Observable emits its value; the first `isDisposed` completes it,
      // whichever instance sent it (spec §2: values of two instances interleave).
      (p.values ??= []).push(reply.response);
      if (reply.more) {
        if (from !== null)
          this.trace({
            t: this.now,
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
      this.trace(
        p.values === undefined
          ? { t: this.now, type: 'reply.received', msgId, reqId, instance: from }
          : {
              t: this.now,
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
      this.breakers.get(p.target.id)?.success(this.now);
      this.respond(p.reqId, p.route.okStatus);
    } else {
      const faultId = this.lastFault;
      this.trace(
        faultId === undefined
          ? { t: this.now, type: 'request.error', msgId, reqId, error: reply.err }
          : { t: this.now, type: 'request.error', msgId, reqId, error: reply.err, faultId },
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
    if (failure !== 'open') this.breakers.get(p.target.id)?.failure(this.now);
    if (mayRetry(route.retry, p.attempt)) {
      const attempt = p.attempt + 1;
      const delay = retryDelay(route.retry!, attempt, this.rng);
      this.counters.retries++;
      this.window.retries++;
      const prev = p.msgId;
      this.schedule(this.now + delay, () =>
        this.sendAttempt(p.reqId, route, p.target, attempt, prev, delay),
      );
      return;
    }
    this.callFailed(p.reqId, route, failure);
  }

  private callFailed(reqId: RequestId, route: RouteSpec, failure: Failure): void {
    const fb = route.fallback;
    if (fb !== undefined) {
      this.counters.fallbacks++;
      this.window.fallbacks++;
      const faultId = this.lastFault;
      this.trace(
        faultId === undefined
          ? { t: this.now, type: 'fallback.used', reqId, status: fb.status }
          : { t: this.now, type: 'fallback.used', reqId, status: fb.status, faultId },
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

  pendingCount(pattern: string): number {
    return this.pendingByPattern.get(pattern) ?? 0;
  }

  clientLog(level: 'DEBUG' | 'LOG' | 'WARN' | 'ERROR', text: string): void {
    this.trace({ t: this.now, type: 'client.log', who: this.gatewayId, level, text });
  }

  dropped(msg: MsgRef, reason: DropReason, instance?: InstanceId, faultId?: string): void {
    this.counters.dropped++;
    // Lost to a broker outage (on the wire across it, or in a queue it wiped): that outage's fault.
    if (faultId === undefined && (reason === 'broker-down' || reason === 'broker-restart'))
      faultId = this.brokerFault;
    // Built in field order (`reqId` right after `msgId`), without `undefined`-valued keys.
    const e: Extract<TraceEvent, { type: 'message.dropped' }> =
      msg.reqId === undefined
        ? { t: this.now, type: 'message.dropped', msgId: msg.id, reason }
        : { t: this.now, type: 'message.dropped', msgId: msg.id, reqId: msg.reqId, reason };
    if (instance !== undefined) e.instance = instance;
    if (faultId !== undefined) e.faultId = faultId;
    this.trace(e);
  }

  /** A message moved to a dead-letter queue (rmq `deadLetterAfter`). */
  deadLettered(msg: Msg, where: string, failures: number): void {
    this.counters.deadLettered++;
    this.trace({
      t: this.now,
      type: 'broker.deadLettered',
      msgId: msg.id,
      reqId: msg.reqId,
      where,
      failures,
    });
  }

  // ───────────── client and gateway ─────────────

  private fireHttp(routeKey: string, count: number, everyMs: number): void {
    const route = this.routes.get(routeKey);
    if (!route || count <= 0) return;
    this.startHttp(route);
    // Chain the rest one at a time: a 100 000-request script costs one queue entry, not 100 000.
    if (count > 1)
      this.schedule(this.now + everyMs, () => this.fireHttp(routeKey, count - 1, everyMs));
  }

  private startHttp(route: RouteSpec): void {
    const reqId = `r${++this.reqSeq}`;
    this.http.set(reqId, { reqId, startedAt: this.now, route });
    this.trace({
      t: this.now,
      type: 'http.request',
      reqId,
      method: route.method,
      path: route.path,
    });
    this.transmit(
      {
        msgId: reqId,
        reqId,
        kind: 'http',
        from: this.clientId,
        to: this.gatewayId,
        wire: this.httpWire(route),
      },
      this.timing.http,
      () => this.gatewayHandles(reqId, route),
    );
  }

  private newMessage(kind: Msg['kind'], route: RouteSpec, reqId: RequestId): Msg {
    const msg = this.plainMessage(kind, route, reqId);
    if (this.poisonNext.size > 0 && this.poisonNext.delete(route.key)) msg.poison = true;
    return msg;
  }

  private plainMessage(kind: Msg['kind'], route: RouteSpec, reqId: RequestId): Msg {
    const n = Number(reqId.slice(1));
    const msg: Msg = {
      id: this.rng.hex(21),
      kind,
      pattern: route.pattern,
      data: kind === 'request' ? { id: n } : { orderId: n },
      reqId,
      sentAt: this.now,
      handlings: 0,
      n,
    };
    if (route.messageKey !== undefined) msg.key = messageKey(route.messageKey, n);
    return msg;
  }

  private gatewayHandles(reqId: RequestId, route: RouteSpec): void {
    if (route.action === 'send') {
      this.sendAttempt(reqId, route, this.serviceById.get(route.to[0]!)!, 0, undefined, 0);
      return;
    }
    const msg = this.newMessage('event', route, reqId);
    this.trace({
      t: this.now,
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
        this.trace({ t: this.now, type: 'request.error', msgId: msg.id, reqId, error: failure });
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
    if (breaker !== undefined && !breaker.allow(this.now)) {
      const faultId = this.lastFault;
      this.trace(
        faultId === undefined
          ? { t: this.now, type: 'breaker.rejected', reqId, target: target.id }
          : { t: this.now, type: 'breaker.rejected', reqId, target: target.id, faultId },
      );
      this.callFailed(reqId, route, 'open');
      return;
    }
    const msg = this.newMessage('request', route, reqId);
    const p: Pending = { msgId: msg.id, reqId, route, settled: false, target, attempt };
    this.pending.set(msg.id, p);
    this.pendingByPattern.set(msg.pattern, (this.pendingByPattern.get(msg.pattern) ?? 0) + 1);
    if (prevMsgId !== undefined)
      this.trace({
        t: this.now,
        type: 'request.retry',
        msgId: msg.id,
        attempt,
        reqId,
        prevMsgId,
        delayMs,
      });
    this.trace({
      t: this.now,
      type: 'client.send',
      msgId: msg.id,
      pattern: msg.pattern,
      reqId,
      to: target.id,
    });
    if (route.timeoutMs !== undefined)
      this.schedule(this.now + route.timeoutMs, () => {
        if (p.settled) return;
        p.settled = true;
        this.unpend(msg.id, p);
        const faultId = this.lastFault;
        this.trace(
          faultId === undefined
            ? { t: this.now, type: 'request.timeout', msgId: msg.id, reqId }
            : { t: this.now, type: 'request.timeout', msgId: msg.id, reqId, faultId },
        );
        const error = target.transport.timeoutError?.(msg);
        if (error !== undefined)
          this.trace({ t: this.now, type: 'request.error', msgId: msg.id, reqId, error });
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
        const t = this.serviceById.get(id)!;
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
    this.transmit(
      {
        msgId: reqId,
        reqId,
        kind: status >= 400 ? 'error' : 'http-response',
        from: this.gatewayId,
        to: this.clientId,
        wire: this.statusWire(status),
      },
      this.timing.http,
      () => {
        const ms = Math.round((this.now - req.startedAt) * 1000) / 1000;
        this.counters.httpTotal++;
        this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
        this.httpLatencies.add(ms);
        if (this.metricsOn) this.window.response(status, ms, this.now);
        this.trace({ t: this.now, type: 'http.response', reqId, status, ms });
      },
    );
  }

  // ───────────── instances ─────────────

  private addInstance(svc: ServiceRt, index: number, status: InstanceRt['status']): InstanceRt {
    const inst: InstanceRt = {
      id: instanceId(svc.id, index),
      service: svc,
      index,
      status,
      epoch: 0,
      busy: 0,
      handled: {},
      waiting: [],
      held: [],
      paused: false,
      busyArea: 0,
      busyAt: this.now,
    };
    svc.instances.push(inst);
    this.everyInstance.set(inst.id, inst);
    return inst;
  }

  private findInstance(id: InstanceId): InstanceRt | undefined {
    const parsed = parseInstanceId(id);
    if (!parsed) return undefined;
    return this.serviceById.get(parsed.service)?.instances.find((i) => i.index === parsed.index);
  }

  /** The `kill` command: the instance crashes, raised as a `kill` fault until it restarts. */
  private kill(id: InstanceId): void {
    const inst = this.findInstance(id);
    if (!inst || inst.status === 'down') return;
    this.stop(inst, false, this.raiseFault('kill', inst.id, {}).faultId);
  }

  /**
   * The instance stops: crashed (a fault, `faultId`) or, `graceful`, scaled away. Its work in
   * progress and waiting deliveries are gone.
   */
  private stop(inst: InstanceRt, graceful: boolean, faultId?: string): void {
    const wasUp = inst.status === 'up';
    inst.status = 'down';
    inst.downFault = faultId;
    inst.epoch++;
    this.addBusy(inst, -inst.busy);
    inst.waiting = [];
    inst.held = [];
    if (inst.paused) {
      inst.paused = false;
      this.clearFault('pause', inst.id);
    }
    if (wasUp) inst.service.transport.instanceDown(inst, graceful);
    this.trace({ t: this.now, type: 'instance.down', instance: inst.id });
  }

  private restart(id: InstanceId): void {
    const inst = this.findInstance(id);
    if (!inst || inst.status !== 'down') return;
    this.boot(inst);
  }

  /** `starting` for the service's start-up time, then `up` and subscribed. */
  private boot(inst: InstanceRt, startupMs = inst.service.spec.startupMs): void {
    this.clearFault('kill', inst.id);
    inst.status = 'starting';
    inst.epoch++;
    const epoch = inst.epoch;
    this.trace({ t: this.now, type: 'instance.starting', instance: inst.id });
    this.schedule(this.now + startupMs, () => {
      if (inst.epoch !== epoch || inst.status !== 'starting') return;
      inst.status = 'up';
      inst.downFault = undefined;
      this.trace({ t: this.now, type: 'instance.up', instance: inst.id });
      inst.service.transport.instanceUp(inst);
    });
  }

  private scale(serviceId: NodeId, replicas: number, startupMs?: number): void {
    const svc = this.serviceById.get(serviceId);
    if (!svc) return;
    const from = svc.instances.length;
    if (replicas === from) return;
    this.trace({ t: this.now, type: 'service.scaled', service: svc.id, from, to: replicas });
    while (svc.instances.length < replicas) {
      const index = svc.instances.reduce((m, i) => Math.max(m, i.index), 0) + 1;
      this.boot(this.addInstance(svc, index, 'down'), startupMs);
    }
    while (svc.instances.length > replicas) {
      const inst = svc.instances[svc.instances.length - 1]!;
      if (inst.status !== 'down') this.stop(inst, true);
      this.clearFault('kill', inst.id); // a killed instance scaled away is no longer a fault
      svc.instances.pop();
    }
  }

  // ───────────── resilience lab: breakers, faults, load, tickers ─────────────

  private breakerOf(target: NodeId, route: RouteSpec): CircuitBreaker {
    let b = this.breakers.get(target);
    if (!b) {
      b = new CircuitBreaker(route.circuitBreaker!, (from, to) => {
        const faultId = this.lastFault;
        this.trace(
          faultId === undefined
            ? { t: this.now, type: 'breaker.state', target, from, to }
            : { t: this.now, type: 'breaker.state', target, from, to, faultId },
        );
      });
      this.breakers.set(target, b);
    }
    return b;
  }

  private raiseFault(kind: FaultKind, target: string, extra: Partial<FaultInfo>): FaultInfo {
    this.clearFault(kind, target);
    const info: FaultInfo = { faultId: `f${++this.faultSeq}`, kind, target, ...extra };
    this.faults.set(`${kind}:${target}`, info);
    this.lastFault = info.faultId;
    this.trace({ t: this.now, type: 'fault', ...info });
    return info;
  }

  private clearFault(kind: FaultKind, target: string): void {
    const key = `${kind}:${target}`;
    const info = this.faults.get(key);
    if (!info) return;
    this.faults.delete(key);
    let last: string | undefined;
    for (const f of this.faults.values()) last = f.faultId;
    this.lastFault = last;
    this.trace({ t: this.now, type: 'fault.cleared', ...info });
  }

  private setLinkFault(
    kind: 'latency' | 'loss' | 'partition',
    link: Link,
    on: boolean,
    extra: { addMs?: number; jitterMs?: number; percent?: number },
  ): void {
    const name = linkName(link);
    const old = this.linkFaults.find(kind, link);
    if (old) {
      this.linkFaults.remove(old);
      this.clearFault(kind, old.info.target);
    }
    if (!on) return;
    const info = this.raiseFault(kind, name, { link: [link[0], link[1]], ...extra });
    this.linkFaults.add({
      info,
      a: link[0],
      b: link[1],
      kind,
      addMs: extra.addMs ?? 0,
      jitterMs: extra.jitterMs ?? 0,
      p: (extra.percent ?? 0) / 100,
    });
  }

  private pause(id: InstanceId, paused: boolean): void {
    const inst = this.findInstance(id);
    if (!inst || inst.status === 'down' || inst.paused === paused) return;
    inst.paused = paused;
    if (paused) {
      this.raiseFault('pause', inst.id, {});
      return;
    }
    this.clearFault('pause', inst.id);
    const held = inst.held;
    inst.held = [];
    for (const complete of held) complete();
    this.pump(inst);
  }

  private killService(id: NodeId): void {
    const svc = this.serviceById.get(id);
    if (!svc) return;
    const { faultId } = this.raiseFault('kill-service', id, {});
    for (const inst of svc.instances) if (inst.status !== 'down') this.stop(inst, false, faultId);
  }

  private restartService(id: NodeId): void {
    const svc = this.serviceById.get(id);
    if (!svc) return;
    this.clearFault('kill-service', id);
    for (const inst of svc.instances) if (inst.status === 'down') this.boot(inst);
  }

  private setServiceFault(id: NodeId, kind: 'slow' | 'error-rate', value: number): void {
    const svc = this.serviceById.get(id);
    if (!svc) return;
    if (kind === 'slow') {
      svc.slow = value > 0 ? value : 1;
      if (svc.slow === 1) this.clearFault(kind, id);
      else this.raiseFault(kind, id, { factor: svc.slow });
    } else {
      svc.errorRate = Math.min(100, Math.max(0, value)) / 100;
      if (svc.errorRate === 0) this.clearFault(kind, id);
      else this.raiseFault(kind, id, { percent: value });
    }
  }

  private poison(routeKey: string): void {
    if (!this.routes.has(routeKey)) return;
    this.poisonNext.add(routeKey);
    this.raiseFault('poison', routeKey, {});
  }

  private toggleAutoscale(id: NodeId, enabled: boolean): void {
    const svc = this.serviceById.get(id);
    if (!svc?.spec.autoscale || svc.autoscaleOn === enabled) return;
    svc.autoscaleOn = enabled;
    this.trace({ t: this.now, type: 'autoscale.toggled', service: id, enabled });
  }

  private startLoad(cmd: Extract<Command, { type: 'load' }>): void {
    const route = this.routes.get(cmd.route);
    if (!route) return;
    const token = ++this.loadSeq;
    if (this.loads.has(cmd.route))
      this.trace({ t: this.now, type: 'load.stopped', route: cmd.route });
    const spec: LoadSpec = {
      rps: cmd.rps,
      forMs: cmd.forMs,
      shape: cmd.shape ?? 'constant',
      ...(cmd.toRps !== undefined ? { toRps: cmd.toRps } : {}),
      ...(cmd.burstEveryMs !== undefined ? { burstEveryMs: cmd.burstEveryMs } : {}),
      ...(cmd.burstSize !== undefined ? { burstSize: cmd.burstSize } : {}),
    };
    const first = arrivalOffset(spec, 0);
    const firstBurst = burstOffset(spec, 1);
    if (first === null && firstBurst === null) {
      this.loads.delete(cmd.route);
      return;
    }
    this.loads.set(cmd.route, token);
    this.trace({
      t: this.now,
      type: 'load.started',
      route: cmd.route,
      rps: cmd.rps,
      forMs: cmd.forMs,
      shape: spec.shape,
    });
    const start = this.now;
    const live = () => this.loads.get(cmd.route) === token;
    const steady = (k: number) => {
      if (!live()) return;
      this.startHttp(route);
      const next = arrivalOffset(spec, k + 1);
      if (next !== null) this.schedule(start + next, () => steady(k + 1));
    };
    const burst = (k: number) => {
      if (!live()) return;
      for (let i = 0; i < spec.burstSize!; i++) this.startHttp(route);
      const next = burstOffset(spec, k + 1);
      if (next !== null) this.schedule(start + next, () => burst(k + 1));
    };
    if (first !== null) this.schedule(start + first, () => steady(0));
    if (firstBurst !== null) this.schedule(start + firstBurst, () => burst(1));
    this.schedule(start + spec.forMs, () => {
      if (!live()) return;
      this.loads.delete(cmd.route);
      this.trace({ t: this.now, type: 'load.stopped', route: cmd.route });
    });
  }

  /** A ticker entry: counted in `bg` so that tickers alone do not keep the world running. */
  private scheduleBg(at: SimTime, action: () => void): void {
    this.bg++;
    this.queue.push(at, () => {
      this.bg--;
      action();
    });
  }

  /** Something besides tickers is scheduled. */
  private busyElsewhere(): boolean {
    return this.queue.size - this.bg > 0;
  }

  /** Starts the metrics and autoscale tickers (on a fixed grid) if they are needed and stopped. */
  private ensureTickers(): void {
    const every = this.metricsEveryMs;
    if (every > 0 && !this.metricsOn) {
      this.metricsOn = true;
      const at = (Math.floor(this.now / every) + 1) * every;
      this.window.reset(this.counters.duplicates);
      this.lastSampleAt = this.now;
      this.areaAtSample.clear();
      this.scheduleBg(at, this.metricsTick);
    }
    if (!this.autoscaleTickOn && this.serviceList.some((s) => s.spec.autoscale)) {
      this.autoscaleTickOn = true;
      const at = (Math.floor(this.now / AUTOSCALE_EVERY_MS) + 1) * AUTOSCALE_EVERY_MS;
      this.lastScaleTickAt = this.now;
      this.areaAtScaleTick.clear();
      this.scheduleBg(at, this.autoscaleTick);
    }
  }

  private readonly metricsTick = (): void => {
    this.sample();
    if (this.busyElsewhere()) this.scheduleBg(this.now + this.metricsEveryMs, this.metricsTick);
    else this.metricsOn = false;
  };

  private readonly autoscaleTick = (): void => {
    this.evaluateAutoscale();
    // Keeps ticking while a scale-in is still due, even when idle.
    const above = this.serviceList.some(
      (s) => s.autoscaleOn && s.spec.autoscale && s.instances.length > s.spec.autoscale.min,
    );
    if (above || this.busyElsewhere())
      this.scheduleBg(this.now + AUTOSCALE_EVERY_MS, this.autoscaleTick);
    else this.autoscaleTickOn = false;
  };

  /** Average busy/concurrency of `inst` since `since` (area snapshot in `marks`). */
  private utilization(inst: InstanceRt, marks: Map<InstanceRt, number>, windowMs: number): number {
    const area = this.busyArea(inst);
    const before = marks.get(inst) ?? 0;
    marks.set(inst, area);
    if (windowMs <= 0) return 0;
    const conc = inst.service.spec.capacity?.concurrency ?? 1;
    return Math.round(((area - before) / (conc * windowMs)) * 1000) / 1000;
  }

  private sample(): void {
    const w = this.window;
    const windowMs = this.now - this.lastSampleAt;
    const queues: Record<string, number> = {};
    for (const t of this.transports.values()) for (const q of t.queues()) queues[q.name] = q.ready;
    const waiting: Record<InstanceId, number> = {};
    const replicas: Record<NodeId, number> = {};
    const utilization: Record<InstanceId, number> = {};
    for (const s of this.serviceList) {
      let up = 0;
      for (const i of s.instances) {
        if (i.status === 'up') up++;
        if (i.status === 'down') continue;
        waiting[i.id] = i.waiting.length;
        utilization[i.id] = this.utilization(i, this.areaAtSample, windowMs);
      }
      replicas[s.id] = up;
    }
    const total = w.ok + w.failed;
    this.trace({
      t: this.now,
      type: 'metrics.sample',
      windowMs,
      ok: w.ok,
      failed: w.failed,
      rps: windowMs > 0 ? Math.round((total * 1000 * 100) / windowMs) / 100 : 0,
      latency: w.latency(this.now),
      errorRate: total > 0 ? Math.round((w.failed / total) * 1000) / 1000 : 0,
      queues,
      waiting,
      replicas,
      utilization,
      duplicates: this.counters.duplicates - w.duplicatesAtStart,
      retries: w.retries,
      fallbacks: w.fallbacks,
      breakers: this.breakerStates(),
    });
    w.reset(this.counters.duplicates);
    this.lastSampleAt = this.now;
  }

  private evaluateAutoscale(): void {
    const windowMs = this.now - this.lastScaleTickAt;
    this.lastScaleTickAt = this.now;
    for (const svc of this.serviceList) {
      const spec = svc.spec.autoscale;
      if (!spec) continue;
      let sum = 0;
      let up = 0;
      let depth = 0;
      for (const i of svc.instances) {
        if (i.status === 'down') continue;
        const u = this.utilization(i, this.areaAtScaleTick, windowMs);
        depth += i.waiting.length;
        if (i.status === 'up') {
          sum += u;
          up++;
        }
      }
      if (!svc.autoscaleOn) continue;
      const queueName = svc.spec.transport.options.queue;
      if (queueName !== undefined)
        for (const q of svc.transport.queues()) if (q.name === queueName) depth += q.ready;
      const current = svc.instances.length;
      const decision = decide(spec, {
        now: this.now,
        current,
        utilization: up > 0 ? sum / up : 0,
        queueDepth: depth,
        lastAt: svc.lastScaleAt,
      });
      if (!decision) continue;
      svc.lastScaleAt = this.now;
      this.trace({
        t: this.now,
        type: 'autoscale',
        service: svc.id,
        from: current,
        to: decision.to,
        reason: decision.reason,
      });
      this.scale(svc.id, decision.to, spec.startupMs);
    }
  }
}

/** `customer-{n%3}` with n = 7 → `customer-1`; `{n}` → the request number. */
function messageKey(template: string, n: number): string {
  return template.replace(/\{n(?:%(\d+))?\}/g, (_m, k: string | undefined) =>
    String(k ? n % Number(k) : n),
  );
}

/** Builds a simulation of a compiled scenario (see `parseScenario`). */
export function createSimulation(model: SimModel, opts: SimulationOptions = {}): Simulation {
  return new World(model, opts.onTrace ?? (() => {}), opts.seed ?? model.seed, opts.metricsEveryMs);
}
