/* eslint-disable @typescript-eslint/no-explicit-any -- tests edit scenario JSON freely, as a teacher would */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatIssue,
  parseScenario,
  parseScenarioText,
  scenarioJsonSchema,
  runJsonSchema,
  type ParseOk,
} from '.';

const SIM_DIR = join(__dirname, '../../simulations');
const ordersText = readFileSync(join(SIM_DIR, 'orders.json'), 'utf8');
const orders = () => JSON.parse(ordersText) as Record<string, any>;

function mustParse(input: unknown): ParseOk {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(r.error.map(formatIssue).join('\n'));
  return r;
}

/** The smallest valid file; tests add what they look at. */
const minimal = (over: Record<string, unknown> = {}) => ({
  version: 1,
  title: 'Tiny',
  transport: { kind: 'tcp' },
  nodes: [
    { id: 'client', type: 'client' },
    { id: 'gateway', type: 'gateway' },
    { id: 'svc', type: 'service', handlers: [{ pattern: 'ping', kind: 'request' }] },
  ],
  routes: [{ method: 'GET', path: '/ping', send: 'ping', to: 'svc' }],
  ...over,
});

describe('orders.json compiles to the engine model', () => {
  const r = parseScenarioText(ordersText);
  const model = r.ok ? r.value : undefined;

  it('parses without errors or warnings', () => {
    expect(r.ok ? r.warnings : r.error).toEqual([]);
  });

  it('has two orders replicas consuming the rmq queue orders_queue', () => {
    const svc = model!.services.find((s) => s.id === 'orders')!;
    expect(svc.replicas).toBe(2);
    expect(svc.transport).toEqual({ kind: 'rmq', options: { queue: 'orders_queue' } });
    expect(svc.startupMs).toBe(500);
  });

  it('turns latencies into {mean, jitter} and fills handler defaults', () => {
    const [getOrder, created] = model!.services[0]!.handlers;
    expect(getOrder).toEqual({
      pattern: 'get_order',
      kind: 'request',
      latency: { mean: 40, jitter: 10 },
      failureRate: 0,
      failure: { type: 'rpc', message: 'boom' },
    });
    expect(created!.latency).toEqual({ mean: 15, jitter: 0 });
  });

  it('keys routes by "METHOD path" with the gateway timeout of 5000 ms and NestJS statuses', () => {
    expect(model!.routes).toEqual([
      {
        key: 'GET /orders/:id',
        method: 'GET',
        path: '/orders/:id',
        action: 'send',
        pattern: 'get_order',
        to: ['orders'],
        timeoutMs: 5000,
        okStatus: 200,
        timeoutStatus: 504,
        errorStatus: 500,
      },
      {
        key: 'POST /orders',
        method: 'POST',
        path: '/orders',
        action: 'emit',
        pattern: 'order_created',
        to: ['orders', 'notifications'],
        timeoutMs: 5000,
        okStatus: 201,
        timeoutStatus: 504,
        errorStatus: 500,
      },
    ]);
    expect(model!.gateway).toEqual({ id: 'gateway', label: { en: 'gateway' }, timeoutMs: 5000 });
  });

  it('compiles the script to commands in time order', () => {
    expect(model!.script).toEqual([
      { at: 0, command: { type: 'http', route: 'GET /orders/:id', count: 10, everyMs: 100 } },
      { at: 250, command: { type: 'kill', instance: 'orders#1' } },
      { at: 2000, command: { type: 'restart', instance: 'orders#1' } },
      { at: 3000, command: { type: 'scale', service: 'orders', replicas: 3 } },
    ]);
  });

  it('keeps title, seed, the declared broker and lays nodes out left to right', () => {
    expect(model!.title).toEqual({ en: 'Orders', 'pt-BR': 'Pedidos' });
    expect(model!.seed).toBe(42);
    expect(model!.broker).toEqual({ id: 'broker', label: { en: 'broker' } });
    expect(model!.layout).toEqual({
      client: { x: 0, y: 100 },
      gateway: { x: 300, y: 100 },
      broker: { x: 600, y: 100 },
      orders: { x: 950, y: 0 },
      notifications: { x: 950, y: 200 },
    });
  });

  it('is plain data that survives structuredClone (the Worker boundary)', () => {
    expect(structuredClone(model)).toEqual(model);
  });
});

