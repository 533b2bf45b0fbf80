/**
 * A challenge's score: one number measured over the learner's run of a step, lower is better
 * ("par" is what the reference solution reaches, computed by the solver). Fed the trace like a
 * goal, so the worker measures it live and again after a rewind. Pure.
 *
 * - `instances`: the most instances running at once (up or starting) since the step began — what
 *   the learner pays for; `service` limits it to one service.
 * - `retries`: `request.retry` events since the step began.
 * - `lost`: events (`emit()`) sent since the step began that were dropped and that no instance
 *   handled — an event one of two subscribers missed but the other handled is not lost.
 */
import type { TraceEvent } from '../engine/types';

export const SCORES = ['instances', 'retries', 'lost'] as const;
export type ScoreKind = (typeof SCORES)[number];

export interface Challenge {
  score: ScoreKind;
  /** `instances` only: count this service's instances alone. */
  service?: string;
}

export interface ScoreTracker {
  feed(e: TraceEvent): void;
  /** The score so far. */
  value(): number;
}

const serviceOf = (instance: string) => instance.slice(0, instance.lastIndexOf('#'));

/**
 * A tracker for `challenge` in a step that began at `origin`. `running`: the instances up or
 * starting when the tracker starts being fed (at t = 0 for a replay, at `origin` when a step
 * starts live) — the trace only says what changes.
 */
export function createScoreTracker(
  challenge: Challenge,
  origin: number,
  running: Iterable<string>,
): ScoreTracker {
  if (challenge.score === 'instances') {
    const counts = (id: string) =>
      challenge.service === undefined || serviceOf(id) === challenge.service;
    const live = new Set([...running].filter(counts));
    let peak: number | undefined;
    const note = (t: number) => {
      if (t >= origin) peak = Math.max(peak ?? 0, live.size);
    };
    return {
      feed(e) {
        if (
          e.type !== 'instance.up' &&
          e.type !== 'instance.starting' &&
          e.type !== 'instance.down'
        )
          return;
        // Events before the step only set the scene; the peak counts from the step's start on.
        if (e.t >= origin && peak === undefined) note(e.t);
        if (!counts(e.instance)) return;
        if (e.type === 'instance.down') live.delete(e.instance);
        else live.add(e.instance);
        note(e.t);
      },
      value: () => peak ?? live.size,
    };
  }
  if (challenge.score === 'retries') {
    let n = 0;
    return {
      feed(e) {
        if (e.type === 'request.retry' && e.t >= origin) n++;
      },
      value: () => n,
    };
  }
  const events = new Set<string>();
  const dropped = new Set<string>();
  const handled = new Set<string>();
  return {
    feed(e) {
      if (e.type === 'client.emit' && e.t >= origin) events.add(e.msgId);
      else if (e.type === 'message.dropped' && events.has(e.msgId)) dropped.add(e.msgId);
      else if (e.type === 'handler.done' && events.has(e.msgId)) handled.add(e.msgId);
    },
    value: () => [...dropped].filter((id) => !handled.has(id)).length,
  };
}
