/**
 * An instance handling a delivery: the handler lookup, the bulkhead (`capacity`: run, wait or
 * reject), pause, idempotency, the handler's latency and failures (incl. `slow`, `errorRate`,
 * poison), duplicate-work accounting and the reply. Busy time is integrated for utilization.
 */
import { stripShare } from '../../shared';
import {
  INTERNAL_SERVER_ERROR,
  NO_MESSAGE_HANDLER,
  noEventHandler,
  rmqUnsupportedEvent,
} from '../nestErrors';
import type { Step } from '../core/step';
import type {
  Done,
  HandleOpts,
  InstanceRt,
  Msg,
  ReplyBody,
  ServiceRt,
} from '../transports/transport';
import type { HandlerSpec } from '../types';
import type { World } from '../simulation';
import { isIdempotent } from './records';

/** The reply of a request refused by a full bulkhead (what a NestJS guard/interceptor would throw). */
export const TOO_MANY_REQUESTS = { status: 'error', message: 'Too many requests' } as const;

/** A handling in progress. */
interface Job {
  inst: InstanceRt;
  msg: Msg;
  handler: HandlerSpec;
  done: Done;
  opts: HandleOpts | undefined;
  arg: unknown;
  fails: boolean;
  /** The instance's life when it started (a kill meanwhile voids it). */
  epoch: number;
  /** The handler's `calls` have run (they run once, after its own work). */
  called: boolean;
  /** A `send()` of the handler failed: what it threw (the handler fails with it). */
  callError: { error: unknown } | undefined;
}

const WORKED: Step<Handling, Job> = { run: (h, job) => h.worked(job) };

export class Handling {
  constructor(private readonly w: World) {}

  /** See `TransportContext.handle`. */
  handle(inst: InstanceRt, msg: Msg, done: Done, opts?: HandleOpts, arg?: unknown): void {
    if (inst.status !== 'up') {
      this.w.dropped(msg, 'instance-down', inst.id, inst.downFault);
      return;
    }
    const handler = this.handlerOf(inst.service, msg.pattern);
    this.traceDelivered(inst, msg, opts);
    if (!handler) {
      opts?.onFinish?.('no-handler');
      if (msg.kind === 'request') {
        // The server answers at once with NestJS's NO_MESSAGE_HANDLER string.
        done(
          { ok: false, err: NO_MESSAGE_HANDLER, noHandler: true },
          {
            pattern: msg.pattern,
            kind: 'request',
            latency: { mean: 0, jitter: 0 },
            failureRate: 0,
            failure: { type: 'rpc', message: NO_MESSAGE_HANDLER },
          },
          inst,
          msg,
          arg,
        );
      } else if (opts?.nackUnknownEvents) {
        this.w.log(inst, 'WARN', rmqUnsupportedEvent(msg.pattern));
        this.w.dropped(msg, 'nacked', inst.id);
      } else {
        this.w.log(inst, 'ERROR', noEventHandler(msg.pattern));
        this.w.dropped(msg, 'no-handler', inst.id);
      }
      return;
    }
    const cap = inst.service.spec.capacity;
    if (inst.paused || (cap !== undefined && inst.busy >= cap.concurrency)) {
      if (cap !== undefined && inst.waiting.length >= cap.queue) {
        this.reject(inst, msg, handler, done, opts, arg);
        return;
      }
      inst.waiting.push(() => this.work(inst, msg, handler, done, opts, arg));
      return;
    }
    this.work(inst, msg, handler, done, opts, arg);
  }

  /** Bulkhead full: a request gets an error reply at once, an event is dropped. */
  private reject(
    inst: InstanceRt,
    msg: Msg,
    handler: HandlerSpec,
    done: Done,
    opts: HandleOpts | undefined,
    arg: unknown,
  ): void {
    this.w.counters.rejected++;
    this.w.trace({
      t: this.w.now,
      type: 'capacity.rejected',
      msgId: msg.id,
      reqId: msg.reqId,
      instance: inst.id,
      queued: inst.waiting.length,
    });
    opts?.onFinish?.('done');
    if (msg.kind === 'request')
      done({ ok: false, err: { ...TOO_MANY_REQUESTS } }, handler, inst, msg, arg);
    else this.w.dropped(msg, 'capacity', inst.id);
  }

