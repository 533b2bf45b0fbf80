/**
 * `window.__brokerlab` for e2e tests: read-only views of the mirror, the tokens and the clock.
 * Installed only in dev/test builds or with `?test=1`, so production pages expose nothing.
 */
import type { SimClient } from '../sim-client';
import { simStore } from '../state';
import { tokenPicker, tokenStats } from '../ui/canvas/TokenLayer';

export interface TestHook {
  snapshot(): {
    phase: string;
    scenario: string;
    now: number;
    playing: boolean;
    speed: number;
    instances: unknown[];
    queues: unknown[];
    counters: unknown;
    log: number;
  };
  tokensInFlight(): {
    msgId: string;
    kind: string;
    from: string;
    to: string;
    t: number;
    arriveAt: number;
  }[];
  now(): number;
  tokensDrawn(): number;
  framesDrawn(): number;
  /** Total ms spent painting tokens since load (perf figures). */
  drawMs(): number;
  /** Drop markers drawn in the last frame. */
  dropsDrawn(): number;
  /** Page coordinates of the first in-flight token, to click it. */
  firstTokenPoint(): { msgId: string; x: number; y: number } | null;
}

declare global {
  interface Window {
    __brokerlab?: TestHook;
  }
}

export function installTestHook(client: SimClient): void {
  window.__brokerlab = {
    snapshot() {
      const s = simStore.getState();
      return {
        phase: s.phase,
        scenario: s.scenario,
        now: s.now,
        playing: s.playing,
        speed: s.speed,
        instances: Object.values(s.instances),
        queues: s.queues,
        counters: s.counters,
        log: s.log.length,
      };
    },
    tokensInFlight: () =>
      client
        .tokens()
        .map(({ msgId, kind, from, to, t, arriveAt }) => ({ msgId, kind, from, to, t, arriveAt })),
    now: () => client.clock.get(),
    tokensDrawn: () => tokenStats.drawn,
    framesDrawn: () => tokenStats.frames,
    drawMs: () => tokenStats.drawMs,
    dropsDrawn: () => tokenStats.drops,
    firstTokenPoint() {
      const p = tokenPicker.first?.();
      const flow = document.querySelector('.react-flow');
      if (!p || !flow) return null;
      const box = flow.getBoundingClientRect();
      return { msgId: p.msgId, x: p.x + box.left, y: p.y + box.top };
    },
  };
}
