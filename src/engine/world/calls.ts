/**
 * Services are clients too: a handler's `calls` (docs/scenario-format.md) run after its own work,
 * in order, through the target service's transport — the same `send()` / `emit()` the gateway's
 * ClientProxy uses (`TransportModel`), with the calling instance as the client side of every hop
 * (`msg.client = 'orders#1'`). A `send` is `await firstValueFrom(client.send(…))`: its first reply
 * settles it, an error or `timeout()` fails the handler. An `emit` does not wait. Every message
 * keeps the HTTP request's `reqId`, so a request's chain stays one chain.
 */
import type { InstanceId } from '../../shared';
import { RXJS_TIMEOUT } from '../nestErrors';
import type { Step } from '../core/step';
import type { InstanceRt, Msg, OutCall, ReplyBody, ServiceRt } from '../transports/transport';
import type { CallSpec } from '../types';
import type { World } from '../simulation';

const TIMED_OUT: Step<Calls, OutCall> = { run: (calls, oc) => calls.timedOut(oc) };

export class Calls {
  private readonly pendingByPattern = new Map<string, number>();

  constructor(private readonly w: World) {}

  /**
   * Runs `calls` for the handling of `parent` at `inst`, one after the other; `done(error)` after
   * the last one (error undefined) or at the first failed `send`. Nothing more runs — `done`
   * included — once the instance died (the handler's process is gone).
   */
  run(
    inst: InstanceRt,
    parent: Msg,
    calls: readonly CallSpec[],
    done: (error: { error: unknown } | undefined) => void,
  ): void {
    const epoch = inst.epoch;
    const next = (i: number): void => {
      if (inst.epoch !== epoch) return;
      if (i === calls.length) return done(undefined);
      const c = calls[i]!;
      const target = this.w.serviceById.get(c.to)!;
      if (c.action === 'emit') {
        const grpc = target.transport.kind === 'grpc';
        // A broker emit() completes whatever happens; ClientGrpc.emit throws (the handler fails).
        this.emit(inst, parent, c, target, (error) => {
          if (grpc && inst.epoch === epoch) done({ error });
        });
        if (!grpc) next(i + 1);
        return;
      }
      this.send(inst, epoch, parent, c, target, (reply) => {
        if (reply === 'timeout') done({ error: RXJS_TIMEOUT });
        else if (!reply.ok) done({ error: reply.err });
        else next(i + 1);
      });
    };
    next(0);
  }

  private message(inst: InstanceRt, parent: Msg, kind: Msg['kind'], pattern: string): Msg {
    const n = parent.n;
    return {
      id: this.w.rng.hex(21),
      kind,
      pattern,
      data: kind === 'request' ? { id: n } : { orderId: n },
      reqId: parent.reqId,
      n,
      key: parent.key,
      handledBy: undefined,
      encoded: undefined,
      poison: undefined,
      call: undefined,
      client: inst.id,
      outcall: undefined,
    };
  }

  private emit(
    inst: InstanceRt,
    parent: Msg,
    c: CallSpec,
    target: ServiceRt,
    failed: (error: unknown) => void,
  ): void {
    const msg = this.message(inst, parent, 'event', c.pattern);
    this.w.trace({
      t: this.w.now,
      type: 'client.emit',
      msgId: msg.id,
      pattern: msg.pattern,
      reqId: msg.reqId,
      to: [target.id],
      from: inst.id,
    });
    target.transport.emit(msg, [target], (error) => {
      if (error === undefined) return;
      this.w.trace({
        t: this.w.now,
        type: 'request.error',
        msgId: msg.id,
        reqId: msg.reqId,
        error,
        caller: inst.id,
      });
      failed(error);
    });
  }

  private send(
    inst: InstanceRt,
    epoch: number,
    parent: Msg,
    c: CallSpec,
    target: ServiceRt,
    settle: OutCall['settle'],
  ): void {
    const msg = this.message(inst, parent, 'request', c.pattern);
    const oc: OutCall = { msg, inst, epoch, target, settled: false, settle };
    msg.outcall = oc;
    this.pendingByPattern.set(c.pattern, (this.pendingByPattern.get(c.pattern) ?? 0) + 1);
    this.w.trace({
      t: this.w.now,
      type: 'client.send',
      msgId: msg.id,
      pattern: msg.pattern,
      reqId: msg.reqId,
      to: target.id,
      from: inst.id,
    });
    if (c.timeoutMs !== undefined) this.w.at(this.w.now + c.timeoutMs, TIMED_OUT, this, oc);
    target.transport.send(msg, target);
  }

  private unpend(oc: OutCall): void {
    oc.settled = true;
    const p = oc.msg.pattern;
    this.pendingByPattern.set(p, (this.pendingByPattern.get(p) ?? 1) - 1);
  }

  /** Requests of `pattern` handlers are waiting for. */
  pendingOf(pattern: string): number {
    return this.pendingByPattern.get(pattern) ?? 0;
  }

  /** A reply (or a client-side error, `from` null) for a handler's `send()`. */
  replyArrived(msg: Msg, from: InstanceId | null, reply: ReplyBody): void {
    const oc = msg.outcall!;
    const caller = oc.inst.id;
    if (oc.settled || oc.inst.epoch !== oc.epoch) {
      // firstValueFrom took the first packet and unsubscribed; a dead caller reads nothing.
      this.w.dropped(
        msg,
        oc.settled ? 'late-reply' : 'client-gone',
        from ?? undefined,
        undefined,
        oc.settled ? oc.settledBy === 'reply' : undefined,
      );
      if (!oc.settled) this.unpend(oc);
      return;
    }
    this.unpend(oc);
    oc.settledBy = 'reply';
    const reqId = msg.reqId;
    if (from !== null)
      this.w.trace({
        t: this.w.now,
        type: 'reply.received',
        msgId: msg.id,
        reqId,
        instance: from,
        caller,
      });
    if (!reply.ok)
      this.w.trace({
        t: this.w.now,
        type: 'request.error',
        msgId: msg.id,
        reqId,
        error: reply.err,
        caller,
      });
    oc.settle(reply);
  }

  /** The call's `timeout()` fired before a reply. */
  timedOut(oc: OutCall): void {
    if (oc.settled || oc.inst.epoch !== oc.epoch) return;
    this.unpend(oc);
    oc.settledBy = 'timeout';
    const msg = oc.msg;
    this.w.trace({
      t: this.w.now,
      type: 'request.timeout',
      msgId: msg.id,
      reqId: msg.reqId,
      caller: oc.inst.id,
    });
    oc.settle('timeout');
  }
}
