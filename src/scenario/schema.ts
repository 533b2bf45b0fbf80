/**
 * The scenario file format (version 1) as a zod schema: the public contract teachers write by
 * hand. Objects are strict (an unknown key is an error with a "did you mean"), and every field
 * carries its own human message (see `fields.ts`). Cross-references (ids, routes, instances) are
 * checked afterwards in `check.ts`, where the whole file is known.
 */
import { z } from 'zod';
import { TRANSPORT_KINDS } from '../shared';
import {
  ACTION_KEYS,
  actionsWithExtra,
  ID_PATTERN,
  MAX_AT_MS,
  MAX_REPLICAS,
  SCRIPT_ACTIONS,
  type ExtraField,
  type StepFields,
} from './actions';
import { bool, expected, formatted, list, number, obj, oneOf, text, wholeNumber } from './fields';

/** The newest format version this build reads. */
export const CURRENT_VERSION = 1;

/** Hard limits against hostile or runaway files; each has a clear message when exceeded. */
export const LIMITS = {
  nodes: 50,
  handlers: 200,
  handlersPerService: 200,
  routes: 200,
  scriptSteps: 1000,
  routeTargets: 50,
  callsPerHandler: 20,
} as const;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const NODE_TYPES = ['client', 'gateway', 'broker', 'service'] as const;
/** Transports that need a broker node between gateway and services. */
export const BROKER_TRANSPORTS = ['redis', 'nats', 'rmq', 'mqtt', 'kafka'] as const;

// ───────────────────────────── small pieces ─────────────────────────────

const localizedObject = obj(
  {
    en: text('an English text', 2000),
    'pt-BR': text('a Portuguese (Brazil) text', 2000).optional(),
  },
  'a text or {"en": …, "pt-BR": …}',
);
/** A text in one or more languages; a plain string means English. */
export const localized = z
  .union([text('a text', 2000), localizedObject], {
    error: (iss) => expected('a text or {"en": …, "pt-BR": …}', iss.input),
  })
  .describe('A text: a plain string (English) or {"en": "…", "pt-BR": "…"}.');

const nodeId = formatted('an id (a letter, then letters, digits, "_" or "-")', ID_PATTERN, 64);

const position = obj({ x: number(), y: number() }, 'a position {"x": …, "y": …}').describe(
  'Where the node is drawn; omitted = automatic left-to-right layout.',
);

const ms = (max = MAX_AT_MS) => wholeNumber(0, max);
const positiveMs = () => wholeNumber(1, MAX_AT_MS);

export const transportKind = oneOf(TRANSPORT_KINDS).describe(
  'The NestJS transport (Transport.REDIS, NATS, RMQ, MQTT, KAFKA, TCP, GRPC).',
);

/** Server options with NestJS's own names (`createMicroservice(…, { transport, options })`). */
export const transportOptions = obj(
  {
    queue: text('a queue name').optional().describe('rmq queue name / nats queue group.'),
    noAck: bool().optional().describe('rmq: automatic acknowledgement (NestJS default true).'),
    prefetchCount: wholeNumber(0, 65535)
      .optional()
      .describe('rmq: unacknowledged messages per consumer (0 = unlimited).'),
    persistent: bool().optional().describe('rmq: persistent messages (default false).'),
    qos: z
      .literal([0, 1, 2], { error: (iss) => expected('one of 0, 1, 2', iss.input) })
      .optional()
      .describe('mqtt: quality of service (default 0).'),
    partitions: wholeNumber(1, 64).optional().describe('kafka: partitions per topic (default 1).'),
    retryAttempts: wholeNumber(0).optional().describe('redis/tcp: reconnect attempts.'),
    retryDelay: wholeNumber(0, MAX_AT_MS).optional().describe('redis/tcp: ms between attempts.'),
    host: text('a host name').optional().describe('tcp/redis/mqtt/grpc: host.'),
    port: wholeNumber(0, 65535).optional().describe('tcp/redis/mqtt/grpc: port.'),
    loadBalancer: bool()
      .optional()
      .describe('tcp/grpc: a load balancer in front of the replicas (default false).'),
    clean: bool()
      .optional()
      .describe('mqtt: false = persistent session for offline subscribers (default true).'),
    groupId: text('a consumer group id').optional().describe('kafka: consumer groupId.'),
    subscribeToResponseOf: z
      .union([bool(), list(text('a message pattern'), 'patterns', LIMITS.handlers)], {
        error: (iss) => expected('true, false or a list of patterns', iss.input),
      })
      .optional()
      .describe('kafka: the patterns the gateway subscribes to replies of (default true = all).'),
    reconnectTimeInSeconds: number(0, 3600)
      .optional()
      .describe('rmq: seconds between reconnect attempts (default 5).'),
    grpcService: text('a proto service name')
      .optional()
      .describe('grpc: proto service name (default <Service>Service).'),
    package: text('a proto package name')
      .optional()
      .describe('grpc: proto package (default the service id).'),
    deadLetterAfter: wholeNumber(1, 1000)
      .optional()
      .describe(
        'rmq with noAck false: after this many failed handlings (nack + requeue) a message moves to "<queue>.dlq".',
      ),
  },
  'an options object',
);

