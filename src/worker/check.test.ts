import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimApi } from './api';

const orders = readFileSync('simulations/orders.json', 'utf8');

describe('check (the topology editor asks before it applies an edit)', () => {
  it('refuses with field paths and leaves the running scenario alone', () => {
    const api = createSimApi();
    expect(api.load(orders).ok).toBe(true);
    const file = JSON.parse(orders) as { routes: { to: unknown }[] };
    file.routes[0]!.to = 'order';
    const r = api.check(file);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.map((i) => i.text)).toContain(
      'routes[0].to: no service "order" (did you mean "orders"?)',
    );
    // The session still runs Orders, unedited: its run file names the real target.
    const run = api.runFile() as { scenario: { routes: { to: unknown }[] } };
    expect(run.scenario.routes[0]!.to).toBe('orders');
    expect(api.check(orders)).toMatchObject({ ok: true });
  });
});
