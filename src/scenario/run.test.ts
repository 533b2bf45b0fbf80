import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ScriptCommand } from '../engine/types';
import { commandToStep, SCRIPT_ACTIONS } from './actions';
import { parseInput, parseInputText, parseRun, type ScenarioIssue } from '.';

const orders = () =>
  JSON.parse(
    readFileSync(new URL('../../simulations/orders.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
const run = (over: Record<string, unknown> = {}) => ({
  version: 1,
  kind: 'run',
  scenario: orders(),
  seed: 9,
  commands: [],
  ...over,
});
const issues = (r: { ok: boolean; error?: ScenarioIssue[] }) =>
  (r.error ?? []).map((i) => `${i.path}: ${i.message}`);

describe('run files', () => {
  it('a run file reads as the scenario, its seed, its commands and its moment', () => {
    const r = parseRun(
      run({
        commands: [
          { at: 10, kill: 'orders#1' },
          { at: 20, http: 'get /orders/:id' },
        ],
        at: 50,
      }),
    );
    if (!r.ok) throw new Error(issues(r).join('\n'));
    expect(r.value.seed).toBe(9);
    expect(r.value.model.seed).toBe(9);
    expect(r.value.at).toBe(50);
    expect(r.value.commands).toEqual([
      { at: 10, command: { type: 'kill', instance: 'orders#1' } },
      { at: 20, command: { type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 } },
    ]);
  });

  it('a problem in the scenario names its path below "scenario"', () => {
    const scenario = orders();
    (scenario.nodes as Record<string, unknown>[])[3]!.replicas = -1;
    expect(issues(parseRun(run({ scenario })))).toEqual([
      'scenario.nodes[3].replicas: expected a whole number ≥ 0, got -1',
    ]);
  });

  it('a bad command names its field, with a "did you mean"', () => {
    expect(issues(parseRun(run({ commands: [{ at: 5, kill: 'order#1' }] })))).toEqual([
      'commands[0].kill: no service "order" (did you mean "orders"?)',
    ]);
    expect(issues(parseRun(run({ commands: [{ at: 5, kil: 'orders#1' }] })))).toContain(
      'commands[0].kil: unknown field (did you mean "kill"?)',
    );
  });

  it('commands must be in time order', () => {
    const r = parseRun(
      run({
        commands: [
          { at: 500, kill: 'orders#1' },
          { at: 300, restart: 'orders#1' },
        ],
      }),
    );
    expect(issues(r)).toEqual([
      'commands[1].at: commands are in time order: 300 comes after 500 (commands[0])',
    ]);
  });

  it('the envelope is checked like any file: version, kind, seed', () => {
    expect(issues(parseRun(run({ version: 2 })))).toEqual([
      'version: expected run format version 1, got 2',
    ]);
    expect(issues(parseRun(run({ seed: -1 })))[0]).toMatch(/^seed: /);
    expect(issues(parseRun({ ...run(), scenario: undefined }))[0]).toMatch(/^scenario: missing/);
  });

  it('parseInput reads a scenario as a run without commands, and a run file as a run', () => {
    const a = parseInput(orders());
    const b = parseInputText(JSON.stringify(run({ commands: [{ at: 1, brokerDown: true }] })));
    expect(a.ok && a.kind).toBe('scenario');
    expect(a.ok && a.value.commands).toEqual([]);
    expect(b.ok && b.kind).toBe('run');
    expect(b.ok && b.value.steps).toEqual([{ at: 1, brokerDown: true }]);
  });
});

describe('a command in script form', () => {
  const commands: ScriptCommand[] = [
    { type: 'http', route: 'GET /orders/:id', count: 1, everyMs: 0 },
    { type: 'http', route: 'POST /orders', count: 5, everyMs: 20 },
    { type: 'kill', instance: 'orders#2' },
    { type: 'restart', instance: 'orders#2' },
    { type: 'scale', service: 'orders', replicas: 3 },
    { type: 'brokerDown' },
    { type: 'brokerUp' },
    { type: 'load', route: 'GET /orders/:id', rps: 50, forMs: 1000, shape: 'constant' },
    { type: 'load', route: 'GET /orders/:id', rps: 5, forMs: 900, shape: 'ramp', toRps: 50 },
    { type: 'latency', link: ['broker', 'orders'], addMs: 30, jitterMs: 5 },
    { type: 'loss', link: ['gateway', 'broker'], percent: 20 },
    { type: 'partition', link: ['broker', 'orders#1'] },
    { type: 'heal', link: ['broker', 'orders#1'] },
    { type: 'pause', instance: 'orders#1' },
    { type: 'resume', instance: 'orders#1' },
    { type: 'killService', service: 'notifications' },
    { type: 'restartService', service: 'notifications' },
    { type: 'slow', service: 'orders', factor: 4 },
    { type: 'errorRate', service: 'orders', percent: 30 },
    { type: 'poison', route: 'GET /orders/:id' },
  ];

  it('every action compiles back to the command it was written from', () => {
    for (const c of commands) {
      const step = commandToStep(120, c);
      expect(step.at).toBe(120);
      expect(SCRIPT_ACTIONS[c.type].compile(step)).toEqual(c);
    }
  });

  it('a run of every kind of command is a valid run file', () => {
    const r = parseRun(run({ commands: commands.map((c, i) => commandToStep(i * 10, c)) }));
    expect(issues(r)).toEqual([]);
  });
});
