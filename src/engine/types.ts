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
  /**
   * tcp/grpc (BrokerLab): put a load balancer node `lb:<service>` in front of the service; each
   * instance then listens on its own port (`port + index − 1`) and the balancer round-robins
   * over the up ones. Without it a 2nd instance fails with EADDRINUSE (default false).
   */
  loadBalancer?: boolean;
  /** mqtt (mqtt.js): `clean: false` keeps a persistent session (with qos ≥ 1) for offline subscribers. */
  clean?: boolean;
  /** kafka: consumer `groupId` (NestJS appends `-server`); default = the service id. */
  groupId?: string;
  /**
   * kafka: the gateway's ClientKafka `subscribeToResponseOf(pattern)` calls. `true` (default) =
   * subscribed to every pattern it sends; `false` = none; a list = only those patterns.
   */
  subscribeToResponseOf?: boolean | string[];
  /** rmq: amqp-connection-manager `reconnectTimeInSeconds` (default = heartbeat, 5). */
  reconnectTimeInSeconds?: number;
  /** grpc: the proto service name (default `<Service>Service`, e.g. `OrdersService`). */
  grpcService?: string;
  /** grpc: the proto package (default the service id). */
  package?: string;
  /**
   * rmq with `noAck:false` (BrokerLab): after this many failed handlings of one message
   * (nack + requeue each time) the broker moves it to the dead-letter queue `<queue>.dlq`
   * (a quorum queue's `delivery-limit` with a dead-letter exchange). Absent = requeue forever.
   */
  deadLetterAfter?: number;
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
  failure: {
    type: 'rpc' | 'error';
    message: string;
    /** `throw new RpcException({code:'E_ORDER', message})`: the object reaches the client as is. */
    error?: Record<string, unknown>;
  };
  /**
   * rmq with `noAck:false`: the handler calls `ctx.getChannelRef().ack(msg)` when it finishes.
   * Default false: NestJS never acks for you, so the message stays unacked.
   */
  ack?: boolean;
  /** grpc: the `@GrpcMethod` name (default: the pattern in PascalCase, `get_order` → `GetOrder`). */
  method?: string;
  /**
   * The handler remembers handled message ids (an idempotency key in a shared store): a delivery
   * of an id already handled (or being handled) by the service is a no-op, counted in
   * `duplicatesAvoided`. A request gets the remembered reply again.
   */
  idempotent?: boolean;
  /**
   * The handler returns a stream (`return of(1, 2, …, n)`): n reply packets, the last one with
   * `isDisposed: true`. The client completes on the first `isDisposed`, so with duplicate
   * handlers (Redis, NATS/MQTT without groups) the values of two instances interleave (spec §2).
   * Default 1: one packet, `response` and `isDisposed` merged.
   */
  stream?: number;
  /**
   * rmq with `noAck:false` and `ack`: on failure the handler calls `channel.nack(msg, false, true)`
   * (requeue) instead of acking; the message is redelivered (see `deadLetterAfter`).
   */
  requeueOnFailure?: boolean;
  /**
   * What one successful handling writes to the service's own records (its database):
   * `{ "stock": -1 }`. A failed handling writes nothing; a duplicate delivery writes again unless
   * the handler is idempotent (see world/records.ts).
   */
  writes?: Record<string, number>;
  /**
   * Calls the handler makes to other services after its own work, in order (a service is a
   * client too): `send` awaits the reply (an error or timeout fails the handler as NestJS does),
   * `emit` fires and goes on. Absent = none.
   */
  calls?: CallSpec[];
}

/** One call of a handler to another service, over that service's transport. */
export interface CallSpec {
  action: 'send' | 'emit';
  pattern: string;
  to: NodeId;
  /** send: RxJS `timeout()` on the call; undefined = none (NestJS default). */
  timeoutMs?: number;
}

/** RxJS `retry({count, delay})` with exponential backoff: delay of retry k (1-based) = `delayMs·factor^(k−1)·(1 ± jitter)`. */
export interface RetryPolicy {
  count: number;
  delayMs: number;
  factor: number;
  /** Relative jitter in [0, 1], drawn from the seeded rng. */
  jitter: number;
}

