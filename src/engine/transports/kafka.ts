/**
 * Kafka (NestJS `Transport.KAFKA`, kafkajs), modelled from the NestJS source and Kafka's documented
 * semantics (spec "Kafka and gRPC"): a topic per pattern with `partitions` (default 1); a record's
 * key picks its partition (murmur2, as kafkajs' default partitioner), no key → round-robin. Each
 * service is one consumer group `<groupId>-server` (groupId defaults to the service id); a
 * partition is owned by one member, so members beyond the partition count idle, and two groups
 * each get every record. The log is retained; a group resumes from its committed offset, which
 * advances after a handling finishes (at-least-once: a crash mid-handling ⇒ the next owner handles
 * the record again). Joins/leaves pause the group for a rebalance; a crashed member is noticed after
 * the session timeout. Replies travel on `<pattern>.reply` with `kafka_correlationId`,
 * `kafka_replyTopic`, `kafka_replyPartition`; the client must `subscribeToResponseOf(pattern)`.
 */
import { KAFKA_CONNECTION_ERROR, kafkaNotSubscribed } from '../nestErrors';
import { KAFKA, RECONNECT, timingFor } from '../timing';
import type { PartitionView, QueueView } from '../types';
import type {
  Done,
  InstanceRt,
  Msg,
  ReplyBody,
  ServiceRt,
  TransportContext,
  TransportModel,
} from './transport';
import { relayReply } from './transport';

/** Kafka's murmur2 (the Java client's and kafkajs' default partitioner), over UTF-8 bytes. */
export function murmur2(key: string): number {
  const data: number[] = [];
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c < 0x80) data.push(c);
    else if (c < 0x800) data.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else {
      if (c >= 0xd800 && c <= 0xdfff) {
        // A surrogate pair is one 4-byte character; a lone surrogate is written as U+FFFD, as
        // kafkajs' UTF-8 encoding of the key does (docs/transports.md, Kafka partitioner).
        const low = c <= 0xdbff ? key.charCodeAt(i + 1) : NaN;
        if (low >= 0xdc00 && low <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          data.push(
            0xf0 | (c >> 18),
            0x80 | ((c >> 12) & 63),
            0x80 | ((c >> 6) & 63),
            0x80 | (c & 63),
          );
          i++;
          continue;
        }
        c = 0xfffd;
      }
      data.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
  }
  const len = data.length;
  const m = 0x5bd1e995;
  let h = 0x9747b28c ^ len;
  const whole = len & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const rest = len & 3;
  if (rest === 3) h ^= data[whole + 2]! << 16;
  if (rest >= 2) h ^= data[whole + 1]! << 8;
  if (rest >= 1) h = Math.imul(h ^ data[whole]!, m);
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** kafkajs DefaultPartitioner for a keyed record. */
export const partitionOf = (key: string, partitions: number) =>
  (murmur2(key) & 0x7fffffff) % partitions;

interface Topic {
  name: string;
  /** Records per partition from offset `base[p]` on (older ones every group has committed are trimmed). */
  logs: Msg[][];
  base: number[];
  /** Log length at which the next trim is tried (amortises the scan when consumers lag). */
  nextTrim: number[];
  /** Round-robin cursor for records without a key. */
  rr: number;
}

/** One group's progress on one topic. */
interface Progress {
  topic: Topic;
  committed: number[];
  /** Next offset to hand to the owner. */
  position: number[];
  owner: (InstanceRt | undefined)[];
  /** Delivery token of the handling in progress per partition (0 = idle). */
  busy: number[];
  busyBy: (InstanceRt | undefined)[];
  /** The `epoch` (life) of `busyBy` when it got the record. */
  busyLife: number[];
  /** Highest offset ever delivered (to flag redeliveries). */
  highest: number[];
}

interface Group {
  id: string;
  services: ServiceRt[];
  members: InstanceRt[];
  generation: number;
  rebalancing: boolean;
  progress: Map<string, Progress>;
}

