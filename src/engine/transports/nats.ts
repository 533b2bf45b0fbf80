/**
 * NATS (NestJS `Transport.NATS`): subjects; without the `queue` option every instance gets every
 * message; with `queue` the instances form a queue group and one random member gets each. Replies
 * go to a fresh `_INBOX.<id>` per request. With no subscriber, the NATS no-responders status makes
 * `send()` fail at once with NestJS's EmptyResponseException text.
 */
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
  });
