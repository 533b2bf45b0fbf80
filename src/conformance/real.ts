/**
 * The real side: the exported project run as real Node processes against a real broker, the
 * scenario's script played on the wall clock (1 virtual ms = 1 ms): HTTP requests at their times,
 * `kill` = SIGKILL of that instance's process, `restart` = start it again, `brokerDown`/`brokerUp`
 * = stop/start the broker process. What happened is read from HTTP responses and stdout: each
 * generated handler logs `<instance> handles <pattern> from …`, and the gateway's probe logs raw
 * errors (project.ts).
 */
import { join } from 'node:path';
import type { ScriptStep, SimModel } from '../engine';
import { kebab, upperSnake } from '../codegen/names';
import { GRPC_NO_EVENTS } from '../engine/nestErrors';
import { addressEnv } from '../codegen/transports';
import { startBalancer, type Balancer } from './balancer';
import {
  BROKERLESS,
  ConformanceError,
  freePort,
  startBroker,
  type Broker,
  type RealKind,
} from './brokers';
import { countInto, mediansByStatus, tidyHandled, type Observation } from './observe';
import { waitForLine, type Proc, type Processes } from './procs';
import { PROBE_TAG } from './project';

const PLAYED = new Set(['http', 'kill', 'restart', 'brokerDown', 'brokerUp']);
/** After the last step: the longest route timeout plus this, then unanswered requests count as none. */
const SETTLE_MS = 3000;
const BOOT_MS = 60_000;

interface Sent {
  status: number | null;
  body: unknown;
  ms: number | null;
}

export async function playReal(
  model: SimModel,
  steps: ScriptStep[],
  kind: RealKind,
  projectDir: string,
  procs: Processes,
): Promise<Observation> {
  const unplayable = steps.find((s) => !PLAYED.has(s.command.type));
  if (unplayable)
    throw new ConformanceError(
      `"${unplayable.command.type}" at ${unplayable.at} ms is not played on real processes (only ${[...PLAYED].join(', ')})`,
    );
  const broker: Broker = await startBroker(kind, procs, join(projectDir, '.broker'));
  const env = broker.appEnv;
  const balancers: Balancer[] = [];
  try {
    return await play(model, steps, projectDir, procs, broker, env, balancers);
  } finally {
    await Promise.all(balancers.map((b) => b.close()));
  }
}

/**
 * TCP and gRPC: every instance gets `PORT`. Without a load balancer they all get the same one (the
 * second logs EADDRINUSE, as in the engine); with `loadBalancer: true` each its own, behind a
 * layer-4 round-robin proxy (balancer.ts) the gateway dials through `<SERVICE>_PORT`.
 */
async function directPorts(
  model: SimModel,
  gatewayEnv: Record<string, string>,
  balancers: Balancer[],
): Promise<Map<string, number>> {
  const portOf = new Map<string, number>();
  for (const s of model.services) {
    if (!BROKERLESS.has(s.transport.kind as RealKind)) continue;
    const names = Array.from({ length: s.replicas }, (_, i) => `${s.id}#${i + 1}`);
    gatewayEnv[`${upperSnake(s.id)}_HOST`] = '127.0.0.1';
    if (s.transport.options.loadBalancer === true) {
      const ports: number[] = [];
      for (const n of names) {
        const p = await freePort();
        ports.push(p);
        portOf.set(n, p);
      }
      const lb = await startBalancer(ports);
      balancers.push(lb);
      gatewayEnv[addressEnv(s)] = String(lb.port);
    } else {
      const p = await freePort();
      for (const n of names) portOf.set(n, p);
      gatewayEnv[addressEnv(s)] = String(p);
    }
  }
  return portOf;
}

