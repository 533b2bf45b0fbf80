/**
 * The world: virtual clock, event queue, instances, the HTTP client and the gateway's ClientProxy.
 * Who receives what is the transports' business (transports/*); this file only moves time forward,
 * runs handlers and settles requests. Deterministic: all time is virtual and all chance is `rng`.
 */
import type { InstanceId, MessageId, NodeId, RequestId, SimTime, TransportKind } from '../shared';
import { instanceId, parseInstanceId } from '../shared';
import { EventQueue } from './core/eventQueue';
import { Rng } from './core/rng';
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
  ReplyBody,
  ServiceRt,
  TransportContext,
  TransportModel,
} from './transports/transport';
import type {
  Command,
  Counters,
  DropReason,
  Envelope,
  HandlerSpec,
  Hop,
  MessageKind,
  RouteSpec,
  SimModel,
  Snapshot,
  TraceEvent,
} from './types';

export interface SimulationOptions {
  /** Receives every trace event, in time order, as it happens. */
  onTrace?: (e: TraceEvent) => void;
  /** Overrides the scenario's seed. */
  seed?: number;
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
  /** HTTP latencies (ms) of every response so far, in arrival order. */
  latencies(): readonly number[];
  /** Handler executions per instance (including instances scaled away) and pattern. */
  handledByInstance(): Record<InstanceId, Record<string, number>>;
}

