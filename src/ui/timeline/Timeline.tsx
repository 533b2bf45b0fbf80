/**
 * The run timeline under the canvas: the virtual time axis of the run so far, the learner's
 * actions, the scenario's scripted actions (ahead of time), faults, failed calls and breaker
 * trips. Drag anywhere to rewind or replay (the worker replays the run: what shows at t is what a
 * straight run shows at t); ← / → step one event, Home goes to t = 0, End to the newest moment.
 *
 * The marks re-render a few times a second at most (when the run or its history changes); the
 * playhead follows the clock through a ref, never through React.
 */
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type PointerEvent,
  type KeyboardEvent,
} from 'react';
import { useT } from '../useT';
import { historyStore, simStore } from '../../state';
import { useSim } from '../../state/hooks';
import { useStore } from 'zustand';
import { useSimClient } from '../simClientContext';
import { formatClock } from '../useClock';
import { axisEnd, timelineModel } from './timelineModel';
import './timeline.css';

const H = 64;
/** Px kept free at both ends of the axis: a mark at t = 0 or at the end stays whole. */
const PAD = 10;
const ROW_ACTIONS = 14;
const ROW_FAULTS = 30;
const ROW_ERRORS = 56;

/** Tick spacing (virtual ms) for an axis of `end` ms: about six labelled ticks. */
function tickStep(end: number): number {
  const raw = end / 6;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const k of [1, 2, 5, 10]) if (k * p >= raw) return k * p;
  return 10 * p;
}

const seconds = (ms: number) =>
  ms >= 1000
    ? `${(ms / 1000).toLocaleString(undefined, { maximumFractionDigits: 1 })} s`
    : `${ms} ms`;