export function createKafka(ctx: TransportContext): TransportModel {
  const T = timingFor('kafka');
  const topics = new Map<string, Topic>();
  const groups = new Map<string, Group>();
  const groupOfService = new Map<ServiceRt, Group>();
  let clientUp = true;
  let initial = true;
  let token = 0;
  ctx.schedule(0, () => (initial = false));

  const opts = (s: ServiceRt) => s.spec.transport.options;
  const mine = () => ctx.services().filter((s) => s.spec.transport.kind === 'kafka');
  const handles = (s: ServiceRt, pattern: string) =>
    s.spec.handlers.some((h) => h.pattern === pattern);

  function partitionsFor(pattern: string): number {
    let n = 1;
    for (const s of mine())
      if (handles(s, pattern)) n = Math.max(n, Math.floor(Number(opts(s).partitions ?? 1)) || 1);
    return n;
  }

  function topicOf(name: string): Topic {
    let t = topics.get(name);
    if (!t) {
      const n = partitionsFor(name);
      t = {
        name,
        logs: Array.from({ length: n }, () => []),
        base: new Array<number>(n).fill(0),
        nextTrim: new Array<number>(n).fill(2048),
        rr: 0,
      };
      topics.set(name, t);
    }
    return t;
  }

  // Groups and topics exist from the start (the services were deployed before the run).
  for (const s of mine()) {
    const id = `${String(opts(s).groupId ?? s.id)}-server`;
    let g = groups.get(id);
    if (!g) {
      g = { id, services: [], members: [], generation: 0, rebalancing: false, progress: new Map() };
      groups.set(id, g);
    }
    g.services.push(s);
    groupOfService.set(s, g);
    for (const h of s.spec.handlers) {
      const t = topicOf(h.pattern);
      if (!g.progress.has(t.name)) {
        const n = t.logs.length;
        const zeros = () => new Array<number>(n).fill(0);
        g.progress.set(t.name, {
          topic: t,
          committed: zeros(),
          position: zeros(),
          owner: new Array(n).fill(undefined),
          busy: zeros(),
          busyBy: new Array(n).fill(undefined),
          busyLife: zeros(),
          highest: new Array<number>(n).fill(-1),
        });
      }
    }
  }

  // ───────────── producing ─────────────

  function produce(msg: Msg): void {
    const t = topicOf(msg.pattern);
    const n = t.logs.length;
    const p = msg.key !== undefined ? partitionOf(msg.key, n) : t.rr++ % n;
    const headers: Record<string, unknown> = { partition: p };
    if (msg.key !== undefined) headers.key = msg.key;
    if (msg.kind === 'request') {
      headers.kafka_correlationId = msg.id;
      headers.kafka_replyTopic = `${msg.pattern}.reply`;
      headers.kafka_replyPartition = '0';
    }
    ctx.transmit(
      {
        msgId: msg.id,
        reqId: msg.reqId,
        kind: msg.kind,
        from: msg.client,
        to: ctx.brokerId!,
        pattern: msg.pattern,
        wire: { channel: t.name, body: { key: msg.key ?? null, value: msg.data }, headers },
      },
      T.clientToBroker,
      () => {
        const log = t.logs[p]!;
        log.push(msg);
        const end = t.base[p]! + log.length;
        ctx.trace({
          t: ctx.now,
          type: 'broker.enqueued',
          msgId: msg.id,
          reqId: msg.reqId,
          where: `${t.name}[${p}]@${end - 1}`,
          depth: end,
        });
        for (const g of groups.values())
          if (g.progress.has(t.name)) pump(g, g.progress.get(t.name)!, p);
      },
    );
  }

  function reject(msg: Msg, err: string, published?: (e?: unknown) => void) {
    ctx.schedule(ctx.now, () => {
      if (published) published(err);
      else ctx.replyArrived(msg, null, { ok: false, err });
    });
  }

  // ───────────── consuming ─────────────

  function pump(g: Group, pr: Progress, p: number): void {
    if (g.rebalancing || !ctx.brokerAlive || pr.busy[p] !== 0) return;
    const owner = pr.owner[p];
    if (!owner || owner.status !== 'up') return;
    const log = pr.topic.logs[p]!;
    const base = pr.topic.base[p]!;
    const offset = pr.position[p]!;
    if (offset >= base + log.length) return;
    const msg = log[offset - base]!;
    const mine = ++token;
    pr.busy[p] = mine;
    pr.busyBy[p] = owner;
    pr.busyLife[p] = owner.epoch;
    pr.position[p] = offset + 1;
    const redelivered = offset <= pr.highest[p]!;
    if (offset > pr.highest[p]!) pr.highest[p] = offset;
    const life = owner.epoch;
    const generation = g.generation;
    ctx.transmit(
      {
        msgId: msg.id,
        reqId: msg.reqId,
        kind: msg.kind,
        from: ctx.brokerId!,
        to: owner.id,
        pattern: msg.pattern,
        wire: {
          channel: pr.topic.name,
          body: { key: msg.key ?? null, value: msg.data },
          headers: { partition: p, offset: String(offset) },
        },
      },
      T.brokerToServer,
      () => {
        if (owner.epoch !== life || g.generation !== generation) {
          if (pr.busy[p] === mine) pr.busy[p] = 0;
          return;
        }
        ctx.handle(owner, msg, replied, {
          partition: p,
          offset,
          redelivered,
          onFinish: () => finished(g, pr, p, offset, mine, owner, life),
        });
      },
      () => {
        if (pr.busy[p] === mine) {
          pr.busy[p] = 0;
          pr.position[p] = pr.committed[p]!;
        }
      },
    );
  }

  function finished(
    g: Group,
    pr: Progress,
    p: number,
    offset: number,
    mine: number,
    inst: InstanceRt,
    life: number,
  ): void {
    if (inst.epoch !== life) return;
    if (ctx.brokerAlive && offset + 1 > pr.committed[p]!) {
      // The offset commit reaches the broker (it can't while the broker is down: redelivery).
      pr.committed[p] = offset + 1;
      ctx.trace({
        t: ctx.now,
        type: 'offset.commit',
        group: g.id,
        topic: pr.topic.name,
        partition: p,
        offset: offset + 1,
      });
    }
    trim(pr.topic, p);
    if (pr.busy[p] !== mine) return;
    pr.busy[p] = 0;
    pr.busyBy[p] = undefined;
    if (!ctx.brokerAlive) pr.position[p] = pr.committed[p]!;
    pump(g, pr, p);
  }

  /**
   * Memory, not semantics: records every group has committed are never read again, so they are
   * dropped in chunks (offsets stay absolute through `base`). The snapshot still shows the log end.
   */
  function trim(t: Topic, p: number): void {
    const log = t.logs[p]!;
    if (log.length < t.nextTrim[p]!) return;
    let low = Infinity;
    for (const g of groups.values()) {
      const pr = g.progress.get(t.name);
      if (pr) low = Math.min(low, pr.committed[p]!);
    }
    const k = Math.min(low - t.base[p]!, log.length) - 1024;
    if (k > 0) {
      log.splice(0, k);
      t.base[p]! += k;
    }
    // A lagging group keeps the log long: try again only after another 1,024 records.
    t.nextTrim[p] = Math.max(2048, log.length + 1024);
  }

  /** One `done` for every delivery (no closure per handling). */
  const replied: Done = (reply, _handler, inst, msg) => sendReply(inst, msg, reply);

  function sendReply(inst: InstanceRt, msg: Msg, reply: ReplyBody): void {
    const packet = reply.ok
      ? { response: reply.response, isDisposed: true }
      : { err: reply.err, isDisposed: true };
    const wire = {
      channel: `${msg.pattern}.reply`,
      body: { key: null, value: packet },
      headers: {
        kafka_correlationId: msg.id,
        kafka_replyPartition: '0',
        'kafka_nest-is-disposed': '1',
        ...(reply.ok
          ? {}
          : {
              'kafka_nest-err': String((reply.err as { message?: unknown })?.message ?? reply.err),
            }),
      },
    };
    relayReply(ctx, T, inst, msg, reply, wire);
  }

  // ───────────── group membership ─────────────

  function rebalance(g: Group): void {
    // Members that are not up cannot rejoin: they drop out of the new generation.
    g.members = g.members.filter((m) => m.status === 'up');
    const generation = ++g.generation;
    if (initial) return assign(g);
    g.rebalancing = true;
    for (const pr of g.progress.values()) pr.owner.fill(undefined);
    ctx.trace({ t: ctx.now, type: 'group.rebalance', group: g.id, phase: 'start' });
    ctx.schedule(ctx.now + KAFKA.rebalanceMs, () => {
      if (g.generation !== generation || !ctx.brokerAlive) return;
      g.rebalancing = false;
      assign(g);
    });
  }

  /** Range assignment (Kafka's default): members sorted, contiguous partition ranges. */
  function assign(g: Group): void {
    const assignment: Record<string, string> = {};
    for (const pr of g.progress.values()) {
      const members = g.members
        .filter((m) => m.status === 'up' && handles(m.service, pr.topic.name))
        .sort((a, b) =>
          a.service.id === b.service.id ? a.index - b.index : a.service.id < b.service.id ? -1 : 1,
        );
      const n = pr.topic.logs.length;
      const per = members.length > 0 ? Math.floor(n / members.length) : 0;
      const extra = members.length > 0 ? n % members.length : 0;
      let p = 0;
      pr.owner.fill(undefined);
      members.forEach((m, i) => {
        const count = per + (i < extra ? 1 : 0);
        for (let k = 0; k < count; k++, p++) {
          pr.owner[p] = m;
          assignment[`${pr.topic.name}[${p}]`] = m.id;
        }
      });
      for (let q = 0; q < n; q++) {
        const o = pr.owner[q];
        // Keeps a handling that survives the rebalance on the same (still living) owner.
        const still =
          pr.busy[q] !== 0 && o !== undefined && pr.busyBy[q] === o && pr.busyLife[q] === o.epoch;
        if (!still) {
          pr.busy[q] = 0;
          pr.busyBy[q] = undefined;
          pr.position[q] = pr.committed[q]!;
        }
      }
    }
    if (!initial)
      ctx.trace({ t: ctx.now, type: 'group.rebalance', group: g.id, phase: 'done', assignment });
    for (const pr of g.progress.values())
      for (let q = 0; q < pr.topic.logs.length; q++) pump(g, pr, q);
  }

  function subscribedTo(target: ServiceRt, pattern: string): boolean {
    const s = opts(target).subscribeToResponseOf;
    if (s === undefined || s === true) return true;
    if (s === false) return false;
    return Array.isArray(s) && s.includes(pattern);
  }

  return {
    kind: 'kafka',
    hasBroker: true,
    send(msg, target) {
      if (!subscribedTo(target, msg.pattern)) return reject(msg, kafkaNotSubscribed(msg.pattern));
      if (!clientUp) return reject(msg, KAFKA_CONNECTION_ERROR);
      produce(msg);
    },
    emit(msg, _targets, published) {
      if (!clientUp) return reject(msg, KAFKA_CONNECTION_ERROR, published);
      // One record in the topic; every group subscribed to it reads it.
      produce(msg);
      published();
    },
    instanceUp(inst) {
      const g = groupOfService.get(inst.service);
      if (!g) return;
      if (!g.members.includes(inst)) g.members.push(inst);
      if (ctx.brokerAlive) rebalance(g);
    },
    instanceDown(inst, graceful) {
      const g = groupOfService.get(inst.service);
      if (!g) return;
      if (graceful) {
        g.members = g.members.filter((m) => m !== inst);
        if (ctx.brokerAlive) rebalance(g);
        return;
      }
      // A crash: the coordinator notices only when the member's session times out. Until then its
      // partitions stall (unless another join triggers a rebalance first).
      const generation = g.generation;
      ctx.schedule(ctx.now + KAFKA.sessionTimeoutMs, () => {
        if (!g.members.includes(inst) || inst.status === 'up') return;
        if (g.generation !== generation && !g.members.includes(inst)) return;
        if (ctx.brokerAlive) rebalance(g);
        else g.members = g.members.filter((m) => m !== inst);
      });
    },
    brokerDown() {
      clientUp = false;
      ctx.trace({ t: ctx.now, type: 'connection', who: ctx.gatewayId, state: 'lost' });
      for (const g of groups.values()) {
        g.generation++;
        g.rebalancing = true;
        for (const m of g.members)
          if (m.status === 'up') ctx.log(m, 'ERROR', KAFKA_CONNECTION_ERROR);
      }
    },
    brokerUp() {
      const epoch = ctx.brokerEpoch;
      ctx.schedule(ctx.now + RECONNECT.kafka, () => {
        if (epoch !== ctx.brokerEpoch || !ctx.brokerAlive) return;
        clientUp = true;
        ctx.trace({ t: ctx.now, type: 'connection', who: ctx.gatewayId, state: 'restored' });
        // Consumers rejoin their groups: one rebalance each, then resume from committed offsets.
        for (const g of groups.values()) rebalance(g);
      });
    },
    instanceInfo(inst) {
      const g = groupOfService.get(inst.service);
      if (!g || g.rebalancing || !g.members.includes(inst)) return undefined;
      for (const pr of g.progress.values()) if (pr.owner.includes(inst)) return undefined;
      return { idle: true, note: 'no partition' };
    },
    queues(): QueueView[] {
      const out: QueueView[] = [];
      for (const t of topics.values()) {
        const partitions: PartitionView[] = [];
        let ready = 0;
        let unacked = 0;
        const consumers = new Set<InstanceRt>();
        t.logs.forEach((log, p) => {
          const end = t.base[p]! + log.length;
          const committed: Record<string, number> = {};
          const owner: Record<string, string> = {};
          let slowest = end;
          for (const g of groups.values()) {
            const pr = g.progress.get(t.name);
            if (!pr) continue;
            committed[g.id] = pr.committed[p]!;
            slowest = Math.min(slowest, pr.committed[p]!);
            const o = pr.owner[p];
            if (o && !g.rebalancing) {
              owner[g.id] = o.id;
              consumers.add(o);
            }
            if (pr.busy[p] !== 0) unacked++;
          }
          ready += end - slowest;
          partitions.push({ id: p, end, committed, owner });
        });
        out.push({
          name: t.name,
          kind: 'topic',
          ready: Math.max(0, ready - unacked),
          unacked,
          consumers: consumers.size,
          partitions,
        });
      }
      return out;
    },
  };
}
