import type { TransportKind } from '../../shared';
import { createGrpc } from './grpc';
import { createKafka } from './kafka';
import { createMqtt } from './mqtt';
import { createNats } from './nats';
import { createRedis } from './redis';
import { createRmq } from './rmq';
import { createTcp } from './tcp';
import type { TransportFactory } from './transport';

/** One module per NestJS transport. */
export const TRANSPORTS: Record<TransportKind, TransportFactory> = {
  redis: createRedis,
  nats: createNats,
  rmq: createRmq,
  mqtt: createMqtt,
  tcp: createTcp,
  kafka: createKafka,
  grpc: createGrpc,
};
