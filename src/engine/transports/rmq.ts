/**
 * RabbitMQ as NestJS uses it: the client `sendToQueue(queue)` through the default exchange; every
 * server instance with the same `queue` is a competing consumer, served strictly round-robin.
 * Messages wait in the (durable) queue while nobody consumes. Replies go to the direct reply-to
 * pseudo-queue `amq.rabbitmq.reply-to`, matched by `correlationId`; the reply body has no `id`.
 * Defaults as NestJS 12.1.1: queue `''` (silently dropped), `noAck: true`, `prefetchCount: 0`.
 */
import type { QueueView } from '../types';
import type { InstanceRt, Msg, ServiceRt, TransportContext, TransportModel } from './transport';

interface RmqQueue {
  name: string;
  ready: Msg[];
  consumers: InstanceRt[];
  /** Index of the consumer that gets the next message (round-robin). */
  next: number;
}

const REPLY_TO = 'amq.rabbitmq.reply-to';

export function createRmq(ctx: TransportContext): TransportModel {
  const queues = new Map<string, RmqQueue>();
  const queueName = (s: ServiceRt) => String(s.spec.transport.options.queue ?? '');

  function queueOf(name: string): RmqQueue {
    let q = queues.get(name);
    if (!q) {
      q = { name, ready: [], consumers: [], next: 0 };
      queues.set(name, q);
    }
    return q;
  }
  // Queues are declared (asserted) by servers at start-up, so they show even before traffic.
  for (const s of ctx.services())
    if (s.spec.transport.kind === 'rmq' && queueName(s)) queueOf(queueName(s));

  function publish(msg: Msg, target: ServiceRt): void {
    const name = queueName(target);
    const body: Record<string, unknown> = { pattern: msg.pattern, data: msg.data };
    if (msg.kind === 'request') body.id = msg.id;
    const headers: Record<string, unknown> =
      msg.kind === 'request'
        ? { correlationId: msg.id, replyTo: `${REPLY_TO}.${ctx.gatewayId}`, deliveryMode: 1 }
        : { deliveryMode: target.spec.transport.options.persistent ? 2 : 1 };
    ctx.transmit(
      {
        msgId: msg.id,
        kind: msg.kind,
        from: ctx.gatewayId,
        to: ctx.brokerId!,
        pattern: msg.pattern,
        wire: { channel: name === '' ? '(default exchange, routingKey "")' : name, body, headers },
      },
      ctx.timing.clientToBroker,
      () => {
        if (name === '') {
          // No queue named '' exists: the default exchange drops it and nobody is told.
          ctx.dropped(msg.id, 'no-queue');
          return;
        }
        const q = queueOf(name);
        q.ready.push(msg);
        ctx.trace({
          t: ctx.now,
          type: 'broker.enqueued',
          msgId: msg.id,
          where: name,
          depth: q.ready.length,
        });
        dispatch(q);
      },
    );
  }

  function dispatch(q: RmqQueue): void {
    while (q.ready.length > 0 && q.consumers.length > 0) {
      const inst = q.consumers[q.next % q.consumers.length]!;
      q.next = (q.next + 1) % q.consumers.length;
      const msg = q.ready.shift()!;
      deliver(inst, msg);
    }
  }

  function deliver(inst: InstanceRt, msg: Msg): void {
    ctx.transmit(
      {
        msgId: msg.id,
        kind: msg.kind,
        from: ctx.brokerId!,
        to: inst.id,
        pattern: msg.pattern,
        wire: {
          channel: queueName(inst.service),
          body: {
            pattern: msg.pattern,
            data: msg.data,
            ...(msg.kind === 'request' ? { id: msg.id } : {}),
          },
        },
      },
      ctx.timing.brokerToServer,
      () =>
        ctx.handle(inst, msg, (reply) => {
          // noAck: true — the broker forgot the message at delivery; only the reply is left to send.
          const body = reply.ok
            ? { response: reply.response, isDisposed: true }
            : { err: reply.err, status: 'error', isDisposed: true };
          const wire = {
            channel: `${REPLY_TO}.${ctx.gatewayId}`,
            body,
            headers: { correlationId: msg.id },
          };
          ctx.transmit(
            {
              msgId: msg.id,
              kind: reply.ok ? 'reply' : 'error',
              from: inst.id,
              to: ctx.brokerId!,
              pattern: msg.pattern,
              wire,
            },
            ctx.timing.brokerToServer,
            () =>
              ctx.transmit(
                {
                  msgId: msg.id,
                  kind: reply.ok ? 'reply' : 'error',
                  from: ctx.brokerId!,
                  to: ctx.gatewayId,
                  pattern: msg.pattern,
                  wire,
                },
                ctx.timing.clientToBroker,
                () => ctx.replyArrived(msg.id, inst.id, reply),
              ),
          );
        }),
    );
  }

  return {
    kind: 'rmq',
    hasBroker: true,
    send: publish,
    emit(msg, targets, published) {
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
      const name = queueName(inst.service);
      if (name === '') return; // consumes a server-named amq.gen-… queue nobody publishes to
      const q = queueOf(name);
      if (!q.consumers.includes(inst)) q.consumers.push(inst);
      dispatch(q);
    },
    instanceDown(inst) {
      const q = queues.get(queueName(inst.service));
      if (!q) return;
      const i = q.consumers.indexOf(inst);
      if (i >= 0) {
        q.consumers.splice(i, 1);
        if (q.next > i) q.next--;
        if (q.consumers.length > 0) q.next %= q.consumers.length;
        else q.next = 0;
      }
    },
    queues(): QueueView[] {
      return [...queues.values()].map((q) => ({
        name: q.name,
        kind: 'queue',
        ready: q.ready.length,
        unacked: 0,
        consumers: q.consumers.length,
      }));
    },
  };
}
