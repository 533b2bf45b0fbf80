/**
 * One interface, one module per NestJS transport. A transport decides who receives a message
 * (fan-out, competing consumers, queue groups, partitions), what waits in the broker, and what a
 * client sees when nobody is there. The world (simulation.ts) owns time, instances and the gateway.
 */
import type {
  InstanceId,
  MessageId,
  NodeId,
  RequestId,
  SimTime,
  TransportKind,
} from '../../shared';
import type {
  DeployVersion,
  DropReason,
  Envelope,
  HandlerSpec,
  MessageKind,
  NodeView,
  QueueView,
  RouteSpec,
  ServiceSpec,
  TraceEvent,
} from '../types';
import type { Rng } from '../core/rng';
import type { Step } from '../core/step';
import type { TransportTiming } from '../timing';

/** A message as the ClientProxy published it. */
export interface Msg {
  id: MessageId;
  kind: 'request' | 'event';
  pattern: string;
  data: unknown;
  /** The HTTP request that made the gateway publish it (every message has one). */
  reqId: RequestId;
  /** The request number at the client (`r7` → 7); the payload is `{id: n}` / `{orderId: n}`. */
  n: number;
  /** kafka: the record key (route `messageKey`), if any. */
  key?: string;
  /** Services that handled it so far: a second handling by the same service is a duplicate. */
  handledBy?: NodeId[];
  /** A transport's encoded request body, built once per message (tcp frame through a balancer). */
  encoded?: Record<string, unknown>;
  /** `poison` command: every handling of this message throws. */
  poison?: boolean;
  /** A request: the gateway's call waiting for its reply (no lookup by id on the hot path). */
  call?: PendingCall;
  /**
   * Who published it, the ClientProxy's side of every hop: the gateway, or the instance whose
   * handler calls another service (`orders#1`); replies travel back to it.
   */
  client: NodeId | InstanceId;
  /** A request sent by a handler (see `world/calls.ts`): the call waiting for its reply. */
  outcall?: OutCall;
}

/** A handler's `send()` to another service, waiting for its reply (`firstValueFrom`). */
export interface OutCall {
  msg: Msg;
  /** The calling instance and its life when it sent (a kill meanwhile voids the call). */
  inst: InstanceRt;
  epoch: number;
  target: ServiceRt;
  settled: boolean;
  settledBy?: 'reply' | 'timeout';
  /** Runs once: the reply (ok) or the error (a remote error, a client error, `timeout()`). */
  settle: (reply: ReplyBody | 'timeout') => void;
}

/** A `send()` attempt the gateway's ClientProxy is waiting on. */
export interface PendingCall {
  msg: Msg;
  /** The HTTP request it serves. */
  req: HttpRequest;
  route: RouteSpec;
  /** Answered, timed out or failed: later replies are dropped (`late-reply`). */
  settled: boolean;
  /** How it settled: a reply answered it, or its `timeout()` fired first. */
  settledBy?: 'reply' | 'timeout';
  /** Values of a streamed reply received so far (NestJS's Observable emits each one). */
  values?: unknown[];
  target: ServiceRt;
  /** 0 = the first send, k = the k-th retry. */
  attempt: number;
}

/** An HTTP request at the gateway, until it is answered. */
export interface HttpRequest {
  reqId: RequestId;
  /** The request number (`r7` → 7). */
  n: number;
  startedAt: SimTime;
  route: RouteSpec;
  /** Not answered yet. */
  open: boolean;
}

/** What a transport does with a handling's reply (see `TransportContext.handle`). */
export type Done = (
  reply: ReplyBody,
  handler: HandlerSpec,
  inst: InstanceRt,
  msg: Msg,
  arg: unknown,
) => void;

/** What a drop names: the message and the HTTP request it belongs to. */
export interface MsgRef {
  readonly id: MessageId;
  readonly reqId?: RequestId;
}

/** How a transport wants one delivery handled (all optional; omit on the hot path). */
export interface HandleOpts {
  /** Called when the handling ends — handler finished (`done`) or no handler — before any reply. */
  onFinish?: (outcome: 'done' | 'failed' | 'no-handler') => void;
  /** rmq `noAck:false`: an event without handler is nacked with a WARN (not the ERROR log). */
  nackUnknownEvents?: boolean;
  /** Shown on `message.delivered`. */
  redelivered?: boolean;
  partition?: number;
  offset?: number;
}

export interface ServiceRt {
  spec: ServiceSpec;
  id: NodeId;
  instances: InstanceRt[];
  transport: TransportModel;
  /** `slow` command: handler work × this (1 = normal). */
  slow: number;
  /** `errorRate` command: extra probability in [0,1] that a handling throws. */
  errorRate: number;
  /** Idempotent handlers: message ids handled (`done`) or being handled by a live instance. */
  idem?: Map<MessageId, { done: boolean; inst: InstanceRt; epoch: number; reply?: ReplyBody }>;
  /** Autoscaler switched on (`autoscale` command); time of its last decision. */
  autoscaleOn: boolean;
  lastScaleAt: number;
  /** The latest deployed version (instances added later run it too). */
  release?: Release;
  /** `idempotent` command: every handler of the service behaves as `idempotent`. */
  idempotentOn?: boolean;
}

