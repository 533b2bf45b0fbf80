/**
 * What Redis, NATS and MQTT share in NestJS: a server instance subscribes to one channel (subject,
 * topic) per handler pattern, and the broker hands each published message to every subscriber —
 * unless subscribers share a group (NATS queue group, MQTT `$share/<group>/`), in which case one
 * member of each group gets it. Nothing is stored: a message nobody is subscribed to is gone.
 * Each flavour (redis.ts, nats.ts, mqtt.ts) names its channels and its no-subscriber behaviour.
 */
import type { TransportKind } from '../../shared';
import { natsEmptyResponse } from '../nestErrors';
import type { QueueView } from '../types';
import type { InstanceRt, Msg, ServiceRt, TransportContext, TransportModel } from './transport';

export interface PubSubFlavour {
  kind: TransportKind;
  channelKind: QueueView['kind'];
  /** Where replies travel (`get_order.reply`, `_INBOX.<id>`, `get_order/reply`). */
  replyChannel(msg: Msg): string;
  /** The group an instance's subscription to `handlerPattern` belongs to, if any. */
  groupOf(inst: InstanceRt, handlerPattern: string): string | undefined;
  /** The pattern a handler routes (`$share/g/p` → `p`). */
  routedPattern(handlerPattern: string): string;
  /** How one member of a group is chosen. */
  groupPick: 'random' | 'alternate';
  /** A request nobody subscribed to: hangs (Redis, MQTT) or fails at once (NATS no-responders). */
  noSubscribers: 'hang' | 'empty-response';
}

export function createPubSub(ctx: TransportContext, f: PubSubFlavour): TransportModel {
  const alternation = new Map<string, number>();

  function subscribers(pattern: string): InstanceRt[] {
    const direct: InstanceRt[] = [];
    const groups = new Map<string, InstanceRt[]>();
    for (const s of ctx.services()) {
      if (s.transport.kind !== f.kind) continue;
      const handler = s.spec.handlers.find((h) => f.routedPattern(h.pattern) === pattern);
      if (!handler) continue;
      for (const inst of s.instances) {
        if (inst.status !== 'up') continue;
        const g = f.groupOf(inst, handler.pattern);
        if (g === undefined) direct.push(inst);
        else {
          const members = groups.get(g) ?? [];
          members.push(inst);
          groups.set(g, members);
        }
      }
    }
    for (const [g, members] of groups) {
      let i: number;
      if (f.groupPick === 'random') i = ctx.rng.int(members.length);
      else {
        i = (alternation.get(g) ?? 0) % members.length;
        alternation.set(g, i + 1);
      }
      direct.push(members[i]!);
    }
    return direct;
  }

  function publish(msg: Msg): void {
    const body: Record<string, unknown> = { pattern: msg.pattern, data: msg.data };
    if (msg.kind === 'request') body.id = msg.id;
    const headers =
      msg.kind === 'request' && f.kind === 'nats' ? { reply: f.replyChannel(msg) } : undefined;
    ctx.transmit(
      {
        msgId: msg.id,
        kind: msg.kind,
        from: ctx.gatewayId,
        to: ctx.brokerId!,
        pattern: msg.pattern,
        wire: { channel: msg.pattern, body, ...(headers ? { headers } : {}) },
      },
      ctx.timing.clientToBroker,
      () => {
        const targets = subscribers(msg.pattern);
        if (targets.length === 0) {
          ctx.dropped(msg.id, 'no-subscribers');
          if (msg.kind === 'request' && f.noSubscribers === 'empty-response') {
            const reply = { ok: false as const, err: natsEmptyResponse(msg.pattern) };
            ctx.transmit(
              {
                msgId: msg.id,
                kind: 'error',
                from: ctx.brokerId!,
                to: ctx.gatewayId,
                pattern: msg.pattern,
              },
              ctx.timing.clientToBroker,
              () => ctx.replyArrived(msg.id, null, reply),
            );
          }
          return;
        }
        for (const inst of targets) deliver(inst, msg, body);
      },
    );
  }

  function deliver(inst: InstanceRt, msg: Msg, body: Record<string, unknown>): void {
    ctx.transmit(
      {
        msgId: msg.id,
        kind: msg.kind,
        from: ctx.brokerId!,
        to: inst.id,
        pattern: msg.pattern,
        wire: { channel: msg.pattern, body },
      },
      ctx.timing.brokerToServer,
      () =>
        ctx.handle(inst, msg, (reply) => {
          const replyBody = reply.ok
            ? { response: reply.response, isDisposed: true, id: msg.id }
            : { err: reply.err, status: 'error', isDisposed: true, id: msg.id };
          const wire = { channel: f.replyChannel(msg), body: replyBody };
          const kind = reply.ok ? 'reply' : 'error';
          ctx.transmit(
            { msgId: msg.id, kind, from: inst.id, to: ctx.brokerId!, pattern: msg.pattern, wire },
            ctx.timing.brokerToServer,
            () =>
              ctx.transmit(
                {
                  msgId: msg.id,
                  kind,
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
    kind: f.kind,
    hasBroker: true,
    send: (msg) => publish(msg),
    emit(msg, _targets: ServiceRt[], published) {
      // Pub/sub: one publish reaches every subscriber, whatever the route's `to` says.
      publish(msg);
      published();
    },
    instanceUp() {},
    instanceDown() {},
    queues(): QueueView[] {
      const counts = new Map<string, number>();
      for (const s of ctx.services()) {
        if (s.transport.kind !== f.kind) continue;
        const up = s.instances.filter((i) => i.status === 'up').length;
        for (const h of s.spec.handlers) {
          const name = h.pattern;
          counts.set(name, (counts.get(name) ?? 0) + up);
        }
      }
      return [...counts].map(([name, consumers]) => ({
        name,
        kind: f.channelKind,
        ready: 0,
        unacked: 0,
        consumers,
      }));
    },
  };
}
