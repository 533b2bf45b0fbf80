/**
 * Real NestJS on the wire, without an app module: `@nestjs/microservices`' own servers (one per
 * instance, `addHandler` instead of decorators) and `ClientProxy`, so the tap sees exactly the
 * envelopes, reply channels and AMQP properties NestJS 12 produces. Used by the tap check
 * (`npm run tap:check`) and the Live screenshots. Node only.
 */
import 'reflect-metadata';
import { lastValueFrom } from 'rxjs';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { ServerRedis, ServerRMQ } from '@nestjs/microservices/server/index.js';

export type NestKind = 'redis' | 'rmq';

interface Instance {
  close(): Promise<void> | void;
}

function options(kind: NestKind, port: number) {
  return kind === 'redis'
    ? { host: '127.0.0.1', port }
    : {
        urls: [`amqp://127.0.0.1:${port}`],
        queue: 'orders_queue',
        queueOptions: { durable: false },
      };
}

/** One instance of an `orders` service: `get_order` (request) and `order_created` (event). */
export async function startOrdersInstance(
  kind: NestKind,
  port: number,
  name: string,
): Promise<Instance> {
  const server =
    kind === 'redis'
      ? new ServerRedis(options(kind, port))
      : new ServerRMQ(options(kind, port) as never);
  server.addHandler('get_order', async (data: { id?: number }) => ({
    order: data?.id ?? 0,
    handledBy: name,
  }));
  server.addHandler('order_created', async () => undefined, true);
  await new Promise<void>((resolve, reject) => {
    void Promise.resolve(server.listen((err?: unknown) => (err ? reject(err) : resolve()))).catch(
      reject,
    );
  });
  return { close: () => server.close() };
}

export async function startGateway(kind: NestKind, port: number): Promise<ClientProxy> {
  const client =
    kind === 'redis'
      ? ClientProxyFactory.create({ transport: Transport.REDIS, options: options(kind, port) })
      : ClientProxyFactory.create({
          transport: Transport.RMQ,
          options: options(kind, port) as never,
        });
  await client.connect();
  return client;
}

/** What the gateway does for `GET /orders/:id` and `POST /orders`. */
export const getOrder = (c: ClientProxy, id: number) => lastValueFrom(c.send('get_order', { id }));
export const orderCreated = (c: ClientProxy, id: number) =>
  lastValueFrom(c.emit('order_created', { orderId: id }), { defaultValue: undefined });
