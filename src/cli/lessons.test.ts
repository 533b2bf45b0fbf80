import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the public command as the README shows it (minus npm). */
function lessons(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/lessons.ts', ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'lessons-'));
const lessonText = readFileSync('simulations/lessons/first-request.json', 'utf8');
const write = (name: string, value: unknown) => {
  const file = join(tmp, `${name}.json`);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

describe('npm run lessons -- check', { timeout: 60_000 }, () => {
  it('a challenge step adds "challenge": {"score", "par"} (par from the solution) and keeps the public fields', () => {
    const { code, stdout } = lessons(
      'check',
      'simulations/lessons/challenge-capacity.json',
      'simulations/lessons/challenge-lost-events.json',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const [capacity, lost] = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(capacity.steps[1]).toEqual({
      index: 1,
      hasGoal: true,
      solvedBySolution: true,
      metWithoutActions: false,
      challenge: { score: 'instances', par: 3 },
    });
    expect(lost.steps[1].challenge).toEqual({ score: 'lost', par: 0 });
    // Steps without a challenge carry exactly the four public fields.
    expect(Object.keys(capacity.steps[0])).toEqual([
      'index',
      'hasGoal',
      'solvedBySolution',
      'metWithoutActions',
    ]);
  });

  it('prints one JSON object per lesson with the public fields, exit 0', () => {
    const { code, stdout, stderr } = lessons(
      'check',
      'simulations/lessons/first-request.json',
      '--format',
      'json',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!);
    expect(Object.keys(report)).toEqual(['id', 'languages', 'covers', 'steps']);
    expect(report.id).toBe('first-request');
    expect(report.languages).toEqual(['en', 'pt-BR']);
    expect(Object.keys(report.steps[1])).toEqual([
      'index',
      'hasGoal',
      'solvedBySolution',
      'metWithoutActions',
    ]);
    expect(report.steps[1]).toEqual({
      index: 1,
      hasGoal: true,
      solvedBySolution: true,
      metWithoutActions: false,
    });
  });

  it('exits 2 with a field-path message for a bad lesson file', () => {
    const bad = JSON.parse(lessonText);
    bad.id = 'bad-path';
    bad.steps[1].goal.check.count.event = 'http.respons';
    const r = lessons('check', write('bad-path', bad), '--format', 'json');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /bad-path\.json: steps\[1\]\.goal\.check\.count\.event: expected one of .*did you mean "http\.response"/,
    );

    const noSolution = JSON.parse(lessonText);
    noSolution.id = 'no-solution';
    delete noSolution.steps[2].solution;
    const r2 = lessons('check', write('no-solution', noSolution));
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/steps\[2\]\.solution: missing/);

    const badCommand = JSON.parse(lessonText);
    badCommand.id = 'bad-command';
    badCommand.steps[1].solution[0] = { at: 0, kill: 'order#1' };
    const r3 = lessons('check', write('bad-command', badCommand));
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(
      /steps\[1\]\.solution\[0\]\.kill: no service "order" \(did you mean "orders"\?\)/,
    );

    expect(lessons('check', write('broken', '{"id": ')).code).toBe(2);
  });

  it('exits 1 when a goal is met without any action (it would teach nothing)', () => {
    const idle = JSON.parse(lessonText);
    idle.id = 'idle';
    // The demo already sends the three GETs the goal asks for.
    idle.steps[1].demo = [{ at: 0, http: 'GET /orders/:id', count: 3, everyMs: 100 }];
    const r = lessons('check', write('idle', idle), '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).steps[1]).toMatchObject({
      solvedBySolution: true,
      metWithoutActions: true,
    });
  });
});
