/**
 * MQTT (NestJS `Transport.MQTT`, QoS 0 by default): plain topics fan out to every instance; a
 * handler pattern `$share/<group>/<topic>` makes a shared subscription served in alternation, and
 * NestJS strips the prefix to route. Replies on `<pattern>/reply`. Requests nobody subscribed to
 * hang. `qos: 1` with `clean: false` (mqtt.js) gives a persistent session: the broker keeps the
 * messages of an offline subscriber and delivers them when it reconnects. Broker outage (spec §7):
 * the client is back ~0.5 s after the restart but the server re-subscribes later, so one more
 * request is lost.
 */
import { MQTT_SHARE, stripShare } from '../../shared';
import { CONNECTION_LOST } from '../nestErrors';
import { RECONNECT } from '../timing';
import { createPubSub } from './pubsub';
import type { TransportContext, TransportModel } from './transport';

export const createMqtt = (ctx: TransportContext): TransportModel =>
  createPubSub(ctx, {
    kind: 'mqtt',
    channelKind: 'topic',
    replyChannel: (m) => `${m.pattern}/reply`,
    groupOf: (_inst, pattern) => MQTT_SHARE.exec(pattern)?.[1],
    routedPattern: stripShare,
    groupPick: 'alternate',
    noSubscribers: 'hang',
    clientError: () => CONNECTION_LOST,
    lostLogs: () => [
      ['ERROR', 'MQTT broker went offline.'],
      ['LOG', 'MQTT connection lost. Trying to reconnect...'],
    ],
    restoredLogs: [['LOG', 'Connected to MQTT broker']],
    serverReconnectAt: (_o, _downAt, upAt) => upAt + RECONNECT.mqttServer,
    persistentSession: (o) => (o.qos ?? 0) >= 1 && o.clean === false,
  });
