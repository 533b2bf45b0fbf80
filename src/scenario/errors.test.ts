/* eslint-disable @typescript-eslint/no-explicit-any -- tests edit scenario JSON freely, as a teacher would */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, parseScenario, parseScenarioText, type ScenarioIssue } from '.';
import { MAX_ISSUES } from './issues';

const ordersText = readFileSync(join(__dirname, '../../simulations/orders.json'), 'utf8');

/** orders.json changed by `edit`. */
function ordersWith(edit: (file: Record<string, any>) => void): unknown {
  const file = JSON.parse(ordersText) as Record<string, any>;
  edit(file);
  return file;
}

function errorsOf(input: unknown): ScenarioIssue[] {
  const r = parseScenario(input);
  if (r.ok) throw new Error('expected the scenario to be refused');
  return r.error;
}

interface Case {
  name: string;
  input: unknown;
  issues: ScenarioIssue[];
}

const cases: Case[] = [
  {
    name: 'a negative replica count is refused naming nodes[3].replicas',
    input: ordersWith((f) => (f.nodes[3].replicas = -1)),
    issues: [{ path: 'nodes[3].replicas', message: 'expected a whole number ≥ 0, got -1' }],
  },
  {
    name: 'more than 50 replicas is refused with the upper bound',
    input: ordersWith((f) => (f.nodes[3].replicas = 51)),
    issues: [{ path: 'nodes[3].replicas', message: 'expected a whole number ≤ 50, got 51' }],
  },
  {
    name: 'a fractional replica count is refused',
    input: ordersWith((f) => (f.nodes[3].replicas = 1.5)),
    issues: [
      { path: 'nodes[3].replicas', message: 'expected a whole number from 0 to 50, got 1.5' },
    ],
  },
  {
    name: 'a misspelt field is an unknown field with a suggestion',
    input: ordersWith((f) => {
      f.nodes[3].replica = 2;
    }),
    issues: [{ path: 'nodes[3].replica', message: 'unknown field (did you mean "replicas"?)' }],
  },
  {
    name: 'an unknown field far from any known one lists the allowed fields',
    input: ordersWith((f) => {
      f.nodes[0].colour = 'red';
    }),
    issues: [
      {
        path: 'nodes[0].colour',
        message: 'unknown field; allowed fields: type, id, label, position',
      },
    ],
  },
  {
    name: 'an unknown transport option is refused',
    input: ordersWith((f) => {
      f.nodes[3].transport.options.prefetch = 1;
    }),
    issues: [
      {
        path: 'nodes[3].transport.options.prefetch',
        message: 'unknown field (did you mean "prefetchCount"?)',
      },
    ],
  },
  {
    name: 'a bad transport kind lists the seven NestJS transports',
    input: ordersWith((f) => (f.transport.kind = 'rabbit')),
    issues: [
      {
        path: 'transport.kind',
        message: 'expected one of redis, nats, rmq, mqtt, kafka, tcp, grpc, got "rabbit"',
      },
    ],
  },
  {
    name: 'a near-miss transport kind gets a suggestion',
    input: ordersWith((f) => (f.nodes[4].transport.kind = 'rqm')),
    issues: [
      {
        path: 'nodes[4].transport.kind',
        message:
          'expected one of redis, nats, rmq, mqtt, kafka, tcp, grpc, got "rqm" (did you mean "rmq"?)',
      },
    ],
  },
  {
    name: 'a duplicate node id names the first use',
    input: ordersWith((f) => f.nodes.push({ id: 'orders', type: 'service' })),
    issues: [{ path: 'nodes[5].id', message: 'duplicate id "orders" (already used by nodes[3])' }],
  },
  {
    name: 'an invalid node id explains the id format',
    input: ordersWith((f) => (f.nodes[4].id = '9lives')),
    issues: [
      {
        path: 'nodes[4].id',
        message: 'expected an id (a letter, then letters, digits, "_" or "-"), got "9lives"',
      },
    ],
  },
  {
    name: 'an unknown node type lists the four types',
    input: ordersWith((f) => (f.nodes[2].type = 'queue')),
    issues: [
      {
        path: 'nodes[2].type',
        message: 'expected one of client, gateway, broker, service, got "queue"',
      },
    ],
  },
  {
    name: 'a scenario without a gateway is refused',
    input: ordersWith((f) => f.nodes.splice(1, 1)),
    issues: [
      {
        path: 'nodes',
        message: 'missing the gateway node: add {"id": "gateway", "type": "gateway"}',
      },
    ],
  },
  {
    name: 'a second client node is refused',
    input: ordersWith((f) => f.nodes.push({ id: 'client2', type: 'client' })),
    issues: [
      {
        path: 'nodes[5].type',
        message: 'exactly one client node is allowed (nodes[0] is already one)',
      },
    ],
  },
  {
    name: 'a second broker node is refused',
    input: ordersWith((f) => f.nodes.push({ id: 'broker2', type: 'broker' })),
    issues: [
      {
        path: 'nodes[5].type',
        message: 'at most one broker node is allowed (nodes[2] is already one)',
      },
    ],
  },
  {
    name: 'a route to an unknown service suggests the closest one',
    input: ordersWith((f) => (f.routes[0].to = 'ordres')),
    issues: [{ path: 'routes[0].to', message: 'no service "ordres" (did you mean "orders"?)' }],
  },
  {
    name: 'a route to a node that is not a service is refused',
    input: ordersWith((f) => (f.routes[1].to = ['orders', 'broker'])),
    issues: [{ path: 'routes[1].to[1]', message: '"broker" is the broker node, not a service' }],
  },
  {
    name: 'send with two targets is refused (send goes to one service)',
    input: ordersWith((f) => (f.routes[0].to = ['orders', 'notifications'])),
    issues: [
      {
        path: 'routes[0].to',
        message:
          'send() goes to exactly one service, got 2 (orders, notifications); use "emit" to reach several',
      },
    ],
  },
  {
    name: 'a route with both send and emit is refused',
    input: ordersWith((f) => (f.routes[0].emit = 'x')),
    issues: [
      { path: 'routes[0].emit', message: 'a route either sends or emits; remove "send" or "emit"' },
    ],
  },
  {
    name: 'a route with neither send nor emit is refused',
    input: ordersWith((f) => delete f.routes[0].send),
    issues: [
      {
        path: 'routes[0]',
        message: 'missing the message: add "send" (request/response) or "emit" (event)',
      },
    ],
  },
  {
    name: 'a route path must start with a slash',
    input: ordersWith((f) => (f.routes[0].path = 'orders')),
    issues: [
      {
        path: 'routes[0].path',
        message: 'expected a path starting with "/" (like "/orders/:id"), got "orders"',
      },
    ],
  },
  {
    name: 'two routes with the same method and path are refused',
    input: ordersWith((f) => (f.routes[1] = { ...f.routes[0] })),
    issues: [
      { path: 'routes[1].path', message: 'duplicate route "GET /orders/:id" (already routes[0])' },
    ],
  },
  {
    name: 'a script step naming an unknown route is refused with a suggestion',
    input: ordersWith((f) => (f.script[0].http = 'GET /order/:id')),
    issues: [
      {
        path: 'script[0].http',
        message: 'no route "GET /order/:id" (did you mean "GET /orders/:id"?)',
      },
    ],
  },
  {
    name: 'a script step killing an instance of an unknown service is refused',
    input: ordersWith((f) => (f.script[1].kill = 'payments#1')),
    issues: [
      {
        path: 'script[1].kill',
        message: 'no service "payments"; expected one of: orders, notifications',
      },
    ],
  },
  {
    name: 'an instance reference must look like service#n',
    input: ordersWith((f) => (f.script[2].restart = 'orders-1')),
    issues: [
      {
        path: 'script[2].restart',
        message: 'expected an instance like "orders#1", got "orders-1"',
      },
    ],
  },
  {
    name: 'instances are numbered from 1',
    input: ordersWith((f) => (f.script[1].kill = 'orders#0')),
    issues: [
      { path: 'script[1].kill', message: 'instances are numbered from 1 (orders#1), got 0' },
    ],
  },
  {
    name: 'scaling an unknown service is refused',
    input: ordersWith((f) => (f.script[3].scale = 'order')),
    issues: [{ path: 'script[3].scale', message: 'no service "order" (did you mean "orders"?)' }],
  },
  {
    name: 'two actions in one step are refused',
    input: ordersWith((f) => (f.script[1].http = 'GET /orders/:id')),
    issues: [
      {
        path: 'script[1]',
        message: 'one action per step, got "http" and "kill"; split them into separate steps',
      },
    ],
  },
  {
    name: 'a step without an action is refused',
    input: ordersWith((f) => (f.script[1] = { at: 5 })),
    issues: [
      {
        path: 'script[1]',
        message:
          'missing the action: add one of http, kill, restart, scale, brokerDown, brokerUp, load, latency, loss, partition, heal, pause, resume, killService, restartService, slow, errorRate, poison, autoscale, deploy, idempotent, outbox',
      },
    ],
  },
  {
    name: 'an extra field of another action is refused',
    input: ordersWith((f) => (f.script[1].count = 3)),
    issues: [{ path: 'script[1].count', message: 'only applies to "http" steps, not "kill"' }],
  },
  {
    name: 'a brokerDown step takes true',
    input: ordersWith((f) => f.script.push({ at: 10, brokerDown: 'yes' })),
    issues: [{ path: 'script[4].brokerDown', message: 'expected true, got "yes"' }],
  },
  {
    name: 'a scale step without replicas is refused',
    input: ordersWith((f) => delete f.script[3].replicas),
    issues: [{ path: 'script[3].replicas', message: 'missing; a "scale" step needs "replicas"' }],
  },
  {
    name: 'a step after one hour is refused',
    input: ordersWith((f) => (f.script[0].at = 3_600_001)),
    issues: [{ path: 'script[0].at', message: 'expected a whole number ≤ 3600000, got 3600001' }],
  },
  {
    name: 'a latency object is checked field by field',
    input: ordersWith((f) => (f.nodes[3].handlers[0].latencyMs = { mean: -1, jiter: 2 })),
    issues: [
      { path: 'nodes[3].handlers[0].latencyMs.mean', message: 'expected a number ≥ 0, got -1' },
      {
        path: 'nodes[3].handlers[0].latencyMs.jiter',
        message: 'unknown field (did you mean "jitter"?)',
      },
    ],
  },
  {
    name: 'a latency that is neither a number nor an object names both forms',
    input: ordersWith((f) => (f.nodes[3].handlers[1].latencyMs = 'fast')),
    issues: [
      {
        path: 'nodes[3].handlers[1].latencyMs',
        message: 'expected a number of ms ≥ 0 or {"mean": …, "jitter": …}, got "fast"',
      },
    ],
  },
  {
    name: 'a failure rate above 1 is refused',
    input: ordersWith((f) => (f.nodes[4].handlers[0].failureRate = 1.5)),
    issues: [
      { path: 'nodes[4].handlers[0].failureRate', message: 'expected a number ≤ 1, got 1.5' },
    ],
  },
  {
    name: 'a missing required field is named',
    input: ordersWith((f) => delete f.nodes[3].handlers[0].kind),
    issues: [
      { path: 'nodes[3].handlers[0].kind', message: 'missing; expected one of request, event' },
    ],
  },
  {
    name: 'a title of the wrong type names both accepted forms',
    input: ordersWith((f) => (f.title = 42)),
    issues: [{ path: 'title', message: 'expected a text or {"en": …, "pt-BR": …}, got 42' }],
  },
  {
    name: 'a non-object input is refused as a whole',
    input: 'orders',
    issues: [{ path: '', message: 'expected a scenario object {"version": …}, got "orders"' }],
  },
  {
    name: 'null is refused as a whole',
    input: null,
    issues: [{ path: '', message: 'expected a scenario object {"version": …}, got null' }],
  },
  {
    name: 'an array is refused as a whole',
    input: [],
    issues: [
      { path: '', message: 'expected a scenario object {"version": …}, got a list (0 items)' },
    ],
  },
  {
    name: 'a file of a newer format version asks for a newer BrokerLab',
    input: ordersWith((f) => (f.version = 2)),
    issues: [
      {
        path: 'version',
        message: 'this file needs a newer BrokerLab (format version 2); this one reads up to 1',
      },
    ],
  },
  {
    name: 'a file without a version is refused naming version',
    input: ordersWith((f) => delete f.version),
    issues: [{ path: 'version', message: 'missing; expected the format version (1)' }],
  },
  {
    name: 'a version that is not a whole number is refused',
    input: ordersWith((f) => (f.version = '1')),
    issues: [{ path: 'version', message: 'expected a whole number ≥ 1, got "1"' }],
  },
  {
    name: 'more than 50 nodes are refused before anything else',
    input: ordersWith((f) => {
      for (let i = 0; i < 60; i++) f.nodes.push({ id: `s${i}`, type: 'service' });
    }),
    issues: [{ path: 'nodes', message: 'too many nodes: at most 50, got 65' }],
  },
  {
    name: 'more than 1000 script steps are refused',
    input: ordersWith(
      (f) => (f.script = Array.from({ length: 1001 }, () => ({ at: 0, kill: 'orders#1' }))),
    ),
    issues: [{ path: 'script', message: 'too many script steps: at most 1000, got 1001' }],
  },
  {
    name: 'more than 200 handlers in all services are refused',
    input: ordersWith((f) => {
      const handlers = Array.from({ length: 150 }, (_, i) => ({ pattern: `p${i}`, kind: 'event' }));
      f.nodes[3].handlers = handlers;
      f.nodes[4].handlers = [...handlers];
    }),
    issues: [{ path: 'nodes', message: 'too many handlers: at most 200 in all services, got 300' }],
  },
  {
    name: 'a huge string is reported by its length, not printed',
    input: ordersWith((f) => (f.nodes[3].handlers[0].pattern = 'x'.repeat(100_000))),
    issues: [
      {
        path: 'nodes[3].handlers[0].pattern',
        message: 'expected a message pattern of at most 200 characters, got 100000 characters',
      },
    ],
  },
];