/** A deployed version: its number (2 after the first deploy) and what it changes. */
export interface Release {
  n: number;
  spec: DeployVersion;
}

export interface InstanceRt {
  id: InstanceId;
  service: ServiceRt;
  index: number;
  status: 'starting' | 'up' | 'down';
  /** Bumped on every kill: work scheduled by an earlier life is ignored. */
  epoch: number;
  busy: number;
  handled: Record<string, number>;
  /** Deliveries waiting for a free slot (bulkhead) or for `resume`. */
  waiting: (() => void)[];
  /** Handlings that finished while paused: they complete (reply) at `resume`. */
  held: (() => void)[];
  paused: boolean;
  /** The fault (`kill`, `kill-service`) that took it down, until it is up again. */
  downFault?: string;
  /** ∫ busy dt up to `busyAt` (for utilization). */
  busyArea: number;
  busyAt: number;
  /** The version it runs (absent = the scenario's). */
  release?: Release;
}

/** What a server's handler produced for a request (`noHandler`: NestJS's NO_MESSAGE_HANDLER reply). */
export type ReplyBody =
  | {
      ok: true;
      response: unknown;
      /** A streamed reply with more packets to come (`isDisposed: false`). */
      more?: boolean;
      /** Streamed replies: the packets of one stream keep their order on every link (FIFO key). */
      stream?: string;
    }
  | { ok: false; err: unknown; noHandler?: boolean };

/**
 * The reply packet as NestJS serialises it (spec §6): one packet `{response, isDisposed:true, id}`;
 * a thrown error `{err, isDisposed:true, id}`; no handler `{id, err, status:'error'}`. RMQ omits `id`.
 */
export function replyPacket(reply: ReplyBody, id: string | undefined): Record<string, unknown> {
  if (reply.ok) {
    const isDisposed = !reply.more;
    return id === undefined
      ? { response: reply.response, isDisposed }
      : { response: reply.response, isDisposed, id };
  }
  if (reply.noHandler)
    return id === undefined
      ? { err: reply.err, status: 'error' }
      : { id, err: reply.err, status: 'error' };
  return id === undefined
    ? { err: reply.err, isDisposed: true }
    : { err: reply.err, isDisposed: true, id };
}

/** The request/event packet (spec §6): `{pattern, data, id}`; events have no `id`. */
export function requestPacket(msg: Msg): Record<string, unknown> {
  return msg.kind === 'request'
    ? { pattern: msg.pattern, data: msg.data, id: msg.id }
    : { pattern: msg.pattern, data: msg.data };
}

/** One hop as a transport sends it: a fresh literal that becomes the `hop` trace event. */
export interface HopInput {
  msgId: string;
  reqId?: RequestId;
  kind: MessageKind;
  from: string;
  to: string;
  pattern?: string;
  wire?: Envelope;
}

/**
 * Packets sharing `key` keep their order on a link (one TCP connection is FIFO): a packet never
 * arrives before the previous one with the same key. `last` frees the key.
 */
export interface Fifo {
  key: string;
  last: boolean;
}

/** The world as a transport sees it. */
export interface TransportContext {
  readonly now: SimTime;
  readonly rng: Rng;
  readonly timing: TransportTiming;
  readonly brokerId: NodeId | null;
  readonly gatewayId: NodeId;
  /** False between `brokerDown` and `brokerUp`. */
  readonly brokerAlive: boolean;
  /** Bumped at every `brokerDown`: a hop that crossed an outage is lost. */
  readonly brokerEpoch: number;
  trace(e: TraceEvent): void;
  /**
   * Moves a message over one link; `onArrive` runs at arrival. A hop to or from the broker that
   * arrives while it is down (or after an outage began) is lost: `onLost` runs instead, or the
   * message is counted dropped (`broker-down`). `hop` must be a fresh object literal: it becomes
   * the `hop` trace event itself (no copy on the hot path).
   */
  transmit(
    hop: HopInput,
    latency: { mean: number; jitter: number },
    onArrive: () => void,
    onLost?: () => void,
    fifo?: Fifo,
  ): void;
  /**
   * `transmit` for hot paths, without a closure: `step.run(a, b, c, d)` at arrival, `lost` (same
   * arguments) if the hop crossed a broker outage (null = counted dropped). `step` and `lost` are
   * long-lived objects, so a hop allocates nothing but its trace event.
   */
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
  ): void;
  schedule(at: SimTime, action: () => void): void;
  /**
   * Runs the instance's handler; `done` is called with the reply (requests) when it finishes,
   * with the instance, the message and `arg` (so one long-lived `done` serves every delivery).
   */
  handle(inst: InstanceRt, msg: Msg, done: Done, opts?: HandleOpts, arg?: unknown): void;
  /** Is the gateway still waiting for this request? */
  isPending(msg: Msg): boolean;
  /** Requests of `pattern` the gateway is waiting for. */
  pendingCount(pattern: string): number;
  /** A log line of the gateway's ClientProxy. */
  clientLog(level: 'DEBUG' | 'LOG' | 'WARN' | 'ERROR', text: string): void;
  /** A server log line of an instance. */
  log(inst: InstanceRt, level: 'LOG' | 'WARN' | 'ERROR', text: string): void;
  /** The gateway's ClientProxy receives a reply (or an error) for `msg`. */
  replyArrived(msg: Msg, from: InstanceId | null, reply: ReplyBody): void;
  /** A message moved to a dead-letter queue. */
  deadLettered(msg: Msg, where: string, failures: number): void;
  /** Counts a message that vanished. */
  dropped(
    msg: MsgRef,
    reason: DropReason,
    instance?: InstanceId,
    faultId?: string,
    /** `late-reply`: whether an earlier reply had answered the call (else it had timed out). */
    answered?: boolean,
  ): void;
  services(): ServiceRt[];
}