// ───────────────────────────── resilience policies ─────────────────────────────

export const retryPolicy = obj(
  {
    count: wholeNumber(0, 100).describe('Retries after the first attempt (RxJS retry count).'),
    delayMs: wholeNumber(0, MAX_AT_MS).default(0).describe('Delay before the 1st retry.'),
    factor: number(1, 10).default(1).describe('Backoff: each retry waits factor × the previous.'),
    jitter: number(0, 1)
      .default(0)
      .describe('Relative jitter of each delay (0.2 = ±20 %), seeded.'),
  },
  'a retry policy {"count": …, "delayMs": …, "factor": …, "jitter": …}',
).describe('RxJS retry({count, delay}) after timeout(): each retry is a new send() with a new id.');

export const circuitBreakerPolicy = obj(
  {
    failureThreshold: wholeNumber(1, 1000)
      .default(5)
      .describe('Consecutive failures (timeouts or errors) that open the breaker.'),
    openMs: wholeNumber(1, MAX_AT_MS).default(5000).describe('Open time before half-open.'),
    halfOpenCalls: wholeNumber(1, 1000).default(1).describe('Trial calls while half-open.'),
    status: wholeNumber(100, 599)
      .default(503)
      .describe('HTTP status of a call refused while open (no fallback).'),
  },
  'a circuit breaker {"failureThreshold": …, "openMs": …, "halfOpenCalls": …}',
).describe('A circuit breaker per target service: open = fail fast without touching the broker.');

export const fallbackPolicy = obj(
  {
    status: wholeNumber(100, 599).default(200),
    body: z.unknown().optional().describe('The body the gateway answers (shown in the inspector).'),
  },
  'a fallback {"status": …, "body": …}',
).describe('Answer instead of the error (breaker open, call failed or timed out).');

const policies = {
  retry: retryPolicy.optional(),
  circuitBreaker: circuitBreakerPolicy.optional(),
  fallback: fallbackPolicy.optional(),
};

export const capacity = obj(
  {
    concurrency: wholeNumber(1, 10_000).describe('Handlings at once per instance.'),
    queue: wholeNumber(0, 1_000_000)
      .optional()
      .describe(
        'Deliveries waiting per instance; beyond it they are rejected. Absent = unbounded.',
      ),
  },
  'a capacity {"concurrency": …, "queue": …}',
).describe('Bulkhead per instance. Absent = unlimited concurrency (NestJS default).');

const autoscaleTarget = z
  .union(
    [
      obj({ utilization: number(0.01, 1) }, 'a target {"utilization": …}'),
      obj({ queueDepth: number(0.01, 1_000_000) }, 'a target {"queueDepth": …}'),
    ],
    {
      error: (iss) => expected('{"utilization": 0…1} or {"queueDepth": n}', iss.input),
    },
  )
  .describe('Average utilization (busy / concurrency) or waiting work per instance to aim for.');

export const autoscale = obj(
  {
    min: wholeNumber(0, MAX_REPLICAS).default(1),
    max: wholeNumber(1, MAX_REPLICAS),
    target: autoscaleTarget.default({ utilization: 0.7 }),
    cooldownMs: wholeNumber(0, MAX_AT_MS).default(3000).describe('Between two decisions.'),
    startupMs: wholeNumber(0, MAX_AT_MS)
      .optional()
      .describe('Start-up of an added instance (default the service startupMs).'),
    enabled: bool().default(true),
  },
  'an autoscaler {"min": …, "max": …, "target": …}',
).describe('Evaluated every second on the last second: desired = ceil(n × metric / target).');

