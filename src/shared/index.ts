/**
 * Shared vocabulary: ids and units used by every layer. Imports nothing.
 * Times are virtual milliseconds (SimTime); wall time never enters the engine.
 */

/** Virtual time in milliseconds since the start of a run. */
export type SimTime = number;
/** A node of the architecture: `client`, `gateway`, `broker`, a service id, `lb:<service>`. */
export type NodeId = string;
/** An instance of a service: `orders#1`, `orders#2`, … */
export type InstanceId = string;
/** A NestJS message id (21 hex chars, like `randomStringGenerator`). */
export type MessageId = string;
/** An HTTP request id at the client (`r1`, `r2`, …). */
export type RequestId = string;

/** The NestJS `Transport` names BrokerLab simulates. */
export const TRANSPORT_KINDS = ['redis', 'nats', 'rmq', 'mqtt', 'kafka', 'tcp', 'grpc'] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];

/** Languages of the UI and of scenario texts. */
export const LANGS = ['en', 'pt-BR'] as const;
export type Lang = (typeof LANGS)[number];
/** A text in every language a scenario provides (`en` is always present). */
export type Localized = { en: string } & Partial<Record<Lang, string>>;

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** `orders#2` → `{ service: 'orders', index: 2 }` (null if not an instance id). */
export function parseInstanceId(id: string): { service: string; index: number } | null {
  const m = /^(.+)#(\d+)$/.exec(id);
  return m ? { service: m[1]!, index: Number(m[2]) } : null;
}
export const instanceId = (service: string, index: number): InstanceId => `${service}#${index}`;

/** Prefix of a load balancer node in front of a tcp/grpc service: `lb:orders`. */
export const LB_PREFIX = 'lb:';
export const lbNodeId = (service: string): NodeId => `${LB_PREFIX}${service}`;
/** `lb:orders` → `orders` (null when `id` is not a load balancer). */
export const lbService = (id: string): string | null =>
  id.startsWith(LB_PREFIX) ? id.slice(LB_PREFIX.length) : null;

/** A link's name in fault targets: `gateway<->broker` (either order names the same link). */
export const linkName = (link: readonly [string, string]): string => `${link[0]}<->${link[1]}`;
/** `gateway<->broker` → `['gateway', 'broker']` (null when `name` is not a link name). */
export function linkEnds(name: string): [string, string] | null {
  const parts = name.split('<->');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : null;
}

/** An MQTT shared subscription `$share/<group>/<topic>` (groups 1 and 2). */
export const MQTT_SHARE = /^\$share\/([^/]+)\/(.+)$/;
/** `$share/g/get_order` → `get_order`; any other pattern unchanged. */
export const stripShare = (pattern: string): string => MQTT_SHARE.exec(pattern)?.[2] ?? pattern;

export {
  GRPC_SEND_UNSUPPORTED,
  grpcMethodName,
  grpcPackageName,
  grpcServiceName,
  lowerFirst,
} from './grpc';
/** `('orders', 'get_order')` → `$share/orders/get_order`. */
export const shareTopic = (group: string, topic: string): string => `$share/${group}/${topic}`;

/** The playback speeds the speed menu offers, in order (+ and − step through them). */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;
