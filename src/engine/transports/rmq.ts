/**
 * RabbitMQ as NestJS uses it: the client `sendToQueue(queue)` through the default exchange; every
 * server instance with the same `queue` is a competing consumer, served strictly round-robin.
 * Messages wait in the (durable) queue while nobody consumes. Replies go to the direct reply-to
 * pseudo-queue `amq.rabbitmq.reply-to`, matched by `correlationId`; the reply body has no `id`.
 * Defaults as NestJS 12.1.1: queue `''` (silently dropped), `noAck: true`, `prefetchCount: 0`,
 * `persistent: false`. With `noAck: false` a delivery stays `unacked` until the handler acks
 * (HandlerSpec `ack`; Nest never acks for you) and goes back to the queue, `redelivered`, when its
 * consumer dies. A broker restart keeps only persistent messages (the queue is durable).
 */
import { RMQ_CHANNEL_CLOSED } from '../nestErrors';
import { nextTick, RECONNECT, timingFor } from '../timing';
import type { Step } from '../core/step';
import type { QueueView } from '../types';
import {
  replyPacket,
  requestPacket,
  type Done,
  type InstanceRt,
  type Msg,
  type ReplyBody,
  type ServiceRt,
  type TransportContext,
  type TransportModel,
  relayReply,
} from './transport';

interface Entry {
  msg: Msg;
  persistent: boolean;
  redelivered: boolean;
  /** Failed handlings so far (nack + requeue), for `deadLetterAfter`. */
  failures?: number;
  /** Publish order: a requeued message takes back its original place in the queue. */
  seq: number;
}

interface Consumer {
  inst: InstanceRt;
  /** Delivered, not yet acknowledged (only with `noAck: false`). */
  unacked: Entry[];
}

interface RmqQueue {
  name: string;
  ready: Entry[];
  consumers: Consumer[];
  /** Index of the consumer that gets the next message (round-robin). */
  next: number;
}

const REPLY_TO = 'amq.rabbitmq.reply-to';