export const transport = obj(
  { kind: transportKind, options: transportOptions.optional() },
  'a transport {"kind": …, "options": {…}}',
);

const serviceTransport = obj(
  {
    kind: transportKind.optional().describe('Defaults to the scenario transport kind.'),
    options: transportOptions.optional(),
  },
  'a transport {"kind": …, "options": {…}}',
);

const latency = z
  .union(
    [
      number(0, MAX_AT_MS),
      obj(
        { mean: number(0, MAX_AT_MS), jitter: number(0, MAX_AT_MS).default(0) },
        'a latency {"mean": …, "jitter": …}',
      ),
    ],
    { error: (iss) => expected('a number of ms ≥ 0 or {"mean": …, "jitter": …}', iss.input) },
  )
  .describe('Handling time in ms: fixed, or mean ± uniform jitter.');

/** `{"stock": -1}`: record names (like ids) to whole numbers. */
function recordValues(what: string, min: number, max: number) {
  return z
    .record(
      formatted('a record name (a letter, then letters, digits, "_" or "-")', ID_PATTERN, 40),
      wholeNumber(min, max),
      { error: (iss) => expected(`${what} {"<record>": <whole number>, …}`, iss.input) },
    )
    .check((ctx) => {
      const n = Object.keys(ctx.value).length;
      if (n === 0 || n > 10)
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          path: [],
          message: `${what}: 1 to 10 records, got ${n}`,
        });
    });
}

const DEFAULT_FAILURE = { type: 'rpc', message: 'boom' } as const;

/**
 * A call the handler makes to another service (services are clients too): `send` awaits the
 * reply before the handler goes on, `emit` fires and forgets. Over the target's transport.
 */
export const call = obj(
  {
    send: text('a message pattern')
      .optional()
      .describe('await firstValueFrom(client.send(pattern)): the handler waits for the reply.'),
    emit: text('a message pattern')
      .optional()
      .describe('client.emit(pattern): an event, the handler does not wait.'),
    to: nodeId.describe('The service called (through its transport).'),
    timeoutMs: positiveMs()
      .optional()
      .describe('send: RxJS timeout() on the call; none by default, as NestJS.'),
  },
  'a call {"send" | "emit": …, "to": …}',
).check((ctx) => {
  const c = ctx.value;
  if (c.send !== undefined && c.emit !== undefined)
    ctx.issues.push({
      code: 'custom',
      input: c,
      path: ['emit'],
      message: 'a call either sends or emits; remove "send" or "emit"',
    });
  else if (c.send === undefined && c.emit === undefined)
    ctx.issues.push({
      code: 'custom',
      input: c,
      path: [],
      message: 'missing the message: add "send" (request/response) or "emit" (event)',
    });
});

export const handler = obj(
  {
    pattern: text('a message pattern').describe('@MessagePattern / @EventPattern string.'),
    kind: oneOf(['request', 'event']).describe(
      'request = @MessagePattern (send), event = @EventPattern (emit).',
    ),
    latencyMs: latency.default(10),
    failureRate: number(0, 1)
      .default(0)
      .describe('Probability in [0, 1] that one handling throws.'),
    failure: obj(
      { type: oneOf(['rpc', 'error']), message: text('an error message', 500) },
      'a failure {"type": "rpc" | "error", "message": …}',
    )
      .default({ ...DEFAULT_FAILURE })
      .describe('What a failing handler throws: RpcException(message) or Error(message).'),
    ack: bool()
      .optional()
      .describe('rmq with noAck false: the handler acks when done (default false, as NestJS).'),
    method: text('a gRPC method name')
      .optional()
      .describe('grpc: the @GrpcMethod name (default the pattern in PascalCase).'),
    idempotent: bool()
      .optional()
      .describe('Duplicate deliveries of a handled message id are no-ops (default false).'),
    requeueOnFailure: bool()
      .optional()
      .describe('rmq with noAck false and ack: a failure is nack(requeue) instead of ack.'),
    stream: wholeNumber(1, 100)
      .optional()
      .describe(
        'A request handler that returns of(1, …, n): n reply packets, the last disposes (default 1).',
      ),
    writes: recordValues('writes', -1_000_000, 1_000_000)
      .optional()
      .describe(
        'What one successful handling writes to the service’s own records: {"stock": -1} (a duplicate delivery writes again unless idempotent).',
      ),
    calls: list(call, 'calls', LIMITS.callsPerHandler)
      .optional()
      .describe(
        "Calls to other services, in order, after the handler's own work (the service is a client too).",
      ),
  },
  'a handler {"pattern": …, "kind": …}',
);