/** A circuit breaker per target service (opossum-like). */
export interface CircuitBreakerPolicy {
  /** Consecutive failures (timeouts or errors) that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before letting trial calls through (half-open). */
  openMs: number;
  /** Trial calls allowed while half-open. */
  halfOpenCalls: number;
  /** HTTP status of a call rejected while open (no fallback): 503. */
  status: number;
}

/** What the gateway answers instead of an error (breaker open, call failed or timed out). */
export interface FallbackPolicy {
  status: number;
  body: unknown;
}

/** Bulkhead per instance: at most `concurrency` handlings at once, `queue` more waiting. */
export interface CapacitySpec {
  concurrency: number;
  /** Work-queue length per instance; beyond it a delivery is rejected. Infinity = unbounded. */
  queue: number;
}

export interface AutoscaleSpec {
  min: number;
  max: number;
  /** Target average utilization (busy / concurrency) in (0, 1], or target work-queue depth per instance. */
  target: { utilization: number } | { queueDepth: number };
  /** Minimum virtual ms between two scaling decisions. */
  cooldownMs: number;
  /** Start-up time of an instance added by the autoscaler (default: the service's `startupMs`). */
  startupMs: number;
  /** Evaluated at start (default true); toggled by the `autoscale` command. */
  enabled: boolean;
}

export interface ServiceSpec {
  id: NodeId;
  label: Localized;
  replicas: number;
  transport: TransportSpec;
  handlers: HandlerSpec[];
  /** Virtual ms an instance takes from `starting` to `up` (restart, scale out). */
  startupMs: number;
  /** Bulkhead; absent = unlimited concurrency (NestJS default). */
  capacity?: CapacitySpec;
  autoscale?: AutoscaleSpec;
  /**
   * The service's own records at t = 0 (`{ "stock": 100 }`): one database per service, shared by
   * its instances. Records its handlers write start at 0 when absent here.
   */
  records?: Record<string, number>;
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
  /**
   * kafka: the message key. `{n}` is replaced by the request number and `{n%K}` by it modulo K
   * (`customer-{n%3}`): equal keys land on the same partition. Undefined = no key (spread).
   */
  messageKey?: string;
  /** `retry()` after `timeout()` in the pipe: the timeout applies to each attempt. */
  retry?: RetryPolicy;
  /** Breaker of the target service (shared by every route to it). */
  circuitBreaker?: CircuitBreakerPolicy;
  fallback?: FallbackPolicy;
  /**
   * emit routes: a transactional outbox. Accepting the request commits the event as an outbox row
   * with the write; a relay publishes the rows every `pollMs` until every target processed it.
   */
  outbox?: OutboxSpec;
}

export interface OutboxSpec {
  /** The relay polls the outbox every this many virtual ms. */
  pollMs: number;
}

/** A link between two nodes; an endpoint that is a service id stands for all its instances. */
export type Link = [NodeId | InstanceId, NodeId | InstanceId];

/** Shape of a load generator. */
export type LoadShape = 'constant' | 'burst' | 'ramp';

