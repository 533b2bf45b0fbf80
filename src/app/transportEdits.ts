/**
 * Transport switching: the learner's choices (scenario transport, per-service transport and a
 * few options) applied to the scenario FILE as plain JSON, on the main thread. The worker then
 * validates and compiles the edited file like any other — the main thread never imports
 * `src/scenario` or `src/engine` at run time.
 *
 * When a service moves to another transport its options start from that transport's teaching
 * defaults (not from the old transport's options, which mean nothing there):
 * - rmq: `queue: '<service>_queue'` (NestJS's default queue `''` would make every service share one);
 * - nats / mqtt: no queue group / no `$share` — every instance gets every message (duplicates);
 * - tcp / grpc: `loadBalancer: true` when the service has more than one replica (else EADDRINUSE).
 */
import { shareTopic, stripShare, TRANSPORT_KINDS, type TransportKind } from '../shared';
import type { ServiceEdit, TransportEdits } from '../state';

export type { OptionEdits, ServiceEdit, TransportEdits } from '../state';

export const NO_EDITS: TransportEdits = { services: {} };

export const BROKERLESS: readonly TransportKind[] = ['tcp', 'grpc'];
export const usesBroker = (k: TransportKind) => !BROKERLESS.includes(k);

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isKind = (v: unknown): v is TransportKind =>
  typeof v === 'string' && (TRANSPORT_KINDS as readonly string[]).includes(v);

export function isEmpty(e: TransportEdits): boolean {
  return e.kind === undefined && Object.keys(e.services).length === 0;
}

/** The options a service gets when it arrives on `kind` from another transport. */
export function defaultOptions(kind: TransportKind, service: string, replicas: number): Json {
  if (kind === 'rmq') return { queue: `${service}_queue` };
  if ((kind === 'tcp' || kind === 'grpc') && replicas > 1) return { loadBalancer: true };
  return {};
}

/** `?transport=redis` (a whole-scenario switch from a shared link). */
export function editsFromParam(v: string | null): TransportEdits {
  return isKind(v) ? { kind: v, services: {} } : NO_EDITS;
}

/**
 * The scenario file with the edits applied (a deep copy; the input is not touched). Unknown
 * shapes are left alone: the worker reports them with their field paths as usual.
 */
export function applyTransportEdits(file: unknown, edits: TransportEdits): unknown {
  if (isEmpty(edits) || !isObj(file)) return file;
  const f = structuredClone(file);
  const top = isObj(f.transport) ? f.transport : {};
  const origKind: TransportKind = isKind(top.kind) ? top.kind : 'rmq';
  const topOptions = isObj(top.options) ? top.options : {};
  const kind = edits.kind ?? origKind;
  // Every service gets its full options below, so the top level carries the kind only when it
  // changed (a scenario-wide rmq `queue` must not leak into a service switched to nats).
  f.transport = kind === origKind ? top : { kind };

  const nodes = Array.isArray(f.nodes) ? (f.nodes as unknown[]) : [];
  let anyBroker = false;
  for (const node of nodes) {
    if (!isObj(node) || node.type !== 'service' || typeof node.id !== 'string') continue;
    const id = node.id;
    const own = isObj(node.transport) ? node.transport : {};
    const ownKind: TransportKind = isKind(own.kind) ? own.kind : origKind;
    const ownOptions: Json = {
      ...(ownKind === origKind ? topOptions : {}),
      ...(isObj(own.options) ? own.options : {}),
    };
    const edit = edits.services[id];
    const svcKind = edit?.kind ?? (edits.kind !== undefined ? kind : ownKind);
    const replicas = typeof node.replicas === 'number' ? node.replicas : 1;
    const options: Json =
      svcKind === ownKind ? { ...ownOptions } : defaultOptions(svcKind, id, replicas);
    const optEdits = edit?.options ?? {};
    for (const [k, v] of Object.entries(optEdits)) {
      if (k === 'share') continue;
      if (v === null || v === undefined) delete options[k];
      else options[k] = v;
    }
    const touched = edit !== undefined || svcKind !== ownKind || kind !== origKind;
    if (touched) node.transport = { kind: svcKind, options };
    if (Array.isArray(node.handlers)) {
      for (const h of node.handlers as unknown[]) {
        if (!isObj(h) || typeof h.pattern !== 'string') continue;
        const bare = stripShare(h.pattern);
        const shared = svcKind === 'mqtt' && (optEdits.share ?? bare !== h.pattern);
        h.pattern = shared ? shareTopic(id, bare) : bare;
        // noAck:false from the switcher means "ack after handling": NestJS never acks for you,
        // so the handlers call channel.ack() (a file can still say `ack: false` to show why).
        if (svcKind === 'rmq' && optEdits.noAck === false && h.ack === undefined) h.ack = true;
      }
    }
    if (usesBroker(svcKind)) anyBroker = true;
  }
  if (!anyBroker) {
    // No broker transport left: the broker node and outage steps would only raise warnings.
    f.nodes = nodes.filter((n) => !(isObj(n) && n.type === 'broker'));
    if (Array.isArray(f.script))
      f.script = (f.script as unknown[]).filter(
        (s) => !(isObj(s) && (s.brokerDown !== undefined || s.brokerUp !== undefined)),
      );
  }
  return f;
}

/** A copy of `edits` with one service's edit merged in. */
export function withServiceEdit(
  edits: TransportEdits,
  service: string,
  patch: ServiceEdit,
): TransportEdits {
  const prev = edits.services[service] ?? {};
  const options = { ...prev.options, ...patch.options };
  const next: ServiceEdit = { ...prev, ...patch, options };
  return { ...edits, services: { ...edits.services, [service]: next } };
}

/** A whole-scenario switch: per-service choices are dropped (they were about the old transport). */
export function withScenarioKind(kind: TransportKind): TransportEdits {
  return { kind, services: {} };
}

/** A service moves to another transport: its option choices (about the old one) are dropped. */
export function withServiceKind(
  edits: TransportEdits,
  service: string,
  kind: TransportKind,
): TransportEdits {
  return { ...edits, services: { ...edits.services, [service]: { kind } } };
}