// ───────────────────────────── nodes ─────────────────────────────

const base = {
  id: nodeId.describe('Unique id; services are referenced by it ("orders", "orders#1").'),
  label: localized.optional().describe('Shown on the canvas; defaults to the id.'),
  position: position.optional(),
};
const what = (type: string) => `a ${type} node`;

export const clientNode = obj({ type: z.literal('client'), ...base }, what('client'));
export const gatewayNode = obj(
  {
    type: z.literal('gateway'),
    ...base,
    timeoutMs: positiveMs()
      .optional()
      .describe('Default RxJS timeout() of every send(); none by default, as NestJS.'),
    ...policies,
  },
  what('gateway'),
);
export const brokerNode = obj({ type: z.literal('broker'), ...base }, what('broker'));
export const serviceNode = obj(
  {
    type: z.literal('service'),
    ...base,
    replicas: wholeNumber(0, MAX_REPLICAS).default(1).describe('Instances at start.'),
    transport: serviceTransport.optional(),
    handlers: list(handler, 'handlers', LIMITS.handlersPerService).default([]),
    startupMs: ms().default(500).describe('Virtual ms from starting to up.'),
    capacity: capacity.optional(),
    autoscale: autoscale.optional(),
    records: recordValues('records', -1_000_000_000, 1_000_000_000)
      .optional()
      .describe(
        'The service’s own records at start (its database, shared by its instances): {"stock": 100}. Records a handler writes start at 0 otherwise.',
      ),
  },
  what('service'),
);

export const node = z.discriminatedUnion(
  'type',
  [clientNode, gatewayNode, brokerNode, serviceNode],
  {
    error: (iss) => {
      const input = iss.input as unknown;
      if (iss.code === 'invalid_union' && input !== null && typeof input === 'object')
        return expected(`one of ${NODE_TYPES.join(', ')}`, (input as { type?: unknown }).type);
      return expected('a node {"id": …, "type": …}', input);
    },
  },
);

// ───────────────────────────── routes ─────────────────────────────

export const route = obj(
  {
    method: oneOf(HTTP_METHODS),
    path: formatted('a path starting with "/" (like "/orders/:id")', /^\/\S*$/),
    send: text('a message pattern').optional().describe('client.send(pattern): request/response.'),
    emit: text('a message pattern').optional().describe('client.emit(pattern): an event.'),
    to: z
      .union([nodeId, list(nodeId, 'targets', LIMITS.routeTargets, 1)], {
        error: (iss) => expected('a service id or a list of service ids', iss.input),
      })
      .describe('Target service(s); send() has exactly one.'),
    timeoutMs: positiveMs().optional().describe('Overrides the gateway timeoutMs.'),
    timeoutStatus: wholeNumber(100, 599).default(504),
    errorStatus: wholeNumber(100, 599).default(500),
    okStatus: wholeNumber(100, 599).optional().describe('Default 201 for POST, else 200.'),
    messageKey: text('a message key template')
      .optional()
      .describe('kafka: message key; {n} = request number, {n%K} = it modulo K.'),
    outbox: obj(
      { pollMs: wholeNumber(1, MAX_AT_MS).default(500).describe('Relay poll interval.') },
      'an outbox {"pollMs": …}',
    )
      .optional()
      .describe(
        'emit routes: a transactional outbox; the event is stored with the write and a relay publishes it every pollMs until every target processed it.',
      ),
    ...policies,
  },
  'a route {"method": …, "path": …, "send" | "emit": …, "to": …}',
).check((ctx) => {
  const r = ctx.value;
  if (r.send !== undefined && r.emit !== undefined)
    ctx.issues.push({
      code: 'custom',
      input: r,
      path: ['emit'],
      message: 'a route either sends or emits; remove "send" or "emit"',
    });
  else if (r.send === undefined && r.emit === undefined)
    ctx.issues.push({
      code: 'custom',
      input: r,
      path: [],
      message: 'missing the message: add "send" (request/response) or "emit" (event)',
    });
});