export type ScriptCommand =
  | { type: 'http'; route: string; count: number; everyMs: number }
  | { type: 'kill'; instance: InstanceId }
  | { type: 'restart'; instance: InstanceId }
  | { type: 'scale'; service: NodeId; replicas: number }
  /** The broker process stops (every connection drops) / starts again. */
  | { type: 'brokerDown' }
  | { type: 'brokerUp' }
  /**
   * Open-loop load on a route for `forMs`: `constant` at `rps`; `ramp` from `rps` to `toRps`;
   * `burst` = `rps` plus `burstSize` requests at once every `burstEveryMs`. A new load on a
   * route replaces the running one; `rps: 0` (constant) stops it.
   */
  | {
      type: 'load';
      route: string;
      rps: number;
      forMs: number;
      shape?: LoadShape;
      toRps?: number;
      burstEveryMs?: number;
      burstSize?: number;
    }
  /** Extra latency on a link (both directions); `addMs: 0, jitterMs: 0` clears it. */
  | { type: 'latency'; link: Link; addMs: number; jitterMs: number }
  /** Drops `percent` % of the hops on a link; 0 clears it. */
  | { type: 'loss'; link: Link; percent: number }
  /** Cuts a link (every hop on it is lost) / heals it. */
  | { type: 'partition'; link: Link }
  | { type: 'heal'; link: Link }
  /** A paused instance accepts deliveries but answers nothing until resumed (GC pause, debugger). */
  | { type: 'pause'; instance: InstanceId }
  | { type: 'resume'; instance: InstanceId }
  /** Kills every instance of a service / restarts every stopped one. */
  | { type: 'killService'; service: NodeId }
  | { type: 'restartService'; service: NodeId }
  /** Handler work of a service takes `factor` times longer (1 = normal). */
  | { type: 'slow'; service: NodeId; factor: number }
  /** An extra `percent` % of the service's handlings throw (0 = none). */
  | { type: 'errorRate'; service: NodeId; percent: number }
  /** The next request on the route carries a payload its handler always throws on. */
  | { type: 'poison'; route: string }
  /** Switches a service's autoscaler on or off. */
  | { type: 'autoscale'; service: NodeId; enabled: boolean }
  /**
   * Rolls a service to a new version: `rolling` replaces its instances one by one (each down for
   * `startupMs`, default the service's), `recreate` all at once. The new version may change every
   * handler's latency or add an error rate.
   */
  | {
      type: 'deploy';
      service: NodeId;
      strategy: DeployStrategy;
      startupMs?: number;
      version?: DeployVersion;
    }
  /** Makes every handler of the service idempotent (or back to what the scenario says). */
  | { type: 'idempotent'; service: NodeId; enabled: boolean }
  /** Switches an emit route's outbox on (relay every `pollMs`, default 500) or off. */
  | { type: 'outbox'; route: string; enabled: boolean; pollMs?: number };

/** Every command type (for UIs that list them). */
export type CommandType = ScriptCommand['type'];

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
  /** What the scenario shows and why (the file's `description`), for the page. */
  description?: Localized;
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

/**
 * Every trace event. Names and fields are public API (CLI `ndjson`); add, never rename. An event
 * about a message of an HTTP request carries that request's `reqId` (hops included), so a
 * consumer follows a request without re-joining events by message id.
 */
