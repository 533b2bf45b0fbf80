/**
 * Real envelopes → what the canvas already draws. Pure (no DOM, no wall clock): the live client
 * feeds it checked bridge frames at the display clock's time and asks for the frame at a time, the
 * same `Frame` the simulation worker returns, so the canvas, the log, the counters and the wire
 * inspector do not know which source they draw.
 *
 * What the wire shows decides the picture (docs/live.md):
 * - one `gateway` node stands for every NestJS `ClientProxy` (the wire does not name the sender);
 * - services: rmq — one per queue (`orders_queue`); redis, nats, mqtt — one per pattern (the wire
 *   does not say which app subscribed to it);
 * - instances: rmq — one per consuming connection seen on the firehose's `deliver` copies; redis,
 *   nats, mqtt — as many as the most final replies seen for one request (every subscribed
 *   instance answers a `send()` there: docs/transports.md §2);
 * - each message is drawn as hops of `HOP_MS` virtual ms from the moment it was seen (a reply
 *   starts once its request's tokens arrived), so tokens travel as they do in the simulation.
 */
import type { InstanceView, NodeView, QueueView, SimModel, TraceEvent } from '../engine/types';
import {
  FLAG_SELECTED,
  KIND_INDEX,
  dropArrays,
  tokenArrays,
  type Frame,
  type SimState,
} from '../run/frame';
import type { WireHopView } from '../run/wires';
import { createLogTranslator } from '../trace/log';
import type { Localized } from '../shared';
import type { TapEnvelope, TapHello, TapNotice, TapTransport } from './protocol';

/** Virtual ms one hop takes on screen (at 1×, 400 ms of wall time). */
export const HOP_MS = 20;
/** Messages whose hops and envelopes are kept for the inspector. */
const WIRE_KEEP = 2_000;
/** Requests remembered to pair their replies. */
const PENDING_KEEP = 5_000;

export const GATEWAY = 'gateway';
export const BROKER = 'broker';
export const CLIENT = 'client';

interface LiveHop {
  num: number;
  msgId: string;
  kind: 'request' | 'reply' | 'event' | 'error';
  from: string;
  to: string;
  t: number;
  arriveAt: number;
  pattern?: string;
  wire: { channel: string; body: Record<string, unknown>; headers?: Record<string, unknown> };
}

interface Service {
  id: string;
  patterns: Map<string, 'request' | 'event'>;
  /** Instance ids in index order; rmq consumers by connection name. */
  instances: string[];
  consumers: Map<string, string>;
}

interface Sent {
  msgId: string;
  pattern: string;
  service: string;
  /** When its last token arrives (a reply starts no earlier). */
  doneAt: number;
  /** Final replies seen (redis/nats/mqtt duplicates count instances). */
  finals: number;
}

const BROKER_NAMES: Record<TapTransport, string> = {
  redis: 'Redis',
  nats: 'NATS',
  mqtt: 'MQTT',
  rmq: 'RabbitMQ',
};
const QUEUE_KIND: Record<TapTransport, QueueView['kind']> = {
  redis: 'channel',
  nats: 'subject',
  mqtt: 'topic',
  rmq: 'queue',
};

