/* eslint-disable @typescript-eslint/no-explicit-any -- tests edit scenario JSON freely, as a teacher would */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, type ScenarioIssue } from '.';

const text = readFileSync(join(__dirname, '../../simulations/service-calls.json'), 'utf8');

/** service-calls.json (orders → inventory send, orders → notifications emit) changed by `edit`. */
function withEdit(edit: (file: Record<string, any>) => void): unknown {
  const file = JSON.parse(text) as Record<string, any>;
  edit(file);
  return file;
}

function errorsOf(input: unknown): ScenarioIssue[] {
  const r = parseScenario(input);
  if (r.ok) throw new Error('expected the scenario to be refused');
  return r.error;
}

const ORDERS = 'nodes[3].handlers[0]';

describe('handler calls in a scenario file', () => {
  it('compile to the handler spec in file order', () => {
    const r = parseScenario(JSON.parse(text));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.services[0]!.handlers[0]!.calls).toEqual([
      { action: 'send', pattern: 'reserve_stock', to: 'inventory', timeoutMs: 1000 },
      { action: 'emit', pattern: 'order_placed', to: 'notifications' },
    ]);
  });

  it('an unknown target is refused with a "did you mean"', () => {
    expect(errorsOf(withEdit((f) => (f.nodes[3].handlers[0].calls[0].to = 'inventroy')))).toEqual([
      {
        path: `${ORDERS}.calls[0].to`,
        message: 'no service "inventroy" (did you mean "inventory"?)',
      },
    ]);
  });

  it('a call to the gateway is refused: it is not a service', () => {
    expect(errorsOf(withEdit((f) => (f.nodes[3].handlers[0].calls[1].to = 'gateway')))).toEqual([
      { path: `${ORDERS}.calls[1].to`, message: '"gateway" is the gateway node, not a service' },
    ]);
  });

  it('both send and emit in one call are refused', () => {
    const issues = errorsOf(
      withEdit((f) => (f.nodes[3].handlers[0].calls[0].emit = 'reserve_stock')),
    );
    expect(issues).toEqual([
      {
        path: `${ORDERS}.calls[0].emit`,
        message: 'a call either sends or emits; remove "send" or "emit"',
      },
    ]);
  });

  it('a call cycle is refused with the handlers it goes through', () => {
    const issues = errorsOf(
      withEdit((f) => (f.nodes[4].handlers[0].calls = [{ send: 'create_order', to: 'orders' }])),
    );
    expect(issues).toEqual([
      {
        path: 'nodes[4].handlers[0].calls[0]',
        message:
          'a call cycle: orders.create_order → inventory.reserve_stock → orders.create_order; each handling would call the next forever',
      },
    ]);
  });

  it('a pattern the target does not handle is a warning saying what NestJS does, not an error', () => {
    const r = parseScenario(
      withEdit((f) => {
        f.nodes[3].handlers[0].calls[0].send = 'reserve';
        f.nodes[3].handlers[0].calls[1].emit = 'placed';
      }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.warnings.map((w) => w.path)).toEqual([
      `${ORDERS}.calls[0].send`,
      `${ORDERS}.calls[1].emit`,
    ]);
    expect(r.warnings[0]!.message).toContain(
      'There is no matching message handler defined in the remote service.',
    );
    expect(r.warnings[1]!.message).toBe(
      'notifications has no event handler (@EventPattern) for "placed": it drops the event',
    );
  });
});