  /** Busy accounting (∫ busy dt feeds utilization). */
  addBusy(inst: InstanceRt, delta: number): void {
    inst.busyArea += inst.busy * (this.w.now - inst.busyAt);
    inst.busyAt = this.w.now;
    inst.busy += delta;
  }

  busyArea(inst: InstanceRt): number {
    return inst.busyArea + inst.busy * (this.w.now - inst.busyAt);
  }

  /** Starts waiting deliveries while there is room (bulkhead) and the instance is not paused. */
  pump(inst: InstanceRt): void {
    const cap = inst.service.spec.capacity;
    while (
      inst.waiting.length > 0 &&
      !inst.paused &&
      inst.status === 'up' &&
      (cap === undefined || inst.busy < cap.concurrency)
    )
      inst.waiting.shift()!();
  }

  /** Runs the handler (the delivery has a slot). */
  private work(
    inst: InstanceRt,
    msg: Msg,
    handler: HandlerSpec,
    done: Done,
    opts: HandleOpts | undefined,
    arg: unknown,
  ): void {
    const svc = inst.service;
    if (isIdempotent(svc, handler)) {
      const idem = (svc.idem ??= new Map());
      const seen = idem.get(msg.id);
      if (seen !== undefined && (seen.done || seen.inst.epoch === seen.epoch)) {
        this.w.counters.duplicatesAvoided++;
        this.w.trace({
          t: this.w.now,
          type: 'handler.skipped',
          msgId: msg.id,
          reqId: msg.reqId,
          instance: inst.id,
          reason: 'duplicate',
        });
        opts?.onFinish?.('done');
        if (msg.kind === 'request' && seen.reply !== undefined)
          done(seen.reply, handler, inst, msg, arg);
        return;
      }
      idem.set(msg.id, { done: false, inst, epoch: inst.epoch });
    }
    // A second handling of one message by the same service is duplicate work (fan-out across
    // different services — kafka groups, one rmq queue each — is not).
    const by = msg.handledBy;
    if (by === undefined) msg.handledBy = [svc.id];
    else if (by.includes(svc.id)) this.w.counters.duplicates++;
    else by.push(svc.id);
    this.addBusy(inst, 1);
    const epoch = inst.epoch;
    const version = inst.release?.spec;
    let work =
      version?.latencyMs ?? this.w.rng.around(handler.latency.mean, handler.latency.jitter);
    if (svc.slow !== 1) work = Math.round(work * svc.slow);
    let fails = handler.failureRate > 0 && this.w.rng.next() < handler.failureRate;
    if (!fails && svc.errorRate > 0) fails = this.w.rng.next() < svc.errorRate;
    if (!fails && version?.errorRate) fails = this.w.rng.next() < version.errorRate / 100;
    if (msg.poison === true) fails = true;
    // One small record per handling, run by a long-lived step (no closure on the hot path).
    const job: Job = {
      inst,
      msg,
      handler,
      done,
      opts,
      arg,
      fails,
      epoch,
      called: false,
      callError: undefined,
    };
    this.w.at(this.w.now + work, WORKED, this, job);
  }

  /** The handler's time is up. */
  worked(job: Job): void {
    const inst = job.inst;
    if (inst.epoch !== job.epoch) return; // the instance died while handling: the work is gone
    if (inst.paused) inst.held.push(() => this.afterWork(job));
    else this.afterWork(job);
  }

  /** The handler's own work is done: its calls to other services (if any), then the reply. */
  private afterWork(job: Job): void {
    const calls = job.handler.calls;
    if (calls === undefined || job.fails || job.called) return this.finishWork(job);
    job.called = true;
    this.w.calls.run(job.inst, job.msg, calls, (failed) => {
      if (failed !== undefined) {
        job.fails = true;
        job.callError = failed;
      }
      if (job.inst.paused) job.inst.held.push(() => this.finishWork(job));
      else this.finishWork(job);
    });
  }

