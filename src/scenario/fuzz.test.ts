import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario, parseScenarioText, type ParseFail, type ParseOk } from '.';
import { MAX_ISSUES } from './issues';
import { findJsonSyntaxError } from './jsonSyntax';

const ordersText = readFileSync(join(__dirname, '../../simulations/orders.json'), 'utf8');
const orders = JSON.parse(ordersText) as unknown;

/** What every result must look like, whatever the input. */
function expectWellFormed(r: ParseOk | ParseFail): void {
  if (r.ok) {
    expect(structuredClone(r.value)).toEqual(r.value);
    const at = r.value.script.map((s) => s.at);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    return;
  }
  expect(r.error.length).toBeGreaterThan(0);
  expect(r.error.length).toBeLessThanOrEqual(MAX_ISSUES + 1);
  for (const issue of r.error) {
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
    // Every message is ours: no zod default text, no internal marker.
    expect(issue.message).not.toMatch(/^Invalid input/);
    expect(issue.message).not.toContain('\u0000');
    expect(issue.message.length).toBeLessThan(600);
  }
}

type Json = unknown;
type Mutation = { path: number[]; op: 'set' | 'delete' | 'add'; value: Json; key: string };

/** Applies a mutation at a path chosen by indices into the keys of each level. */
function mutate(root: Json, m: Mutation): Json {
  const copy = structuredClone(root) as Json;
  let node = copy as Record<string, Json> | Json[];
  for (const [depth, idx] of m.path.entries()) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[idx % keys.length]!;
    const child = (node as Record<string, Json>)[key];
    const last = depth === m.path.length - 1;
    if (last || child === null || typeof child !== 'object') {
      if (m.op === 'delete') {
        if (Array.isArray(node)) node.splice(Number(key), 1);
        else delete node[key];
      } else if (m.op === 'add' && !Array.isArray(node)) node[m.key] = m.value;
      else (node as Record<string, Json>)[key] = m.value;
      return copy;
    }
    node = child as Record<string, Json>;
  }
  return copy;
}

const interesting = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    -1,
    0,
    1,
    1.5,
    51,
    1e21,
    '',
    'orders',
    'orders#1',
    'GET /orders/:id',
    'rmq',
    'tcp',
    'service',
    null,
    [],
    {},
  ),
  fc.string({ maxLength: 5000 }),
);
const mutation = fc.record({
  path: fc.array(fc.nat(20), { minLength: 1, maxLength: 6 }),
  op: fc.constantFrom('set', 'delete', 'add') as fc.Arbitrary<Mutation['op']>,
  value: interesting,
  key: fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('replica', 'send', 'emit', 'count', 'kill', 'at'),
  ),
});

describe('parsing never throws (fuzz)', () => {
  it('any JSON value or JS oddity yields a result, never an exception (600 runs)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.anything({
            withBigInt: true,
            withMap: true,
            withSet: true,
            withDate: true,
            withTypedArray: true,
            withSparseArray: true,
            withNullPrototype: true,
          }),
        ),
        (input) => {
          expectWellFormed(parseScenario(input));
        },
      ),
      { numRuns: 600 },
    );
  });

  it('orders.json with 1–4 random mutations yields a well-formed result (800 runs)', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        const input = ms.reduce<Json>(mutate, orders);
        expectWellFormed(parseScenario(input));
      }),
      { numRuns: 800 },
    );
  });

  it('orders.json text with random edits yields a well-formed result (400 runs)', () => {
    const edit = fc.record({
      at: fc.nat(ordersText.length),
      cut: fc.nat(5),
      insert: fc.string({ maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let text = ordersText;
        for (const e of edits) text = text.slice(0, e.at) + e.insert + text.slice(e.at + e.cut);
        const r = parseScenarioText(text);
        expectWellFormed(r);
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        if (!valid)
          expect(r.ok ? '' : r.error[0]!.message).toMatch(
            /^invalid JSON at line \d+, column \d+: /,
          );
      }),
      { numRuns: 400 },
    );
  });

  it('the JSON locator accepts exactly what JSON.parse accepts (400 runs)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string({ maxLength: 30 })), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(findJsonSyntaxError(text) === null).toBe(valid);
      }),
      { numRuns: 400 },
    );
  });

  it('deep nesting and huge inputs are refused quickly', () => {
    let deep: Json = 1;
    for (let i = 0; i < 10_000; i++) deep = { title: deep };
    expectWellFormed(parseScenario({ ...(orders as object), title: deep }));
    expectWellFormed(parseScenarioText('['.repeat(100_000) + ']'.repeat(100_000)));
    expectWellFormed(parseScenarioText(`{"version": 1, "title": "${'x'.repeat(1_000_000)}"}`));
    const many = { ...(orders as object), nodes: Array.from({ length: 1_000_000 }, () => 0) };
    expectWellFormed(parseScenario(many));
  });
});
