/**
 * Child processes of a conformance run: the broker, every service instance, the gateway. Each is
 * started in its own process group (`detached`) so a stop reaches everything it spawned (RabbitMQ's
 * script starts Erlang), and is stopped by pid — never by name. A small reaper process holds the
 * list of live groups through a pipe: when the harness dies in any way (SIGKILL included), the
 * pipe closes and the reaper kills what is left, so a killed harness leaves nothing behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';

// Kept as a string so it runs with plain `node -e` (no tsx, no file to find).
const REAPER = `
const live = new Set(); let buf = '';
process.on('SIGINT', () => {}); process.on('SIGTERM', () => {}); process.on('SIGHUP', () => {});
process.stdin.on('data', (d) => {
  buf += d;
  for (let i = buf.indexOf('\\n'); i >= 0; i = buf.indexOf('\\n')) {
    const line = buf.slice(0, i); buf = buf.slice(i + 1);
    const pid = Number(line.slice(1));
    if (line[0] === '+') live.add(pid); else live.delete(pid);
  }
});
process.stdin.on('end', () => {
  for (const pid of live) { try { process.kill(-pid, 'SIGKILL'); } catch {} try { process.kill(pid, 'SIGKILL'); } catch {} }
  process.exit(0);
});
`;

export interface Proc {
  readonly name: string;
  readonly pid: number;
  /** stdout and stderr lines so far (ANSI colours off: children get NO_COLOR). */
  readonly lines: string[];
  readonly exited: Promise<void>;
  isRunning(): boolean;
}

export class Processes {
  private readonly live = new Map<number, { proc: Proc; child: ChildProcess }>();
  private readonly reaper: ChildProcess;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.stopAllNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  private readonly onExit = () => this.stopAllNow();

  constructor() {
    this.reaper = spawn(process.execPath, ['-e', REAPER], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    this.reaper.unref();
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, this.onSignal);
    process.on('exit', this.onExit);
  }

  start(
    name: string,
    command: string,
    args: string[],
    opts: { cwd?: string; env?: Record<string, string> } = {},
  ): Proc {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
    const pid = child.pid;
    const lines: string[] = [];
    let running = true;
    const collect = (stream: NodeJS.ReadableStream | null) => {
      let rest = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (d: string) => {
        rest += d;
        const parts = rest.split('\n');
        rest = parts.pop() ?? '';
        lines.push(...parts);
      });
      stream?.on('end', () => rest && lines.push(rest));
    };
    collect(child.stdout);
    collect(child.stderr);
    const exited = new Promise<void>((resolve) =>
      child.on('exit', () => {
        running = false;
        this.forget(pid);
        resolve();
      }),
    );
    const proc: Proc = { name, pid, lines, exited, isRunning: () => running };
    this.live.set(pid, { proc, child });
    this.all.push(proc);
    this.reaper.stdin?.write(`+${pid}\n`);
    return proc;
  }

  /** Every process's output on stderr (CONFORMANCE_DEBUG=1). */
  dump(): void {
    for (const p of this.all)
      process.stderr.write(`── ${p.name} (pid ${p.pid})\n${p.lines.join('\n')}\n`);
  }
  private readonly all: Proc[] = [];

  /** A process the harness did not spawn but caused (RabbitMQ's epmd): reaped the same way. */
  adopt(pid: number): void {
    this.reaper.stdin?.write(`+${pid}\n`);
    this.adopted.add(pid);
  }
  private readonly adopted = new Set<number>();

  /** Signals the process group and waits for the leader to exit (SIGKILL after `graceMs`). */
  async stop(proc: Proc, signal: NodeJS.Signals = 'SIGKILL', graceMs = 5000): Promise<void> {
    if (!proc.isRunning()) return;
    killGroup(proc.pid, signal);
    const timer = setTimeout(() => killGroup(proc.pid, 'SIGKILL'), graceMs);
    await proc.exited;
    clearTimeout(timer);
    // The leader is gone; whatever else it left in its group goes too.
    killGroup(proc.pid, 'SIGKILL');
  }

  /** Stops everything still running (end of run), then releases the reaper. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.live.values()].map(({ proc }) => this.stop(proc)));
    for (const pid of this.adopted) {
      killPid(pid);
      this.reaper.stdin?.write(`-${pid}\n`);
    }
    this.adopted.clear();
    this.release();
  }

  private stopAllNow(): void {
    for (const pid of this.live.keys()) killGroup(pid, 'SIGKILL');
    for (const pid of this.adopted) killPid(pid);
    this.live.clear();
    this.adopted.clear();
    this.release();
  }

  private release(): void {
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, this.onSignal);
    process.off('exit', this.onExit);
    this.reaper.stdin?.end();
  }

  private forget(pid: number): void {
    this.live.delete(pid);
    if (this.reaper.stdin?.writable) this.reaper.stdin.write(`-${pid}\n`);
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Resolves with the first line matching `re`, or rejects after `ms` (or when the process exits). */
export function waitForLine(proc: Proc, re: RegExp, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const hit = proc.lines.find((l) => re.test(l));
      if (hit !== undefined) return resolve(hit);
      if (!proc.isRunning())
        return reject(new Error(`${proc.name} exited: ${proc.lines.slice(-3).join(' | ')}`));
      if (Date.now() - started > ms)
        return reject(new Error(`${proc.name}: no "${re.source}" after ${ms} ms`));
      setTimeout(tick, 25);
    };
    tick();
  });
}
