import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the public command exactly as the README shows it (minus npm). */
function simulate(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/simulate.ts', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run simulate', () => {
  it('prints the Orders summary: 10 GETs, every instance handled count, latency percentiles', () => {
    const { code, stdout, stderr } = simulate('simulations/orders.json', '--format', 'summary');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.http.total).toBe(10);
    expect(Object.keys(summary.handled)).toEqual(
      expect.arrayContaining(['orders#1', 'orders#2', 'notifications#1']),
    );
    expect(summary.latencyMs.p50).toBeGreaterThan(0);
    expect(summary.latencyMs.p99).toBeGreaterThanOrEqual(summary.latencyMs.p95);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('prints an NDJSON trace in time order with the public event types, the same for the same seed', () => {
    const a = simulate('simulations/orders.json', '--until', '2000');
    const b = simulate('simulations/orders.json', '--until', '2000');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const events = a.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (let i = 1; i < events.length; i++)
      expect(events[i].t).toBeGreaterThanOrEqual(events[i - 1].t);
    const types = new Set(events.map((e) => e.type));
    for (const t of [
      'http.request',
      'http.response',
      'client.send',
      'broker.enqueued',
      'message.delivered',
      'handler.done',
      'reply.received',
      'instance.down',
    ])
      expect(types).toContain(t);
    expect(events.at(-1).t).toBeLessThanOrEqual(2000);
    const other = simulate('simulations/orders.json', '--until', '2000', '--seed', '7');
    expect(other.stdout).not.toBe(a.stdout);
  });

  it('refuses a bad file with exit 2 and one line naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'brokerlab-'));
    const file = join(dir, 'bad.json');
    const bad = JSON.parse(
      JSON.stringify({
        version: 1,
        title: 'x',
        transport: { kind: 'rmq' },
        nodes: [
          { id: 'client', type: 'client' },
          { id: 'gateway', type: 'gateway' },
          { id: 'orders', type: 'service', replicas: -1, handlers: [] },
        ],
        routes: [],
      }),
    );
    writeFileSync(file, JSON.stringify(bad));
    const { code, stdout, stderr } = simulate(file);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('nodes[2].replicas: expected a whole number ≥ 0, got -1');
  });

  it('refuses bad arguments with exit 2', () => {
    expect(simulate('simulations/orders.json', '--until', 'soon').code).toBe(2);
    expect(simulate('simulations/orders.json', '--format', 'xml').code).toBe(2);
    expect(simulate().code).toBe(2);
    expect(simulate('no/such/file.json').stderr).toContain('cannot read');
  });
});
