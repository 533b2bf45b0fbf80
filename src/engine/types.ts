/**
 * The engine's plain-data contract: what goes in (a compiled model and commands) and what comes
 * out (trace events and snapshots). Everything here is serialisable (structured-clone safe), so it
 * crosses the Worker boundary unchanged and prints as NDJSON in the CLI.
 */
import type {
  InstanceId,
  Localized,
  MessageId,
  NodeId,
  RequestId,
  SimTime,
  TransportKind,
} from '../shared';

// ───────────────────────────── input: the compiled model ─────────────────────────────

/** Handler latency: fixed, or mean ± uniform jitter (seeded). */
export interface Latency {
  mean: number;
  jitter: number;
}

/** Server-side transport options, with NestJS's own option names. */
export interface TransportOptions {
  /** rmq queue name (NestJS default `''`) or nats queue group. */
  queue?: string;
  /** rmq: `noAck` (default true). */
  noAck?: boolean;
  /** rmq: `prefetchCount` (default 0 = unlimited). */
  prefetchCount?: number;
  /** rmq: `persistent` (default false). */
  persistent?: boolean;
  /** mqtt: QoS (default 0). */
  qos?: 0 | 1 | 2;
  /** kafka: partitions of each topic (default 1). */
  partitions?: number;
  /** redis: reconnect attempts of the server (default undefined = never reconnect). */
  retryAttempts?: number;
  /** redis: delay between reconnect attempts (default 5000). */
  retryDelay?: number;
  /** tcp/grpc: host and port the service listens on. */
  host?: string;
  port?: number;
  /** Anything else NestJS accepts is carried along for display. */
  [key: string]: unknown;
}

export interface TransportSpec {
  kind: TransportKind;
  options: TransportOptions;
}

export interface HandlerSpec {
  pattern: string;
  kind: 'request' | 'event';
  latency: Latency;
  /** Probability in [0,1] that one handling throws. */
  failureRate: number;
  /** What the handler throws: `RpcException(message)` or a plain `Error(message)`. */
  failure: { type: 'rpc' | 'error'; message: string };
}

export interface ServiceSpec {
  id: NodeId;
  label: Localized;
  replicas: number;
  transport: TransportSpec;
  handlers: HandlerSpec[];
  /** Virtual ms an instance takes from `starting` to `up` (restart, scale out). */
  startupMs: number;
}

export interface RouteSpec {
  /** `GET /orders/:id` — the key used by the script and the UI. */
  key: string;
  method: string;
  path: string;
  action: 'send' | 'emit';
  pattern: string;
  /** Target services (one for `send`). */
  to: NodeId[];
  /** RxJS `timeout()` on `send()`; undefined = none (NestJS default). */
  timeoutMs?: number;
  /** HTTP status on success (GET 200, POST 201 as NestJS). */
  okStatus: number;
  /** HTTP status when the gateway times out (504) and on a remote error (500). */
  timeoutStatus: number;
  errorStatus: number;
}

export type ScriptCommand =
  | { type: 'http'; route: string; count: number; everyMs: number }
  | { type: 'kill'; instance: InstanceId }
  | { type: 'restart'; instance: InstanceId }
  | { type: 'scale'; service: NodeId; replicas: number };

export interface ScriptStep {
  at: SimTime;
  command: ScriptCommand;
}

export interface NodeLayout {
  x: number;
  y: number;
}

/** What the engine runs: a scenario after validation and defaults (see `src/scenario`). */
export interface SimModel {
  title: Localized;
  seed: number;
  transport: TransportSpec;
  client: { id: NodeId; label: Localized };
  gateway: { id: NodeId; label: Localized; timeoutMs?: number };
  broker: { id: NodeId; label: Localized } | null;
  services: ServiceSpec[];
  routes: RouteSpec[];
  script: ScriptStep[];
  layout: Record<NodeId, NodeLayout>;
}

/** A command from the UI (or a lesson), applied at the engine's current time. */
export type Command = ScriptCommand;

// ───────────────────────────── output: the trace ─────────────────────────────

