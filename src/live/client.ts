/**
 * The Live source: a `SimClient` fed by the tap bridge's WebSocket instead of the simulation
 * worker, so the page draws real traffic with the same canvas, log, counters and inspector.
 * Connects only to the loopback URL it is given (checked by `loopbackWsUrl` before this runs).
 *
 * - The display clock runs as in the simulation (1× = 50 virtual ms per wall second); every
 *   envelope is placed at the clock when it arrives and travels its hops from there.
 * - Pause freezes the view: the socket stays open and envelopes wait (bounded) until Play.
 * - A bridge that closes or never answers: the banner says so and the client reconnects with
 *   backoff (1 s, 2 s, 4 s … 10 s); the canvas keeps what it had.
 * - Rewinding, firing requests, killing instances: the real app owns those; here they do nothing
 *   (the page hides their controls in live mode).
 */
import type { SimModel } from '../engine/types';
import type { Localized } from '../shared';
import { initialSim, liveStore, resetHistory, simStore, uiStore, type LiveState } from '../state';
import type { SimClient } from '../sim-client';
import { FrameSink } from '../sim-client/frames';
import { createSignal } from '../sim-client/signal';
import { LiveSession } from './session';
import { parseTapFrame, type TapEnvelope, type TapFrame, type TapHello } from './protocol';

const VIRTUAL_PER_WALL_MS = 0.05;
const MAX_FRAME_GAP_MS = 500;
const BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 10_000];
/** Envelopes kept while paused (beyond: the oldest are skipped and counted). */
const WAIT_LIMIT = 2_000;
/** Spacing (virtual ms) of envelopes released together after a pause, so they do not overlap. */
const RELEASE_GAP = 2;

export interface LiveTexts {
  title(hello: TapHello): Localized;
  gateway: Localized;
  client: Localized;
  /** A bridge frame the app refused (English detail appended). */
  refusedFrame: string;
}

export interface LiveClientOptions {
  /** false: never connect (a refused `?live=` URL still gets a page to render). */
  connect?: boolean;
  /** Injected in tests. */
  createSocket?: (url: string) => WebSocket;
  now?: () => number;
  raf?: (cb: (t: number) => void) => number;
  cancelRaf?: (id: number) => void;
  setTimer?: (cb: () => void, ms: number) => unknown;
  clearTimer?: (id: unknown) => void;
}

