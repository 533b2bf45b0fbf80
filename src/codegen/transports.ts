/**
 * What each NestJS transport needs in the generated code: the `Transport` member, the options
 * object of the server (`createMicroservice`) and of the gateway's client
 * (`ClientsModule.register`), the context type of `@Ctx()`, the client library and the broker's
 * environment variable. Option names are `@nestjs/microservices` 12.1.1's.
 */
import type { ServiceSpec } from '../engine/types';
import type { TransportKind } from '../shared';
import { literal, q } from './code';
import { grpcNames, kebab, upperSnake, type PortPlan } from './names';
import type { Texts } from './texts';

export const TRANSPORT_ENUM: Record<TransportKind, string> = {
  redis: 'REDIS',
  nats: 'NATS',
  rmq: 'RMQ',
  mqtt: 'MQTT',
  kafka: 'KAFKA',
  tcp: 'TCP',
  grpc: 'GRPC',
};

/** The `@Ctx()` type of each transport (gRPC handlers take the request and metadata instead). */
export const CONTEXT_TYPE: Record<TransportKind, string | null> = {
  redis: 'RedisContext',
  nats: 'NatsContext',
  rmq: 'RmqContext',
  mqtt: 'MqttContext',
  kafka: 'KafkaContext',
  tcp: 'TcpContext',
  grpc: null,
};

/** A context getter worth logging: where the message came from. */
export const CONTEXT_WHERE: Record<TransportKind, string | null> = {
  redis: 'context.getChannel()',
  nats: 'context.getSubject()',
  rmq: 'context.getPattern()',
  mqtt: 'context.getTopic()',
  kafka: '`${context.getTopic()}[${context.getPartition()}]`',
  tcp: 'context.getPattern()',
  grpc: null,
};

/** The broker's address, read from the environment with the docker-compose default. */
const BROKER_ENV: Record<'redis' | 'nats' | 'rmq' | 'mqtt' | 'kafka', string> = {
  redis: "process.env.REDIS_HOST ?? 'localhost'",
  nats: "process.env.NATS_URL ?? 'nats://localhost:4222'",
  rmq: "process.env.RMQ_URL ?? 'amqp://localhost:5672'",
  mqtt: "process.env.MQTT_URL ?? 'mqtt://localhost:1883'",
  kafka: "(process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',')",
};

/** Options as `key: expression` lines, each with an optional comment line before it. */
export type OptionLine = { code: string; comment?: string };

const opt = (code: string, comment?: string): OptionLine =>
  comment === undefined ? { code } : { code, comment };

/** rmq queue options: a quorum queue with a delivery limit and a dead-letter queue. */
function rmqQueueOptions(s: ServiceSpec, t: Texts): OptionLine[] {
  const o = s.transport.options;
  if (o.deadLetterAfter === undefined || o.queue === undefined) return [];
  const args = {
    'x-queue-type': 'quorum',
    'x-delivery-limit': o.deadLetterAfter,
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': `${o.queue}.dlq`,
  };
  return [
    opt(
      `queueOptions: { durable: true, arguments: ${literal(args)} }`,
      t.deadLetter(o.deadLetterAfter, `${o.queue}.dlq`),
    ),
  ];
}

/** Server options of `createMicroservice(AppModule, { transport, options })`. */
export function serverOptions(s: ServiceSpec, plan: PortPlan | undefined, t: Texts): OptionLine[] {
  const o = s.transport.options;
  switch (s.transport.kind) {
    case 'redis':
      return [
        opt(`host: ${BROKER_ENV.redis}`),
        opt(`port: Number(process.env.REDIS_PORT ?? ${o.port ?? 6379})`),
        ...(o.retryAttempts !== undefined
          ? [opt(`retryAttempts: ${o.retryAttempts}`, t.redisRetry)]
          : [opt(`// retryAttempts: 10,`, t.redisNoRetry)]),
        ...(o.retryDelay !== undefined ? [opt(`retryDelay: ${o.retryDelay}`)] : []),
      ];
    case 'nats':
      return [
        opt(`servers: [${BROKER_ENV.nats}]`),
        o.queue !== undefined
          ? opt(`queue: ${q(o.queue)}`, t.natsQueue)
          : opt(`// queue: ${q(`${s.id}-workers`)},`, t.natsNoQueue),
      ];
    case 'rmq':
      return [
        opt(`urls: [${BROKER_ENV.rmq}]`),
        ...(o.queue !== undefined ? [opt(`queue: ${q(o.queue)}`)] : [opt('', t.rmqNoQueue)]),
        ...(o.noAck !== undefined
          ? [opt(`noAck: ${o.noAck}`, o.noAck ? undefined : t.rmqNoAck)]
          : []),
        ...(o.prefetchCount !== undefined ? [opt(`prefetchCount: ${o.prefetchCount}`)] : []),
        ...(o.persistent !== undefined ? [opt(`persistent: ${o.persistent}`)] : []),
        ...(o.reconnectTimeInSeconds !== undefined
          ? [opt(`socketOptions: { reconnectTimeInSeconds: ${o.reconnectTimeInSeconds} }`)]
          : []),
        ...rmqQueueOptions(s, t),
      ];
    case 'mqtt':
      return [
        opt(`url: ${BROKER_ENV.mqtt}`),
        ...(o.qos !== undefined ? [opt(`subscribeOptions: { qos: ${o.qos} }`)] : []),
        ...(o.clean === false
          ? [
              opt('clean: false', t.mqttClean),
              opt(`clientId: ${q(kebab(s.id))} + '-' + INSTANCE.replace('#', '-')`),
            ]
          : []),
      ];
    case 'kafka':
      return [
        opt(`client: { clientId: ${q(s.id)}, brokers: ${BROKER_ENV.kafka} }`),
        opt(
          `consumer: { groupId: ${q(o.groupId ?? s.id)} }`,
          t.kafkaGroup(`${o.groupId ?? s.id}-server`),
        ),
      ];
    case 'tcp':
      return [
        opt("host: process.env.HOST ?? 'localhost'"),
        opt(`port: PORT`),
        ...(o.retryAttempts !== undefined ? [opt(`retryAttempts: ${o.retryAttempts}`)] : []),
        ...(o.retryDelay !== undefined ? [opt(`retryDelay: ${o.retryDelay}`)] : []),
      ];
    case 'grpc': {
      const g = grpcNames(s);
      return [
        opt(`package: ${q(g.package)}`),
        opt(`protoPath: fileURLToPath(new URL(${q(`../../../${g.protoFile}`)}, import.meta.url))`),
        opt("url: `${process.env.HOST ?? 'localhost'}:${PORT}`"),
      ];
    }
  }
  void plan;
}

