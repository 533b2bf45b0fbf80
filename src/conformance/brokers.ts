/**
 * Real brokers from Debian packages, started as child processes on a free loopback port (no
 * systemd here) and stopped by pid. `down()`/`up()` are the scenario's brokerDown/brokerUp: the
 * same broker stopped and started again on the same port. Missing packages are installed with
 * apt-get when we are root (as scripts/ensure-chromium.sh does), else the error says what to run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import type { TransportKind } from '../shared';
import type { Proc, Processes } from './procs';

export class ConformanceError extends Error {}

/** Transports the harness runs for real; the others say why not (`unsupportedReason`). */
export const REAL_KINDS = ['redis', 'nats', 'rmq', 'mqtt', 'tcp', 'grpc'] as const;
export type RealKind = (typeof REAL_KINDS)[number];
/** Point to point: the gateway connects to the instances themselves (or to their balancer). */
export const BROKERLESS = new Set<RealKind>(['tcp', 'grpc']);

export function unsupportedReason(kind: TransportKind): string | undefined {
  if (kind === 'kafka')
    return 'kafka: no Debian package runs a Kafka broker and none can be downloaded here; Kafka stays modelled from the NestJS source (docs/transports.md)';
  return undefined;
}

const PACKAGE: Record<Exclude<RealKind, 'tcp' | 'grpc'>, { pkg: string; bin: string }> = {
  redis: { pkg: 'redis-server', bin: 'redis-server' },
  nats: { pkg: 'nats-server', bin: 'nats-server' },
  mqtt: { pkg: 'mosquitto', bin: 'mosquitto' },
  rmq: { pkg: 'rabbitmq-server', bin: '/usr/lib/rabbitmq/bin/rabbitmq-server' },
};

const has = (bin: string) =>
  spawnSync('sh', ['-c', `command -v '${bin}'`], { stdio: 'ignore' }).status === 0;

export function ensureInstalled(kind: keyof typeof PACKAGE): void {
  const { pkg, bin } = PACKAGE[kind];
  if (has(bin)) return;
  if (process.getuid?.() === 0 && has('apt-get')) {
    process.stderr.write(`conformance: installing Debian's ${pkg}…\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'ignore', env });
    if (has(bin)) return;
  }
  throw new ConformanceError(`${kind} needs ${bin}: run 'sudo apt-get install -y ${pkg}'`);
}

/** A port the kernel just gave us on 127.0.0.1 (free at this moment). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject()));
    });
  });
}

export async function waitForPort(port: number, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until)
      throw new ConformanceError(`${what}: port ${port} not open after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Broker {
  kind: RealKind;
  port: number;
  /** Environment the generated apps read (REDIS_PORT, NATS_URL, RMQ_URL, MQTT_URL). */
  appEnv: Record<string, string>;
  /** The broker process's own environment (RabbitMQ's: what `rabbitmqctl` needs to reach it). */
  env: Record<string, string>;
  up(): Promise<void>;
  down(): Promise<void>;
}

export async function startBroker(
  kind: RealKind,
  procs: Processes,
  scratch: string,
): Promise<Broker> {
  if (kind === 'tcp' || kind === 'grpc') {
    const none = () =>
      Promise.reject(new ConformanceError(`${kind} has no broker to stop or start`));
    return { kind, port: 0, appEnv: {}, env: {}, up: none, down: none };
  }
  ensureInstalled(kind);
  mkdirSync(scratch, { recursive: true });
  const port = await freePort();
  let proc: Proc | undefined;
  const spec = await brokerSpec(kind, port, scratch, procs);
  const broker: Broker = {
    kind,
    port,
    appEnv: spec.appEnv,
    env: spec.env ?? {},
    async up() {
      proc = procs.start(`${kind}-broker`, spec.command, spec.args, {
        env: spec.env ?? {},
        cwd: scratch,
      });
      await waitForPort(port, spec.bootMs, `${kind} broker`).catch((e: Error) => {
        throw new ConformanceError(
          `${e.message}; last lines: ${proc?.lines.slice(-3).join(' | ')}`,
        );
      });
      await spec.ready?.(proc);
    },
    async down() {
      if (proc) await procs.stop(proc, 'SIGTERM', 10_000);
    },
  };
  await broker.up();
  return broker;
}

interface Spec {
  command: string;
  args: string[];
  env?: Record<string, string>;
  appEnv: Record<string, string>;
  bootMs: number;
  ready?: (p: Proc) => Promise<void>;
}

async function brokerSpec(
  kind: keyof typeof PACKAGE,
  port: number,
  dir: string,
  procs: Processes,
): Promise<Spec> {
  switch (kind) {
    case 'redis':
      return {
        command: 'redis-server',
        args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        appEnv: { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(port) },
        bootMs: 15_000,
      };
    case 'nats':
      return {
        command: 'nats-server',
        args: ['-a', '127.0.0.1', '-p', String(port)],
        appEnv: { NATS_URL: `nats://127.0.0.1:${port}` },
        bootMs: 15_000,
      };
    case 'mqtt': {
      const conf = join(dir, 'mosquitto.conf');
      const lines = [`listener ${port} 127.0.0.1`, 'allow_anonymous true'];
      if (process.getuid?.() === 0) lines.push('user root');
      writeFileSync(conf, `${lines.join('\n')}\n`);
      return {
        command: 'mosquitto',
        args: ['-c', conf],
        appEnv: { MQTT_URL: `mqtt://127.0.0.1:${port}` },
        bootMs: 15_000,
      };
    }
    case 'rmq':
      return rabbitSpec(port, dir, procs);
  }
}

/** RabbitMQ needs its own Erlang environment, all of it inside the scratch folder. */
async function rabbitSpec(port: number, dir: string, procs: Processes): Promise<Spec> {
  const [dist, epmd] = [await freePort(), await freePort()];
  for (const d of ['mnesia', 'log', 'home']) mkdirSync(join(dir, d), { recursive: true });
  const conf = join(dir, 'rabbitmq');
  writeFileSync(`${conf}.conf`, `listeners.tcp.1 = 127.0.0.1:${port}\nloopback_users = none\n`);
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  const pidFile = join(dir, 'rabbit.pid');
  const env = {
    RABBITMQ_NODENAME: 'rabbit@localhost',
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(dist),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    ERL_EPMD_PORT: String(epmd),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_PID_FILE: pidFile,
    RABBITMQ_CONFIG_FILE: conf,
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    HOME: join(dir, 'home'),
  };
  return {
    command: '/usr/lib/rabbitmq/bin/rabbitmq-server',
    args: [],
    env,
    appEnv: { RMQ_URL: `amqp://127.0.0.1:${port}` },
    bootMs: 120_000,
    // epmd daemonizes out of our process group: find ours by its port and hand it to the reaper.
    ready: async () => adoptEpmd(epmd, procs),
  };
}

function adoptEpmd(epmdPort: number, procs: Processes): void {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (cmd.includes('epmd') && env.includes(`ERL_EPMD_PORT=${epmdPort}`))
        procs.adopt(Number(pid));
    } catch {
      // gone or not ours to read
    }
  }
}