export function createLiveClient(
  url: string,
  texts: LiveTexts,
  opts: LiveClientOptions = {},
): SimClient {
  const createSocket = opts.createSocket ?? ((u: string) => new WebSocket(u));
  const now = opts.now ?? (() => performance.now());
  const raf = opts.raf ?? ((cb: (t: number) => void) => requestAnimationFrame(cb));
  const cancelRaf = opts.cancelRaf ?? ((id: number) => cancelAnimationFrame(id));
  const setTimer = opts.setTimer ?? ((cb: () => void, ms: number) => setTimeout(cb, ms));
  const clearTimer = opts.clearTimer ?? ((id: unknown) => clearTimeout(id as number));

  const clock = createSignal(0);
  const tokensChanged = createSignal(0);
  const frames = createSignal(0);
  const sink = new FrameSink();
  let session: LiveSession | null = null;
  let modelVersion = -1;
  let loadId = 0;
  let socket: WebSocket | null = null;
  let retryTimer: unknown = null;
  let rafId = 0;
  let lastWall: number | null = null;
  let disposed = false;
  let waiting: TapEnvelope[] = [];

  if (opts.connect !== false) {
    liveStore.setState({ url, phase: 'connecting' });
    simStore.setState({
      ...initialSim,
      source: 'live',
      phase: 'loading',
      scenario: 'live',
      playing: true,
    });
  }

  const live = (patch: Partial<LiveState>) => liveStore.setState(patch);

  function publishModel() {
    if (!session) return;
    const { model, version } = session.current;
    if (version === modelVersion) return;
    modelVersion = version;
    simStore.setState({
      phase: 'ready',
      loadId: ++loadId,
      model: model as SimModel,
      issues: [],
      warnings: [],
    });
  }

  function onHello(h: TapHello) {
    const same =
      session && session.hello.transport === h.transport && session.hello.broker === h.broker;
    if (!same) {
      sink.clear();
      resetHistory();
      session = new LiveSession(h, {
        title: texts.title(h),
        gateway: texts.gateway,
        client: texts.client,
      });
      modelVersion = -1;
    }
    live({ transport: h.transport, broker: h.broker, listening: h.listening, brokerDown: false });
    publishModel();
    ensureLoop();
  }

  function onFrame(f: TapFrame) {
    if (f.type === 'hello') return onHello(f);
    if (!session) return; // nothing before the hello
    const t = clock.get();
    if (f.type === 'envelope') {
      if (!simStore.getState().playing) {
        waiting.push(f);
        if (waiting.length > WAIT_LIMIT) {
          waiting = waiting.slice(-WAIT_LIMIT);
          live({ skipped: liveStore.getState().skipped + 1 });
        }
        live({ waiting: waiting.length });
        return;
      }
      session.envelope(f, t);
      live({ messages: liveStore.getState().messages + 1 });
    } else if (f.type === 'notice') {
      session.notice(f, t);
      live({ notices: liveStore.getState().notices + 1 });
    } else {
      session.brokerStatus(f.broker === 'up', t);
      live({ brokerDown: f.broker === 'down' });
    }
    publishModel();
    ensureLoop();
  }

  function connect() {
    if (disposed) return;
    retryTimer = null;
    live({ phase: 'connecting', retryAt: null });
    let ws: WebSocket;
    try {
      ws = createSocket(url);
    } catch {
      return scheduleRetry();
    }
    socket = ws;
    ws.onopen = () => live({ phase: 'open', failures: 0, everOpen: true });
    ws.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data !== 'string') return refuse('binary frame');
      const r = parseTapFrame(ev.data);
      if (r.ok) onFrame(r.frame);
      else refuse(r.why);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      scheduleRetry();
    };
    ws.onerror = () => undefined; // 'close' follows
  }

  function refuse(why: string) {
    live({ refusedFrames: liveStore.getState().refusedFrames + 1 });
    session?.notice({ channel: '', detail: `${texts.refusedFrame}: ${why}` }, clock.get());
    ensureLoop();
  }

  function scheduleRetry() {
    if (disposed) return;
    const failures = liveStore.getState().failures;
    const wait = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)]!;
    live({ phase: 'closed', failures: failures + 1, retryAt: now() + wait });
    retryTimer = setTimer(connect, wait);
  }

  function release() {
    if (!session || waiting.length === 0) return;
    const t = clock.get();
    waiting.forEach((e, i) => session!.envelope(e, t + i * RELEASE_GAP));
    live({ messages: liveStore.getState().messages + waiting.length, waiting: 0 });
    waiting = [];
    publishModel();
  }

  function tick(wall: number) {
    rafId = 0;
    if (disposed) return;
    const s = simStore.getState();
    if (s.playing && lastWall !== null) {
      const gap = wall - lastWall;
      if (gap > 0 && gap <= MAX_FRAME_GAP_MS)
        clock.set(clock.get() + gap * VIRTUAL_PER_WALL_MS * s.speed);
    }
    lastWall = s.playing ? wall : null;
    if (session) {
      const selected = uiStore.getState().selected;
      sink.apply(session.frameAt(clock.get(), selected));
      sink.flushLog(!s.playing, wall);
      tokensChanged.set(tokensChanged.get() + 1);
      frames.set(frames.get() + 1);
    }
    ensureLoop();
  }

  function ensureLoop() {
    if (disposed || rafId !== 0) return;
    if (simStore.getState().playing || sink.hasPendingLog || session?.busy) rafId = raf(tick);
  }
  const offSelect = uiStore.subscribe((s, prev) => {
    if (s.selected !== prev.selected) ensureLoop();
  });

  if (opts.connect !== false) connect();

  const none = () => Promise.resolve();
  return {
    clock,
    tokensChanged,
    frames,
    render: () => sink.render,
    describe: (id) => Promise.resolve(session?.describe(id) ?? null),
    wireOf: (msgId) => session?.wireOf(msgId) ?? [],
    wireLoaded: () => true,
    loadWire: () => tokensChanged.set(tokensChanged.get() + 1),
    waterfall: () => Promise.resolve(null),
    sequence: () => Promise.resolve({ lanes: [], arrows: [], drops: [], t0: 0, t1: 0, groups: [] }),
    load: () => Promise.resolve(null),
    check: () => Promise.resolve({ ok: false as const, issues: [] }),
    loadLesson: () => Promise.resolve(null),
    lessonStep: none,
    lessonSolve: none,
    lessonStatus: () => Promise.resolve(null),
    play() {
      if (simStore.getState().phase !== 'ready') return;
      simStore.setState({ playing: true });
      release();
      ensureLoop();
    },
    pause() {
      simStore.setState({ playing: false });
      sink.flushLog(true, now());
    },
    // Lesson pauses only exist in a simulated run; a live app has no planned future.
    stopAt() {},
    togglePlay() {
      if (simStore.getState().playing) this.pause();
      else this.play();
    },
    step: none,
    stepBack: none,
    seek: none,
    setSpeed(speed) {
      if (Number.isFinite(speed) && speed > 0)
        simStore.setState({ speed: Math.min(64, Math.max(0.25, speed)) });
    },
    fire: () => undefined,
    kill: () => undefined,
    restart: () => undefined,
    brokerDown: () => undefined,
    brokerUp: () => undefined,
    command: () => undefined,
    runFile: () => Promise.resolve({}),
    traceHash: () =>
      Promise.resolve({ hash: '', events: liveStore.getState().messages, now: clock.get() }),
    reset: none,
    dispose() {
      if (disposed) return;
      disposed = true;
      offSelect();
      if (rafId) cancelRaf(rafId);
      if (retryTimer !== null) clearTimer(retryTimer);
      socket?.close();
      socket = null;
    },
  };
}
