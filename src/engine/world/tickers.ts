/**
 * The world's tickers, on a fixed grid of virtual time: live metrics (`metrics.sample` every
 * `metricsEveryMs`) and the autoscaler (every `AUTOSCALE_EVERY_MS`). Tickers do not keep a run
 * alive: each stops when only tickers are left in the queue, and restarts on the next command.
 */
import type { InstanceId, NodeId, SimTime } from '../../shared';
import { CALL } from '../core/step';
import { decide } from '../resilience/autoscaler';
import { MetricsWindow } from '../resilience/metrics';
import type { InstanceRt } from '../transports/transport';
import type { World } from '../simulation';

/** The autoscaler evaluates every this many virtual ms. */
export const AUTOSCALE_EVERY_MS = 1000;

export class Tickers {
  private readonly metricsEveryMs: number;
  private metricsOn = false;
  private autoscaleTickOn = false;
  /** Ticker entries in the queue (a ticker stops when only tickers are left). */
  private bg = 0;
  /** The current metrics window (HTTP responses, retries, fallbacks since the last sample). */
  readonly window = new MetricsWindow();
  private lastSampleAt = 0;
  private readonly areaAtSample = new Map<InstanceRt, number>();
  private readonly areaAtScaleTick = new Map<InstanceRt, number>();
  private lastScaleTickAt = 0;

  constructor(
    private readonly w: World,
    metricsEveryMs: number | undefined,
  ) {
    this.metricsEveryMs = metricsEveryMs !== undefined && metricsEveryMs > 0 ? metricsEveryMs : 0;
  }

  /** An HTTP response reached the client (counted in the window while metrics are on). */
  response(status: number, ms: number): void {
    if (this.metricsOn) this.window.response(status, ms, this.w.now);
  }

  toggleAutoscale(id: NodeId, enabled: boolean): void {
    const svc = this.w.serviceById.get(id);
    if (!svc?.spec.autoscale || svc.autoscaleOn === enabled) return;
    svc.autoscaleOn = enabled;
    this.w.trace({ t: this.w.now, type: 'autoscale.toggled', service: id, enabled });
  }

  /** A ticker entry: counted in `bg` so that tickers alone do not keep the world running. */
  private scheduleBg(at: SimTime, action: () => void): void {
    this.bg++;
    this.w.at(at, CALL, () => {
      this.bg--;
      action();
    });
  }

  /** Something besides tickers is scheduled. */
  private busyElsewhere(): boolean {
    return this.w.queue.size - this.bg > 0;
  }

  /** Starts the metrics and autoscale tickers (on a fixed grid) if they are needed and stopped. */
  ensure(): void {
    const every = this.metricsEveryMs;
    if (every > 0 && !this.metricsOn) {
      this.metricsOn = true;
      const at = (Math.floor(this.w.now / every) + 1) * every;
      this.window.reset(this.w.counters.duplicates);
      this.lastSampleAt = this.w.now;
      this.areaAtSample.clear();
      this.scheduleBg(at, this.metricsTick);
    }
    if (!this.autoscaleTickOn && this.w.serviceList.some((s) => s.spec.autoscale)) {
      this.autoscaleTickOn = true;
      const at = (Math.floor(this.w.now / AUTOSCALE_EVERY_MS) + 1) * AUTOSCALE_EVERY_MS;
      this.lastScaleTickAt = this.w.now;
      this.areaAtScaleTick.clear();
      this.scheduleBg(at, this.autoscaleTick);
    }
  }

  private readonly metricsTick = (): void => {
    this.sample();
    if (this.busyElsewhere()) this.scheduleBg(this.w.now + this.metricsEveryMs, this.metricsTick);
    else this.metricsOn = false;
  };

  private readonly autoscaleTick = (): void => {
    this.evaluateAutoscale();
    // Keeps ticking while a scale-in is still due, even when idle.
    const above = this.w.serviceList.some(
      (s) => s.autoscaleOn && s.spec.autoscale && s.instances.length > s.spec.autoscale.min,
    );
    if (above || this.busyElsewhere())
      this.scheduleBg(this.w.now + AUTOSCALE_EVERY_MS, this.autoscaleTick);
    else this.autoscaleTickOn = false;
  };

  /** Average busy/concurrency of `inst` since `since` (area snapshot in `marks`). */
  private utilization(inst: InstanceRt, marks: Map<InstanceRt, number>, windowMs: number): number {
    const area = this.w.handling.busyArea(inst);
    const before = marks.get(inst) ?? 0;
    marks.set(inst, area);
    if (windowMs <= 0) return 0;
    const conc = inst.service.spec.capacity?.concurrency ?? 1;
    return Math.round(((area - before) / (conc * windowMs)) * 1000) / 1000;
  }

  private sample(): void {
    const w = this.window;
    const windowMs = this.w.now - this.lastSampleAt;
    const queues: Record<string, number> = {};
    for (const t of this.w.transports.values())
      for (const q of t.queues()) queues[q.name] = q.ready;
    const waiting: Record<InstanceId, number> = {};
    const replicas: Record<NodeId, number> = {};
    const utilization: Record<InstanceId, number> = {};
    for (const s of this.w.serviceList) {
      let up = 0;
      for (const i of s.instances) {
        if (i.status === 'up') up++;
        if (i.status === 'down') continue;
        waiting[i.id] = i.waiting.length;
        utilization[i.id] = this.utilization(i, this.areaAtSample, windowMs);
      }
      replicas[s.id] = up;
    }
    const total = w.ok + w.failed;
    this.w.trace({
      t: this.w.now,
      type: 'metrics.sample',
      windowMs,
      ok: w.ok,
      failed: w.failed,
      rps: windowMs > 0 ? Math.round((total * 1000 * 100) / windowMs) / 100 : 0,
      latency: w.latency(this.w.now),
      errorRate: total > 0 ? Math.round((w.failed / total) * 1000) / 1000 : 0,
      queues,
      waiting,
      replicas,
      utilization,
      duplicates: this.w.counters.duplicates - w.duplicatesAtStart,
      retries: w.retries,
      fallbacks: w.fallbacks,
      breakers: this.w.gateway.breakerStates(),
    });
    w.reset(this.w.counters.duplicates);
    this.lastSampleAt = this.w.now;
  }

  private evaluateAutoscale(): void {
    const windowMs = this.w.now - this.lastScaleTickAt;
    this.lastScaleTickAt = this.w.now;
    for (const svc of this.w.serviceList) {
      const spec = svc.spec.autoscale;
      if (!spec) continue;
      let sum = 0;
      let up = 0;
      let depth = 0;
      for (const i of svc.instances) {
        if (i.status === 'down') continue;
        const u = this.utilization(i, this.areaAtScaleTick, windowMs);
        depth += i.waiting.length;
        if (i.status === 'up') {
          sum += u;
          up++;
        }
      }
      if (!svc.autoscaleOn) continue;
      const queueName = svc.spec.transport.options.queue;
      if (queueName !== undefined)
        for (const q of svc.transport.queues()) if (q.name === queueName) depth += q.ready;
      const current = svc.instances.length;
      const decision = decide(spec, {
        now: this.w.now,
        current,
        utilization: up > 0 ? sum / up : 0,
        queueDepth: depth,
        lastAt: svc.lastScaleAt,
      });
      if (!decision) continue;
      svc.lastScaleAt = this.w.now;
      this.w.trace({
        t: this.w.now,
        type: 'autoscale',
        service: svc.id,
        from: current,
        to: decision.to,
        reason: decision.reason,
      });
      this.w.instances.scale(svc.id, decision.to, spec.startupMs);
    }
  }
}
