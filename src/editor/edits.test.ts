import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue, parseScenario } from '../scenario';
import {
  applyEdit,
  blankScenario,
  connectCallEdit,
  connectEdit,
  historyOf,
  pushDoc,
  redo,
  undo,
  type ScenarioDoc,
} from './edits';

const orders = (): ScenarioDoc =>
  JSON.parse(readFileSync('simulations/orders.json', 'utf8')) as ScenarioDoc;
const blank = () => blankScenario({ en: 'New', 'pt-BR': 'Novo' });

/** What the worker says about a document: its route keys and buttons, or the refusal. */
function load(doc: ScenarioDoc) {
  const r = parseScenario(doc);
  if (!r.ok) return { ok: false as const, issues: r.error.map(formatIssue) };
  return {
    ok: true as const,
    routes: r.value.routes.map((x) => `${x.method} ${x.path} → ${[x.to].flat().join(',')}`),
    services: r.value.services.map((s) => s.id),
  };
}

describe('topology edits', () => {
  it('renaming a service keeps its routes and script steps pointing at it', () => {
    const doc = applyEdit(orders(), { op: 'renameService', from: 'orders', to: 'purchases' });
    const r = load(doc);
    expect(r).toMatchObject({ ok: true, services: ['purchases', 'notifications'] });
    expect(r.ok && r.routes).toEqual([
      'GET /orders/:id → purchases',
      'POST /orders → purchases,notifications',
    ]);
    expect(doc.script).toContainEqual({ at: 250, kill: 'purchases#1' });
    expect(doc.script).toContainEqual({ at: 3000, scale: 'purchases', replicas: 3 });
  });

  it('renaming onto an existing id is refused by the checks with the field path', () => {
    const doc = applyEdit(orders(), { op: 'renameService', from: 'notifications', to: 'orders' });
    const r = load(doc);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.join('\n')).toMatch(/nodes\[4\]\.id: duplicate id "orders"/);
  });

  it('removing a service removes its routes, its fan-out targets and its script steps', () => {
    const doc = applyEdit(orders(), { op: 'removeService', id: 'orders' });
    const r = load(doc);
    expect(r).toMatchObject({ ok: true, services: ['notifications'] });
    expect(r.ok && r.routes).toEqual(['POST /orders → notifications']);
    expect(JSON.stringify(doc.script)).not.toContain('orders#');
  });

  it('a route to a missing service is refused with a suggestion', () => {
    const doc = applyEdit(orders(), {
      op: 'addRoute',
      route: { method: 'GET', path: '/x', mode: 'send', pattern: 'get_order', to: 'order' },
    });
    const r = load(doc);
    expect(!r.ok && r.issues.join('\n')).toContain('no service "order" (did you mean "orders"?)');
  });

  it('builds a two-service scenario: service, handlers, route, policy, transport, replicas', () => {
    let doc = blank();
    doc = applyEdit(doc, { op: 'addService', id: 'billing' });
    doc = applyEdit(doc, {
      op: 'addHandler',
      service: 'billing',
      handler: { pattern: 'invoice_paid', kind: 'event', latencyMs: 15, failureRate: 0.1 },
    });
    doc = applyEdit(doc, {
      op: 'addHandler',
      service: 'billing',
      handler: { pattern: 'list_invoices', kind: 'stream' },
    });
    doc = applyEdit(doc, {
      op: 'addRoute',
      route: {
        method: 'POST',
        path: '/invoices',
        mode: 'emit',
        pattern: 'invoice_paid',
        to: ['billing'],
      },
    });
    doc = applyEdit(doc, {
      op: 'setPolicy',
      route: 'GET /orders/:id',
      policy: { timeoutMs: 800, retry: { count: 2, delayMs: 100 }, fallback: { status: 200 } },
    });
    doc = applyEdit(doc, { op: 'setTransport', service: 'billing', kind: 'redis' });
    doc = applyEdit(doc, { op: 'setReplicas', service: 'billing', replicas: 3 });
    const r = parseScenario(doc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const billing = r.value.services.find((s) => s.id === 'billing')!;
    expect(billing.transport.kind).toBe('redis');
    expect(billing.replicas).toBe(3);
    expect(billing.handlers.map((h) => [h.pattern, h.kind])).toEqual([
      ['invoice_paid', 'event'],
      ['list_invoices', 'request'],
    ]);
    const get = r.value.routes.find((x) => x.path === '/orders/:id')!;
    expect(get.timeoutMs).toBe(800);
    expect(get.retry?.count).toBe(2);
    // null removes a policy field: back to the gateway's.
    const cleared = applyEdit(doc, {
      op: 'setPolicy',
      route: 'GET /orders/:id',
      policy: { retry: null },
    });
    expect((cleared.routes as { retry?: unknown }[])[0]!.retry).toBeUndefined();
  });

  it('switching every service to tcp drops the broker node; edits never touch their input', () => {
    const before = blank();
    const copy = structuredClone(before);
    const doc = applyEdit(before, { op: 'setTransport', service: 'orders', kind: 'tcp' });
    expect(before).toEqual(copy);
    expect((doc.nodes as { type: string }[]).map((n) => n.type)).not.toContain('broker');
    expect(load(doc).ok).toBe(true);
  });

  it('a drag from the gateway makes a route to the service (and a handler when it has none)', () => {
    let doc = applyEdit(blank(), { op: 'addService', id: 'billing' });
    doc = applyEdit(doc, connectEdit(doc, 'billing')!);
    const r = load(doc);
    expect(r.ok && r.routes).toContain('GET /billing/:id → billing');
    // A second drag to the same service gets a path of its own.
    doc = applyEdit(doc, connectEdit(doc, 'billing')!);
    expect(load(doc).ok && (load(doc) as { routes: string[] }).routes).toContain(
      'GET /billing/:id/2 → billing',
    );
  });

  it('undo and redo walk the stack of documents and a new edit drops the redo side', () => {
    const a = blank();
    const b = applyEdit(a, { op: 'addService', id: 'billing' });
    const c = applyEdit(b, { op: 'setReplicas', service: 'billing', replicas: 2 });
    let h = pushDoc(pushDoc(historyOf(a), b), c);
    h = undo(h)!;
    expect(h.present).toEqual(b);
    h = undo(h)!;
    expect(h.present).toEqual(a);
    expect(undo(h)).toBeNull();
    h = redo(h)!;
    h = redo(h)!;
    expect(h.present).toEqual(c);
    expect(redo(h)).toBeNull();
    h = pushDoc(undo(h)!, a);
    expect(h.future).toEqual([]);
    expect(h.past).toEqual([a, b]);
  });
});