export type TraceEvent =
  | (Ev<'http.request'> & { reqId: RequestId; method: string; path: string })
  | (Ev<'http.response'> & { reqId: RequestId; status: number; ms: number })
  /** `from`: the instance whose handler sent it (a service calling another); absent = the gateway. */
  | (Ev<'client.send'> & {
      msgId: MessageId;
      pattern: string;
      reqId: RequestId;
      to: NodeId;
      from?: InstanceId;
    })
  | (Ev<'client.emit'> & {
      msgId: MessageId;
      pattern: string;
      reqId?: RequestId;
      to: NodeId[];
      from?: InstanceId;
    })
  | (Ev<'broker.enqueued'> & { msgId: MessageId; reqId?: RequestId; where: string; depth: number })
  | (Ev<'message.delivered'> & {
      msgId: MessageId;
      reqId?: RequestId;
      instance: InstanceId;
      pattern: string;
      /** rmq `fields.redelivered`, kafka: handled again from the committed offset. */
      redelivered?: boolean;
      /** kafka: partition and offset of the record. */
      partition?: number;
      offset?: number;
    })
  | (Ev<'message.dropped'> & {
      msgId: MessageId;
      /** The HTTP request the message belongs to (for a lost `http` hop: its own id). */
      reqId?: RequestId;
      reason: DropReason;
      instance?: InstanceId;
      /** The fault that caused it (loss, partition). */
      faultId?: string;
      /**
       * `late-reply` only: true when an earlier reply had already answered the call (a duplicate
       * reply: Redis, NATS/MQTT without groups), false when the call had timed out before.
       */
      answered?: boolean;
    })
  | (Ev<'handler.done'> & {
      msgId: MessageId;
      reqId?: RequestId;
      instance: InstanceId;
      ok: boolean;
      pattern: string;
    })
  | (Ev<'reply.received'> & {
      msgId: MessageId;
      reqId?: RequestId;
      instance: InstanceId;
      /** Streamed replies: the packet's value and whether more follow (absent for one packet). */
      value?: unknown;
      more?: boolean;
      /** Streamed replies, on the completing packet: every value the client received, in order. */
      values?: unknown[];
      /** The instance whose handler's `send()` this answers; absent = the gateway. */
      caller?: InstanceId;
    })
  | (Ev<'request.timeout'> & {
      msgId: MessageId;
      reqId?: RequestId;
      faultId?: string;
      caller?: InstanceId;
    })
  | (Ev<'request.error'> & {
      msgId: MessageId;
      reqId?: RequestId;
      error: unknown;
      faultId?: string;
      caller?: InstanceId;
    })
  | (Ev<'instance.down'> & { instance: InstanceId })
  | (Ev<'instance.starting'> & { instance: InstanceId })
  | (Ev<'instance.up'> & { instance: InstanceId })
  | (Ev<'service.scaled'> & { service: NodeId; from: number; to: number })
  | (Ev<'server.log'> & { instance: InstanceId; level: 'LOG' | 'WARN' | 'ERROR'; text: string })
  /** A log line of the gateway's ClientProxy (e.g. Redis `No matching callback found …`). */
  | (Ev<'client.log'> & { who: NodeId; level: 'DEBUG' | 'LOG' | 'WARN' | 'ERROR'; text: string })
  | Ev<'broker.down'>
  | Ev<'broker.up'>
  /** rmq: an unacked message goes back to `ready` (consumer gone); `lost` at a broker restart. */
  | (Ev<'broker.requeued'> & { msgId: MessageId; reqId?: RequestId; where: string })
  /** kafka: a consumer group starts / finishes a rebalance; `assignment` = partition → owner. */
  | (Ev<'group.rebalance'> & {
      group: string;
      phase: 'start' | 'done';
      assignment?: Record<string, InstanceId>;
    })
  /** kafka: a group's committed offset advanced. */
  | (Ev<'offset.commit'> & { group: string; topic: string; partition: number; offset: number })
  /** A ClientProxy (or server) lost / regained its broker connection. */
  | (Ev<'connection'> & { who: NodeId | InstanceId; state: 'lost' | 'restored' | 'gave-up' })
  | (Ev<'hop'> & Hop)
  // ── resilience lab ──
  /** A new attempt (new message id) of a request after the previous one failed or timed out. */
  | (Ev<'request.retry'> & {
      msgId: MessageId;
      attempt: number;
      reqId: RequestId;
      prevMsgId: MessageId;
      delayMs: number;
    })
  | (Ev<'breaker.state'> & {
      target: NodeId;
      from: BreakerState;
      to: BreakerState;
      faultId?: string;
    })
  /** A call the open (or saturated half-open) breaker refused without touching the broker. */
  | (Ev<'breaker.rejected'> & { reqId: RequestId; target: NodeId; faultId?: string })
  | (Ev<'fallback.used'> & { reqId: RequestId; status: number; faultId?: string })
  /** A delivery the instance's bulkhead refused (work queue full). */
  | (Ev<'capacity.rejected'> & {
      msgId: MessageId;
      reqId?: RequestId;
      instance: InstanceId;
      queued: number;
    })
  /** An idempotent handler skipped a message id it had already handled. */
  | (Ev<'handler.skipped'> & {
      msgId: MessageId;
      reqId?: RequestId;
      instance: InstanceId;
      reason: 'duplicate';
    })
  /** rmq: a message nacked `deadLetterAfter` times moved to `<queue>.dlq`. */
  | (Ev<'broker.deadLettered'> & {
      msgId: MessageId;
      reqId?: RequestId;
      where: string;
      failures: number;
    })
  | (Ev<'autoscale'> & { service: NodeId; from: number; to: number; reason: string })
  | (Ev<'autoscale.toggled'> & { service: NodeId; enabled: boolean })
  /** A fault began (or changed); `faultId` links its effects. */
  | (Ev<'fault'> & FaultInfo)
  | (Ev<'fault.cleared'> & FaultInfo)
  | (Ev<'load.started'> & { route: string; rps: number; forMs: number; shape: LoadShape })
  | (Ev<'load.stopped'> & { route: string })
  /** A `deploy` began: the service's instances are replaced (`rolling`: one by one; `recreate`: all at once). */
  | (Ev<'deploy.started'> & {
      service: NodeId;
      strategy: DeployStrategy;
      instances: InstanceId[];
      version?: DeployVersion;
    })
  /** One instance runs the new version (it is `up` again). */
  | (Ev<'deploy.replaced'> & { service: NodeId; instance: InstanceId })
  | (Ev<'deploy.done'> & { service: NodeId })
  /**
   * A service's records left step with what exactly-once handling would give: `behind` = a write
   * of an accepted request is overdue (lost, or still waiting), `ahead` = a request was written
   * twice. `expected` / `actual` are the records at that moment; `reqId` the request at fault.
   */
  | (Ev<'data.diverged'> & {
      service: NodeId;
      state: 'behind' | 'ahead';
      reqId: RequestId;
      expected: Record<string, number>;
      actual: Record<string, number>;
    })
  /** The service's records are back in step (every overdue write arrived). */
  | (Ev<'data.converged'> & {
      service: NodeId;
      expected: Record<string, number>;
      actual: Record<string, number>;
    })
  /** A fix was switched on or off (`idempotent` on a service, `outbox` on a route). */
  | (Ev<'data.fix'> & { fix: 'idempotent' | 'outbox'; target: string; enabled: boolean })
  /** The outbox relay published a row (`attempt` 1 = first publish, more = published again). */
  | (Ev<'outbox.published'> & {
      msgId: MessageId;
      reqId: RequestId;
      route: string;
      attempt: number;
    })
  | (Ev<'metrics.sample'> & MetricsSample);