interface Pending {
  msgId: MessageId;
  reqId: RequestId;
  route: RouteSpec;
  settled: boolean;
}

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
  private readonly httpLatencies: number[] = [];
  private readonly counters: Counters = {
    httpTotal: 0,
    byStatus: {},
    pending: 0,
    dropped: 0,
    duplicates: 0,
  };
  private reqSeq = 0;
  brokerAlive = true;
  brokerEpoch = 0;

  constructor(
    private readonly model: SimModel,
    private readonly onTrace: (e: TraceEvent) => void,
    seed: number,
  ) {
    this.rng = new Rng(seed);
    this.brokerId = model.broker?.id ?? null;
    this.gatewayId = model.gateway.id;
    this.clientId = model.client.id;
    for (const r of model.routes) this.routes.set(r.key, r);

    for (const spec of model.services) {
      const svc: ServiceRt = { spec, id: spec.id, instances: [], transport: undefined as never };
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
    for (const step of model.script) this.schedule(step.at, () => this.apply(step.command));
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
    };
  }

  latencies(): readonly number[] {
    return this.httpLatencies;
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
      kind: MessageKind;
      from: string;
      to: string;
      pattern?: string;
      wire?: Envelope;
    },
    latency: { mean: number; jitter: number },
    onArrive: () => void,
    onLost?: () => void,
  ): void {
    const arriveAt = this.now + this.rng.around(latency.mean, latency.jitter);
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
      else this.dropped(hop.msgId, 'broker-down');
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
    if (!alive) this.brokerEpoch++;
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
      this.dropped(msg.id, 'instance-down', inst.id);
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
        this.dropped(msg.id, 'nacked', inst.id);
      } else {
        this.log(inst, 'ERROR', noEventHandler(msg.pattern));
        this.dropped(msg.id, 'no-handler', inst.id);
      }
      return;
    }
    msg.handlings++;
    // A second handling of one message by the same service is duplicate work (fan-out across
    // different services — kafka groups, one rmq queue each — is not).
    const by = msg.handledBy;
    if (by === undefined) msg.handledBy = [inst.service.id];
    else if (by.includes(inst.service.id)) this.counters.duplicates++;
    else by.push(inst.service.id);
    inst.busy++;
    const epoch = inst.epoch;
    const work = this.rng.around(handler.latency.mean, handler.latency.jitter);
    const fails = handler.failureRate > 0 && this.rng.next() < handler.failureRate;
    this.schedule(this.now + work, () => {
      if (inst.epoch !== epoch) return; // the instance died while handling: the work is gone
      inst.busy--;
      inst.handled[msg.pattern] = (inst.handled[msg.pattern] ?? 0) + 1;
      this.trace({
        t: this.now,
        type: 'handler.done',
        msgId: msg.id,
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
      opts?.onFinish?.('done');
      if (msg.kind !== 'request') return;
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
      done(reply, handler);
    });
  }

  private traceDelivered(inst: InstanceRt, msg: Msg, opts: HandleOpts | undefined): void {
    if (opts === undefined)
      this.trace({
        t: this.now,
        type: 'message.delivered',
        msgId: msg.id,
        instance: inst.id,
        pattern: msg.pattern,
      });
    else
      this.trace({
        t: this.now,
        type: 'message.delivered',
        msgId: msg.id,
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

  replyArrived(msgId: MessageId, from: InstanceId | null, reply: ReplyBody): void {
    const p = this.pending.get(msgId);
    if (!p || p.settled) {
      // First reply wins; NestJS drops the rest ("No matching callback found …").
      this.dropped(msgId, 'late-reply', from ?? undefined);
      return;
    }
    p.settled = true;
    this.unpend(msgId, p);
    if (from !== null) this.trace({ t: this.now, type: 'reply.received', msgId, instance: from });
    if (reply.ok) this.respond(p.reqId, p.route.okStatus);
    else {
      this.trace({ t: this.now, type: 'request.error', msgId, error: reply.err });
      this.respond(p.reqId, p.route.errorStatus);
    }
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

  dropped(msgId: MessageId, reason: DropReason, instance?: InstanceId): void {
    this.counters.dropped++;
    this.trace(
      instance === undefined
        ? { t: this.now, type: 'message.dropped', msgId, reason }
        : { t: this.now, type: 'message.dropped', msgId, reason, instance },
    );
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
      const target = this.serviceById.get(route.to[0]!)!;
      const msg = this.newMessage('request', route, reqId);
      const p: Pending = { msgId: msg.id, reqId, route, settled: false };
      this.pending.set(msg.id, p);
      this.pendingByPattern.set(msg.pattern, (this.pendingByPattern.get(msg.pattern) ?? 0) + 1);
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
          this.trace({ t: this.now, type: 'request.timeout', msgId: msg.id });
          const error = target.transport.timeoutError?.(msg);
          if (error !== undefined)
            this.trace({ t: this.now, type: 'request.error', msgId: msg.id, error });
          this.respond(reqId, route.timeoutStatus);
        });
      target.transport.send(msg, target);
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
        this.trace({ t: this.now, type: 'request.error', msgId: msg.id, error: failure });
        this.respond(reqId, route.errorStatus);
      }
    };
    for (const [transport, list] of byTransport) transport.emit(msg, list, published);
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
        this.httpLatencies.push(ms);
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

  private kill(id: InstanceId, graceful = false): void {
    const inst = this.findInstance(id);
    if (!inst || inst.status === 'down') return;
    const wasUp = inst.status === 'up';
    inst.status = 'down';
    inst.epoch++;
    inst.busy = 0;
    if (wasUp) inst.service.transport.instanceDown(inst, graceful);
    this.trace({ t: this.now, type: 'instance.down', instance: inst.id });
  }

  private restart(id: InstanceId): void {
    const inst = this.findInstance(id);
    if (!inst || inst.status !== 'down') return;
    this.boot(inst);
  }

  /** `starting` for the service's start-up time, then `up` and subscribed. */
  private boot(inst: InstanceRt): void {
    inst.status = 'starting';
    inst.epoch++;
    const epoch = inst.epoch;
    this.trace({ t: this.now, type: 'instance.starting', instance: inst.id });
    this.schedule(this.now + inst.service.spec.startupMs, () => {
      if (inst.epoch !== epoch || inst.status !== 'starting') return;
      inst.status = 'up';
      this.trace({ t: this.now, type: 'instance.up', instance: inst.id });
      inst.service.transport.instanceUp(inst);
    });
  }

  private scale(serviceId: NodeId, replicas: number): void {
    const svc = this.serviceById.get(serviceId);
    if (!svc) return;
    const from = svc.instances.length;
    if (replicas === from) return;
    this.trace({ t: this.now, type: 'service.scaled', service: svc.id, from, to: replicas });
    while (svc.instances.length < replicas) {
      const index = svc.instances.reduce((m, i) => Math.max(m, i.index), 0) + 1;
      this.boot(this.addInstance(svc, index, 'down'));
    }
    while (svc.instances.length > replicas) {
      const inst = svc.instances[svc.instances.length - 1]!;
      this.kill(inst.id, true);
      svc.instances.pop();
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
  return new World(model, opts.onTrace ?? (() => {}), opts.seed ?? model.seed);
}
