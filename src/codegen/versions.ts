/**
 * The versions every exported project pins: NestJS 12 (ESM-only) and the client libraries that
 * were run together against real brokers (docs/export.md). The type-check test installs nothing:
 * BrokerLab's own devDependencies carry these same versions (a unit test keeps them equal).
 */
export const VERSIONS = {
  '@nestjs/common': '12.5.1',
  '@nestjs/core': '12.5.1',
  '@nestjs/microservices': '12.1.1',
  '@nestjs/platform-express': '12.5.1',
  'reflect-metadata': '0.2.2',
  rxjs: '7.8.2',
  ioredis: '6.0.0',
  '@nats-io/transport-node': '3.4.0',
  amqplib: '2.3.1',
  'amqp-connection-manager': '5.0.0',
  mqtt: '5.16.0',
  kafkajs: '2.2.4',
  '@grpc/grpc-js': '1.14.7',
  '@grpc/proto-loader': '0.8.1',
  typescript: '6.0.3',
  '@types/node': '20.19.43',
} as const;

export type PackageName = keyof typeof VERSIONS;

/** Docker images of the brokers in docker-compose.yml. */
export const IMAGES = {
  redis: 'redis:7.0',
  nats: 'nats:2.9',
  rmq: 'rabbitmq:3.10-management',
  mqtt: 'eclipse-mosquitto:2.0',
  kafka: 'apache/kafka:3.9.0',
} as const;