// ───────────────────────────── script ─────────────────────────────

const at = ms().describe('Virtual ms after the start.');

/** All action keys and extras as optional fields; the check below keeps exactly one action. */
const stepShape: Record<string, z.ZodType> = { at };
for (const key of ACTION_KEYS) {
  const action = SCRIPT_ACTIONS[key];
  stepShape[key] = action.value.optional();
  for (const [field, extra] of Object.entries(action.extras))
    stepShape[field] ??= extra.schema.optional();
}

const quoteList = (keys: readonly string[]) => keys.map((k) => `"${k}"`).join(' and ');

export const scriptStep = obj(stepShape, 'a step {"at": …, <action>: …}').check((ctx) => {
  const step = ctx.value as StepFields;
  const present = ACTION_KEYS.filter((k) => step[k] !== undefined);
  const issue = (path: string[], message: string) =>
    ctx.issues.push({ code: 'custom', input: step, path, message });
  if (present.length === 0) {
    issue([], `missing the action: add one of ${ACTION_KEYS.join(', ')}`);
    return;
  }
  if (present.length > 1) {
    issue([], `one action per step, got ${quoteList(present)}; split them into separate steps`);
    return;
  }
  const action = present[0]!;
  const extras: Record<string, ExtraField> = SCRIPT_ACTIONS[action].extras;
  for (const field of Object.keys(step)) {
    if (field === 'at' || field === action || step[field] === undefined || field in extras)
      continue;
    const owners = actionsWithExtra(field);
    issue(
      [field],
      `only applies to ${owners.map((o) => `"${o}"`).join(', ')} steps, not "${action}"`,
    );
  }
  for (const [field, extra] of Object.entries(extras))
    if (extra.required && step[field] === undefined)
      issue([field], `missing; a "${action}" step needs "${field}"`);
});

// ───────────────────────────── the file ─────────────────────────────

function fileSchema<S extends z.ZodType>(step: S) {
  return obj(
    {
      $schema: z.string().optional().describe('Editor hint (path or URL of scenario.schema.json).'),
      version: z
        .literal(CURRENT_VERSION, {
          error: (iss) => expected(`format version ${CURRENT_VERSION}`, iss.input),
        })
        .describe('Format version of this file.'),
      title: localized,
      description: localized.optional(),
      seed: wholeNumber(0, 0xffffffff).default(1).describe('Seed of the simulation RNG.'),
      transport,
      nodes: list(node, 'nodes', LIMITS.nodes),
      routes: list(route, 'routes', LIMITS.routes),
      script: list(step, 'script steps', LIMITS.scriptSteps).default([]),
    },
    'a scenario object',
  );
}

/** The scenario file schema (version 1). Parse with `parseScenario` for readable issues. */
export const scenarioSchema = fileSchema(scriptStep);

/** A scenario file after schema validation (defaults applied, references not yet checked). */
export type ScenarioFile = z.output<typeof scenarioSchema>;
export type ServiceNodeFile = z.output<typeof serviceNode>;
export type RouteFile = z.output<typeof route>;
export type CallFile = z.output<typeof call>;

/**
 * The same schema for documentation: a script step is a `oneOf` of one strict object per action
 * (with its defaults), which editors can complete and check field by field.
 */
export function documentationSchema() {
  const branches = ACTION_KEYS.map((key) => {
    const action = SCRIPT_ACTIONS[key];
    const shape: Record<string, z.ZodType> = { at, [key]: action.value };
    const extras: Record<string, ExtraField> = action.extras;
    for (const [field, extra] of Object.entries(extras))
      shape[field] = extra.required
        ? extra.schema
        : extra.default !== undefined
          ? extra.schema.default(extra.default)
          : extra.schema.optional();
    return z.strictObject(shape).describe(action.help);
  });
  return fileSchema(z.union(branches));
}
