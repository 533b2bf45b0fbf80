import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseInputText } from '../scenario';
import { RunSession } from '../run/session';
import type { Command } from '../engine/types';
import { fnv1a, FNV_OFFSET } from '../run/hash';

/** Runs the public command exactly as the README shows it (minus npm). */
function simulate(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/simulate.ts', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each test spawns Node + tsx (a few seconds on a busy 2-core machine).
describe('npm run simulate', { timeout: 60_000 }, () => {
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

  it('plays a run file saved by the app and prints the trace the app produced, byte for byte', () => {
    const parsed = parseInputText(readFileSync('simulations/orders.json', 'utf8'));
    if (!parsed.ok) throw new Error('orders.json should parse');
    // The app: frame-sized advances, the learner's clicks on whatever frame they land.
    const session = new RunSession(parsed.value, { hashTrace: true });
    const clicks: [number, Command[]][] = [
      [60.3, [{ type: 'http', route: 'POST /orders', count: 1, everyMs: 0 }]],
      [333.1, [{ type: 'kill', instance: 'orders#2' }]],
      [700.7, [{ type: 'load', route: 'GET /orders/:id', rps: 80, forMs: 1000 }]],
      [1500.2, [{ type: 'restart', instance: 'orders#2' }]],
    ];
    for (let clock = 0.8; clock < 2400; clock += 0.8) {
      const due = clicks.filter(([at]) => at <= clock && at > clock - 0.8).flatMap(([, c]) => c);
      session.advance(clock, due, false);
    }
    const dir = mkdtempSync(join(tmpdir(), 'brokerlab-'));
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify(session.runFile(), null, 2));
    const { code, stdout, stderr } = simulate(file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const hash = fnv1a(stdout, FNV_OFFSET).toString(16).padStart(8, '0');
    const app = session.traceHash();
    expect(stdout.trim().split('\n')).toHaveLength(app.events);
    expect(hash).toBe(app.hash);
    const kinds = new Set(
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).type),
    );
    expect(kinds).toContain('metrics.sample');
    expect(kinds).toContain('load.started');
  });

  it('refuses a bad run file with exit 2 and one line naming the command field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'brokerlab-'));
    const file = join(dir, 'run.json');
    const scenario = JSON.parse(readFileSync('simulations/orders.json', 'utf8'));
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        kind: 'run',
        scenario,
        seed: 1,
        commands: [{ at: 10, kill: 'order#1' }],
      }),
    );
    const { code, stdout, stderr } = simulate(file);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('commands[0].kill: no service "order" (did you mean "orders"?)');
  });
});