describe('every scenario in simulations/ parses', () => {
  const files = readdirSync(SIM_DIR).filter((f) => f.endsWith('.json') && f !== 'index.json');
  it.each(files)('%s parses', (file) => {
    const r = parseScenarioText(readFileSync(join(SIM_DIR, file), 'utf8'));
    expect(r.ok ? [] : r.error.map(formatIssue)).toEqual([]);
  });
});

describe('defaults and resolution', () => {
  it('a file with only the required fields gets seed 1, replicas 1, latency 10 and an empty script', () => {
    const m = mustParse(minimal()).value;
    expect(m.seed).toBe(1);
    expect(m.title).toEqual({ en: 'Tiny' });
    expect(m.script).toEqual([]);
    expect(m.services[0]).toMatchObject({
      replicas: 1,
      startupMs: 500,
      handlers: [{ latency: { mean: 10, jitter: 0 } }],
    });
    expect(m.routes[0]).not.toHaveProperty('timeoutMs');
    expect(m.gateway).not.toHaveProperty('timeoutMs');
  });

  it('when every service is tcp there is no broker, and each service gets a load-balancer slot', () => {
    const m = mustParse(minimal()).value;
    expect(m.broker).toBeNull();
    expect(m.layout['lb:svc']).toEqual({ x: 650, y: 0 });
    expect(m.layout.client).toEqual({ x: 0, y: 0 });
  });

  it('a broker transport without a broker node gets a synthesized broker named "broker"', () => {
    const m = mustParse(minimal({ transport: { kind: 'nats' } })).value;
    expect(m.broker).toEqual({ id: 'broker', label: { en: 'Broker' } });
    expect(m.layout.broker).toEqual({ x: 600, y: 0 });
    expect(m.layout['lb:svc']).toBeUndefined();
  });

  it('the synthesized broker avoids an id a service already uses', () => {
    const file = minimal({ transport: { kind: 'redis' } });
    (file.nodes as any[])[2].id = 'broker';
    (file.routes as any[])[0].to = 'broker';
    expect(mustParse(file).value.broker!.id).toBe('broker_2');
  });

  it('a service inherits the scenario options of the same transport and overrides them', () => {
    const file = orders();
    file.transport = { kind: 'rmq', options: { noAck: false, prefetchCount: 1 } };
    file.nodes[3].transport.options.prefetchCount = 5;
    const m = mustParse(file).value;
    expect(m.transport).toEqual({ kind: 'rmq', options: { noAck: false, prefetchCount: 1 } });
    expect(m.services[0]!.transport.options).toEqual({
      noAck: false,
      prefetchCount: 5,
      queue: 'orders_queue',
    });
  });

  it('a service on another transport does not inherit the scenario options', () => {
    const file = orders();
    file.transport.options = { noAck: false };
    file.nodes[4].transport = { kind: 'tcp', options: { port: 3001 } };
    const m = mustParse(file).value;
    expect(m.services[1]!.transport).toEqual({ kind: 'tcp', options: { port: 3001 } });
    expect(m.layout['lb:notifications']).toEqual({ x: 650, y: 200 });
  });

  it('an rmq service without a queue keeps queue undefined (the engine applies NestJS defaults)', () => {
    const m = mustParse(minimal({ transport: { kind: 'rmq' } })).value;
    expect(m.services[0]!.transport.options.queue).toBeUndefined();
  });

  it('a route timeoutMs overrides the gateway timeoutMs, and custom statuses pass through', () => {
    const file = orders();
    Object.assign(file.routes[0], {
      timeoutMs: 800,
      timeoutStatus: 408,
      errorStatus: 502,
      okStatus: 202,
    });
    const r = mustParse(file).value.routes[0]!;
    expect(r).toMatchObject({
      timeoutMs: 800,
      timeoutStatus: 408,
      errorStatus: 502,
      okStatus: 202,
    });
  });

  it('given positions win; labels may be plain strings or localized', () => {
    const file = orders();
    file.nodes[0].position = { x: -50, y: 10 };
    file.nodes[3].position = { x: 1000, y: 500 };
    file.nodes[3].label = { en: 'Orders', 'pt-BR': 'Pedidos' };
    file.nodes[4].label = 'Notify';
    const m = mustParse(file).value;
    expect(m.layout.client).toEqual({ x: -50, y: 10 });
    expect(m.layout.orders).toEqual({ x: 1000, y: 500 });
    expect(m.services.map((s) => s.label)).toEqual([
      { en: 'Orders', 'pt-BR': 'Pedidos' },
      { en: 'Notify' },
    ]);
  });

  it('steps at the same time keep their file order; http keys are normalised', () => {
    const file = orders();
    file.script = [
      { at: 100, http: 'post   /orders' },
      { at: 0, scale: 'orders', replicas: 4 },
      { at: 100, kill: 'orders#2' },
      { at: 0, http: 'GET /orders/:id' },
    ];
    const m = mustParse(file).value;
    expect(m.script.map((s) => [s.at, s.command.type])).toEqual([
      [0, 'scale'],
      [0, 'http'],
      [100, 'http'],
      [100, 'kill'],
    ]);
    expect(m.script[2]!.command).toEqual({
      type: 'http',
      route: 'POST /orders',
      count: 1,
      everyMs: 0,
    });
  });

  it('brokerDown / brokerUp steps compile to brokerDown / brokerUp commands', () => {
    const file = orders();
    file.script = [
      { at: 500, brokerDown: true },
      { at: 900, brokerUp: true },
    ];
    expect(mustParse(file).value.script).toEqual([
      { at: 500, command: { type: 'brokerDown' } },
      { at: 900, command: { type: 'brokerUp' } },
    ]);
  });

  it('engine extras pass through: handler ack/method, route messageKey, kafka/mqtt/tcp options', () => {
    const file = orders();
    file.nodes[3].handlers[0].ack = true;
    file.nodes[3].handlers[0].method = 'GetOrder';
    file.routes[0].messageKey = 'customer-{n%3}';
    file.nodes[3].transport = {
      kind: 'kafka',
      options: { groupId: 'g', subscribeToResponseOf: ['get_order'] },
    };
    file.nodes[4].transport = { kind: 'tcp', options: { loadBalancer: true, port: 3001 } };
    const m = mustParse(file);
    expect(m.warnings).toEqual([]);
    expect(m.value.services[0]!.handlers[0]).toMatchObject({ ack: true, method: 'GetOrder' });
    expect(m.value.services[0]!.handlers[1]).not.toHaveProperty('ack');
    expect(m.value.routes[0]!.messageKey).toBe('customer-{n%3}');
    expect(m.value.services[0]!.transport.options).toEqual({
      groupId: 'g',
      subscribeToResponseOf: ['get_order'],
    });
    expect(m.value.services[1]!.transport.options).toEqual({ loadBalancer: true, port: 3001 });
  });

  it('accepts a "$schema" editor hint', () => {
    expect(parseScenario({ $schema: '../docs/scenario.schema.json', ...orders() }).ok).toBe(true);
  });
});

