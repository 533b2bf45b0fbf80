/**
 * What TCP and gRPC share: no broker, the client connects to one host:port. One server per
 * host:port — a second instance on the same port logs `listen EADDRINUSE` and serves nothing — so
 * scaling needs a load balancer: with the option `loadBalancer: true` a node `lb:<service>` sits
 * in front, each instance listens on its own port (`port + index − 1`). A layer-4 balancer (tcp:
 * a Kubernetes Service, HAProxy `mode tcp`) round-robins CONNECTIONS: NestJS's ClientTCP keeps
 * one connection per client, so every call goes to the instance it was given until that
 * connection breaks (observed: docs/conformance.md). A layer-7 one (grpc: Envoy) round-robins
 * calls. A server dying mid-call closes the connection and the client fails at once (tcp
 * `Connection closed`, grpc `UNAVAILABLE`).
 */
import { lbNodeId, type TransportKind } from '../../shared';
import { eaddrinuse } from '../nestErrors';
import { timingFor } from '../timing';
import type { Envelope, NodeView, QueueView } from '../types';
import type {
  InstanceRt,
  Msg,
  ReplyBody,
  ServiceRt,
  TransportContext,
  TransportModel,
} from './transport';

export interface PointToPointFlavour {
  kind: TransportKind;
  defaultPort: number;
  /** Client error when nobody listens at the address (ECONNREFUSED / UNAVAILABLE). */
  refused(host: string, port: number): string;
  /** Client error when the server (or the balancer's backend) dies mid-call. */
  closed: string;
  /** Client error when the balancer has no up backend. */
  noBackend: string;
  /** The balancer picks an instance per connection (layer 4), not per call (layer 7). */
  balancesConnections?: boolean;
  /** `emit()`: undefined = supported; a string = the client refuses it with this error. */
  emitError?: string;
  /** The request on the wire. */
  requestWire(msg: Msg, target: ServiceRt, address: string): Envelope;
  /** The reply on the wire. */
  replyWire(msg: Msg, reply: ReplyBody): Envelope;
  /** The error the client sees for a reply (grpc maps to status codes). */
  clientError?(reply: ReplyBody, msg: Msg, target: ServiceRt): ReplyBody;
  /** What the server does with a call it has no handler for (grpc: UNIMPLEMENTED). */
  unimplemented?(msg: Msg, target: ServiceRt): string | undefined;
  timeoutError?(msg: Msg): unknown;
}

interface Call {
  open: boolean;
  msg: Msg;
  onError: (e: unknown) => void;
}