export type BreakerState = 'closed' | 'open' | 'half-open';

export type DeployStrategy = 'rolling' | 'recreate';

/** What the new version of a deployed service changes: every handler's latency, an error rate. */
export interface DeployVersion {
  /** Handling time of every handler of the new version (virtual ms, fixed). */
  latencyMs?: number;
  /** Percent (0–100) of the new version's handlings that throw. */
  errorRate?: number;
}

export type FaultKind =
  | 'latency'
  | 'loss'
  | 'partition'
  | 'pause'
  /** The `kill` command on one instance (target = the instance), until it restarts or is scaled away. */
  | 'kill'
  | 'kill-service'
  | 'slow'
  | 'error-rate'
  | 'poison'
  | 'broker-down';

export interface FaultInfo {
  faultId: string;
  kind: FaultKind;
  /** `gateway<->broker` for links, a service or instance id, a route key, the broker's id. */
  target: string;
  link?: Link;
  addMs?: number;
  jitterMs?: number;
  percent?: number;
  factor?: number;
}

/** One window of live metrics (`SimulationOptions.metricsEveryMs`). */
export interface MetricsSample {
  windowMs: number;
  /** HTTP responses in the window: status < 400 / ≥ 400. */
  ok: number;
  failed: number;
  rps: number;
  latency: { p50: number; p95: number; p99: number };
  /** failed / (ok + failed), 0 when none. */
  errorRate: number;
  /** Broker queue depth (`ready`) by queue name. */
  queues: Record<string, number>;
  /** Deliveries waiting in instance work queues (bulkhead), by instance. */
  waiting: Record<InstanceId, number>;
  /** Instances `up` per service. */
  replicas: Record<NodeId, number>;
  /** Average busy / concurrency over the window, per live instance. */
  utilization: Record<InstanceId, number>;
  /** Duplicate handlings, retries, fallbacks in the window. */
  duplicates: number;
  retries: number;
  fallbacks: number;
  breakers: Record<NodeId, BreakerState>;
}

export type TraceType = TraceEvent['type'];

export type DropReason =
  | 'late-reply'
  | 'no-subscribers'
  | 'instance-down'
  | 'no-handler'
  | 'no-queue'
  | 'client-gone'
  /** On the wire to or from the broker when it stopped, or sent by a disconnected server. */
  | 'broker-down'
  /** A non-persistent rmq message in a queue when the broker restarted. */
  | 'broker-restart'
  /** rmq `noAck:false` event without handler: nacked without requeue. */
  | 'nacked'
  /** A `loss` fault on the link dropped the hop. */
  | 'loss'
  /** A `partition` fault cut the link. */
  | 'partition'
  /** An event refused by a full bulkhead (work queue full). */
  | 'capacity';

