/**
 * Open-loop load generators (`load` command): requests on a route at a constant, ramping or
 * bursting rate for a while. A new load on a route replaces the running one (a token per start).
 */
import { arrivalOffset, burstOffset, type LoadSpec } from '../resilience/load';
import type { Command } from '../types';
import type { World } from '../simulation';

export class LoadGenerators {
  /** The token of the load running on each route. */
  private readonly byRoute = new Map<string, number>();
  private seq = 0;

  constructor(private readonly w: World) {}

  start(cmd: Extract<Command, { type: 'load' }>): void {
    const route = this.w.routes.get(cmd.route);
    if (!route) return;
    const token = ++this.seq;
    if (this.byRoute.has(cmd.route))
      this.w.trace({ t: this.w.now, type: 'load.stopped', route: cmd.route });
    const spec: LoadSpec = {
      rps: cmd.rps,
      forMs: cmd.forMs,
      shape: cmd.shape ?? 'constant',
      ...(cmd.toRps !== undefined ? { toRps: cmd.toRps } : {}),
      ...(cmd.burstEveryMs !== undefined ? { burstEveryMs: cmd.burstEveryMs } : {}),
      ...(cmd.burstSize !== undefined ? { burstSize: cmd.burstSize } : {}),
    };
    const first = arrivalOffset(spec, 0);
    const firstBurst = burstOffset(spec, 1);
    if (first === null && firstBurst === null) {
      this.byRoute.delete(cmd.route);
      return;
    }
    this.byRoute.set(cmd.route, token);
    this.w.trace({
      t: this.w.now,
      type: 'load.started',
      route: cmd.route,
      rps: cmd.rps,
      forMs: cmd.forMs,
      shape: spec.shape,
    });
    const start = this.w.now;
    const live = () => this.byRoute.get(cmd.route) === token;
    const steady = (k: number) => {
      if (!live()) return;
      this.w.gateway.startHttp(route);
      const next = arrivalOffset(spec, k + 1);
      if (next !== null) this.w.schedule(start + next, () => steady(k + 1));
    };
    const burst = (k: number) => {
      if (!live()) return;
      for (let i = 0; i < spec.burstSize!; i++) this.w.gateway.startHttp(route);
      const next = burstOffset(spec, k + 1);
      if (next !== null) this.w.schedule(start + next, () => burst(k + 1));
    };
    if (first !== null) this.w.schedule(start + first, () => steady(0));
    if (firstBurst !== null) this.w.schedule(start + firstBurst, () => burst(1));
    this.w.schedule(start + spec.forMs, () => {
      if (!live()) return;
      this.byRoute.delete(cmd.route);
      this.w.trace({ t: this.w.now, type: 'load.stopped', route: cmd.route });
    });
  }
}
