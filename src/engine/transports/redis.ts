/**
 * Redis pub/sub (NestJS `Transport.REDIS`): every subscribed instance gets every message — requests
 * included, so two instances both handle each `send()` and the first reply on `<pattern>.reply`
 * wins. A request nobody is subscribed to hangs forever (NestJS has no default timeout).
 * Broker outage (spec §7): without `retryAttempts` the server never reconnects (deaf until it is
 * restarted) and the client rejects with `Connection is closed.`; with it, the server retries every
 * `retryDelay` ms (up to `retryAttempts` times) and replies queue in ioredis' offline queue.
 */
import { CONNECTION_LOST, REDIS_CONNECTION_CLOSED } from '../nestErrors';
import { nextTick, RECONNECT } from '../timing';
import type { TransportOptions } from '../types';
import { createPubSub } from './pubsub';
import type { TransportContext, TransportModel } from './transport';

const retries = (o: TransportOptions) =>
  typeof o.retryAttempts === 'number' && o.retryAttempts > 0 ? o.retryAttempts : undefined;

export const createRedis = (ctx: TransportContext): TransportModel =>
  createPubSub(ctx, {
    kind: 'redis',
    channelKind: 'channel',
    replyChannel: (m) => `${m.pattern}.reply`,
    groupOf: () => undefined,
    routedPattern: (p) => p,
    groupPick: 'random',
    noSubscribers: 'hang',
    clientError: (o) => (retries(o) ? CONNECTION_LOST : REDIS_CONNECTION_CLOSED),
    lostLogs: (o) =>
      retries(o)
        ? [['LOG', 'Reconnecting to Redis...']]
        : [
            ['ERROR', 'Redis connection closed and retry attempts not specified'],
            ['ERROR', 'Disconnected from Redis. No further reconnection attempts will be made.'],
          ],
    restoredLogs: [['LOG', 'Connected to Redis. Subscribing to channels...']],
    serverReconnectAt(o, downAt, upAt) {
      const n = retries(o);
      if (n === undefined) return null;
      const delay = typeof o.retryDelay === 'number' ? o.retryDelay : RECONNECT.redisRetryDelay;
      return nextTick(downAt, upAt, delay, n);
    },
    queuesWhileReconnecting: (o) => retries(o) !== undefined,
    // The shared `<pattern>.reply` channel is unsubscribed when no request is pending (spec §2).
    lateReplyLog: (m) =>
      `[ClientProxy] No matching callback found for Redis response packet with id: ${m.id}`,
  });
