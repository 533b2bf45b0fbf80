/**
 * TCP (NestJS `Transport.TCP`): point-to-point, no broker. One server per host:port — a second
 * instance on the same port fails with EADDRINUSE — so the client always talks to the instance
 * that holds the port. Server down → `connect ECONNREFUSED` in ~2 ms, for `send()` and `emit()`
 * alike; a server dying mid-request → `Connection closed`. Messages use `<length>#<json>` framing.
 */
import { econnrefused } from '../nestErrors';
import type { QueueView } from '../types';
import type { InstanceRt, Msg, ServiceRt, TransportContext, TransportModel } from './transport';

/** UTF-8 byte length (the engine has no TextEncoder: it runs without DOM or Node libs). */
const byteLength = (s: string) => {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
};
const frame = (body: unknown) => {
  const json = JSON.stringify(body);
  return `${byteLength(json)}#${json}`;
};

export function createTcp(ctx: TransportContext): TransportModel {
  const address = (s: ServiceRt) => ({
    host: String(s.spec.transport.options.host ?? '127.0.0.1'),
    port: Number(s.spec.transport.options.port ?? 3000),
  });
  /** The instance listening on the service's port (the first to have bound it). */
  const listener = (s: ServiceRt): InstanceRt | undefined =>
    s.instances.find((i) => i.index === 1 && i.status === 'up');

  function call(
    msg: Msg,
    target: ServiceRt,
    onError: (e: unknown) => void,
    onSent?: () => void,
  ): void {
    const inst = listener(target);
    if (!inst) {
      const { host, port } = address(target);
      ctx.schedule(ctx.now + ctx.timing.connectRefused, () => onError(econnrefused(host, port)));
      return;
    }
    const body: Record<string, unknown> = { pattern: msg.pattern, data: msg.data };
    if (msg.kind === 'request') body.id = msg.id;
    onSent?.();
    ctx.transmit(
      {
        msgId: msg.id,
        kind: msg.kind,
        from: ctx.gatewayId,
        to: inst.id,
        pattern: msg.pattern,
        wire: {
          channel: `${address(target).host}:${address(target).port}`,
          body: { frame: frame(body) },
        },
      },
      ctx.timing.direct,
      () =>
        ctx.handle(inst, msg, (reply) => {
          const replyBody = reply.ok
            ? { response: reply.response, isDisposed: true, id: msg.id }
            : { err: reply.err, status: 'error', isDisposed: true, id: msg.id };
          ctx.transmit(
            {
              msgId: msg.id,
              kind: reply.ok ? 'reply' : 'error',
              from: inst.id,
              to: ctx.gatewayId,
              pattern: msg.pattern,
              wire: { channel: 'socket', body: { frame: frame(replyBody) } },
            },
            ctx.timing.direct,
            () => ctx.replyArrived(msg.id, inst.id, reply),
          );
        }),
    );
  }

  return {
    kind: 'tcp',
    hasBroker: false,
    send(msg, target) {
      call(msg, target, (e) => ctx.replyArrived(msg.id, null, { ok: false, err: e }));
    },
    emit(msg, targets, published) {
      let pendingTargets = targets.length;
      let failed: unknown;
      if (pendingTargets === 0) return published();
      for (const t of targets) {
        call(
          msg,
          t,
          (e) => {
            failed = e;
            if (--pendingTargets === 0) published(failed);
          },
          () => {
            if (--pendingTargets === 0) published(failed);
          },
        );
      }
    },
    instanceUp() {},
    instanceDown() {},
    queues: (): QueueView[] => [],
  };
}