export function createPointToPoint(ctx: TransportContext, f: PointToPointFlavour): TransportModel {
  const T = timingFor(f.kind);
  /** Without a balancer: the instance that bound the service's port. */
  const holder = new Map<ServiceRt, InstanceRt>();
  /** Up, but `listen()` failed with EADDRINUSE. */
  const refusedListen = new Set<InstanceRt>();
  const rr = new Map<ServiceRt, number>();
  /** Layer 4: the instance behind the client's one open connection to the balancer. */
  const pinned = new Map<ServiceRt, InstanceRt>();
  const calls = new Map<InstanceRt, Set<Call>>();

  const opts = (s: ServiceRt) => s.spec.transport.options;
  const balanced = (s: ServiceRt) => opts(s).loadBalancer === true;
  const host = (s: ServiceRt) => String(opts(s).host ?? '127.0.0.1');
  const basePort = (s: ServiceRt) => Number(opts(s).port ?? f.defaultPort);
  const portOf = (inst: InstanceRt) =>
    basePort(inst.service) + (balanced(inst.service) ? inst.index - 1 : 0);
  const lbId = (s: ServiceRt) => lbNodeId(s.id);

  function pick(target: ServiceRt): InstanceRt | undefined {
    if (!balanced(target)) return holder.get(target);
    if (f.balancesConnections) return pinned.get(target) ?? connect(target);
    const up = target.instances.filter((i) => i.status === 'up');
    if (up.length === 0) return undefined;
    const n = rr.get(target) ?? 0;
    rr.set(target, n + 1);
    return up[n % up.length];
  }

  /** A new connection: the next backend in the balancer's list after the last one, if up. */
  function connect(target: ServiceRt): InstanceRt | undefined {
    const all = target.instances;
    const from = rr.get(target) ?? 0;
    for (let k = 0; k < all.length; k++) {
      const inst = all[(from + k) % all.length]!;
      if (inst.status !== 'up') continue;
      rr.set(target, from + k + 1);
      pinned.set(target, inst);
      return inst;
    }
    return undefined;
  }

  function later(ms: number, fn: () => void) {
    ctx.schedule(ctx.now + ms, fn);
  }

  /** Sends one call; `onError` gets a client-side failure, `onWritten` runs when it is on the wire. */
  function call(
    msg: Msg,
    target: ServiceRt,
    onError: (e: unknown) => void,
    onWritten?: () => void,
  ) {
    const lb = balanced(target);
    if (!lb) {
      const inst = holder.get(target);
      if (!inst) {
        later(ctx.timing.connectRefused, () => onError(f.refused(host(target), basePort(target))));
        return;
      }
      onWritten?.();
      toServer(msg, target, inst, msg.client, onError);
      return;
    }
    // Through the balancer: the client connects to the balancer, which always accepts.
    onWritten?.();
    ctx.transmit(
      {
        msgId: msg.id,
        reqId: msg.reqId,
        kind: msg.kind,
        from: msg.client,
        to: lbId(target),
        pattern: msg.pattern,
        wire: f.requestWire(msg, target, `${lbId(target)}`),
      },
      T.direct,
      () => {
        const inst = pick(target);
        if (!inst) return later(ctx.timing.connectionClosed, () => onError(f.noBackend));
        toServer(msg, target, inst, lbId(target), onError);
      },
    );
  }

  function toServer(
    msg: Msg,
    target: ServiceRt,
    inst: InstanceRt,
    from: string,
    onError: (e: unknown) => void,
  ) {
    let set = calls.get(inst);
    if (!set) calls.set(inst, (set = new Set()));
    const c: Call = { open: true, msg, onError };
    set.add(c);
    ctx.transmit(
      {
        msgId: msg.id,
        reqId: msg.reqId,
        kind: msg.kind,
        from,
        to: inst.id,
        pattern: msg.pattern,
        wire: f.requestWire(msg, target, `${host(target)}:${portOf(inst)}`),
      },
      T.direct,
      () => {
        if (!c.open) return;
        const missing = msg.kind === 'request' ? f.unimplemented?.(msg, target) : undefined;
        if (missing !== undefined) {
          close(inst, c);
          return reply(msg, target, inst, from, { ok: false, err: missing, noHandler: true });
        }
        ctx.handle(inst, msg, (r) => {
          close(inst, c);
          reply(msg, target, inst, from, r);
        });
        if (msg.kind === 'event') close(inst, c);
      },
    );
  }

  function close(inst: InstanceRt, c: Call): void {
    c.open = false;
    calls.get(inst)?.delete(c);
  }

  /** The connection closed under the call (server crashed): requests fail at the client. */
  function broken(c: Call): void {
    c.open = false;
    if (c.msg.kind === 'request') later(ctx.timing.connectionClosed, () => c.onError(f.closed));
  }

  function reply(msg: Msg, target: ServiceRt, inst: InstanceRt, via: string, r: ReplyBody) {
    const kind = r.ok ? 'reply' : 'error';
    const wire = f.replyWire(msg, r);
    const seen = f.clientError ? f.clientError(r, msg, target) : r;
    const arrive = () => ctx.replyArrived(msg, inst.id, seen);
    // A streamed reply's packets share one connection: they keep their order.
    const fifo = r.ok && r.stream !== undefined ? { key: r.stream, last: !r.more } : undefined;
    ctx.transmit(
      { msgId: msg.id, reqId: msg.reqId, kind, from: inst.id, to: via, pattern: msg.pattern, wire },
      T.direct,
      () =>
        via === msg.client
          ? arrive()
          : ctx.transmit(
              {
                msgId: msg.id,
                reqId: msg.reqId,
                kind,
                from: via,
                to: msg.client,
                pattern: msg.pattern,
                wire,
              },
              T.direct,
              arrive,
              undefined,
              fifo && { key: `${fifo.key}>gw`, last: fifo.last },
            ),
      undefined,
      fifo && { key: `${fifo.key}>${via}`, last: fifo.last },
    );
  }

  return {
    kind: f.kind,
    hasBroker: false,
    send(msg, target) {
      call(msg, target, (e) => ctx.replyArrived(msg, null, { ok: false, err: e }));
    },
    emit(msg, targets, published) {
      if (f.emitError !== undefined) {
        const err = f.emitError;
        return ctx.schedule(ctx.now, () => published(err));
      }
      let waiting = targets.length;
      let failed: unknown;
      if (waiting === 0) return published();
      const settle = () => {
        if (--waiting === 0) published(failed);
      };
      for (const t of targets)
        call(
          msg,
          t,
          (e) => {
            failed = e;
            settle();
          },
          settle,
        );
    },
    instanceUp(inst) {
      const svc = inst.service;
      if (balanced(svc)) return;
      const h = holder.get(svc);
      if (h && h !== inst && h.status === 'up') {
        refusedListen.add(inst);
        ctx.log(inst, 'ERROR', eaddrinuse(host(svc), basePort(svc)));
        return;
      }
      holder.set(svc, inst);
    },
    instanceDown(inst) {
      refusedListen.delete(inst);
      // Its connection closed: the client's next call opens a new one, to the next instance.
      if (pinned.get(inst.service) === inst) pinned.delete(inst.service);
      if (holder.get(inst.service) === inst) holder.delete(inst.service);
      const set = calls.get(inst);
      if (!set) return;
      calls.delete(inst);
      for (const c of set) broken(c);
    },
    timeoutError: f.timeoutError,
    instanceInfo: (inst) =>
      refusedListen.has(inst) ? { idle: true, note: 'EADDRINUSE' } : undefined,
    nodes(): NodeView[] {
      const out: NodeView[] = [];
      for (const s of ctx.services())
        if (s.transport.kind === f.kind && balanced(s))
          out.push({
            id: lbId(s),
            type: 'load-balancer',
            label: { en: `Load balancer (${s.id})`, 'pt-BR': `Balanceador de carga (${s.id})` },
            transport: f.kind,
          });
      return out;
    },
    queues: (): QueueView[] => [],
  };
}
