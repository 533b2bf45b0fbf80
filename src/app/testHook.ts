/**
 * `window.__brokerlab` for e2e tests: read-only views of the mirror, the tokens and the clock.
 * Installed only in dev/test builds or with `?test=1`, so production pages expose nothing.
 */
import { MESSAGE_KINDS, type SimClient } from '../sim-client';
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
  /** The tokens of the newest frame, named by the worker (hence a promise). */
  tokensInFlight(): Promise<
    {
      msgId: string;
      kind: string;
      from: string;
      to: string;
      t: number;
      arriveAt: number;
    }[]
  >;
  /** Tokens in the newest frame (cheap: no names). */
  tokenCount(): number;
  now(): number;
  tokensDrawn(): number;
  framesDrawn(): number;
  /** Total ms spent painting tokens since load (perf figures). */
  drawMs(): number;
  /** Drop markers drawn in the last frame. */
  dropsDrawn(): number;
  /** Page coordinates of the first in-flight token, to click it. */
  firstTokenPoint(): Promise<{ msgId: string; x: number; y: number } | null>;
  /** The run as a run file (the worker's), opening at `at` (default: now). */
  runFile(at?: number): Promise<Record<string, unknown>>;
  /** Fingerprint of the trace so far, as the CLI's NDJSON would hash. */
  traceHash(): Promise<{ hash: string; events: number; now: number }>;
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
    async tokensInFlight() {
      const f = client.render();
      const tk = f.tokens;
      const out = [];
      for (let i = 0; i < tk.count; i++) {
        const info = await client.describe(tk.id[i]!);
        out.push({
          msgId: info?.msgId ?? '',
          kind: MESSAGE_KINDS[tk.kind[i]!] ?? 'request',
          from: f.endpoints[tk.from[i]!] ?? '',
          to: f.endpoints[tk.to[i]!] ?? '',
          t: tk.t[i]!,
          arriveAt: tk.arriveAt[i]!,
        });
      }
      return out;
    },
    tokenCount: () => client.render().tokens.count,
    runFile: (at) => client.runFile(at),
    traceHash: () => client.traceHash(),
    now: () => client.clock.get(),
    tokensDrawn: () => tokenStats.drawn,
    framesDrawn: () => tokenStats.frames,
    drawMs: () => tokenStats.drawMs,
    dropsDrawn: () => tokenStats.drops,
    async firstTokenPoint() {
      const p = await tokenPicker.first?.();
      const flow = document.querySelector('.react-flow');
      if (!p || !flow) return null;
      const box = flow.getBoundingClientRect();
      return { msgId: p.msgId, x: p.x + box.left, y: p.y + box.top };
    },
  };
}
