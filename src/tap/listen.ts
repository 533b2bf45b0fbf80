/**
 * One listener per broker, each subscribing to everything without taking part: it adds a
 * subscriber (or, for RabbitMQ, reads the firehose), never consumes from the app's queues, never
 * publishes. The first connection must succeed (a wrong URL or a broker that is down is one clear
 * error); after that a lost connection is reported and the client library reconnects.
 */
import type { TapTransport } from '../live/protocol';
import type { RawMessage } from './decode';

export interface ListenSink {
  message(m: RawMessage): void;
  status(broker: 'up' | 'down', detail: string): void;
}

export interface Listener {
  /** How it listens, for the terminal and the app (`PSUBSCRIBE *`). */
  listening: string;
  /** What listening costs the broker and the app, one sentence (docs/live.md). */
  cost: string;
  stop(): Promise<void>;
}

export class TapError extends Error {}

/** Why the tap does not listen to the other NestJS transports. */
export const UNSUPPORTED: Record<string, string> = {
  kafka:
    'kafka is not supported by the tap: no Kafka broker runs here to prove a listener against (no Debian package), so BrokerLab keeps Kafka to source-checked tables',
  tcp: 'tcp is not supported by the tap: TCP has no broker to listen to (client and server talk point to point; a tap would have to sit in the middle as a proxy)',
  grpc: 'grpc is not supported by the tap: gRPC has no broker to listen to (HTTP/2 point to point; a tap would have to be a proxy)',
};

const CONNECT_MS = 5_000;
const msg = (e: unknown) =>
  `${e instanceof Error ? e.message : String(e)} (is the broker running, and is the URL right?)`;

export async function listen(kind: TapTransport, url: string, sink: ListenSink): Promise<Listener> {
  switch (kind) {
    case 'redis':
      return listenRedis(url, sink);
    case 'nats':
      return listenNats(url, sink);
    case 'mqtt':
      return listenMqtt(url, sink);
    case 'rmq':
      return listenRmq(url, sink);
  }
}

async function listenRedis(url: string, sink: ListenSink): Promise<Listener> {
  const { Redis } = await import('ioredis');
  let connected = false;
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: CONNECT_MS,
    // Before the first connection: fail at once (a clear error); after it: retry every second.
    retryStrategy: () => (connected ? 1_000 : null),
  });
  // ioredis rejects `connect()` with "Connection is closed."; the socket's own error says why.
  let cause: unknown = null;
  redis.on('error', (e) => (cause ??= e));
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    throw new TapError(`cannot connect to Redis at ${url}: ${msg(cause ?? e)}`);
  }
  connected = true;
  redis.on('close', () => sink.status('down', 'Redis connection lost, reconnecting'));
  redis.on('ready', () => sink.status('up', 'Redis connection restored'));
  redis.on('pmessageBuffer', (_p: string, channel: Buffer, body: Buffer) =>
    sink.message({ transport: 'redis', channel: channel.toString('utf8'), body }),
  );
  await redis.psubscribe('*');
  return {
    listening: 'PSUBSCRIBE *',
    cost: 'one more pub/sub subscriber: Redis sends it a copy of every published message (no effect on delivery to the app)',
    stop: async () => {
      redis.disconnect();
    },
  };
}

async function listenNats(url: string, sink: ListenSink): Promise<Listener> {
  const { connect } = await import('@nats-io/transport-node');
  let nc: Awaited<ReturnType<typeof connect>>;
  try {
    nc = await connect({
      servers: url,
      timeout: CONNECT_MS,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
    });
  } catch (e) {
    throw new TapError(`cannot connect to NATS at ${url}: ${msg(e)}`);
  }
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') sink.status('down', 'NATS connection lost, reconnecting');
      else if (s.type === 'reconnect') sink.status('up', 'NATS connection restored');
    }
  })();
  // A plain subscription (no queue group): it gets a copy and never takes a message from a group.
  nc.subscribe('>', {
    callback: (err, m) => {
      if (err) return;
      sink.message({
        transport: 'nats',
        channel: m.subject,
        body: m.data,
        ...(m.reply ? { reply: m.reply } : {}),
      });
    },
  });
  return {
    listening: "subscription to '>' (no queue group)",
    cost: "one more plain subscriber: NATS copies every message to it; it never joins a queue group, and a request with no responder still gets 'no responders' (the tap does not answer)",
    stop: async () => {
      await nc.close();
    },
  };
}

