import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the public command as the README shows it (minus npm). */
function exportCmd(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each test spawns Node + tsx (a few seconds on a busy 2-core machine).
describe('npm run export', { timeout: 60_000 }, () => {
  it('writes the project of a run file and prints what it wrote', () => {
    const dir = mkdtempSync(join(tmpdir(), 'brokerlab-export-'));
    const scenario = JSON.parse(readFileSync('simulations/redis-duplicates.json', 'utf8'));
    const run = {
      version: 1,
      kind: 'run',
      scenario,
      seed: 3,
      commands: [{ at: 10, kill: 'orders#1' }],
    };
    writeFileSync(join(dir, 'run.json'), JSON.stringify(run));
    const { code, stdout, stderr } = exportCmd(
      join(dir, 'run.json'),
      '--out',
      join(dir, 'out'),
      '--lang',
      'pt-BR',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^wrote \d+ files to .*: 2 Nest apps \(gateway \+ 1 services\), transport redis\n/,
    );
    expect(readFileSync(join(dir, 'out/apps/orders/src/main.ts'), 'utf8')).toContain(
      'Transport.REDIS',
    );
    expect(readFileSync(join(dir, 'out/README.md'), 'utf8')).toMatch(/^# .*\n\nProjeto NestJS 12/);
  });

  it('exits 2 with one line for a bad file, a missing --out or no file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'brokerlab-export-'));
    writeFileSync(
      join(dir, 'bad.json'),
      '{"version": 1, "title": "x", "transport": {"kind": "rabbit"}, "nodes": [], "routes": []}',
    );
    const bad = exportCmd(join(dir, 'bad.json'), '--out', join(dir, 'out'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /bad\.json: transport\.kind: expected one of redis, .*got "rabbit"\n$/,
    );
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    const noOut = exportCmd('simulations/orders.json');
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/^missing --out <dir>\. usage: export/);
    const none = exportCmd('--out', dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^expected exactly one scenario or run file/);
  });
});