export function createRmq(ctx: TransportContext): TransportModel {
  const T = timingFor('rmq');
  const queues = new Map<string, RmqQueue>();
  const queueName = (s: ServiceRt) => String(s.spec.transport.options.queue ?? '');
  const noAck = (s: ServiceRt) => s.spec.transport.options.noAck !== false;
  const prefetch = (s: ServiceRt) => Number(s.spec.transport.options.prefetchCount ?? 0);
  /** Servers waiting for the broker (absent = connected). */
  const away = new Set<InstanceRt>();
  let clientUp = true;
  let downAt = 0;
  let publishSeq = 0;

  function queueOf(name: string): RmqQueue {
    let q = queues.get(name);
    if (!q) {
      q = { name, ready: [], consumers: [], next: 0 };
      queues.set(name, q);
    }
    return q;
  }
  // Queues are declared (asserted) by servers at start-up, so they show even before traffic.
  const deadLetterAfter = (s: ServiceRt) => Number(s.spec.transport.options.deadLetterAfter ?? 0);
  for (const s of ctx.services())
    if (s.spec.transport.kind === 'rmq' && queueName(s)) {
      queueOf(queueName(s));
      if (deadLetterAfter(s) > 0) queueOf(`${queueName(s)}.dlq`);
    }

  function fail(msg: Msg, published?: (e?: unknown) => void) {
    ctx.schedule(ctx.now, () => {
      if (published) published(RMQ_CHANNEL_CLOSED);
      else ctx.replyArrived(msg, null, { ok: false, err: RMQ_CHANNEL_CLOSED });
    });
  }

  function publish(msg: Msg, target: ServiceRt): void {
    const name = queueName(target);
    const persistent = target.spec.transport.options.persistent === true;
    const deliveryMode = persistent ? 2 : 1;
    const headers: Record<string, unknown> =
      msg.kind === 'request'
        ? {
            correlationId: msg.id,
            replyTo: `${REPLY_TO}.${msg.client}`,
            deliveryMode,
            headers: {},
          }
        : { deliveryMode, headers: {} };
    ctx.transmitTo(
      {
        msgId: msg.id,
        reqId: msg.reqId,
        kind: msg.kind,
        from: msg.client,
        to: ctx.brokerId!,
        pattern: msg.pattern,
        wire: {
          channel: name === '' ? '(default exchange, routingKey "")' : name,
          body: requestPacket(msg),
          headers,
        },
      },
      T.clientToBroker,
      ENQUEUE,
      msg,
      name,
      persistent,
      undefined,
      PUBLISH_LOST,
    );
  }

  // Hot-path continuations (see core/step.ts): created once per transport, not per message.
  const ENQUEUE: Step<Msg, string, boolean> = {
    run(msg, name, persistent) {
      if (name === '') {
        // No queue named '' exists: the default exchange drops it and nobody is told.
        ctx.dropped(msg, 'no-queue');
        return;
      }
      const q = queueOf(name);
      q.ready.push({ msg, persistent, redelivered: false, seq: ++publishSeq });
      ctx.trace({
        t: ctx.now,
        type: 'broker.enqueued',
        msgId: msg.id,
        reqId: msg.reqId,
        where: name,
        depth: q.ready.length,
      });
      dispatch(q);
    },
  };
  /** The broker went away under the publish: amqp-connection-manager rejects it. */
  const PUBLISH_LOST: Step<Msg, string, boolean> = {
    run(msg) {
      ctx.dropped(msg, 'broker-down');
      if (msg.kind === 'request')
        ctx.replyArrived(msg, null, { ok: false, err: RMQ_CHANNEL_CLOSED });
    },
  };
  /** A delivery reached its consumer. */
  const DELIVERED: Step<RmqQueue, Consumer, Entry, number> = {
    run(q, c, entry, life) {
      const inst = c.inst;
      const acking = !noAck(inst.service);
      const msg = entry.msg;
      // With acks, a delivery to a consumer that died meanwhile was requeued by instanceDown.
      if (acking && inst.epoch !== life) return;
      if (!acking && !entry.redelivered) return ctx.handle(inst, msg, replied);
      ctx.handle(inst, msg, replied, {
        redelivered: entry.redelivered,
        nackUnknownEvents: acking,
        onFinish: acking ? (outcome) => finished(q, c, entry, outcome) : undefined,
      });
    },
  };
  /** One `done` for every delivery (no closure per handling). */
  const replied: Done = (reply, _handler, inst, msg) => sendReply(inst, msg, reply);

  function hasRoom(c: Consumer): boolean {
    const svc = c.inst.service;
    if (noAck(svc)) return true;
    const max = prefetch(svc);
    return max <= 0 || c.unacked.length < max;
  }

  function dispatch(q: RmqQueue): void {
    if (!ctx.brokerAlive) return;
    while (q.ready.length > 0 && q.consumers.length > 0) {
      // Round-robin over consumers with prefetch room.
      let picked: Consumer | undefined;
      for (let k = 0; k < q.consumers.length; k++) {
        const c = q.consumers[(q.next + k) % q.consumers.length]!;
        if (hasRoom(c)) {
          picked = c;
          q.next = (q.next + k + 1) % q.consumers.length;
          break;
        }
      }
      if (!picked) return;
      deliver(q, picked, q.ready.shift()!);
    }
  }

  function deliver(q: RmqQueue, c: Consumer, entry: Entry): void {
    const inst = c.inst;
    const acking = !noAck(inst.service);
    if (acking) c.unacked.push(entry);
    const msg = entry.msg;
    const life = inst.epoch;
    ctx.transmitTo(
      {
        msgId: msg.id,
        reqId: msg.reqId,
        kind: msg.kind,
        from: ctx.brokerId!,
        to: inst.id,
        pattern: msg.pattern,
        wire: {
          channel: q.name,
          body: requestPacket(msg),
          ...(entry.redelivered ? { headers: { redelivered: true } } : {}),
        },
      },
      T.brokerToServer,
      DELIVERED,
      q,
      c,
      entry,
      life,
      null,
    );
  }

  /**
   * `noAck:false`: the handler acks (HandlerSpec `ack`); an unknown event is nacked. A failure with
   * `requeueOnFailure` is `nack(msg, false, true)`: back to the head of the queue, redelivered —
   * or, after `deadLetterAfter` failures, to `<queue>.dlq`.
   */
  function finished(
    q: RmqQueue,
    c: Consumer,
    entry: Entry,
    outcome: 'done' | 'failed' | 'no-handler',
  ) {
    const msg = entry.msg;
    if (outcome === 'no-handler') {
      if (msg.kind === 'event') settle(q, c, entry, true); // nack, no requeue
      return;
    }
    const h = c.inst.service.spec.handlers.find((x) => x.pattern === msg.pattern);
    if (!h?.ack) return;
    if (outcome === 'failed' && h.requeueOnFailure) {
      const i = c.unacked.indexOf(entry);
      if (i < 0) return;
      c.unacked.splice(i, 1);
      entry.failures = (entry.failures ?? 0) + 1;
      const limit = deadLetterAfter(c.inst.service);
      if (limit > 0 && entry.failures >= limit) {
        const dlq = queueOf(`${q.name}.dlq`);
        dlq.ready.push(entry);
        ctx.deadLettered(msg, dlq.name, entry.failures);
        dispatch(dlq);
      } else {
        entry.redelivered = true;
        returnToQueue(q, [entry]);
        ctx.trace({
          t: ctx.now,
          type: 'broker.requeued',
          msgId: msg.id,
          reqId: msg.reqId,
          where: q.name,
        });
      }
      dispatch(q);
      return;
    }
    settle(q, c, entry, true); // channel.ack(msg) in the handler
  }

  /**
   * Back to the queue at the original place, i.e. ahead of every message published after it: at
   * the head, and in publish order when several consumers' messages return at once.
   */
  function returnToQueue(q: RmqQueue, entries: Entry[]): void {
    for (const e of entries) {
      let i = 0;
      while (i < q.ready.length && q.ready[i]!.seq < e.seq) i++;
      q.ready.splice(i, 0, e);
    }
  }

  function settle(q: RmqQueue, c: Consumer, entry: Entry, more: boolean): void {
    const i = c.unacked.indexOf(entry);
    if (i < 0) return;
    c.unacked.splice(i, 1);
    if (more) dispatch(q);
  }

  function sendReply(inst: InstanceRt, msg: Msg, reply: ReplyBody): void {
    if (away.has(inst)) {
      ctx.dropped(msg, 'broker-down', inst.id);
      return;
    }
    const wire = {
      channel: `${REPLY_TO}.${msg.client}`,
      // Replies carry no `id` on RMQ, except NestJS's hand-built no-handler packet (spec §3).
      body: replyPacket(reply, !reply.ok && reply.noHandler ? msg.id : undefined),
      headers: { correlationId: msg.id },
    };
    relayReply(ctx, T, inst, msg, reply, wire);
  }

  function attach(inst: InstanceRt): void {
    const name = queueName(inst.service);
    if (name === '') return; // consumes a server-named amq.gen-… queue nobody publishes to
    const q = queueOf(name);
    if (!q.consumers.some((c) => c.inst === inst)) q.consumers.push({ inst, unacked: [] });
    dispatch(q);
  }

  /** Removes the consumer; its unacked messages go back to the head of the queue, redelivered. */
  function detach(inst: InstanceRt, requeue: boolean): void {
    const q = queues.get(queueName(inst.service));
    if (!q) return;
    const i = q.consumers.findIndex((c) => c.inst === inst);
    if (i < 0) return;
    const [c] = q.consumers.splice(i, 1);
    if (q.next > i) q.next--;
    q.next = q.consumers.length > 0 ? q.next % q.consumers.length : 0;
    if (!requeue || c!.unacked.length === 0) return;
    for (const e of c!.unacked) {
      e.redelivered = true;
      ctx.trace({
        t: ctx.now,
        type: 'broker.requeued',
        msgId: e.msg.id,
        reqId: e.msg.reqId,
        where: q.name,
      });
    }
    returnToQueue(q, c!.unacked);
    c!.unacked = [];
    dispatch(q);
  }

  function reconnectAt(s: ServiceRt): number {
    const secs = Number(s.spec.transport.options.reconnectTimeInSeconds ?? 0);
    const every = secs > 0 ? secs * 1000 : RECONNECT.rmqTickMs;
    return nextTick(downAt, ctx.now, every)! + RECONNECT.rmqConnect;
  }

  return {
    kind: 'rmq',
    hasBroker: true,
    send(msg, target) {
      if (!clientUp) return fail(msg);
      publish(msg, target);
    },
    emit(msg, targets, published) {
      if (!clientUp) return fail(msg, published);
      // One publish per target queue: each queue gets its own copy.
      const names = new Set<string>();
      for (const t of targets) {
        if (names.has(queueName(t))) continue;
        names.add(queueName(t));
        publish(msg, t);
      }
      published();
    },
    instanceUp(inst) {
      if (!ctx.brokerAlive) {
        away.add(inst);
        return;
      }
      attach(inst);
    },
    instanceDown(inst) {
      away.delete(inst);
      detach(inst, true);
    },
    brokerDown() {
      downAt = ctx.now;
      clientUp = false;
      ctx.trace({ t: ctx.now, type: 'connection', who: ctx.gatewayId, state: 'lost' });
      for (const q of queues.values()) {
        for (const c of q.consumers) {
          away.add(c.inst);
          ctx.log(c.inst, 'ERROR', 'Disconnected from RMQ. Trying to reconnect.');
          ctx.log(c.inst, 'ERROR', 'Connection to transport failed. Trying to reconnect...');
          // Unacked messages return to the queue (they survive only if persistent, below).
          for (const e of c.unacked) e.redelivered = true;
          returnToQueue(q, c.unacked);
          c.unacked = [];
        }
        q.consumers = [];
        q.next = 0;
        // The durable queue survives the restart; only deliveryMode 2 messages survive in it.
        const kept: Entry[] = [];
        for (const e of q.ready)
          if (e.persistent) kept.push(e);
          else ctx.dropped(e.msg, 'broker-restart');
        q.ready = kept;
      }
      for (const s of ctx.services())
        if (s.transport.kind === 'rmq')
          for (const i of s.instances) if (i.status === 'up') away.add(i);
    },
    brokerUp() {
      const epoch = ctx.brokerEpoch;
      const first = ctx.services().find((s) => s.transport.kind === 'rmq');
      const clientAt = first ? reconnectAt(first) : ctx.now + RECONNECT.rmqConnect;
      ctx.schedule(clientAt, () => {
        if (epoch !== ctx.brokerEpoch || !ctx.brokerAlive) return;
        clientUp = true;
        ctx.trace({ t: ctx.now, type: 'connection', who: ctx.gatewayId, state: 'restored' });
      });
      for (const inst of away) {
        const life = inst.epoch;
        ctx.schedule(reconnectAt(inst.service), () => {
          if (epoch !== ctx.brokerEpoch || !ctx.brokerAlive || inst.epoch !== life) return;
          if (!away.delete(inst)) return;
          ctx.log(inst, 'LOG', 'Successfully connected to RMQ broker');
          ctx.trace({ t: ctx.now, type: 'connection', who: inst.id, state: 'restored' });
          attach(inst);
        });
      }
    },
    instanceInfo: (inst) => (away.has(inst) ? { note: 'reconnecting' } : undefined),
    queues(): QueueView[] {
      const out: QueueView[] = [];
      for (const q of queues.values()) {
        let unacked = 0;
        for (const c of q.consumers) unacked += c.unacked.length;
        let persistent = 0;
        for (const e of q.ready) if (e.persistent) persistent++;
        out.push({
          name: q.name,
          kind: 'queue',
          ready: q.ready.length,
          unacked,
          consumers: q.consumers.length,
          persistent,
        });
      }
      return out;
    },
  };
}
