/**
 * Instances' lives: added (start, scale out), killed (a `kill` fault) or stopped gracefully
 * (scale in), restarted (`starting` for the service's start-up time, then `up` and subscribed),
 * paused and resumed, and a whole service killed / restarted. Every kill bumps the instance's
 * `epoch`, so work scheduled by an earlier life is ignored.
 */
import type { InstanceId, NodeId } from '../../shared';
import { instanceId, parseInstanceId } from '../../shared';
import type { InstanceRt, ServiceRt } from '../transports/transport';
import type { World } from '../simulation';

export class Instances {
  /** Every instance ever added (scaled-away ones included), by id. */
  private readonly every = new Map<InstanceId, InstanceRt>();

  constructor(private readonly w: World) {}

  /** Handler executions per instance (including instances scaled away) and pattern. */
  handledByInstance(): Record<InstanceId, Record<string, number>> {
    const out: Record<InstanceId, Record<string, number>> = {};
    for (const [id, inst] of this.every) out[id] = { ...inst.handled };
    return out;
  }

  add(svc: ServiceRt, index: number, status: InstanceRt['status']): InstanceRt {
    const inst: InstanceRt = {
      id: instanceId(svc.id, index),
      service: svc,
      index,
      status,
      epoch: 0,
      busy: 0,
      handled: {},
      waiting: [],
      held: [],
      paused: false,
      busyArea: 0,
      busyAt: this.w.now,
      ...(svc.release ? { release: svc.release } : {}),
    };
    svc.instances.push(inst);
    this.every.set(inst.id, inst);
    return inst;
  }

  find(id: InstanceId): InstanceRt | undefined {
    const parsed = parseInstanceId(id);
    if (!parsed) return undefined;
    return this.w.serviceById.get(parsed.service)?.instances.find((i) => i.index === parsed.index);
  }

  /** The `kill` command: the instance crashes, raised as a `kill` fault until it restarts. */
  kill(id: InstanceId): void {
    const inst = this.find(id);
    if (!inst || inst.status === 'down') return;
    this.stop(inst, false, this.w.faults.raise('kill', inst.id, {}).faultId);
  }

  /**
   * The instance stops: crashed (a fault, `faultId`) or, `graceful`, scaled away. Its work in
   * progress and waiting deliveries are gone.
   */
  stop(inst: InstanceRt, graceful: boolean, faultId?: string): void {
    const wasUp = inst.status === 'up';
    inst.status = 'down';
    inst.downFault = faultId;
    inst.epoch++;
    this.w.handling.addBusy(inst, -inst.busy);
    inst.waiting = [];
    inst.held = [];
    if (inst.paused) {
      inst.paused = false;
      this.w.faults.clear('pause', inst.id);
    }
    if (wasUp) inst.service.transport.instanceDown(inst, graceful);
    this.w.trace({ t: this.w.now, type: 'instance.down', instance: inst.id });
  }

  restart(id: InstanceId): void {
    const inst = this.find(id);
    if (!inst || inst.status !== 'down') return;
    this.boot(inst);
  }

  /** `starting` for the service's start-up time, then `up` and subscribed. */
  boot(inst: InstanceRt, startupMs = inst.service.spec.startupMs): void {
    this.w.faults.clear('kill', inst.id);
    inst.status = 'starting';
    inst.epoch++;
    const epoch = inst.epoch;
    this.w.trace({ t: this.w.now, type: 'instance.starting', instance: inst.id });
    this.w.schedule(this.w.now + startupMs, () => {
      if (inst.epoch !== epoch || inst.status !== 'starting') return;
      inst.status = 'up';
      inst.downFault = undefined;
      this.w.trace({ t: this.w.now, type: 'instance.up', instance: inst.id });
      inst.service.transport.instanceUp(inst);
    });
  }

  scale(serviceId: NodeId, replicas: number, startupMs?: number): void {
    const svc = this.w.serviceById.get(serviceId);
    if (!svc) return;
    const from = svc.instances.length;
    if (replicas === from) return;
    this.w.trace({ t: this.w.now, type: 'service.scaled', service: svc.id, from, to: replicas });
    while (svc.instances.length < replicas) {
      const index = svc.instances.reduce((m, i) => Math.max(m, i.index), 0) + 1;
      this.boot(this.add(svc, index, 'down'), startupMs);
    }
    while (svc.instances.length > replicas) {
      const inst = svc.instances[svc.instances.length - 1]!;
      if (inst.status !== 'down') this.stop(inst, true);
      this.w.faults.clear('kill', inst.id); // a killed instance scaled away is no longer a fault
      svc.instances.pop();
    }
  }

  pause(id: InstanceId, paused: boolean): void {
    const inst = this.find(id);
    if (!inst || inst.status === 'down' || inst.paused === paused) return;
    inst.paused = paused;
    if (paused) {
      this.w.faults.raise('pause', inst.id, {});
      return;
    }
    this.w.faults.clear('pause', inst.id);
    const held = inst.held;
    inst.held = [];
    for (const complete of held) complete();
    this.w.handling.pump(inst);
  }

  killService(id: NodeId): void {
    const svc = this.w.serviceById.get(id);
    if (!svc) return;
    const { faultId } = this.w.faults.raise('kill-service', id, {});
    for (const inst of svc.instances) if (inst.status !== 'down') this.stop(inst, false, faultId);
  }

  restartService(id: NodeId): void {
    const svc = this.w.serviceById.get(id);
    if (!svc) return;
    this.w.faults.clear('kill-service', id);
    for (const inst of svc.instances) if (inst.status === 'down') this.boot(inst);
  }
}