/** `redis://127.0.0.1:6379/0` → `127.0.0.1:6379` (the banner shows the whole URL). */
function hostOf(url: string): string {
  const m = /^[a-z]+:\/\/(?:[^@/]*@)?([^/?#]+)/i.exec(url);
  return m ? m[1]! : url;
}

/** The envelope's body as NestJS put it on the wire (for the inspector). */
function bodyOf(e: TapEnvelope): Record<string, unknown> {
  const b: Record<string, unknown> = {};
  if (e.pattern !== undefined) b.pattern = e.pattern;
  if ('data' in e) b.data = e.data;
  if ('response' in e) b.response = e.response;
  if ('err' in e) b.err = e.err;
  if (e.status !== undefined) b.status = e.status;
  if (e.isDisposed !== undefined) b.isDisposed = e.isDisposed;
  if (e.id !== undefined) b.id = e.id;
  return b;
}

export class LiveSession {
  readonly transport: TapTransport;
  private model: SimModel;
  private modelVersion = 0;
  private readonly services = new Map<string, Service>();
  private readonly sent = new Map<string, Sent>();
  private hops: LiveHop[] = [];
  private wires = new Map<string, LiveHop[]>();
  private readonly nums = new Map<number, string>();
  private nextNum = 1;
  private readonly endpoints: string[] = [];
  private readonly endpointIndex = new Map<string, number>();
  private endpointsGrew = true;
  private readonly translator = createLogTranslator(GATEWAY, CLIENT);
  private pendingEvents: TraceEvent[] = [];
  private stateDirty = true;
  private brokerUp = true;
  private readonly channels = new Map<string, number>();
  private counters = { messages: 0, duplicates: 0, errors: 0, notices: 0 };
  private handled = new Map<string, Record<string, number>>();
  /** rmq: messages published to a queue whose delivery was not seen yet (its `ready` count). */
  private readonly ready = new Map<string, number>();
  /** rmq: when the newest publish to a queue reaches the broker (its delivery starts no earlier). */
  private readonly publishDone = new Map<string, number>();
  private now = 0;

  constructor(
    readonly hello: TapHello,
    private readonly texts: { title: Localized; gateway: Localized; client: Localized },
  ) {
    this.transport = hello.transport;
    this.model = this.buildModel();
    for (const id of [CLIENT, GATEWAY, BROKER]) this.endpointOf(id);
  }

  /** The model the canvas draws; `version` changes when a service or pattern appeared. */
  get current(): { model: SimModel; version: number } {
    return { model: this.model, version: this.modelVersion };
  }

  /** A bridge frame seen now (`t`: the display clock, virtual ms). */
  envelope(e: TapEnvelope, t: number): void {
    this.now = Math.max(this.now, t);
    this.counters.messages++;
    // Service channels only: reply channels and inboxes (one per request on NATS) are noise there.
    if (e.kind !== 'reply') this.channels.set(e.channel, (this.channels.get(e.channel) ?? 0) + 1);
    this.stateDirty = true;
    if (e.kind === 'reply') this.reply(e, t);
    else if (this.transport === 'rmq' && e.stage === 'deliver') this.deliver(e, t);
    else this.outgoing(e, t);
  }

  notice(n: TapNotice | { channel: string; detail: string }, t: number): void {
    this.counters.notices++;
    this.stateDirty = true;
    this.pendingEvents.push({
      t,
      type: 'client.log',
      who: 'tap',
      level: 'WARN',
      text: `${n.channel ? `${n.channel}: ` : ''}${n.detail}`,
    });
  }

  brokerStatus(up: boolean, t: number): void {
    if (up === this.brokerUp) return;
    this.brokerUp = up;
    this.stateDirty = true;
    this.pendingEvents.push({ t, type: up ? 'broker.up' : 'broker.down' });
  }

  /** rmq routes by queue (the routing key of a `sendToQueue`), the others by pattern. */
  private serviceFor(e: TapEnvelope): string {
    if (this.transport === 'rmq') return e.queue ?? e.channel ?? 'rmq';
    return e.pattern ?? e.channel;
  }

  private service(id: string): Service {
    let s = this.services.get(id);
    if (!s) {
      s = { id, patterns: new Map(), instances: [], consumers: new Map() };
      this.services.set(id, s);
      this.modelChanged();
    }
    return s;
  }

  private instance(s: Service, index: number): string {
    while (s.instances.length < index) {
      s.instances.push(`${s.id}#${s.instances.length + 1}`);
      this.modelChanged();
    }
    return s.instances[index - 1]!;
  }

  private notePattern(s: Service, pattern: string, kind: 'request' | 'event') {
    if (s.patterns.get(pattern) === kind) return;
    s.patterns.set(pattern, kind);
    this.modelChanged();
  }

  private outgoing(e: TapEnvelope, t: number): void {
    const s = this.service(this.serviceFor(e));
    const pattern = e.pattern ?? '';
    const kind = e.kind === 'request' ? 'request' : 'event';
    this.notePattern(s, pattern, kind);
    const msgId = e.id ?? e.correlationId ?? `live-${e.seq}`;
    const wire = { channel: e.channel, body: bodyOf(e), headers: this.headers(e) };
    this.hop(msgId, kind, GATEWAY, BROKER, t, pattern, wire);
    if (kind === 'request')
      this.pendingEvents.push({ t, type: 'client.send', msgId, pattern, reqId: msgId, to: s.id });
    else this.pendingEvents.push({ t, type: 'client.emit', msgId, pattern, to: [s.id] });
    let doneAt = t + HOP_MS;
    if (this.transport === 'rmq') {
      this.publishDone.set(s.id, doneAt);
      this.ready.set(s.id, (this.ready.get(s.id) ?? 0) + 1);
    }
    // rmq shows the delivery on its own (`deliver` copy); the others deliver as they publish.
    // Redis, NATS and MQTT copy a message to every subscriber: it goes to every instance known
    // (a queue group or `$share` group answers once per request, so it stays at one instance).
    if (this.transport !== 'rmq') {
      this.instance(s, 1);
      for (const inst of s.instances) {
        this.hop(msgId, kind, BROKER, inst, t + HOP_MS, pattern, wire);
        this.handle(inst, pattern);
        this.pendingEvents.push({ t, type: 'message.delivered', msgId, instance: inst, pattern });
      }
      doneAt += HOP_MS;
    }
    if (kind === 'request') this.remember({ msgId, pattern, service: s.id, doneAt, finals: 0 });
  }

  private deliver(e: TapEnvelope, t: number): void {
    const s = this.service(this.serviceFor(e));
    const pattern = e.pattern ?? '';
    this.notePattern(s, pattern, e.kind === 'request' ? 'request' : 'event');
    this.ready.set(s.id, Math.max(0, (this.ready.get(s.id) ?? 0) - 1));
    const consumer = e.consumer ?? '?';
    let inst = s.consumers.get(consumer);
    if (!inst) {
      inst = this.instance(s, s.consumers.size + 1);
      s.consumers.set(consumer, inst);
    }
    const msgId = e.id ?? e.correlationId ?? `live-${e.seq}`;
    const prev = this.sent.get(msgId);
    const start = Math.max(t, prev ? prev.doneAt : (this.publishDone.get(s.id) ?? t));
    const kind = e.kind === 'request' ? 'request' : 'event';
    this.hop(msgId, kind, BROKER, inst, start, pattern, {
      channel: e.channel,
      body: bodyOf(e),
      headers: this.headers(e),
    });
    this.handle(inst, pattern);
    this.pendingEvents.push({ t, type: 'message.delivered', msgId, instance: inst, pattern });
    if (prev) prev.doneAt = start + HOP_MS;
    if (prev) prev.service = s.id;
  }

  private reply(e: TapEnvelope, t: number): void {
    const msgId = e.id ?? e.correlationId;
    const req = msgId !== undefined ? this.sent.get(msgId) : undefined;
    const isError = e.err !== undefined;
    const kind = isError ? 'error' : 'reply';
    const wire = { channel: e.channel, body: bodyOf(e), headers: this.headers(e) };
    const id = msgId ?? `live-${e.seq}`;
    const pattern = req?.pattern ?? this.patternOfReplyChannel(e.channel);
    let from: string | null = null;
    if (req || pattern) {
      const s = this.service(req?.service ?? pattern ?? e.channel);
      const final = e.isDisposed !== false;
      const sent = req ?? {
        msgId: id,
        pattern: pattern ?? '',
        service: s.id,
        doneAt: t,
        finals: 0,
      };
      // The k-th final reply to one request comes from a k-th instance (docs/transports.md §2).
      const index =
        this.transport === 'rmq' ? Math.max(1, this.rmqInstanceOf(s, id)) : sent.finals + 1;
      from = this.instance(s, index);
      if (final) {
        sent.finals++;
        if (sent.finals > 1) this.counters.duplicates++;
      }
    }
    const start = Math.max(t, req?.doneAt ?? t);
    if (from) this.hop(id, kind, from, BROKER, start, pattern, wire);
    this.hop(id, kind, BROKER, GATEWAY, start + (from ? HOP_MS : 0), pattern, wire);
    if (isError) {
      this.counters.errors++;
      this.pendingEvents.push({ t, type: 'request.error', msgId: id, error: e.err });
    } else
      this.pendingEvents.push({
        t,
        type: 'reply.received',
        msgId: id,
        instance: from ?? BROKER,
        ...(e.isDisposed === false ? { more: true, value: e.response } : {}),
      });
  }

  /** rmq: the instance a request was delivered to (from its `deliver` hop). */
  private rmqInstanceOf(s: Service, msgId: string): number {
    const hops = this.wires.get(msgId) ?? [];
    for (const h of hops) {
      if (h.from === BROKER && h.to.startsWith(`${s.id}#`)) return s.instances.indexOf(h.to) + 1;
    }
    return 1;
  }

  private patternOfReplyChannel(channel: string): string | undefined {
    if (this.transport === 'redis' && channel.endsWith('.reply')) return channel.slice(0, -6);
    if (this.transport === 'mqtt' && channel.endsWith('/reply')) return channel.slice(0, -6);
    return undefined;
  }

  private headers(e: TapEnvelope): Record<string, unknown> | undefined {
    const h: Record<string, unknown> = {};
    if (e.replyTo !== undefined) h.replyTo = e.replyTo;
    if (e.correlationId !== undefined) h.correlationId = e.correlationId;
    if (e.stage !== undefined) h.firehose = e.stage;
    if (e.consumer !== undefined) h.connection = e.consumer;
    return Object.keys(h).length > 0 ? h : undefined;
  }

  private handle(inst: string, pattern: string) {
    const h = this.handled.get(inst) ?? {};
    h[pattern] = (h[pattern] ?? 0) + 1;
    this.handled.set(inst, h);
  }

  private remember(s: Sent) {
    if (this.sent.size >= PENDING_KEEP) this.sent.delete(this.sent.keys().next().value!);
    this.sent.set(s.msgId, s);
  }

  private hop(
    msgId: string,
    kind: LiveHop['kind'],
    from: string,
    to: string,
    t: number,
    pattern: string | undefined,
    wire: LiveHop['wire'],
  ) {
    const num = this.nextNum++;
    const h: LiveHop = { num, msgId, kind, from, to, t, arriveAt: t + HOP_MS, wire };
    if (pattern) h.pattern = pattern;
    this.endpointOf(from);
    this.endpointOf(to);
    this.hops.push(h);
    this.nums.set(num, msgId);
    let list = this.wires.get(msgId);
    if (!list) {
      if (this.wires.size >= WIRE_KEEP) {
        const oldest = this.wires.keys().next().value!;
        for (const o of this.wires.get(oldest) ?? []) this.nums.delete(o.num);
        this.wires.delete(oldest);
      }
      this.wires.set(msgId, (list = []));
    }
    if (list.length < 32) list.push(h);
  }

  private endpointOf(id: string): number {
    let i = this.endpointIndex.get(id);
    if (i === undefined) {
      i = this.endpoints.length;
      this.endpoints.push(id);
      this.endpointIndex.set(id, i);
      this.endpointsGrew = true;
    }
    return i;
  }

  private modelChanged() {
    this.modelVersion++;
    this.stateDirty = true;
    this.model = this.buildModel();
  }

  private buildModel(): SimModel {
    const kind = this.transport;
    const services = [...(this.services?.values() ?? [])];
    const layout: SimModel['layout'] = {
      [CLIENT]: { x: 0, y: 0 },
      [GATEWAY]: { x: 420, y: 0 },
      [BROKER]: { x: 880, y: 0 },
    };
    services.forEach((s, i) => {
      layout[s.id] = { x: 1480, y: (i - (services.length - 1) / 2) * 220 };
    });
    return {
      title: this.texts.title,
      seed: 0,
      transport: { kind, options: {} },
      client: { id: CLIENT, label: this.texts.client },
      gateway: { id: GATEWAY, label: this.texts.gateway },
      broker: { id: BROKER, label: { en: `${BROKER_NAMES[kind]} ${hostOf(this.hello.broker)}` } },
      services: services.map((s) => ({
        id: s.id,
        label: { en: s.id },
        replicas: Math.max(1, s.instances.length),
        transport: { kind, options: kind === 'rmq' ? { queue: s.id } : {} },
        handlers: [...s.patterns].map(([pattern, k]) => ({
          pattern,
          kind: k,
          latency: { mean: 0, jitter: 0 },
          failureRate: 0,
          failure: { type: 'rpc' as const, message: '' },
        })),
        startupMs: 0,
      })),
      routes: [],
      script: [],
      layout,
    };
  }

  private state(): SimState {
    const nodes: NodeView[] = [
      { id: CLIENT, type: 'client', label: this.texts.client },
      { id: GATEWAY, type: 'gateway', label: this.texts.gateway },
      { id: BROKER, type: 'broker', label: this.model.broker!.label },
    ];
    const instances: InstanceView[] = [];
    for (const s of this.services.values()) {
      nodes.push({ id: s.id, type: 'service', label: { en: s.id }, transport: this.transport });
      s.instances.forEach((id, i) =>
        instances.push({
          id,
          service: s.id,
          index: i + 1,
          status: 'up',
          busy: 0,
          handled: { ...(this.handled.get(id) ?? {}) },
        }),
      );
    }
    const queues: QueueView[] = [...this.channels].slice(0, 12).map(([name]) => ({
      name,
      kind: QUEUE_KIND[this.transport],
      ready: this.ready.get(name) ?? 0,
      unacked: 0,
      consumers: this.services.get(name)?.instances.length ?? 0,
    }));
    let pending = 0;
    for (const s of this.sent.values()) if (s.finals === 0) pending++;
    return {
      now: this.now,
      nodes,
      instances,
      queues,
      counters: {
        httpTotal: 0,
        byStatus: {},
        pending,
        dropped: 0,
        duplicates: this.counters.duplicates,
        retries: 0,
        fallbacks: 0,
        duplicatesAvoided: 0,
        rejected: 0,
        deadLettered: 0,
      },
      broker: { status: this.brokerUp ? 'up' : 'down' },
      duplicatesByService: {},
      loads: {},
    };
  }

  /** Something left to draw or publish (the client keeps its loop alive while paused). */
  get busy(): boolean {
    return this.pendingEvents.length > 0 || this.stateDirty;
  }

  /** Totals for the live banner. */
  get totals() {
    return { ...this.counters };
  }

  /** The frame at display time `t`: tokens in flight then, new log lines, the state if it changed. */
  frameAt(t: number, selected: string | null = null): Frame {
    this.now = Math.max(this.now, t);
    this.hops = this.hops.filter((h) => h.arriveAt > t);
    const live = this.hops.filter((h) => h.t <= t);
    const tokens = tokenArrays(live.length);
    live.forEach((h, i) => {
      tokens.from[i] = this.endpointOf(h.from);
      tokens.to[i] = this.endpointOf(h.to);
      tokens.kind[i] = KIND_INDEX[h.kind];
      tokens.flags[i] = h.msgId === selected ? FLAG_SELECTED : 0;
      tokens.t[i] = h.t;
      tokens.arriveAt[i] = h.arriveAt;
      tokens.id[i] = h.num;
    });
    const f: Frame = {
      now: t,
      horizon: t,
      tokens,
      drops: dropArrays(0),
      quiet: this.hops.length === 0,
    };
    if (this.endpointsGrew) {
      f.endpoints = [...this.endpoints];
      this.endpointsGrew = false;
    }
    if (this.pendingEvents.length > 0) {
      const lines = [];
      for (const e of this.pendingEvents) {
        const line = this.translator.translate(e);
        if (line) lines.unshift(line);
      }
      this.pendingEvents = [];
      f.log = { reset: false, lines };
    }
    if (this.stateDirty) {
      f.state = this.state();
      this.stateDirty = false;
    }
    return f;
  }

  /** What a token's number names (the inspector). */
  describe(num: number): { msgId: string; group: string } | null {
    const msgId = this.nums.get(num);
    return msgId ? { msgId, group: msgId } : null;
  }

  wireOf(msgId: string): WireHopView[] {
    return (this.wires.get(msgId) ?? []).map((h) => ({
      kind: h.kind,
      from: h.from,
      to: h.to,
      t: h.t,
      arriveAt: h.arriveAt,
      ...(h.pattern ? { pattern: h.pattern } : {}),
      wire: h.wire,
    }));
  }
}
