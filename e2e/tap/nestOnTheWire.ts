/**
 * Real NestJS on the wire, without an app module: `@nestjs/microservices`' own servers (one per
 * instance, `addHandler` instead of decorators) and `ClientProxy`, so the tap sees exactly the
 * envelopes, reply channels and AMQP properties NestJS 12 produces. Used by the tap check
 * (`npm run tap:check`) and the Live screenshots. Node only.
 */
import 'reflect-metadata';
import { lastValueFrom } from 'rxjs';
import { Logger } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import {
  ServerMqtt,
  ServerNats,
  ServerRedis,
  ServerRMQ,
} from '@nestjs/microservices/server/index.js';

// Nest's own logs (connections, a closing MQTT socket's ECONNRESET) only with TAP_DEBUG=1.
if (!process.env.TAP_DEBUG) Logger.overrideLogger(false);

export type NestKind = 'redis' | 'rmq' | 'nats' | 'mqtt';

interface Instance {
  close(): Promise<void> | void;
}

function options(kind: NestKind, port: number) {
  switch (kind) {
    case 'redis':
      return { host: '127.0.0.1', port };
    case 'nats':
      return { servers: [`nats://127.0.0.1:${port}`] };
    case 'mqtt':
      return { url: `mqtt://127.0.0.1:${port}` };
    case 'rmq':
      return {
        urls: [`amqp://127.0.0.1:${port}`],
        queue: 'orders_queue',
        queueOptions: { durable: false },
      };
  }
}

const TRANSPORT = {
  redis: Transport.REDIS,
  nats: Transport.NATS,
  mqtt: Transport.MQTT,
  rmq: Transport.RMQ,
} as const;

function server(kind: NestKind, port: number) {
  const o = options(kind, port) as never;
  switch (kind) {
    case 'redis':
      return new ServerRedis(o);
    case 'nats':
      return new ServerNats(o);
    case 'mqtt':
      return new ServerMqtt(o);
    case 'rmq':
      return new ServerRMQ(o);
  }
}

/** One instance of an `orders` service: `get_order` (request) and `order_created` (event). */
export async function startOrdersInstance(
  kind: NestKind,
  port: number,
  name: string,
): Promise<Instance> {
  const srv = server(kind, port);
  srv.addHandler('get_order', async (data: { id?: number }) => ({
    order: data?.id ?? 0,
    handledBy: name,
  }));
  srv.addHandler('order_created', async () => undefined, true);
  await new Promise<void>((resolve, reject) => {
    void Promise.resolve(srv.listen((err?: unknown) => (err ? reject(err) : resolve()))).catch(
      reject,
    );
  });
  return { close: () => srv.close() };
}

export async function startGateway(kind: NestKind, port: number): Promise<ClientProxy> {
  const client = ClientProxyFactory.create({
    transport: TRANSPORT[kind],
    options: options(kind, port),
  } as never) as unknown as ClientProxy;
  await client.connect();
  return client;
}

/** What the gateway does for `GET /orders/:id` and `POST /orders`. */
export const getOrder = (c: ClientProxy, id: number) => lastValueFrom(c.send('get_order', { id }));
export const orderCreated = (c: ClientProxy, id: number) =>
  lastValueFrom(c.emit('order_created', { orderId: id }), { defaultValue: undefined });
