/**
 * Deploys: a service rolls to a new version. `rolling` replaces its instances one at a time —
 * each stops (gracefully, as Kubernetes sends SIGTERM), is `starting` for the start-up time, then
 * runs the new version — so the others keep answering; `recreate` stops them all at once (the
 * service is gone for the start-up time, like a monolith's deploy). What is lost or kept while an
 * instance restarts is the transport's business, exactly as for a restart.
 */
import type { ScriptCommand } from '../types';
import type { InstanceRt, Release } from '../transports/transport';
import type { World } from '../simulation';

type DeployCommand = Extract<ScriptCommand, { type: 'deploy' }>;

export class Deploys {
  constructor(private readonly w: World) {}

  start(cmd: DeployCommand): void {
    const svc = this.w.serviceById.get(cmd.service);
    if (!svc) return;
    const startupMs = cmd.startupMs ?? svc.spec.startupMs;
    const release: Release = { n: (svc.release?.n ?? 1) + 1, spec: cmd.version ?? {} };
    const targets = svc.instances.slice();
    this.w.trace({
      t: this.w.now,
      type: 'deploy.started',
      service: svc.id,
      strategy: cmd.strategy,
      instances: targets.map((i) => i.id),
      ...(cmd.version ? { version: cmd.version } : {}),
    });
    // Instances scaled out from now on start with the new version.
    svc.release = release;

    const replace = (inst: InstanceRt) => {
      if (inst.status !== 'down') this.w.instances.stop(inst, true);
      inst.release = release;
      this.w.instances.boot(inst, startupMs);
    };
    // Scheduled after boot's own "up" at the same time, so it sees the instance up.
    const replaced = (inst: InstanceRt) => {
      if (inst.status === 'up')
        this.w.trace({
          t: this.w.now,
          type: 'deploy.replaced',
          service: svc.id,
          instance: inst.id,
        });
    };
    const done = () => this.w.trace({ t: this.w.now, type: 'deploy.done', service: svc.id });
    // An instance scaled away meanwhile is no longer the deploy's to replace.
    const live = (inst: InstanceRt) => svc.instances.includes(inst);

    if (cmd.strategy === 'recreate') {
      targets.forEach(replace);
      this.w.schedule(this.w.now + startupMs, () => {
        targets.filter(live).forEach(replaced);
        done();
      });
      return;
    }
    const next = (i: number): void => {
      while (i < targets.length && !live(targets[i]!)) i++;
      const inst = targets[i];
      if (!inst) return done();
      replace(inst);
      this.w.schedule(this.w.now + startupMs, () => {
        replaced(inst);
        next(i + 1);
      });
    };
    next(0);
  }
}
