/**
 * MQTT (NestJS `Transport.MQTT`, QoS 0 by default): plain topics fan out to every instance; a
 * handler pattern `$share/<group>/<topic>` makes a shared subscription served in alternation, and
 * NestJS strips the prefix to route. Replies on `<pattern>/reply`. Requests nobody subscribed to hang.
 */
import { createPubSub } from './pubsub';
import type { TransportContext, TransportModel } from './transport';

const SHARE = /^\$share\/([^/]+)\/(.+)$/;

export const createMqtt = (ctx: TransportContext): TransportModel =>
  createPubSub(ctx, {
    kind: 'mqtt',
    channelKind: 'topic',
    replyChannel: (m) => `${m.pattern}/reply`,
    groupOf: (_inst, pattern) => SHARE.exec(pattern)?.[1],
    routedPattern: (p) => SHARE.exec(p)?.[2] ?? p,
    groupPick: 'alternate',
    noSubscribers: 'hang',
  });
