/**
 * The world: the composition root of a run. It owns the virtual clock and the event queue,
 * builds the services, their instances and one transport per kind, and implements both the
 * `Simulation` API and the `TransportContext` the transports see. The work is done by its parts
 * (world/*): the wire (hops), the gateway (HTTP client and ClientProxy), instances (lives) and
 * handling (deliveries), the fault book, load generators and tickers. Who receives what is the
 * transports' business (transports/*). Deterministic: all time is virtual and all chance is `rng`.
 */
import type { InstanceId, NodeId, SimTime, TransportKind } from '../shared';
import { EventQueue } from './core/eventQueue';
import { CALL, Entry, type HopRecord, type Step } from './core/step';
import { Rng } from './core/rng';
import { zeroCounters } from './counters';
import { DEFAULT_TIMING, type TransportTiming } from './timing';
import { TRANSPORTS } from './transports';
import type {
  Done,
  Fifo,
  HandleOpts,
  HopInput,
  InstanceRt,
  Msg,
  MsgRef,
  ReplyBody,
  ServiceRt,
  TransportContext,
  TransportModel,
} from './transports/transport';
import type {
  Command,
  Counters,
  DropReason,
  RouteSpec,
  SimModel,
  Snapshot,
  TraceEvent,
} from './types';
import { FaultBook } from './world/faultBook';
import { Calls } from './world/calls';
import { Gateway } from './world/gateway';
import { Handling } from './world/handling';
import { Instances } from './world/instances';
import { LoadGenerators } from './world/loadGenerators';
import { Deploys } from './world/deploys';
import { Records } from './world/records';
import { Tickers } from './world/tickers';
import { Wire } from './world/wire';

export { TOO_MANY_REQUESTS } from './world/handling';
export { AUTOSCALE_EVERY_MS } from './world/tickers';

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
  /**
   * The hops on a link at `now` (sent, not yet arrived), in send order. A live, read-only view of
   * the engine's own records: read it at once, do not keep or mutate it (no copy per frame).
   */
  hopsInFlight(): readonly HopRecord[];
  /** Percentiles of every HTTP latency (ms) so far (kept as a histogram: memory stays flat). */
  latencyPercentiles(): { p50: number; p95: number; p99: number };
  /** Handler executions per instance (including instances scaled away) and pattern. */
  handledByInstance(): Record<InstanceId, Record<string, number>>;
}

export class World implements Simulation, TransportContext {
  now: SimTime = 0;
  readonly rng: Rng;
  readonly timing: TransportTiming = DEFAULT_TIMING;
  readonly brokerId: NodeId | null;
  readonly gatewayId: NodeId;
  readonly clientId: NodeId;
  readonly queue = new EventQueue<Entry>();
  /** Entries that ran, for reuse (the queue allocates nothing per event once warm). */
  private readonly pool: Entry[] = [];
  readonly serviceList: ServiceRt[] = [];
  readonly serviceById = new Map<NodeId, ServiceRt>();
  readonly transports = new Map<TransportKind, TransportModel>();
  readonly routes = new Map<string, RouteSpec>();
  readonly counters: Counters = zeroCounters();
  brokerAlive = true;
  brokerEpoch = 0;
  /** The fault of the latest broker outage (drops across it point at it, even after `brokerUp`). */
  private brokerFault: string | undefined;

  // ── the parts ──
  readonly faults = new FaultBook(this);
  readonly wire = new Wire(this);
  readonly handling = new Handling(this);
  readonly instances = new Instances(this);
  readonly calls = new Calls(this);
  readonly gateway: Gateway;
  readonly loads = new LoadGenerators(this);
  readonly deploys = new Deploys(this);
  readonly tickers: Tickers;
  /** Each service's own records and the outboxes (built once the services exist). */
  readonly data: Records;

  constructor(
    readonly model: SimModel,
    private readonly onTrace: (e: TraceEvent) => void,
    seed: number,
    metricsEveryMs?: number,
  ) {
    this.rng = new Rng(seed);
    this.tickers = new Tickers(this, metricsEveryMs);
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
      for (let i = 1; i <= spec.replicas; i++) this.instances.add(svc, i, 'up');
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
    this.gateway = new Gateway(this);
    this.data = new Records(this);
    for (const step of model.script) this.schedule(step.at, () => this.apply(step.command));
    this.tickers.ensure();
  }

  // ───────────── Simulation API ─────────────

