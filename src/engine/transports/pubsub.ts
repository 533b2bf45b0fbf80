/**
 * What Redis, NATS and MQTT share in NestJS: a server instance subscribes to one channel (subject,
 * topic) per handler pattern, and the broker hands each published message to every subscriber —
 * unless subscribers share a group (NATS queue group, MQTT `$share/<group>/`), in which case one
 * member of each group gets it. Nothing is stored: a message nobody is subscribed to is gone
 * (except an MQTT persistent session, `qos ≥ 1` + `clean: false`, which queues for its owner).
 * Each flavour (redis.ts, nats.ts, mqtt.ts) names its channels, its no-subscriber behaviour and
 * how clients and servers live through a broker outage (spec §7).
 */
import type { TransportKind } from '../../shared';
import { natsEmptyResponse } from '../nestErrors';
import { RECONNECT, timingFor } from '../timing';
import type { Step } from '../core/step';
import type { QueueView, TransportOptions } from '../types';
import {
  replyPacket,
  requestPacket,
  type Done,
  type InstanceRt,
  type Msg,
  type ServiceRt,
  type TransportContext,
  type TransportModel,
  relayReply,
} from './transport';

export interface PubSubFlavour {
  kind: TransportKind;
  channelKind: QueueView['kind'];
  /** Where replies travel (`get_order.reply`, `_INBOX.<id>`, `get_order/reply`). */
  replyChannel(msg: Msg): string;
  /** The group an instance's subscription to `handlerPattern` belongs to, if any. */
  groupOf(inst: InstanceRt, handlerPattern: string): string | undefined;
  /** The pattern a handler routes (`$share/g/p` → `p`). */
  routedPattern(handlerPattern: string): string;
  /** How one member of a group is chosen. */
  groupPick: 'random' | 'alternate';
  /** A request nobody subscribed to: hangs (Redis, MQTT) or fails at once (NATS no-responders). */
  noSubscribers: 'hang' | 'empty-response';
  /** What `send()`/`emit()` reject with while the client is disconnected (spec §7). */
  clientError(options: TransportOptions): string;
  /** Server logs when its broker connection drops / comes back. */
  lostLogs(options: TransportOptions): [level: 'LOG' | 'ERROR', text: string][];
  restoredLogs: [level: 'LOG' | 'ERROR', text: string][];
  /**
   * When a server disconnected at `downAt` is connected again, the broker having restarted at
   * `upAt`: a time, or null = never (Redis without `retryAttempts`).
   */
  serverReconnectAt(options: TransportOptions, downAt: number, upAt: number): number | null;
  /** ioredis offline queue: a reply published while reconnecting is sent once reconnected. */
  queuesWhileReconnecting?(options: TransportOptions): boolean;
  /**
   * A reply for a request no longer pending, received while the client is still subscribed to the
   * reply channel (another request of the pattern pending): the client's log line, if any.
   */
  lateReplyLog?(msg: Msg): string;
  /** MQTT `qos ≥ 1` and `clean: false`: the broker keeps the subscriber's session while it is away. */
  persistentSession?(options: TransportOptions): boolean;
}

type ConnState = 'reconnecting' | 'gave-up';