/** What a message is, for colouring and shape: request ●, reply ◆, event ▲, http ■, error ✕. */
export type MessageKind = 'http' | 'http-response' | 'request' | 'reply' | 'event' | 'error';

/** The wire envelope as NestJS puts it on the wire. */
export interface Envelope {
  channel: string;
  body: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

interface Ev<T extends string> {
  /** Virtual ms. */
  t: SimTime;
  type: T;
}

/** Every trace event. Names and fields are public API (CLI `ndjson`); add, never rename. */
export type TraceEvent =
  | (Ev<'http.request'> & { reqId: RequestId; method: string; path: string })
  | (Ev<'http.response'> & { reqId: RequestId; status: number; ms: number })
  | (Ev<'client.send'> & { msgId: MessageId; pattern: string; reqId: RequestId; to: NodeId })
  | (Ev<'client.emit'> & { msgId: MessageId; pattern: string; reqId?: RequestId; to: NodeId[] })
  | (Ev<'broker.enqueued'> & { msgId: MessageId; where: string; depth: number })
  | (Ev<'message.delivered'> & { msgId: MessageId; instance: InstanceId; pattern: string })
  | (Ev<'message.dropped'> & { msgId: MessageId; reason: DropReason; instance?: InstanceId })
  | (Ev<'handler.done'> & { msgId: MessageId; instance: InstanceId; ok: boolean; pattern: string })
  | (Ev<'reply.received'> & { msgId: MessageId; instance: InstanceId })
  | (Ev<'request.timeout'> & { msgId: MessageId })
  | (Ev<'request.error'> & { msgId: MessageId; error: unknown })
  | (Ev<'instance.down'> & { instance: InstanceId })
  | (Ev<'instance.starting'> & { instance: InstanceId })
  | (Ev<'instance.up'> & { instance: InstanceId })
  | (Ev<'service.scaled'> & { service: NodeId; from: number; to: number })
  | (Ev<'server.log'> & { instance: InstanceId; level: 'LOG' | 'WARN' | 'ERROR'; text: string })
  | (Ev<'hop'> & Hop);

export type TraceType = TraceEvent['type'];

export type DropReason =
  'late-reply' | 'no-subscribers' | 'instance-down' | 'no-handler' | 'no-queue' | 'client-gone';

/**
 * One message crossing one link. It carries its own timing (raftscope's trick), so the UI
 * animates it from the clock alone: progress = (clock − t) / (arriveAt − t).
 */
export interface Hop {
  /** The message (or HTTP request id for `http` hops). */
  msgId: string;
  kind: MessageKind;
  from: NodeId | InstanceId;
  to: NodeId | InstanceId;
  arriveAt: SimTime;
  pattern?: string;
  /** The envelope on the wire, for the inspector. */
  wire?: Envelope;
}

// ───────────────────────────── output: the snapshot ─────────────────────────────

export type InstanceStatus = 'starting' | 'up' | 'down';

export interface InstanceView {
  id: InstanceId;
  service: NodeId;
  index: number;
  status: InstanceStatus;
  /** Handlings in progress. */
  busy: number;
  /** Handlings finished, by pattern. */
  handled: Record<string, number>;
}

export interface QueueView {
  /** Queue, channel, subject or topic name as the broker names it. */
  name: string;
  kind: 'queue' | 'channel' | 'subject' | 'topic';
  /** Messages waiting (rmq `ready`). */
  ready: number;
  /** Delivered but not acknowledged (rmq with `noAck:false`). */
  unacked: number;
  consumers: number;
}

export interface NodeView {
  id: NodeId;
  type: 'client' | 'gateway' | 'broker' | 'service';
  label: Localized;
  transport?: TransportKind;
}

export interface Counters {
  httpTotal: number;
  byStatus: Record<string, number>;
  pending: number;
  dropped: number;
  duplicates: number;
}

/** The whole visible state at `now`: for the UI and for tests. */
export interface Snapshot {
  now: SimTime;
  nodes: NodeView[];
  instances: InstanceView[];
  /** Messages on a link at `now`, with `progress` in [0,1]. */
  inFlight: (Hop & { t: SimTime; progress: number })[];
  queues: QueueView[];
  counters: Counters;
}