/** The env variable the gateway reads for a tcp/grpc service's address. */
export const addressEnv = (s: ServiceSpec) => `${upperSnake(s.id)}_PORT`;

/** Client options of `ClientsModule.register([{ name, transport, options }])` in the gateway. */
export function clientOptions(
  s: ServiceSpec,
  plan: PortPlan | undefined,
  t: Texts,
  /** Who holds the client (a kafka client id and group are per app): the gateway or a service. */
  holder = 'gateway',
): OptionLine[] {
  const o = s.transport.options;
  const port = `Number(process.env.${addressEnv(s)} ?? ${plan?.base ?? 3000})`;
  switch (s.transport.kind) {
    case 'redis':
      return [
        opt(`host: ${BROKER_ENV.redis}`),
        opt(`port: Number(process.env.REDIS_PORT ?? ${o.port ?? 6379})`),
        ...(o.retryAttempts !== undefined ? [opt(`retryAttempts: ${o.retryAttempts}`)] : []),
        ...(o.retryDelay !== undefined ? [opt(`retryDelay: ${o.retryDelay}`)] : []),
      ];
    case 'nats':
      return [opt(`servers: [${BROKER_ENV.nats}]`)];
    case 'rmq':
      return [
        opt(`urls: [${BROKER_ENV.rmq}]`),
        ...(o.queue !== undefined ? [opt(`queue: ${q(o.queue)}`)] : []),
        ...(o.persistent !== undefined ? [opt(`persistent: ${o.persistent}`)] : []),
        ...(o.reconnectTimeInSeconds !== undefined
          ? [opt(`socketOptions: { reconnectTimeInSeconds: ${o.reconnectTimeInSeconds} }`)]
          : []),
        ...rmqQueueOptions(s, t).map((l) => ({ code: l.code, comment: t.sameQueueOptions })),
      ];
    case 'mqtt':
      return [opt(`url: ${BROKER_ENV.mqtt}`)];
    case 'kafka':
      return [
        opt(`client: { clientId: ${q(`${holder}-${s.id}`)}, brokers: ${BROKER_ENV.kafka} }`),
        opt(`consumer: { groupId: ${q(`${holder}-${s.id}`)} }`, t.kafkaClientGroup),
      ];
    case 'tcp':
      return [
        opt(`host: process.env.${upperSnake(s.id)}_HOST ?? 'localhost'`),
        opt(`port: ${port}`),
      ];
    case 'grpc': {
      const g = grpcNames(s);
      return [
        opt(`package: ${q(g.package)}`),
        opt(`protoPath: fileURLToPath(new URL(${q(`../../../${g.protoFile}`)}, import.meta.url))`),
        opt(`url: \`\${process.env.${upperSnake(s.id)}_HOST ?? 'localhost'}:\${${port}}\``),
      ];
    }
  }
}

/** npm dependencies of a transport's client library (versions in versions.ts). */
export const TRANSPORT_PACKAGES: Record<TransportKind, string[]> = {
  redis: ['ioredis'],
  nats: ['@nats-io/transport-node'],
  rmq: ['amqplib', 'amqp-connection-manager'],
  mqtt: ['mqtt'],
  kafka: ['kafkajs'],
  tcp: [],
  grpc: ['@grpc/grpc-js', '@grpc/proto-loader'],
};
