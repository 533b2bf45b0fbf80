/**
 * The cleanup promise: whatever ends the harness — its own stop, a signal, even SIGKILL — the
 * processes it started are gone. A child harness starts `sleep` through Processes and is then
 * killed; the test looks for the sleep's pid afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const DIR = join(ROOT, '.conformance');
const SCRIPT = join(DIR, `procs-harness-${process.pid}.ts`);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function harnessWithSleep(): Promise<{
  harness: ReturnType<typeof spawn>;
  sleepPid: number;
}> {
  mkdirSync(DIR, { recursive: true });
  const script = SCRIPT;
  writeFileSync(
    script,
    `import { Processes } from ${JSON.stringify(join(ROOT, 'src/conformance/procs.ts'))};
const procs = new Processes();
const p = procs.start('sleeper', 'sleep', ['60']);
console.log('pid ' + p.pid);
setInterval(() => {}, 1000);
`,
  );
  const harness = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const sleepPid = await new Promise<number>((res, rej) => {
    let out = '';
    harness.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /pid (\d+)/.exec(out);
      if (m) res(Number(m[1]));
    });
    harness.on('exit', () => rej(new Error(`harness exited: ${out}`)));
  });
  return { harness, sleepPid };
}

async function gone(pid: number, ms: number): Promise<boolean> {
  for (
    const until = Date.now() + ms;
    Date.now() < until;
    await new Promise((r) => setTimeout(r, 50))
  )
    if (!alive(pid)) return true;
  return !alive(pid);
}

describe('Processes: nothing is left behind', () => {
  afterAll(() => rmSync(SCRIPT, { force: true }));
  for (const signal of ['SIGKILL', 'SIGTERM', 'SIGINT'] as const)
    it(`the harness killed with ${signal}: its children die too`, async () => {
      const { harness, sleepPid } = await harnessWithSleep();
      expect(alive(sleepPid)).toBe(true);
      harness.kill(signal);
      expect(await gone(sleepPid, 5000)).toBe(true);
    }, 30_000);
});
