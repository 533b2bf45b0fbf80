/** What a learner reads in the generated code: one test per thing the scenario should change. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import type { SimModel } from '../engine/types';
import { codeForNode, generateProject, VERSIONS } from '.';
import { ordersOn } from './testScenarios';

const ROOT = `${__dirname}/../..`;
const simulation = (name: string): SimModel => {
  const r = parseScenario(JSON.parse(readFileSync(`${ROOT}/simulations/${name}.json`, 'utf8')));
  if (!r.ok) throw new Error(r.error[0]!.message);
  return r.value;
};
const file = (model: SimModel, path: string, lang: 'en' | 'pt-BR' = 'en') => {
  const f = generateProject(model, { lang }).files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path}`);
  return f.contents;
};
/** The orders scenario with its transport switched (what the side panel's Transport does). */
const ordersWith = (transport: object): SimModel => {
  const raw = JSON.parse(readFileSync(`${ROOT}/simulations/orders.json`, 'utf8'));
  raw.transport = transport;
  for (const n of raw.nodes) if (n.type === 'service') delete n.transport;
  const r = parseScenario(raw);
  if (!r.ok) throw new Error(r.error[0]!.message);
  return r.value;
};

describe('gateway', () => {
  it('registers one client per called service with the transport and its options', () => {
    const module = file(simulation('orders'), 'apps/gateway/src/app.module.ts');
    expect(module).toContain('ClientsModule.register([');
    expect(module).toContain("name: 'ORDERS_CLIENT'");
    expect(module).toContain("name: 'NOTIFICATIONS_CLIENT'");
    expect(module.match(/transport: Transport\.RMQ/g)).toHaveLength(2);
    expect(module).toContain("queue: 'notifications_queue'");
  });

  it('sends with the route timeout and emits to every target', () => {
    const ctl = file(simulation('orders'), 'apps/gateway/src/gateway.controller.ts');
    expect(ctl).toContain("@Get('/orders/:id')");
    expect(ctl).toMatch(
      /this\.ordersClient\.send\('get_order', \{ \.\.\.params \}\)\s*\.pipe\(\s*timeout\(5000\)/,
    );
    expect(ctl).toContain("this.ordersClient.emit('order_created', payload)");
    expect(ctl).toContain("this.notificationsClient.emit('order_created', payload)");
  });

  it('emits once per pub/sub broker: one publish reaches every subscriber (real Redis handled it twice otherwise)', () => {
    const fanout = simulation('conformance/fanout');
    for (const kind of ['redis', 'nats', 'mqtt', 'kafka'] as const) {
      const model: SimModel = {
        ...fanout,
        services: fanout.services.map((s) => ({ ...s, transport: { ...s.transport, kind } })),
      };
      const ctl = file(model, 'apps/gateway/src/gateway.controller.ts');
      expect(ctl.match(/\.emit\('order_created'/g), kind).toHaveLength(1);
      expect(ctl, kind).toContain('One emit through ordersClient also reaches notifications');
      expect(ctl, kind).not.toContain('notificationsClient');
      expect(file(model, 'apps/gateway/src/app.module.ts'), kind).not.toContain(
        'NOTIFICATIONS_CLIENT',
      );
    }
    // RabbitMQ: a queue per service, so an emit per client (the Orders test above).
  });

  it('writes a retry policy as retry({ count, delay }) after timeout(), with backoff when it grows', () => {
    const ctl = file(
      simulation('resilience-timeout-retry'),
      'apps/gateway/src/gateway.controller.ts',
    );
    expect(ctl).toMatch(
      /timeout\(1000\),\s*retry\(\{ count: 3, delay: backoff\(\{ delayMs: 200, factor: 2, jitter: 0\.2 \}\) \}\)/,
    );
    const fixed = ordersOn('nats');
    expect(file(fixed, 'apps/gateway/src/gateway.controller.ts')).toContain(
      'retry({ count: 1, delay: 50 })',
    );
  });

  it('puts the circuit breaker around each attempt and answers the fallback body', () => {
    const ctl = file(
      simulation('circuit-breaker-fallback'),
      'apps/gateway/src/gateway.controller.ts',
    );
    expect(ctl).toContain(
      'new CircuitBreaker({ failureThreshold: 5, openMs: 2000, halfOpenCalls: 1, status: 503 })',
    );
    expect(ctl).toMatch(
      /\.run\(this\.ordersClient\.send\('get_order', \{ \.\.\.params \}\)\.pipe\(timeout\(500\)\)\)/,
    );
    expect(ctl).toContain("catchError(() => of({ order: null, source: 'cache' }))");
    const files = generateProject(simulation('circuit-breaker-fallback'), { lang: 'en' }).files;
    expect(files.map((f) => f.path)).toContain('apps/gateway/src/resilience.ts');
  });

  it('a scenario without policies has no resilience file and says there is no timeout', () => {
    const model = simulation('scaling-rmq');
    const paths = generateProject(model, { lang: 'en' }).files.map((f) => f.path);
    expect(paths).not.toContain('apps/gateway/src/resilience.ts');
    expect(file(model, 'apps/gateway/src/gateway.controller.ts')).toContain('No timeout()');
  });

  it('Kafka: subscribeToResponseOf for each sent pattern before connect()', () => {
    const ctl = file(simulation('kafka-partitions'), 'apps/gateway/src/gateway.controller.ts');
    expect(ctl).toMatch(
      /subscribeToResponseOf\('get_order'\);\s*await this\.ordersClient\.connect\(\);/,
    );
    expect(ctl).toContain('ClientKafka');
    expect(ctl).toContain('key: `customer-${n % 4}`');
    const all = file(ordersOn('kafka'), 'apps/gateway/src/gateway.controller.ts');
    for (const p of ['get_order', 'create_order', 'list_orders'])
      expect(all).toContain(`subscribeToResponseOf('${p}')`);
    expect(all).not.toContain("subscribeToResponseOf('order_created')");
    const some = file(
      ordersOn('kafka', { subscribeToResponseOf: ['get_order'] }),
      'apps/gateway/src/gateway.controller.ts',
    );
    expect(some).not.toContain("subscribeToResponseOf('list_orders')");
    expect(some).toContain("send('list_orders') throws");
  });

  it('TCP with several instances says a NestJS client does not balance by itself', () => {
    const module = file(simulation('tcp-load-balancer'), 'apps/gateway/src/app.module.ts');
    expect(module).toContain('does not balance by itself');
    expect(module).toContain('EADDRINUSE'); // stock: 2 instances, no balancer
    expect(module).toContain('port: Number(process.env.ORDERS_PORT ?? 3001)');
  });
});

describe('services', () => {
  it('switching to RMQ with noAck: false gives Transport.RMQ, queue, noAck and channel.ack', () => {
    const model = ordersWith({ kind: 'rmq', options: { queue: 'orders_queue', noAck: false } });
    const main = file(model, 'apps/orders/src/main.ts');
    expect(main).toContain('transport: Transport.RMQ');
    expect(main).toContain("queue: 'orders_queue'");
    expect(main).toContain('noAck: false');
    // orders.json's handlers do not set "ack": NestJS never acks for them; the code says so.
    expect(file(model, 'apps/orders/src/orders.controller.ts')).toContain('never acks');
    const acking = file(ordersOn('rmq'), 'apps/orders/src/orders.controller.ts');
    expect(acking).toContain('@Ctx() context: RmqContext');
    expect(acking).toContain('channel.ack(message);');
    expect(acking).toContain('channel.nack(message, false, true);');
  });

  it('each transport has its server options and context type', () => {
    const expectations: [Parameters<typeof ordersOn>[0], string[]][] = [
      ['redis', ['Transport.REDIS', 'retryAttempts: 5', 'retryDelay: 1000']],
      ['nats', ['Transport.NATS', "queue: 'orders-workers'", 'servers: [']],
      [
        'rmq',
        [
          'Transport.RMQ',
          'prefetchCount: 1',
          'persistent: true',
          'reconnectTimeInSeconds: 2',
          "'x-delivery-limit': 3",
        ],
      ],
      ['mqtt', ['Transport.MQTT', 'subscribeOptions: { qos: 1 }', 'clean: false']],
      ['kafka', ['Transport.KAFKA', "consumer: { groupId: 'orders-group' }", 'brokers:']],
      ['tcp', ['Transport.TCP', 'port: PORT']],
      ['grpc', ['Transport.GRPC', "package: 'shop'", 'protoPath:']],
    ];
    const ctx = {
      redis: 'RedisContext',
      nats: 'NatsContext',
      rmq: 'RmqContext',
      mqtt: 'MqttContext',
      kafka: 'KafkaContext',
      tcp: 'TcpContext',
    } as const;
    for (const [kind, parts] of expectations) {
      const main = file(ordersOn(kind), 'apps/orders/src/main.ts');
      for (const p of parts) expect(main, `${kind}: ${p}`).toContain(p);
      if (kind !== 'grpc')
        expect(file(ordersOn(kind), 'apps/orders/src/orders.controller.ts')).toContain(
          `@Ctx() context: ${ctx[kind]}`,
        );
    }
  });

  it('handlers simulate the scenario latency and failure rate', () => {
    const ctl = file(ordersOn('nats'), 'apps/orders/src/orders.controller.ts');
    expect(ctl).toContain(
      "work({ meanMs: 40, jitterMs: 10, failureRate: 0.1, fail: () => new RpcException('boom') })",
    );
    expect(ctl).toContain("fail: () => new Error('db down')");
    expect(ctl).toContain("@EventPattern<string>('order_created')");
    expect(ctl).toContain('return of(1, 2, 3);');
  });

  it('gRPC is gRPC: a .proto, @GrpcMethod, ClientGrpc.getService(), no emit', () => {
    const model = ordersOn('grpc');
    const proto = file(model, 'proto/orders.proto');
    expect(proto).toContain('package shop;');
    expect(proto).toContain('service OrderBook {');
    expect(proto).toContain('rpc GetOrder (Request) returns (Reply);');
    expect(proto).toContain('rpc ListOrders (Request) returns (stream Reply);');
    const ctl = file(model, 'apps/orders/src/orders.controller.ts');
    expect(ctl).toContain("@GrpcMethod('OrderBook', 'GetOrder')");
    expect(ctl).not.toContain('@EventPattern');
    const gw = file(model, 'apps/gateway/src/gateway.controller.ts');
    expect(gw).toContain("getService<OrderBookClient>('OrderBook')");
    expect(gw).toContain('this.ordersService.getOrder({ params');
    expect(gw).toContain('Method is not supported in gRPC mode');
  });

  it('several TCP instances get one port each only behind a load balancer', () => {
    const pkg = JSON.parse(file(simulation('tcp-load-balancer'), 'package.json'));
    expect(pkg.scripts['start:orders']).toBe(
      'node scripts/instances.mjs orders 3 --port 3001 --step 1',
    );
    expect(pkg.scripts['start:stock']).toBe(
      'node scripts/instances.mjs stock 2 --port 3002 --step 0',
    );
  });
});

describe('project', () => {
  it('is an npm workspace pinned to NestJS 12 (ESM) with the transport client library', () => {
    const model = ordersOn('rmq');
    const root = JSON.parse(file(model, 'package.json'));
    expect(root.workspaces).toEqual(['apps/gateway', 'apps/orders', 'apps/stock-keeper']);
    const svc = JSON.parse(file(model, 'apps/orders/package.json'));
    expect(svc.type).toBe('module');
    expect(svc.dependencies).toMatchObject({
      '@nestjs/common': '12.5.1',
      '@nestjs/core': '12.5.1',
      '@nestjs/microservices': '12.1.1',
      amqplib: VERSIONS.amqplib,
      'amqp-connection-manager': VERSIONS['amqp-connection-manager'],
    });
    const gw = JSON.parse(file(model, 'apps/gateway/package.json'));
    expect(gw.dependencies['@nestjs/platform-express']).toBe('12.5.1');
    expect(JSON.parse(file(model, 'tsconfig.base.json')).compilerOptions.module).toBe('nodenext');
    expect(file(model, 'docker-compose.yml')).toContain('rabbitmq:');
    expect(generateProject(ordersOn('tcp'), { lang: 'en' }).files.map((f) => f.path)).not.toContain(
      'docker-compose.yml',
    );
  });

  it('pins the same versions BrokerLab type-checks the exports with', () => {
    const own = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')).devDependencies;
    for (const [name, version] of Object.entries(VERSIONS))
      if (name !== 'typescript' && name !== '@types/node') expect(own[name], name).toBe(version);
  });

  it('comments and the README follow the learner language', () => {
    const model = simulation('scaling-rmq');
    expect(file(model, 'apps/gateway/src/gateway.controller.ts', 'pt-BR')).toContain(
      'Sem timeout()',
    );
    const readme = file(model, 'README.md', 'pt-BR');
    expect(readme.indexOf('## Como rodar')).toBeLessThan(readme.indexOf('## Run it'));
    expect(file(model, 'README.md', 'en').indexOf('## Run it')).toBeLessThan(
      file(model, 'README.md', 'en').indexOf('## Como rodar'),
    );
  });
});

describe('codeForNode', () => {
  it('marks the line that sends and the line that handles each pattern', () => {
    const model = simulation('orders');
    const [, ctl] = codeForNode(model, 'gateway', 'en');
    const lines = ctl!.contents.split('\n');
    expect(ctl!.lines!.get_order!.map((n) => lines[n - 1])).toEqual([
      expect.stringContaining("send('get_order'"),
    ]);
    expect(ctl!.lines!.order_created!.map((n) => lines[n - 1])).toEqual([
      expect.stringContaining('ordersClient.emit('),
      expect.stringContaining('notificationsClient.emit('),
    ]);
    const [svc] = codeForNode(model, 'orders#2', 'en');
    expect(svc!.path).toBe('apps/orders/src/orders.controller.ts');
    const svcLines = svc!.contents.split('\n');
    expect(svcLines[svc!.lines!.get_order![0]! - 1]).toContain("@MessagePattern('get_order')");
  });

  it('gives the broker its compose file and the client nothing', () => {
    const model = simulation('orders');
    expect(codeForNode(model, 'broker', 'en').map((f) => f.path)).toEqual(['docker-compose.yml']);
    expect(codeForNode(model, 'client', 'en')).toEqual([]);
    expect(codeForNode(simulation('tcp-load-balancer'), 'lb:orders', 'en')[0]!.path).toBe(
      'apps/orders/src/orders.controller.ts',
    );
  });
});

describe('a service that calls other services', () => {
  const model = simulation('service-calls');

  it('registers a client per target in its module and injects them in its controller', () => {
    const module = file(model, 'apps/orders/src/app.module.ts');
    expect(module).toContain('ClientsModule.register([');
    expect(module).toContain("name: 'INVENTORY_CLIENT'");
    expect(module).toContain("queue: 'inventory_queue'");
    expect(module).toContain("name: 'NOTIFICATIONS_CLIENT'");
    const controller = file(model, 'apps/orders/src/orders.controller.ts');
    expect(controller).toContain(
      "@Inject('INVENTORY_CLIENT') private readonly inventoryClient: ClientProxy",
    );
    // A service nobody calls from a handler gets no clients.
    expect(file(model, 'apps/inventory/src/app.module.ts')).not.toContain('ClientsModule');
  });

  it('awaits the send (with its timeout) before emitting, after the work, and marks both lines', () => {
    const [controller] = codeForNode(model, 'orders#2', 'en');
    const lines = controller!.contents.split('\n');
    const send = controller!.lines!['reserve_stock']!.map((n) => lines[n - 1]!.trim());
    const emit = controller!.lines!['order_placed']!.map((n) => lines[n - 1]!.trim());
    expect(send).toEqual([
      "await firstValueFrom(this.inventoryClient.send('reserve_stock', data).pipe(timeout(1000)));",
    ]);
    expect(emit).toEqual(["this.notificationsClient.emit('order_placed', data);"]);
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(at('await work(')).toBeLessThan(at('reserve_stock'));
    expect(at('reserve_stock')).toBeLessThan(at('order_placed'));
  });

  it("changing the target's transport changes the caller's client (kafka subscribes to the reply)", () => {
    const raw = JSON.parse(readFileSync(`${ROOT}/simulations/service-calls.json`, 'utf8'));
    raw.nodes.find((n: { id: string }) => n.id === 'inventory').transport = { kind: 'kafka' };
    const r = parseScenario(raw);
    if (!r.ok) throw new Error(r.error[0]!.message);
    expect(file(r.value, 'apps/orders/src/app.module.ts')).toContain('transport: Transport.KAFKA');
    const controller = file(r.value, 'apps/orders/src/orders.controller.ts');
    expect(controller).toContain("this.inventoryClient.subscribeToResponseOf('reserve_stock');");
    expect(controller).toContain('private readonly inventoryClient: ClientKafka');
    expect(file(r.value, 'apps/orders/package.json')).toContain('"kafkajs"');
  });

  it('comments follow the language', () => {
    expect(file(model, 'apps/orders/src/orders.controller.ts', 'pt-BR')).toContain(
      'Aguarda a resposta de inventory',
    );
  });
});
