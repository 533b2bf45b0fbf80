/**
 * NATS (NestJS `Transport.NATS`): subjects; without the `queue` option every instance gets every
 * message; with `queue` the instances form a queue group and one random member gets each. Replies
 * go to a fresh `_INBOX.<id>` per request. With no subscriber, the NATS no-responders status makes
 * `send()` fail at once with NestJS's EmptyResponseException text. Broker outage (spec §7): the
 * request in flight hangs, the client rejects while disconnected, all is OK ~0.5 s after restart.
 */
import { CONNECTION_LOST } from '../nestErrors';
import { RECONNECT } from '../timing';
import { createPubSub } from './pubsub';
import type { TransportContext, TransportModel } from './transport';

export const createNats = (ctx: TransportContext): TransportModel =>
  createPubSub(ctx, {
    kind: 'nats',
    channelKind: 'subject',
    replyChannel: (m) => `_INBOX.${m.id.toUpperCase()}`,
    groupOf: (inst) => {
      const q = inst.service.spec.transport.options.queue;
      return typeof q === 'string' && q !== '' ? q : undefined;
    },
    routedPattern: (p) => p,
    groupPick: 'random',
    noSubscribers: 'empty-response',
    clientError: () => CONNECTION_LOST,
    lostLogs: () => [['ERROR', 'NatsError: type: "disconnect".']],
    restoredLogs: [['LOG', 'NatsStatus: type: "reconnect".']],
    serverReconnectAt: (_o, _downAt, upAt) => upAt + RECONNECT.natsServer,
  });
