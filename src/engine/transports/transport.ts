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
  DropReason,
  Envelope,
  HandlerSpec,
  MessageKind,
  QueueView,
  ServiceSpec,
  TraceEvent,
} from '../types';
import type { Rng } from '../core/rng';
import type { TransportTiming } from '../timing';

/** A message as the ClientProxy published it. */
export interface Msg {
  id: MessageId;
  kind: 'request' | 'event';
  pattern: string;
  data: unknown;
  reqId?: RequestId;
  sentAt: SimTime;
  /** Handler executions so far (more than one = duplicate work). */
  handlings: number;
  /** Set when redelivered by the broker after a consumer died. */
  redelivered?: boolean;
}

export interface ServiceRt {
  spec: ServiceSpec;
  id: NodeId;
  instances: InstanceRt[];
  transport: TransportModel;
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
}

/** What a server's handler produced for a request. */
export type ReplyBody = { ok: true; response: unknown } | { ok: false; err: unknown };

/** The world as a transport sees it. */
export interface TransportContext {
  readonly now: SimTime;
  readonly rng: Rng;
  readonly timing: TransportTiming;
  readonly brokerId: NodeId | null;
  readonly gatewayId: NodeId;
  trace(e: TraceEvent): void;
  /** Moves a message over one link; `onArrive` runs at arrival (unless `isLost` says otherwise). */
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
  ): void;
  schedule(at: SimTime, action: () => void): void;
  /** Runs the instance's handler; `done` is called with the reply (requests) when it finishes. */
  handle(inst: InstanceRt, msg: Msg, done: (reply: ReplyBody, handler: HandlerSpec) => void): void;
  /** The gateway's ClientProxy receives a reply (or an error) for `msgId`. */
  replyArrived(msgId: MessageId, from: InstanceId | null, reply: ReplyBody): void;
  /** Counts a message that vanished. */
  dropped(msgId: MessageId, reason: DropReason, instance?: InstanceId): void;
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
  instanceDown(inst: InstanceRt): void;
  queues(): import('../types').QueueView[];
}

export type TransportFactory = (ctx: TransportContext) => TransportModel;

export type { QueueView };