describe('calls between services', () => {
  const calls = (): ScenarioDoc =>
    JSON.parse(readFileSync('simulations/service-calls.json', 'utf8')) as ScenarioDoc;
  const callsOfOrders = (doc: ScenarioDoc) => {
    const r = parseScenario(doc);
    if (!r.ok) throw new Error(r.error.map(formatIssue).join('\n'));
    return r.value.services.find((s) => s.id === 'orders')!.handlers[0]!.calls;
  };

  it('a drag from one service to another adds a send() to its request handler', () => {
    const doc = applyEdit(blank(), { op: 'addService', id: 'inventory' });
    const withHandler = applyEdit(doc, {
      op: 'addHandler',
      service: 'inventory',
      handler: { pattern: 'reserve_stock', kind: 'request' },
    });
    const edit = connectCallEdit(withHandler, 'orders', 'inventory')!;
    expect(callsOfOrders(applyEdit(withHandler, edit))).toEqual([
      { action: 'send', pattern: 'reserve_stock', to: 'inventory' },
    ]);
  });

  it('a drag to a service with no handlers gives it one, in one undo step', () => {
    const doc = applyEdit(blank(), { op: 'addService', id: 'billing' });
    const edit = connectCallEdit(doc, 'orders', 'billing')!;
    expect(edit.op).toBe('batch');
    const next = applyEdit(doc, edit);
    expect(callsOfOrders(next)).toEqual([
      { action: 'send', pattern: 'get_billing', to: 'billing' },
    ]);
    expect(connectCallEdit(doc, 'orders', 'orders')).toBeNull();
  });

  it('a call switches between send and emit, and can be removed', () => {
    const emit = applyEdit(calls(), {
      op: 'setCallMode',
      service: 'orders',
      handler: 0,
      index: 0,
      mode: 'emit',
    });
    expect(callsOfOrders(emit)![0]).toEqual({
      action: 'emit',
      pattern: 'reserve_stock',
      to: 'inventory',
    });
    const repointed = applyEdit(emit, {
      op: 'setCallPattern',
      service: 'orders',
      handler: 0,
      index: 0,
      pattern: 'count_stock',
    });
    expect(callsOfOrders(repointed)![0]).toEqual({
      action: 'emit',
      pattern: 'count_stock',
      to: 'inventory',
    });
    const removed = applyEdit(emit, { op: 'removeCall', service: 'orders', handler: 0, index: 0 });
    expect(callsOfOrders(removed)).toEqual([
      { action: 'emit', pattern: 'order_placed', to: 'notifications' },
    ]);
  });

  it('renaming or removing a called service updates or drops the calls to it', () => {
    const renamed = applyEdit(calls(), { op: 'renameService', from: 'inventory', to: 'stock' });
    expect(callsOfOrders(renamed)!.map((c) => c.to)).toEqual(['stock', 'notifications']);
    const removed = applyEdit(calls(), { op: 'removeService', id: 'inventory' });
    expect(callsOfOrders(removed)!.map((c) => c.to)).toEqual(['notifications']);
  });

  it('a call that closes a cycle is refused by the check with its path', () => {
    const doc = applyEdit(calls(), {
      op: 'addCall',
      service: 'inventory',
      handler: 0,
      call: { mode: 'send', pattern: 'create_order', to: 'orders' },
    });
    expect(load(doc)).toMatchObject({ ok: false });
    expect((load(doc) as { issues: string[] }).issues[0]).toMatch(
      /^nodes\[4\]\.handlers\[0\]\.calls\[0\]: a call cycle: orders\.create_order → inventory\.reserve_stock → orders\.create_order/,
    );
  });
});