/**
 * One message crossing one link. It carries its own timing (raftscope's trick), so the UI
 * animates it from the clock alone: progress = (clock − t) / (arriveAt − t).
 */
export interface Hop {
  /** The message (or HTTP request id for `http` hops). */
  msgId: string;
  /**
   * The HTTP request the message belongs to (`http`, `http-response` and the gateway's `error`
   * answer to the client carry their own id): every event of one request chain shares it.
   */
  reqId?: RequestId;
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
  /**
   * Up but doing no work: a kafka member with no partition, or a tcp/grpc server whose `listen()`
   * failed with EADDRINUSE. Absent = false.
   */
  idle?: boolean;
  /** Why it is idle, or why it is deaf (`EADDRINUSE`, `no partition`, `disconnected`). */
  note?: string;
  /** Deliveries waiting in the instance's work queue (bulkhead or paused). Absent = 0. */
  waiting?: number;
  /** Paused (`pause` command). Absent = false. */
  paused?: boolean;
  /** The version it runs: 1 + the deploys that replaced it. Absent = 1. */
  version?: number;
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
  /** kafka: the topic's partitions with log end offset, committed offset per group and owner. */
  partitions?: PartitionView[];
  /** rmq: messages in `ready` with deliveryMode 2 (they survive a broker restart). */
  persistent?: number;
}

export interface PartitionView {
  id: number;
  /** Log end offset (next offset to be written). */
  end: number;
  /** Committed offset per consumer group (`orders-server`). */
  committed: Record<string, number>;
  /** Owner of the partition per group (absent while rebalancing or no member is up). */
  owner: Record<string, InstanceId>;
}

export interface NodeView {
  id: NodeId;
  type: 'client' | 'gateway' | 'broker' | 'service' | 'load-balancer';
  label: Localized;
  transport?: TransportKind;
}

export interface Counters {
  httpTotal: number;
  byStatus: Record<string, number>;
  pending: number;
  dropped: number;
  duplicates: number;
  /** Re-sent attempts (`request.retry`). */
  retries: number;
  fallbacks: number;
  /** Duplicate deliveries an idempotent handler skipped. */
  duplicatesAvoided: number;
  /** Deliveries refused by a full bulkhead. */
  rejected: number;
  /** Messages moved to a dead-letter queue. */
  deadLettered: number;
}

/** `in-step`: every settled write happened exactly once; see `data.diverged`. */
export type DataState = 'in-step' | 'behind' | 'ahead';

/** A service's own records (its database, shared by its instances). */
export interface ServiceDataView {
  /** What the handlers wrote. */
  actual: Record<string, number>;
  /**
   * What the records would be had every accepted request been handled exactly once by this
   * service (writes still on their way included).
   */
  expected: Record<string, number>;
  state: DataState;
  /** Accepted requests whose write is overdue (older than `DATA_SETTLE_MS`, not written). */
  overdue: number;
  /** Writes beyond one per request (duplicates). */
  extra: number;
  /** Every handler is idempotent (the scenario's or the `idempotent` command). */
  idempotent: boolean;
}

/** An emit route's outbox: rows waiting for the relay. */
export interface OutboxView {
  route: string;
  enabled: boolean;
  pollMs: number;
  /** Rows not yet processed by every target. */
  rows: number;
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
  /** Present when the model has a broker. */
  broker?: { status: 'up' | 'down' };
  /** Circuit breakers that exist (a route to the target has one), by target service. */
  breakers?: Record<NodeId, BreakerState>;
  /** Faults active now. */
  faults?: FaultInfo[];
  /** Services with an autoscaler: whether it is on. */
  autoscale?: Record<NodeId, boolean>;
  /** Services with records (a handler `writes` or `records` at start), by service. */
  data?: Record<NodeId, ServiceDataView>;
  /** Emit routes that have or had an outbox, by route key. */
  outboxes?: Record<string, OutboxView>;
}