describe('bad scenarios are refused with the exact path and message', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(errorsOf(c.input)).toEqual(c.issues);
  });
});

describe('JSON text', () => {
  it('a JSON syntax error is one issue with path "" and the line and column', () => {
    const text = '{\n  "version": 1,\n  "title": "x",\n}';
    const r = parseScenarioText(text);
    expect(r.ok ? [] : r.error).toEqual([
      { path: '', message: 'invalid JSON at line 4, column 1: trailing comma before "}"' },
    ]);
  });

  it.each([
    ['', 'the file is empty'],
    [
      '{"a": tru}',
      'invalid JSON at line 1, column 7: expected a value (object, list, string, number, true, false or null), found character "t"',
    ],
    [
      "{'version': 1}",
      'invalid JSON at line 1, column 2: keys need double quotes ("), not single quotes (\')',
    ],
    ['{"a": "x', 'invalid JSON at line 1, column 9: unterminated string (missing closing ")'],
    ['{"a": [1, 2}', 'invalid JSON at line 1, column 12: expected "," or "]", found character "}"'],
    [
      '{"a": 1} {',
      'invalid JSON at line 1, column 10: unexpected character "{" after the end of the JSON value',
    ],
    ['{"a": 1', 'invalid JSON at line 1, column 8: unexpected end of the text: missing "}"'],
  ])('%j → %s', (text, message) => {
    const r = parseScenarioText(text);
    expect(r.ok ? [] : r.error).toEqual([{ path: '', message }]);
  });

  it('a byte-order mark before the JSON is accepted', () => {
    expect(parseScenarioText('\uFEFF' + ordersText).ok).toBe(true);
  });
});

describe('issue reporting', () => {
  it('formatIssue prints "path: message", or the message alone for the whole file', () => {
    expect(
      formatIssue({ path: 'nodes[3].replicas', message: 'expected a whole number ≥ 0, got -1' }),
    ).toBe('nodes[3].replicas: expected a whole number ≥ 0, got -1');
    expect(formatIssue({ path: '', message: 'the file is empty' })).toBe('the file is empty');
  });

  it('an object with thousands of unknown keys reports the first ones and counts the rest', () => {
    const input = ordersWith((f) => {
      for (let i = 0; i < 5000; i++) f[`junk${i}`] = i;
    });
    const issues = errorsOf(input);
    expect(issues).toHaveLength(MAX_ISSUES + 1);
    expect(issues.at(-1)).toEqual({ path: '', message: `…and ${5000 - MAX_ISSUES} more problems` });
  });

  it('odd keys are quoted in paths', () => {
    const input = ordersWith((f) => {
      f.transport.options = { 'no ack': true };
    });
    expect(errorsOf(input)[0]!.path).toBe('transport.options["no ack"]');
  });
});