  /** A handling ends: trace, reply, ack/nack, and start the next waiting delivery. */
  private finishWork(job: Job): void {
    const { inst, msg, handler, done, opts, arg, fails, epoch } = job;
    const svc = inst.service;
    this.addBusy(inst, -1);
    inst.handled[msg.pattern] = (inst.handled[msg.pattern] ?? 0) + 1;
    this.w.trace({
      t: this.w.now,
      type: 'handler.done',
      msgId: msg.id,
      reqId: msg.reqId,
      instance: inst.id,
      ok: !fails,
      pattern: msg.pattern,
    });
    const callError = job.callError;
    if (callError !== undefined)
      // The awaited send() rejected: NestJS's RpcExceptionsHandler logs it, the caller's caller
      // gets "Internal server error" (it is no RpcException).
      this.w.trace({
        t: this.w.now,
        type: 'server.log',
        instance: inst.id,
        level: 'ERROR',
        text: `[RpcExceptionsHandler] ${typeof callError.error === 'string' ? callError.error : JSON.stringify(callError.error)}`,
      });
    else if (fails && handler.failure.type === 'error')
      this.w.trace({
        t: this.w.now,
        type: 'server.log',
        instance: inst.id,
        level: 'ERROR',
        text: `[RpcExceptionsHandler] Error: ${handler.failure.message}`,
      });
    if (!fails && handler.writes !== undefined) this.w.data.written(svc, msg, handler);
    const idempotent = isIdempotent(svc, handler);
    if (msg.kind !== 'request') {
      if (idempotent) this.remember(svc, msg, fails, undefined, inst, epoch);
      opts?.onFinish?.(fails ? 'failed' : 'done');
      this.pump(inst);
      return;
    }
    const reply: ReplyBody = !fails
      ? { ok: true, response: { pattern: msg.pattern, handledBy: inst.id, data: msg.data } }
      : {
          ok: false,
          err:
            callError !== undefined
              ? { status: 'error', message: INTERNAL_SERVER_ERROR }
              : handler.failure.type === 'rpc' && handler.failure.error
                ? { ...handler.failure.error }
                : {
                    status: 'error',
                    message:
                      handler.failure.type === 'rpc'
                        ? handler.failure.message
                        : INTERNAL_SERVER_ERROR,
                  },
        };
    if (idempotent) this.remember(svc, msg, fails, reply, inst, epoch);
    opts?.onFinish?.(fails ? 'failed' : 'done');
    const n = handler.stream ?? 1;
    if (fails || n <= 1) done(reply, handler, inst, msg, arg);
    else {
      // `return of(1, …, n)`: one packet per value, published back to back; the last disposes.
      const stream = `${inst.id}/${msg.id}`;
      for (let k = 1; k <= n; k++)
        done({ ok: true, response: k, more: k < n, stream }, handler, inst, msg, arg);
    }
    this.pump(inst);
  }

  /** Idempotency store: a success is remembered (with its reply), a failure forgotten (retry may run). */
  private remember(
    svc: ServiceRt,
    msg: Msg,
    failed: boolean,
    reply: ReplyBody | undefined,
    inst: InstanceRt,
    epoch: number,
  ): void {
    // `idem` exists unless the `idempotent` command switched it on during this handling.
    const idem = (svc.idem ??= new Map());
    if (failed) idem.delete(msg.id);
    else idem.set(msg.id, reply ? { done: true, inst, epoch, reply } : { done: true, inst, epoch });
  }

  private traceDelivered(inst: InstanceRt, msg: Msg, opts: HandleOpts | undefined): void {
    if (opts === undefined)
      this.w.trace({
        t: this.w.now,
        type: 'message.delivered',
        msgId: msg.id,
        reqId: msg.reqId,
        instance: inst.id,
        pattern: msg.pattern,
      });
    else
      this.w.trace({
        t: this.w.now,
        type: 'message.delivered',
        msgId: msg.id,
        reqId: msg.reqId,
        instance: inst.id,
        pattern: msg.pattern,
        ...(opts.redelivered ? { redelivered: true } : {}),
        ...(opts.partition !== undefined ? { partition: opts.partition } : {}),
        ...(opts.offset !== undefined ? { offset: opts.offset } : {}),
      });
  }

  /** The handler of `pattern` (a `$share/<group>/` prefix is stripped, as NestJS routes). */
  private handlerOf(svc: ServiceRt, pattern: string): HandlerSpec | undefined {
    for (const h of svc.spec.handlers)
      if (h.pattern === pattern || stripShare(h.pattern) === pattern) return h;
    return undefined;
  }
}
