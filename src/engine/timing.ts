/**
 * Model latencies in virtual ms (mean, jitter; jitter is uniform and seeded). Loopback NestJS hops
 * are sub-millisecond; these are a small data-centre network, kept in the same order as reality
 * (HTTP from a client > broker hop > nothing; handler work is the learner's knob) and large enough
 * to see a token cross a link. docs/transports.md lists every figure and where it comes from.
 */
import type { TransportKind } from '../shared';

export interface HopTiming {
  mean: number;
  jitter: number;
}

export interface TransportTiming {
  /** HTTP between the client and the gateway, each way. */
  http: HopTiming;
  /** ClientProxy → broker and broker → ClientProxy. */
  clientToBroker: HopTiming;
  /** Broker → server instance and back. */
  brokerToServer: HopTiming;
  /** Point-to-point (tcp/grpc): client → server (or load balancer) and back. */
  direct: HopTiming;
  /** Time for a failed connect to be reported (ECONNREFUSED / UNAVAILABLE). Spec §4: 2 ms. */
  connectRefused: number;
  /** Time for a dying tcp server's socket close to reach the client. Spec §4: kill+10 ms. */
  connectionClosed: number;
}

export const DEFAULT_TIMING: TransportTiming = {
  http: { mean: 15, jitter: 3 },
  clientToBroker: { mean: 4, jitter: 1 },
  brokerToServer: { mean: 4, jitter: 1 },
  direct: { mean: 4, jitter: 1 },
  connectRefused: 2,
  connectionClosed: 10,
};

/** Broker / link hop per transport (each way). */
const HOPS: Record<TransportKind, HopTiming> = {
  // In-memory fan-out: the lightest brokers.
  redis: { mean: 3, jitter: 1 },
  nats: { mean: 3, jitter: 1 },
  mqtt: { mean: 4, jitter: 1 },
  // AMQP: exchange routing + queue; the spec saw 4 ms for a no-handler round trip (§3).
  rmq: { mean: 4, jitter: 1 },
  // Log append (acks=-1 by default in kafkajs) + consumer fetch.
  kafka: { mean: 8, jitter: 3 },
  tcp: { mean: 2, jitter: 0.5 },
  // HTTP/2 + protobuf framing.
  grpc: { mean: 3, jitter: 1 },
};

/** The timing a transport uses. */
export function timingFor(kind: TransportKind): TransportTiming {
  const hop = HOPS[kind];
  return { ...DEFAULT_TIMING, clientToBroker: hop, brokerToServer: hop, direct: hop };
}

/** Reconnection and group-coordination figures (virtual ms). */
export const RECONNECT = {
  /** Spec §7: Redis client, NATS, MQTT client and RMQ were OK ~0.5 s after the broker was back. */
  client: 500,
  /** NATS server (nats.js reconnect) — spec §7 "OK after ~0.5 s". */
  natsServer: 500,
  /** MQTT server re-subscribes later than the client reconnects: spec §7 saw one request lost. */
  mqttServer: 1000,
  /** kafkajs reconnect (retry.initialRetryTime 300 ms, doubled) — an assumption. */
  kafka: 600,
  /** RMQ: amqp-connection-manager retries every `reconnectTimeInSeconds` (default heartbeat 5 s). */
  rmqTickMs: 5000,
  /** RMQ: time to open connection + channel + consume once a retry finds the broker up. */
  rmqConnect: 100,
  /** Redis server default `retryDelay` (spec defaults table). */
  redisRetryDelay: 5000,
} as const;

export const KAFKA = {
  /** JoinGroup + SyncGroup round: consumption in the group pauses this long (assumption). */
  rebalanceMs: 300,
  /**
   * A crashed (SIGKILLed) member is noticed by the group coordinator only after its session
   * times out (kafkajs `sessionTimeout` default 30 000 ms). A scale-down leaves at once.
   */
  sessionTimeoutMs: 30_000,
} as const;

/** First retry tick `downAt + k·every` (k ≥ 1) at or after `upAt`, or null past `maxTicks`. */
export function nextTick(
  downAt: number,
  upAt: number,
  every: number,
  maxTicks = Infinity,
): number | null {
  const k = Math.max(1, Math.ceil((upAt - downAt) / every));
  return k > maxTicks ? null : downAt + k * every;
}