async function listenMqtt(url: string, sink: ListenSink): Promise<Listener> {
  const mqtt = await import('mqtt');
  const client = mqtt.connect(url, {
    reconnectPeriod: 1_000,
    connectTimeout: CONNECT_MS,
    clean: true,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
      client.once('close', () => reject(new Error('connection refused or closed')));
    });
  } catch (e) {
    client.end(true);
    throw new TapError(`cannot connect to MQTT at ${url}: ${msg(e)}`);
  }
  client.on('error', () => undefined);
  client.on('offline', () => sink.status('down', 'MQTT connection lost, reconnecting'));
  client.on('connect', () => sink.status('up', 'MQTT connection restored'));
  client.on('message', (topic, payload) =>
    sink.message({ transport: 'mqtt', channel: topic, body: payload }),
  );
  await client.subscribeAsync('#', { qos: 0 });
  return {
    listening: "subscription to '#' (QoS 0, clean session)",
    cost: "one more QoS 0 subscriber: the broker sends it a copy of every message published (topics under '$SYS/' excepted)",
    stop: () => client.endAsync(),
  };
}

const headerStr = (h: Record<string, unknown> | undefined, k: string) => {
  const v = h?.[k];
  return typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : undefined;
};

async function listenRmq(url: string, sink: ListenSink): Promise<Listener> {
  const amqp = await import('amqplib');
  let conn: Awaited<ReturnType<typeof amqp.connect>>;
  try {
    conn = await amqp.connect(url, { timeout: CONNECT_MS });
  } catch (e) {
    throw new TapError(`cannot connect to RabbitMQ at ${url}: ${msg(e)}`);
  }
  conn.on('error', () => undefined);
  conn.on('close', () =>
    sink.status(
      'down',
      'RabbitMQ connection closed (the tap does not reconnect to RabbitMQ: restart it)',
    ),
  );
  const ch = await conn.createChannel();
  // The firehose: with `rabbitmqctl trace_on`, every publish and every delivery is copied to the
  // `amq.rabbitmq.trace` topic exchange; a private, exclusive queue of ours reads it.
  const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
  await ch.bindQueue(queue, 'amq.rabbitmq.trace', '#');
  await ch.consume(
    queue,
    (m) => {
      if (!m) return;
      const key = m.fields.routingKey; // publish.<exchange> | deliver.<queue>
      const h = m.properties.headers as Record<string, unknown> | undefined;
      const props = (h?.properties ?? {}) as Record<string, unknown>;
      const deliver = key.startsWith('deliver.');
      const routing = Array.isArray(h?.routing_keys) ? String(h.routing_keys[0] ?? '') : '';
      const q = deliver ? key.slice('deliver.'.length) : undefined;
      const raw: RawMessage = {
        transport: 'rmq',
        channel: q ?? routing,
        body: m.content,
        stage: deliver ? 'deliver' : 'publish',
      };
      const replyTo = headerStr(props, 'reply_to');
      const corr = headerStr(props, 'correlation_id');
      const connection = headerStr(h, 'connection');
      if (replyTo) raw.replyTo = replyTo;
      if (corr) raw.correlationId = corr;
      if (q) raw.queue = q;
      if (deliver && connection) raw.consumer = connection;
      sink.message(raw);
    },
    { noAck: true },
  );
  return {
    listening: 'firehose (amq.rabbitmq.trace; needs `rabbitmqctl trace_on`)',
    cost: "the firehose copies every publish and every delivery of the vhost to amq.rabbitmq.trace (about 2 extra messages per message: costs broker throughput while on; turn it off after with `rabbitmqctl trace_off`). The app's queues are untouched",
    stop: async () => {
      await conn.close().catch(() => undefined);
    },
  };
}