export function createPubSub(ctx: TransportContext, f: PubSubFlavour): TransportModel {
  const T = timingFor(f.kind);
  const alternation = new Map<string, number>();
  /** Servers not connected to the broker (absent = connected). */
  const conn = new Map<InstanceRt, ConnState>();
  /** Replies waiting in an ioredis offline queue. */
  const offline = new Map<InstanceRt, (() => void)[]>();
  /** MQTT persistent sessions: messages kept for an absent subscriber. */
  const sessions = new Map<InstanceRt, Msg[]>();
  let clientUp = true;
  let downAt = 0;
  /** Set by `subscribers()`: an away subscriber's persistent session kept the message. */
  let keptInSession = false;
  const opts = (s: ServiceRt) => s.spec.transport.options;

  function subscribers(msg: Msg): InstanceRt[] {
    const pattern = msg.pattern;
    keptInSession = false;
    const direct: InstanceRt[] = [];
    let groups: Map<string, InstanceRt[]> | undefined;
    for (const s of ctx.services()) {
      if (s.transport.kind !== f.kind) continue;
      let handler: string | undefined;
      for (const h of s.spec.handlers)
        if (f.routedPattern(h.pattern) === pattern) {
          handler = h.pattern;
          break;
        }
      if (handler === undefined) continue;
      for (const inst of s.instances) {
        if (inst.status !== 'up' || conn.has(inst)) {
          // Away, but its persistent session keeps collecting (MQTT QoS ≥ 1, clean: false).
          const kept = sessions.get(inst);
          if (kept) {
            kept.push(msg);
            keptInSession = true;
          }
          continue;
        }
        const g = f.groupOf(inst, handler);
        if (g === undefined) direct.push(inst);
        else {
          groups ??= new Map();
          const members = groups.get(g);
          if (members) members.push(inst);
          else groups.set(g, [inst]);
        }
      }
    }
    if (groups)
      for (const [g, members] of groups) {
        let i: number;
        if (f.groupPick === 'random') i = ctx.rng.int(members.length);
        else {
          i = (alternation.get(g) ?? 0) % members.length;
          alternation.set(g, i + 1);
        }
        direct.push(members[i]!);
      }
    return direct;
  }
  function rejectDisconnected(msg: Msg, target: ServiceRt, published?: (e?: unknown) => void) {
    const err = f.clientError(opts(target));
    ctx.schedule(ctx.now, () => {
      if (published) published(err);
      else ctx.replyArrived(msg, null, { ok: false, err });
    });
  }

  function publish(msg: Msg): void {
    const body = requestPacket(msg);
    ctx.transmitTo(
      {
        msgId: msg.id,
        reqId: msg.reqId,
        kind: msg.kind,
        from: msg.client,
        to: ctx.brokerId!,
        pattern: msg.pattern,
        wire:
          msg.kind === 'request' && f.kind === 'nats'
            ? { channel: msg.pattern, body, headers: { reply: f.replyChannel(msg) } }
            : { channel: msg.pattern, body },
      },
      T.clientToBroker,
      PUBLISHED,
      msg,
      body,
      undefined,
      undefined,
      null,
    );
  }

  // Hot-path continuations (see core/step.ts): created once per transport, not per message.
  const PUBLISHED: Step<Msg, Record<string, unknown>> = {
    run(msg, body) {
      const targets = subscribers(msg);
      if (targets.length === 0) {
        // Waiting in a persistent session is not lost: it is delivered at the reconnect.
        if (keptInSession) return;
        ctx.dropped(msg, 'no-subscribers');
        if (msg.kind === 'request' && f.noSubscribers === 'empty-response') {
          const reply = { ok: false as const, err: natsEmptyResponse(msg.pattern) };
          ctx.transmit(
            {
              msgId: msg.id,
              reqId: msg.reqId,
              kind: 'error',
              from: ctx.brokerId!,
              to: msg.client,
              pattern: msg.pattern,
            },
            T.clientToBroker,
            () => ctx.replyArrived(msg, null, reply),
          );
        }
        return;
      }
      for (const inst of targets) deliver(inst, msg, body);
    },
  };
  const DELIVERED: Step<InstanceRt, Msg> = { run: (inst, msg) => ctx.handle(inst, msg, replied) };

  function deliver(inst: InstanceRt, msg: Msg, body: Record<string, unknown>): void {
    ctx.transmitTo(
      {
        msgId: msg.id,
        reqId: msg.reqId,
        kind: msg.kind,
        from: ctx.brokerId!,
        to: inst.id,
        pattern: msg.pattern,
        wire: { channel: msg.pattern, body },
      },
      T.brokerToServer,
      DELIVERED,
      inst,
      msg,
      undefined,
      undefined,
      null,
    );
  }

  /** One `done` for every delivery (no closure per handling). */
  const replied: Done = (reply, _handler, inst, msg) => sendReply(inst, msg, reply);

  function sendReply(inst: InstanceRt, msg: Msg, reply: Parameters<typeof ctx.replyArrived>[2]) {
    const state = conn.get(inst);
    if (state !== undefined) {
      const q = offline.get(inst);
      if (state === 'reconnecting' && q) q.push(() => sendReply(inst, msg, reply));
      else ctx.dropped(msg, 'broker-down', inst.id);
      return;
    }
    const wire = { channel: f.replyChannel(msg), body: replyPacket(reply, msg.id) };
    relayReply(ctx, T, inst, msg, reply, wire, () => {
      if (f.lateReplyLog && !ctx.isPending(msg) && ctx.pendingCount(msg.pattern) > 0)
        ctx.clientLog('DEBUG', f.lateReplyLog(msg));
      ctx.replyArrived(msg, inst.id, reply);
    });
  }

  function connected(inst: InstanceRt): void {
    conn.delete(inst);
    const q = offline.get(inst);
    offline.delete(inst);
    if (q) for (const send of q) send();
    const kept = sessions.get(inst);
    if (kept && kept.length > 0) {
      sessions.set(inst, []);
      for (const m of kept) deliver(inst, m, requestPacket(m));
    }
  }

  function mine(): InstanceRt[] {
    const out: InstanceRt[] = [];
    for (const s of ctx.services())
      if (s.transport.kind === f.kind)
        for (const i of s.instances) if (i.status === 'up') out.push(i);
    return out;
  }

  return {
    kind: f.kind,
    hasBroker: true,
    send(msg, target) {
      if (!clientUp) return rejectDisconnected(msg, target);
      publish(msg);
    },
    emit(msg, targets: ServiceRt[], published) {
      if (!clientUp) return rejectDisconnected(msg, targets[0]!, published);
      // Pub/sub: one publish reaches every subscriber, whatever the route's `to` says; the emit
      // Observable completes at once (no delivery feedback, spec §1).
      publish(msg);
      published();
    },
    instanceUp(inst) {
      const o = opts(inst.service);
      if (f.persistentSession?.(o) && !sessions.has(inst)) sessions.set(inst, []);
      if (!ctx.brokerAlive) {
        conn.set(inst, 'reconnecting');
        return;
      }
      connected(inst);
    },
    instanceDown(inst, graceful) {
      conn.delete(inst);
      offline.delete(inst);
      if (graceful) sessions.delete(inst);
    },
    brokerDown() {
      downAt = ctx.now;
      clientUp = false;
      ctx.trace({ t: ctx.now, type: 'connection', who: ctx.gatewayId, state: 'lost' });
      sessions.clear(); // the broker's in-memory sessions die with it (no persistence configured)
      for (const inst of mine()) {
        const o = opts(inst.service);
        for (const [level, text] of f.lostLogs(o)) ctx.log(inst, level, text);
        conn.set(inst, 'reconnecting');
        if (f.queuesWhileReconnecting?.(o)) offline.set(inst, []);
        if (f.persistentSession?.(o)) sessions.set(inst, []);
      }
    },
    brokerUp() {
      const epoch = ctx.brokerEpoch;
      ctx.schedule(ctx.now + RECONNECT.client, () => {
        if (epoch !== ctx.brokerEpoch || !ctx.brokerAlive) return;
        clientUp = true;
        ctx.trace({ t: ctx.now, type: 'connection', who: ctx.gatewayId, state: 'restored' });
      });
      for (const [inst, state] of conn) {
        if (state !== 'reconnecting') continue;
        const at = f.serverReconnectAt(opts(inst.service), downAt, ctx.now);
        if (at === null) {
          conn.set(inst, 'gave-up');
          offline.delete(inst);
          ctx.trace({ t: ctx.now, type: 'connection', who: inst.id, state: 'gave-up' });
          continue;
        }
        const life = inst.epoch;
        ctx.schedule(Math.max(at, ctx.now), () => {
          if (inst.epoch !== life || epoch !== ctx.brokerEpoch || !ctx.brokerAlive) return;
          if (conn.get(inst) !== 'reconnecting') return;
          for (const [level, text] of f.restoredLogs) ctx.log(inst, level, text);
          ctx.trace({ t: ctx.now, type: 'connection', who: inst.id, state: 'restored' });
          connected(inst);
        });
      }
    },
    instanceInfo(inst) {
      const state = conn.get(inst);
      if (state === 'gave-up') return { note: 'disconnected (no reconnect)' };
      if (state === 'reconnecting') return { note: 'reconnecting' };
      return undefined;
    },
    queues(): QueueView[] {
      const counts = new Map<string, number>();
      for (const s of ctx.services()) {
        if (s.transport.kind !== f.kind) continue;
        let up = 0;
        for (const i of s.instances) if (i.status === 'up' && !conn.has(i)) up++;
        for (const h of s.spec.handlers) counts.set(h.pattern, (counts.get(h.pattern) ?? 0) + up);
      }
      const out: QueueView[] = [];
      for (const [name, consumers] of counts)
        out.push({ name, kind: f.channelKind, ready: 0, unacked: 0, consumers });
      return out;
    },
  };
}