async function play(
  model: SimModel,
  steps: ScriptStep[],
  projectDir: string,
  procs: Processes,
  broker: Broker,
  env: Record<string, string>,
  balancers: Balancer[],
): Promise<Observation> {
  const gatewayEnv = { ...env };
  const portOf = await directPorts(model, gatewayEnv, balancers);
  const instances = new Map<string, { service: string; procs: Proc[] }>();
  const startInstance = (service: string, name: string): Proc => {
    const main = join(projectDir, 'apps', kebab(service), 'dist/main.js');
    const port = portOf.get(name);
    const own: Record<string, string> =
      port === undefined ? {} : { PORT: String(port), HOST: '127.0.0.1' };
    const p = procs.start(name, process.execPath, [main], {
      env: { ...env, ...own, INSTANCE: name },
    });
    instances.get(name)!.procs.push(p);
    return p;
  };
  // One after the other: the order consumers register in is the order #1, #2… (RMQ round-robin).
  for (const s of model.services)
    for (let i = 1; i <= s.replicas; i++) {
      const name = `${s.id}#${i}`;
      instances.set(name, { service: s.id, procs: [] });
      const p = startInstance(s.id, name);
      // A second TCP/gRPC server on a taken port fails to listen: that is the observation.
      await waitForLine(p, /is listening|EADDRINUSE/, BOOT_MS).catch((e: unknown) => {
        if (!p.lines.some((l) => l.includes('EADDRINUSE'))) throw e;
      });
    }
  const httpPort = await freePort();
  const gateway = procs.start(
    'gateway',
    process.execPath,
    [join(projectDir, 'apps/gateway/dist/main.js')],
    {
      env: { ...gatewayEnv, PORT: String(httpPort) },
    },
  );
  await waitForLine(gateway, /gateway on/, BOOT_MS);
  // Warm the gateway's HTTP stack (Express, Nest's router) with 404s that reach no broker.
  for (let i = 0; i < 3; i++)
    await fetch(`http://127.0.0.1:${httpPort}/__warmup`).catch(() => null);

  const routes = new Map(model.routes.map((r) => [r.key, r]));
  const sent: Promise<Sent>[] = [];
  const longest = Math.max(0, ...model.routes.map((r) => r.timeoutMs ?? 0));
  const lastAt = Math.max(0, ...expand(steps).map((s) => s.at));
  const capMs = lastAt + longest + SETTLE_MS;
  const t0 = performance.now();
  const request = (key: string, n: number): Promise<Sent> => {
    const r = routes.get(key);
    if (!r) throw new ConformanceError(`script: unknown route "${key}"`);
    const path = r.path.replace(/:[A-Za-z_]\w*/g, String(n));
    const started = performance.now();
    const wait = Math.round(Math.max(1000, capMs - (started - t0)));
    return fetch(`http://127.0.0.1:${httpPort}${path}`, {
      method: r.method,
      ...(r.method === 'GET'
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: '{}' }),
      signal: AbortSignal.timeout(wait),
    }).then(
      async (res) => ({
        status: res.status,
        body: await res.json().catch(() => null),
        ms: performance.now() - started,
      }),
      () => ({ status: null, body: null, ms: null }),
    );
  };
  const act = async (step: ScriptStep & { n: number }): Promise<void> => {
    const c = step.command;
    if (c.type === 'http') sent.push(request(c.route, step.n));
    else if (c.type === 'kill') {
      const last = instances.get(c.instance)?.procs.at(-1);
      if (!last) throw new ConformanceError(`script: unknown instance "${c.instance}"`);
      await procs.stop(last, 'SIGKILL');
    } else if (c.type === 'restart') {
      const inst = instances.get(c.instance);
      if (!inst) throw new ConformanceError(`script: unknown instance "${c.instance}"`);
      if (!inst.procs.at(-1)?.isRunning()) startInstance(inst.service, c.instance);
    } else if (c.type === 'brokerDown') await broker.down();
    else if (c.type === 'brokerUp') await broker.up();
  };

  // Steps at their wall-clock times; a step never waits for the one before (as in the engine).
  // A failing step (unknown instance, broker that will not start) ends the run once all are played.
  const done: Promise<unknown>[] = [];
  for (const step of expand(steps)) {
    const delay = step.at - (performance.now() - t0);
    if (delay > 0) await sleep(delay);
    done.push(act(step).catch((e: unknown) => e));
  }
  const failed = (await Promise.all(done)).find((e) => e instanceof Error);
  if (failed) throw failed;
  const results = await Promise.all(sent);
  await sleep(300); // the last handlers' log lines

  const handled: Record<string, Record<string, number>> = {};
  for (const [name, inst] of instances)
    for (const p of inst.procs)
      for (const line of p.lines) {
        const m = /^(\S+#\d+) handles (\S+) from/.exec(line);
        if (m && m[1] === name) countInto((handled[name] ??= {}), m[2]!);
      }
  const errors: Record<string, number> = {};
  for (const line of gateway.lines) {
    if (line.startsWith(PROBE_TAG))
      countInto(errors, String(JSON.parse(line.slice(PROBE_TAG.length))));
    // An emit route has no error mapping: Nest's ExceptionsHandler logs what its client threw.
    const unhandled = /ERROR \[ExceptionsHandler\] (.+)$/.exec(line);
    if (unhandled) countInto(errors, unhandled[1]!);
  }
  // The export imitates ClientGrpcProxy.emit()'s throw as an HTTP 500 with its message.
  for (const r of results) {
    const message = (r.body as { message?: unknown } | null)?.message;
    if (r.status === 500 && message === GRPC_NO_EVENTS.replace(/^Error: /, ''))
      countInto(errors, message);
  }
  const ms = results.flatMap((r): [number, number][] =>
    r.status === null || r.ms === null ? [] : [[r.status, Math.round(r.ms)]],
  );
  return {
    requests: results.length,
    statuses: results.map((r) => r.status),
    answeredBy: results.map((r) => instanceOf(r)),
    handled: tidyHandled(handled),
    errors,
    medianMs: mediansByStatus(ms),
  };
}

/** `http` steps become one step per request (n = 1, 2, … per route, as the engine numbers them). */
export function expand(steps: ScriptStep[]): (ScriptStep & { n: number })[] {
  const out: (ScriptStep & { n: number; i: number })[] = [];
  const perRoute = new Map<string, number>();
  steps.forEach((s, i) => {
    const c = s.command;
    if (c.type !== 'http') return void out.push({ ...s, n: 0, i });
    for (let k = 0; k < c.count; k++) {
      const n = (perRoute.get(c.route) ?? 0) + 1;
      perRoute.set(c.route, n);
      out.push({ at: s.at + k * c.everyMs, command: c, n, i });
    }
  });
  // Time order; same time: file order (the engine's rule).
  return out.sort((a, b) => a.at - b.at || a.i - b.i);
}

function instanceOf(r: Sent): string | null {
  const b = r.body as { instance?: unknown } | null;
  return r.status !== null && r.status < 400 && typeof b?.instance === 'string' ? b.instance : null;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