export interface TransportModel {
  readonly kind: TransportKind;
  /** Broker-based (redis, nats, rmq, mqtt, kafka) or point-to-point (tcp, grpc). */
  readonly hasBroker: boolean;
  /** `ClientProxy.send()` towards `target`. */
  send(msg: Msg, target: ServiceRt): void;
  /**
   * `ClientProxy.emit()` towards `targets`; `published(error?)` tells the gateway when the emit
   * Observable completes (broker transports: at once, even if nobody listens) or errors (tcp).
   */
  emit(msg: Msg, targets: ServiceRt[], published: (error?: unknown) => void): void;
  instanceUp(inst: InstanceRt): void;
  /** The instance stopped: crashed (kill) or, `graceful`, scaled away. */
  instanceDown(inst: InstanceRt, graceful?: boolean): void;
  queues(): QueueView[];
  /** The broker stopped / started (broker transports). */
  brokerDown?(): void;
  brokerUp?(): void;
  /** What the client sees besides the rxjs TimeoutError when a route's `timeoutMs` fires (grpc deadline). */
  timeoutError?(msg: Msg): unknown;
  /** Per-instance display state (kafka idle member, EADDRINUSE). */
  instanceInfo?(inst: InstanceRt): { idle?: boolean; note?: string } | undefined;
  /** Extra nodes this transport adds (tcp/grpc load balancers). */
  nodes?(): NodeView[];
}

export type TransportFactory = (ctx: TransportContext) => TransportModel;

/** One reply on its way back through the broker (one record for both hops, no closures). */
interface Relay {
  ctx: TransportContext;
  timing: TransportTiming;
  inst: InstanceRt;
  msg: Msg;
  reply: ReplyBody;
  wire: Envelope;
  kind: 'reply' | 'error';
  fifo: Fifo | undefined;
  atGateway: (() => void) | undefined;
}

/** The reply reached the broker: on to the gateway. */
const RELAY_TO_GATEWAY: Step<Relay> = {
  run(r) {
    const { ctx, msg, fifo } = r;
    ctx.transmitTo(
      {
        msgId: msg.id,
        reqId: msg.reqId,
        kind: r.kind,
        from: ctx.brokerId!,
        to: msg.client,
        pattern: msg.pattern,
        wire: r.wire,
      },
      r.timing.clientToBroker,
      RELAY_AT_GATEWAY,
      r,
      undefined,
      undefined,
      undefined,
      null,
      fifo && { key: `${fifo.key}>gw`, last: fifo.last },
    );
  },
};

const RELAY_AT_GATEWAY: Step<Relay> = {
  run: (r) =>
    r.atGateway !== undefined ? r.atGateway() : r.ctx.replyArrived(r.msg, r.inst.id, r.reply),
};

/**
 * A server's reply crossing the broker back to the gateway's ClientProxy: two hops carrying the
 * same wire envelope (server → broker, broker → gateway). `atGateway` runs on arrival (by default
 * the ClientProxy matches it to its pending request).
 */
export function relayReply(
  ctx: TransportContext,
  timing: TransportTiming,
  inst: InstanceRt,
  msg: Msg,
  reply: ReplyBody,
  wire: Envelope,
  atGateway?: () => void,
): void {
  const kind = reply.ok ? 'reply' : 'error';
  const fifo =
    reply.ok && reply.stream !== undefined ? { key: reply.stream, last: !reply.more } : undefined;
  const r: Relay = { ctx, timing, inst, msg, reply, wire, kind, fifo, atGateway };
  ctx.transmitTo(
    {
      msgId: msg.id,
      reqId: msg.reqId,
      kind,
      from: inst.id,
      to: ctx.brokerId!,
      pattern: msg.pattern,
      wire,
    },
    timing.brokerToServer,
    RELAY_TO_GATEWAY,
    r,
    undefined,
    undefined,
    undefined,
    null,
    fifo && { key: `${fifo.key}>broker`, last: fifo.last },
  );
}

export type { QueueView };