describe('warnings do not fail the parse', () => {
  const warningsOf = (file: unknown) => mustParse(file).warnings.map(formatIssue);

  it('a send() to a service without that @MessagePattern handler is a warning (NestJS "no matching handler")', () => {
    const file = orders();
    file.routes[0].send = 'get_orders';
    expect(warningsOf(file)).toEqual([
      'routes[0].send: orders has no request handler (@MessagePattern) for "get_orders": the gateway gets "There is no matching message handler defined in the remote service."',
    ]);
  });

  it('an emit() to a service without the @EventPattern handler is a warning', () => {
    const file = orders();
    file.nodes[4].handlers = [];
    expect(warningsOf(file)).toEqual([
      'routes[1].emit: notifications has no event handler (@EventPattern) for "order_created": it drops the event',
    ]);
  });

  it('an outbox on a send() route is a warning (it stores events only)', () => {
    const file = orders();
    file.routes[0].outbox = { pollMs: 200 };
    expect(warningsOf(file)).toEqual([
      'routes[0].outbox: only applies to emit(): an outbox stores events; it does nothing here',
    ]);
    expect(mustParse(file).value.routes[0]!.outbox).toBeUndefined();
  });

  it('records and writes compile onto the service and its handler; a bad record name names the field', () => {
    const file = orders();
    file.nodes[4].records = { emails: 0 };
    file.nodes[4].handlers[0].writes = { emails: 1 };
    const m = mustParse(file).value;
    expect(m.services.find((x) => x.id === 'notifications')).toMatchObject({
      records: { emails: 0 },
      handlers: [{ writes: { emails: 1 } }],
    });
    file.nodes[4].handlers[0].writes = { 'e mails': 1 };
    const r = parseScenario(file);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : formatIssue(r.error[0]!)).toMatch(/^nodes\[4\]\.handlers\[0\]\.writes/);
  });

  it('two services on the same rmq queue are warned about (they compete for messages)', () => {
    const file = orders();
    file.nodes[4].transport.options.queue = 'orders_queue';
    expect(warningsOf(file)).toEqual([
      'nodes[4].transport: orders and notifications consume the same rmq queue "orders_queue": they compete, and each message reaches only one of them',
    ]);
  });

  it('an option of another transport is warned about', () => {
    const file = orders();
    file.nodes[3].transport.options.qos = 1;
    expect(warningsOf(file)).toEqual([
      'nodes[3].transport.options.qos: has no effect with the rmq transport (it applies to mqtt)',
    ]);
  });

  it('killing an instance that does not exist yet is a warning; a scale before it makes it exist', () => {
    const file = orders();
    file.script.push({ at: 100, kill: 'orders#3' });
    expect(warningsOf(file)).toEqual([
      'script[4].kill: orders has 2 replicas at 100 ms, so orders#3 does not exist then; this step does nothing',
    ]);
    file.script.push({ at: 50, scale: 'orders', replicas: 3 });
    expect(warningsOf(file)).toEqual([]);
  });

  it('a broker step when there is no broker is a warning', () => {
    expect(warningsOf(minimal({ script: [{ at: 0, brokerDown: true }] }))).toEqual([
      'script[0].brokerDown: there is no broker (every service uses tcp/grpc); this step does nothing',
    ]);
  });

  it('a broker node nobody uses is a warning', () => {
    const file = minimal();
    (file.nodes as any[]).push({ id: 'broker', type: 'broker' });
    expect(warningsOf(file)).toEqual([
      'nodes[3]: no service uses a broker transport (all are tcp/grpc), so this broker node is not used',
    ]);
  });
});

describe('JSON Schema export', () => {
  it('describes a strict object with the required top-level fields', () => {
    const s = scenarioJsonSchema() as Record<string, any>;
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.additionalProperties).toBe(false);
    expect(s.required).toEqual(['version', 'title', 'transport', 'nodes', 'routes']);
    // One branch per script action (6 classic + 13 resilience-lab actions + deploy + the two
    // data fixes, idempotent and outbox).
    expect(s.properties.script.items.anyOf).toHaveLength(22);
  });

  it('docs/scenario.schema.json is up to date (run `npm run schema`)', () => {
    const onDisk = JSON.parse(
      readFileSync(join(__dirname, '../../docs/scenario.schema.json'), 'utf8'),
    );
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });

  it('docs/run.schema.json is up to date and its commands are script steps', () => {
    const onDisk = JSON.parse(readFileSync(join(__dirname, '../../docs/run.schema.json'), 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(runJsonSchema())));
    expect(onDisk.required).toEqual(['version', 'kind', 'scenario', 'seed']);
    expect(onDisk.properties.commands.items.$ref).toBe(
      'scenario.schema.json#/properties/script/items',
    );
  });
});
