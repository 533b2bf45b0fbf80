/**
 * Model latencies in virtual ms (mean, jitter). Loopback NestJS hops are sub-millisecond; these are
 * a small data-centre network, kept in the same order as reality (HTTP from a client > broker hop >
 * handler work is the learner's knob) and large enough to see a token cross a link. Each transport
 * may override them; docs/transports.md lists the figures and where they come from.
 */
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
  /** Point-to-point (tcp/grpc): client → server and back. */
  direct: HopTiming;
  /** Time for a failed connect to be reported (ECONNREFUSED / UNAVAILABLE). */
  connectRefused: number;
}

export const DEFAULT_TIMING: TransportTiming = {
  http: { mean: 15, jitter: 3 },
  clientToBroker: { mean: 4, jitter: 1 },
  brokerToServer: { mean: 4, jitter: 1 },
  direct: { mean: 4, jitter: 1 },
  connectRefused: 2,
};