  runUntil(t: SimTime): void {
    const q = this.queue;
    const pool = this.pool;
    for (let next = q.peekTime(); next !== undefined && next <= t; next = q.peekTime()) {
      this.now = next;
      const e = q.pop()!;
      const { step, a, b, c, d, epoch, lost, hop } = e;
      // Back to the pool before it runs: what it schedules can reuse it at once.
      e.step = CALL;
      e.a = e.b = e.c = e.d = undefined;
      e.epoch = -1;
      e.lost = null;
      e.hop = null;
      pool.push(e);
      // Through the broker: lost if it is down at arrival or went down while the hop was on the wire.
      if (epoch !== -1 && (epoch !== this.brokerEpoch || !this.brokerAlive)) {
        if (lost !== null) lost.run(a, b, c, d);
        else this.dropped({ id: hop!.msgId, reqId: hop!.reqId }, 'broker-down');
      } else step.run(a, b, c, d);
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
    this.tickers.ensure();
  }

  private applyCommand(cmd: Command): void {
    switch (cmd.type) {
      case 'http':
        return this.gateway.fireHttp(cmd.route, cmd.count, cmd.everyMs);
      case 'kill':
        return this.instances.kill(cmd.instance);
      case 'restart':
        return this.instances.restart(cmd.instance);
      case 'scale':
        return this.instances.scale(cmd.service, cmd.replicas);
      case 'brokerDown':
        return this.setBroker(false);
      case 'brokerUp':
        return this.setBroker(true);
      case 'load':
        return this.loads.start(cmd);
      case 'latency':
        return this.faults.setLink('latency', cmd.link, cmd.addMs > 0 || cmd.jitterMs > 0, {
          addMs: cmd.addMs,
          jitterMs: cmd.jitterMs,
        });
      case 'loss':
        return this.faults.setLink('loss', cmd.link, cmd.percent > 0, { percent: cmd.percent });
      case 'partition':
        return this.faults.setLink('partition', cmd.link, true, {});
      case 'heal':
        return this.faults.setLink('partition', cmd.link, false, {});
      case 'pause':
        return this.instances.pause(cmd.instance, true);
      case 'resume':
        return this.instances.pause(cmd.instance, false);
      case 'killService':
        return this.instances.killService(cmd.service);
      case 'restartService':
        return this.instances.restartService(cmd.service);
      case 'slow':
        return this.faults.setService(cmd.service, 'slow', cmd.factor);
      case 'errorRate':
        return this.faults.setService(cmd.service, 'error-rate', cmd.percent);
      case 'poison':
        return this.faults.poison(cmd.route);
      case 'autoscale':
        return this.tickers.toggleAutoscale(cmd.service, cmd.enabled);
      case 'deploy':
        return this.deploys.start(cmd);
      case 'idempotent':
        return this.data.setIdempotent(cmd.service, cmd.enabled);
      case 'outbox':
        return this.data.setOutbox(cmd.route, cmd.enabled, cmd.pollMs);
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
      for (const h of this.inFlight()) {
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
          if (i.release) view.version = i.release.n;
          return view;
        }),
      ),
      inFlight,
      queues: [...this.transports.values()].flatMap((t) => t.queues()),
      counters: {
        ...this.counters,
        byStatus: { ...this.counters.byStatus },
        pending: this.gateway.pendingCount,
      },
      ...(m.broker
        ? { broker: { status: this.brokerAlive ? ('up' as const) : ('down' as const) } }
        : {}),
      ...(this.gateway.hasBreakers ? { breakers: this.gateway.breakerStates() } : {}),
      ...(this.faults.size > 0 ? { faults: this.faults.list() } : {}),
      ...(this.serviceList.some((s) => s.spec.autoscale)
        ? {
            autoscale: Object.fromEntries(
              this.serviceList.filter((s) => s.spec.autoscale).map((s) => [s.id, s.autoscaleOn]),
            ),
          }
        : {}),
      ...(this.data.active ? { data: this.data.views() } : {}),
      ...(this.data.hasOutboxes ? { outboxes: this.data.outboxViews() } : {}),
    };
  }

  hopsInFlight(): readonly HopRecord[] {
    return this.inFlight();
  }

  latencyPercentiles(): { p50: number; p95: number; p99: number } {
    const h = this.gateway.latencies;
    return { p50: h.percentile(50), p95: h.percentile(95), p99: h.percentile(99) };
  }

  handledByInstance(): Record<InstanceId, Record<string, number>> {
    return this.instances.handledByInstance();
  }

  // ───────────── TransportContext ─────────────

  trace(e: TraceEvent): void {
    this.onTrace(e);
  }

  schedule(at: SimTime, action: () => void): void {
    this.at(at, CALL, action);
  }

  /** Queues `step.run(a, b, c, d)` at `time` (not before now) in a pooled entry. */
  at<A, B, C, D>(time: SimTime, step: Step<A, B, C, D>, a: A, b?: B, c?: C, d?: D): Entry {
    const e = this.pool.pop() ?? new Entry();
    e.step = step;
    e.a = a;
    e.b = b;
    e.c = c;
    e.d = d;
    this.queue.push(time > this.now ? time : this.now, e);
    return e;
  }

  /** Hops on a link now, in the order they were sent. */
  private inFlight(): HopRecord[] {
    const now = this.now;
    const hops: [number, HopRecord][] = [];
    this.queue.forEach((e, _t, seq) => {
      if (e.hop !== null && e.hop.arriveAt > now) hops.push([seq, e.hop]);
    });
    return hops.sort((x, y) => x[0] - y[0]).map((x) => x[1]);
  }

  services(): ServiceRt[] {
    return this.serviceList;
  }

  transmit(
    hop: HopInput,
    latency: { mean: number; jitter: number },
    onArrive: () => void,
    onLost?: () => void,
    fifo?: Fifo,
  ): void {
    this.wire.transmit(hop, latency, onArrive, onLost, fifo);
  }

  transmitTo<A, B, C, D>(
    hop: HopInput,
    latency: { mean: number; jitter: number },
    step: Step<A, B, C, D>,
    a: A,
    b: B,
    c: C,
    d: D,
    lost: Step<A, B, C, D> | null,
    fifo?: Fifo,
  ): void {
    this.wire.transmitTo(hop, latency, step, a, b, c, d, lost, fifo);
  }

  log(inst: InstanceRt, level: 'LOG' | 'WARN' | 'ERROR', text: string): void {
    this.trace({ t: this.now, type: 'server.log', instance: inst.id, level, text });
  }

  handle(inst: InstanceRt, msg: Msg, done: Done, opts?: HandleOpts, arg?: unknown): void {
    this.handling.handle(inst, msg, done, opts, arg);
  }

  replyArrived(msg: Msg, from: InstanceId | null, reply: ReplyBody): void {
    if (msg.outcall !== undefined) this.calls.replyArrived(msg, from, reply);
    else this.gateway.replyArrived(msg, from, reply);
  }

  isPending(msg: Msg): boolean {
    const call = msg.call ?? msg.outcall;
    return call !== undefined && !call.settled;
  }

  pendingCount(pattern: string): number {
    return this.gateway.pendingOf(pattern) + this.calls.pendingOf(pattern);
  }

  clientLog(level: 'DEBUG' | 'LOG' | 'WARN' | 'ERROR', text: string): void {
    this.trace({ t: this.now, type: 'client.log', who: this.gatewayId, level, text });
  }

  dropped(
    msg: MsgRef,
    reason: DropReason,
    instance?: InstanceId,
    faultId?: string,
    answered?: boolean,
  ): void {
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
    if (answered !== undefined) e.answered = answered;
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

  // ───────────── the broker process ─────────────

  private setBroker(alive: boolean): void {
    if (this.brokerId === null || this.brokerAlive === alive) return;
    this.brokerAlive = alive;
    // The outage is a fault: raised before its effects, cleared before the broker is back.
    if (alive) this.faults.clear('broker-down', this.brokerId);
    else {
      this.brokerEpoch++;
      this.brokerFault = this.faults.raise('broker-down', this.brokerId, {}).faultId;
    }
    this.trace({ t: this.now, type: alive ? 'broker.up' : 'broker.down' });
    for (const t of this.transports.values()) {
      if (!t.hasBroker) continue;
      if (alive) t.brokerUp?.();
      else t.brokerDown?.();
    }
  }
}

/** Builds a simulation of a compiled scenario (see `parseScenario`). */
export function createSimulation(model: SimModel, opts: SimulationOptions = {}): Simulation {
  return new World(model, opts.onTrace ?? (() => {}), opts.seed ?? model.seed, opts.metricsEveryMs);
}