export function Timeline() {
  const t = useT();
  const client = useSimClient();
  const horizon = useSim((s) => s.horizon);
  const steps = useSim((s) => s.run.steps);
  const script = useSim((s) => s.model?.script);
  const fork = useSim((s) => s.fork);
  /** A lesson pause ahead (or the one playing just stopped at): a ⏸ marker. */
  const stopAt = useSim((s) => s.stopAt ?? s.stoppedAt);
  const history = useThrottledHistory();
  const trackRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  // The axis end moves in round steps as the clock runs past it (not every frame).
  const [clockEnd, setClockEnd] = useState(() => axisEnd(client.clock.get()));
  /** Forks whose notice has been shown long enough. */
  const [forkSeen, setForkSeen] = useState(0);

  const model = useMemo(
    () =>
      timelineModel({
        horizon,
        clock: clockEnd,
        steps,
        script: script ?? [],
        faults: history.faults,
        errors: history.errors,
        breakers: history.breakers,
        dataMarks: history.dataMarks,
        columns: Math.max(1, Math.round(width / 3)),
      }),
    // history.version: the arrays change in place
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [horizon, clockEnd, steps, script, history.version, width],
  );
  const end = model.end;
  const x = (ms: number) => PAD + (ms / end) * (width - 2 * PAD);

  useEffect(() => {
    const el = trackRef.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => e && setWidth(Math.max(100, e.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // The playhead and the slider's value follow the clock without a React render.
  useEffect(() => {
    // Per frame: one transform write, no layout read (`width` comes from the ResizeObserver;
    // reading clientWidth here forced a layout every frame). The slider's value is for assistive
    // technology: a whole ms, written only when it changes.
    let spoken = -1;
    const place = (clock: number) => {
      if (headRef.current)
        headRef.current.style.transform = `translateX(${PAD + (clock / end) * (width - 2 * PAD)}px)`;
      const ms = Math.round(clock);
      if (ms !== spoken && (!simStore.getState().playing || Math.abs(ms - spoken) >= 250)) {
        spoken = ms;
        trackRef.current?.setAttribute('aria-valuenow', String(ms));
        trackRef.current?.setAttribute(
          'aria-valuetext',
          formatClock(clock).replace(/\u00a0/g, ' '),
        );
      }
      if (clock > end) setClockEnd(axisEnd(clock));
    };
    place(client.clock.get());
    return client.clock.subscribe(place);
  }, [client, width, end]);

  useEffect(() => {
    if (!fork) return;
    const timer = setTimeout(() => setForkSeen(fork.seq), 8000);
    return () => clearTimeout(timer);
  }, [fork]);
  const forkShown = fork && fork.seq > forkSeen ? fork.at : null;
  // Behind the recorded end (after a rewind): re-rendered when that flips, not every frame.
  const behind = useSyncExternalStore(
    (fn) => client.clock.subscribe(fn),
    () => horizon > client.clock.get() + 0.5,
  );

  const timeAt = (clientX: number) => {
    const box = trackRef.current?.getBoundingClientRect();
    if (!box || box.width <= 0) return 0;
    const ms = ((clientX - box.left - PAD) / (box.width - 2 * PAD)) * end;
    // Past the recorded run there is nothing to show yet: scrubbing stops at the horizon.
    return Math.round(Math.max(0, Math.min(ms, Math.max(horizon, client.clock.get()))));
  };
  const resume = useRef(false);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    resume.current = simStore.getState().playing;
    client.pause();
    void client.seek(timeAt(e.clientX));
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!e.currentTarget.hasPointerCapture(e.pointerId)) return;
    void client.seek(timeAt(e.clientX));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!e.currentTarget.hasPointerCapture(e.pointerId)) return;
    e.currentTarget.releasePointerCapture(e.pointerId);
    if (resume.current) client.play();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const jump = (ms: number) => void client.seek(Math.max(0, Math.min(ms, horizon)));
    const now = client.clock.get();
    const keys: Record<string, () => void> = {
      ArrowLeft: () => void client.stepBack(),
      ArrowRight: () => void client.step(),
      Home: () => jump(0),
      End: () => jump(horizon),
      PageDown: () => jump(now - end / 10),
      PageUp: () => jump(now + end / 10),
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    e.stopPropagation();
    act();
  };

  const step = tickStep(end);
  const ticks: number[] = [];
  for (let v = 0; v <= end + 1e-9; v += step) ticks.push(v);
  const colW = (width - 2 * PAD) / model.errors.length;

  return (
    <section className="run-timeline" data-id="timeline" aria-label={t('timeline.label')}>
      <div
        ref={trackRef}
        className="rt-track"
        data-id="timeline-track"
        role="slider"
        tabIndex={0}
        aria-label={t('timeline.scrub')}
        aria-valuemin={0}
        aria-valuemax={Math.round(Math.max(horizon, 0))}
        data-horizon={Math.round(horizon)}
        data-end={end}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onKeyDown={onKeyDown}
      >
        <svg width={width} height={H} aria-hidden="true" className="rt-svg">
          <rect className="rt-recorded" x={0} y={0} width={x(horizon)} height={H} />
          {ticks.map((v) => (
            <g key={v} className="rt-tick">
              <line x1={x(v)} x2={x(v)} y1={H - 8} y2={H} />
              <text x={Math.min(Math.max(x(v), 14), width - 24)} y={H - 10} textAnchor="middle">
                {seconds(v)}
              </text>
            </g>
          ))}
          {model.errors.map((n, i) =>
            n > 0 ? (
              <rect
                key={i}
                className="rt-error"
                x={PAD + i * colW}
                width={Math.max(1, colW - 0.5)}
                y={ROW_ERRORS - 4 - (n / model.maxErrors) * 18}
                height={(n / model.maxErrors) * 18 + 1}
              >
                <title>{t('timeline.errors', { n })}</title>
              </rect>
            ) : null,
          )}
          {model.faults.map((f, i) => (
            <rect
              key={f.id}
              className={`rt-fault rt-fault-${f.kind}`}
              x={x(f.start)}
              y={ROW_FAULTS - 4 + (i % 2) * 5}
              width={Math.max(3, x(f.end ?? Math.max(horizon, client.clock.get())) - x(f.start))}
              height={5}
              rx={2}
              data-id={`timeline-fault-${f.id}`}
            >
              <title>{t('timeline.fault', { kind: f.kind, target: f.target })}</title>
            </rect>
          ))}
          {model.breakers.map((b, i) => (
            <circle key={i} className="rt-breaker" cx={x(b.t)} cy={ROW_FAULTS + 2} r={4}>
              <title>{t('timeline.breaker', { target: b.target })}</title>
            </circle>
          ))}
          {model.data.map((d, i) => (
            <path
              key={`d${i}`}
              className={`rt-data rt-data-${d.state}`}
              data-id={`timeline-data-${i}`}
              data-kind={d.state}
              d={`M${x(d.t)},${ROW_FAULTS + 7} l5,9 h-10 z`}
            >
              <title>
                {`t=${Math.round(d.t)} ms · ${t(d.state === 'behind' ? 'timeline.dataBehind' : 'timeline.dataAhead', { service: d.service })}`}
              </title>
            </path>
          ))}
          {model.actions.map((a, i) => (
            <path
              key={i}
              className={a.by === 'learner' ? 'rt-action' : 'rt-script'}
              data-kind={a.by}
              d={
                a.by === 'learner'
                  ? `M${x(a.t) - 5},${ROW_ACTIONS - 8} h10 l-5,9 z`
                  : `M${x(a.t)},${ROW_ACTIONS - 8} l4,4.5 l-4,4.5 l-4,-4.5 z`
              }
            >
              <title>
                {`t=${a.t} ms · ${t(a.by === 'learner' ? 'timeline.learner' : 'timeline.script', { text: a.text })}`}
              </title>
            </path>
          ))}
          {stopAt !== null && (
            <g className="rt-pause" data-id="timeline-pause" data-at={stopAt}>
              <rect x={x(stopAt) - 4} y={ROW_ACTIONS - 9} width={3} height={11} />
              <rect x={x(stopAt) + 1} y={ROW_ACTIONS - 9} width={3} height={11} />
              <title>{`t=${Math.round(stopAt)} ms · ${t('lessons.pauseMarker')}`}</title>
            </g>
          )}
        </svg>
        <div ref={headRef} className="rt-playhead" aria-hidden="true" />
      </div>
      <div className="rt-foot">
        <span className="rt-legend" aria-hidden="true">
          <span className="rt-key rt-key-action" /> {t('timeline.legendAction')}
          <span className="rt-key rt-key-script" /> {t('timeline.legendScript')}
          <span className="rt-key rt-key-fault" /> {t('timeline.legendFault')}
          <span className="rt-key rt-key-error" /> {t('timeline.legendErrors')}
          {model.data.length > 0 && (
            <>
              <span className="rt-key rt-key-data" /> {t('timeline.legendData')}
            </>
          )}
        </span>
        <span className="rt-status" role="status" data-id="timeline-status">
          {forkShown !== null
            ? t('timeline.forked', { t: Math.round(forkShown) })
            : behind
              ? t('timeline.future')
              : ''}
        </span>
      </div>
    </section>
  );
}

/** The history store, re-read at most 4 times a second (it changes every frame while playing). */
function useThrottledHistory() {
  const [snap, setSnap] = useState(() => historyStore.getState());
  const latest = useStore(historyStore, (s) => s.version);
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, 250 - (performance.now() - last.current));
    const timer = setTimeout(() => {
      last.current = performance.now();
      setSnap(historyStore.getState());
    }, wait);
    return () => clearTimeout(timer);
  }, [latest]);
  return snap;
}
