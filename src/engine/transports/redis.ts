/**
 * Redis pub/sub (NestJS `Transport.REDIS`): every subscribed instance gets every message — requests
 * included, so two instances both handle each `send()` and the first reply on `<pattern>.reply`
 * wins. A request nobody is subscribed to hangs forever (NestJS has no default timeout).
 */
import { createPubSub } from './pubsub';
import type { TransportContext, TransportModel } from './transport';

export const createRedis = (ctx: TransportContext): TransportModel =>
  createPubSub(ctx, {
    kind: 'redis',
    channelKind: 'channel',
    replyChannel: (m) => `${m.pattern}.reply`,
    groupOf: () => undefined,
    routedPattern: (p) => p,
    groupPick: 'random',
    noSubscribers: 'hang',
  });
