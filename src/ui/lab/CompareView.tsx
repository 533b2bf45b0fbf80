/**
 * Monolith vs microservices: both scenarios run headlessly (a short-lived worker) for the same
 * virtual time; their p95 latency, throughput and error rate are drawn side by side on shared
 * y scales, with what to notice. Static data: each chart is built once per result.
 */
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useLabT, type LabKey } from './labI18n';
import {
  runCompare,
  type CompareResult,
  type CompareSeries,
  type ScenarioTexts,
} from './compareRun';

const UNTIL_MS = 9000;
const SAMPLE_MS = 250;
const SIDES = [
  { id: 'monolith', title: 'compare.monolith' },
  { id: 'microservices', title: 'compare.micro' },
] as const satisfies readonly { id: string; title: LabKey }[];

type MetricId = 'latency' | 'throughput' | 'errors';
const METRICS: { id: MetricId; title: LabKey; cols: (keyof CompareSeries)[] }[] = [
  { id: 'latency', title: 'compare.p95', cols: ['p95'] },
  { id: 'throughput', title: 'compare.throughput', cols: ['okRps', 'failedRps'] },
  { id: 'errors', title: 'compare.errors', cols: ['errorRate'] },
];
const COLOR: Partial<Record<keyof CompareSeries, string>> = {
  p95: '#a16207',
  okRps: '#047857',
  failedRps: '#b91c1c',
  errorRate: '#b91c1c',
};
const LABEL: Partial<Record<keyof CompareSeries, LabKey>> = {
  p95: 'compare.p95short',
  okRps: 'series.ok',
  failedRps: 'series.failed',
  errorRate: 'series.errorRate',
};

const column = (s: CompareSeries, c: keyof CompareSeries): number[] => {
  const v = s[c];
  return Array.isArray(v) ? v : [];
};

function StaticChart(props: {
  id: string;
  title: string;
  series: CompareSeries;
  cols: (keyof CompareSeries)[];
  labels: string[];
  yMax: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { series, cols, labels, yMax } = props;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => Math.max(220, Math.floor(el.clientWidth));
    const u = new uPlot(
      {
        width: width(),
        height: 140,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, y: { range: [0, Math.max(1, yMax)] } },
        axes: [
          {
            stroke: '#334155',
            grid: { stroke: '#e2e8f0' },
            space: 60,
            values: (_u, vals) => vals.map((v) => `${+(v / 1000).toFixed(1)} s`),
            size: 32,
          },
          { stroke: '#334155', grid: { stroke: '#e2e8f0' }, size: 44 },
        ],
        series: [
          { label: 't' },
          ...cols.map((c, i) => ({
            label: labels[i] ?? c,
            stroke: COLOR[c] ?? '#0f172a',
            width: 2,
            points: { show: false },
          })),
        ],
      },
      [series.t, ...cols.map((c) => column(series, c))],
      el,
    );
    const ro = new ResizeObserver(() => u.setSize({ width: width(), height: 140 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
    };
  }, [series, cols, labels, yMax]);
  return (
    <figure
      className="lab-chart compare-chart"
      data-id={`compare-${props.id}`}
      data-samples={series.t.length}
    >
      <figcaption>{props.title}</figcaption>
      <div ref={box} className="lab-chart-plot" />
    </figure>
  );
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function CompareView({ scenarioTexts }: { scenarioTexts: ScenarioTexts }) {
  const t = useLabT();
  const [run, setRun] = useState(0);
  const [state, setState] = useState<
    { phase: 'running' } | { phase: 'done'; r: CompareResult } | { phase: 'error'; error: string }
  >({ phase: 'running' });

  useEffect(() => {
    let live = true;
    runCompare(scenarioTexts, 'monolith', 'microservices', UNTIL_MS, SAMPLE_MS).then(
      (r) => live && setState({ phase: 'done', r }),
      (e: unknown) => live && setState({ phase: 'error', error: String(e) }),
    );
    return () => {
      live = false;
    };
  }, [run, scenarioTexts]);

  const runs = state.phase === 'done' ? ([state.r.a, state.r.b] as const) : null;
  const series = runs?.every((x) => x.ok)
    ? runs.map((x) => (x.ok ? x.series : null)).filter((x): x is CompareSeries => x !== null)
    : null;
  const failure =
    state.phase === 'error'
      ? state.error
      : runs
        ? runs.flatMap((x) => (x.ok ? [] : [x.error])).join('\n')
        : '';

  return (
    <div className="lab-compare" data-id="compare" data-state={state.phase}>
      <p className="lab-note compare-explain">{t('compare.explain')}</p>
      <div className="lab-row">
        <button
          type="button"
          className="lab-btn"
          data-id="compare-rerun"
          disabled={state.phase === 'running'}
          onClick={() => {
            setState({ phase: 'running' });
            setRun((n) => n + 1);
          }}
        >
          {t('compare.rerun')}
        </button>
        {state.phase === 'running' && (
          <span role="status" className="muted">
            {t('compare.running', { s: UNTIL_MS / 1000 })}
          </span>
        )}
      </div>
      {failure && (
        <p role="alert" className="lab-error">
          {t('compare.failed', { error: failure })}
        </p>
      )}
      {series && series.length === 2 && (
        <div className="compare-grid">
          {SIDES.map((side, i) => {
            const s = series[i]!;
            const ok = sum(s.okRps) * (SAMPLE_MS / 1000);
            const failed = sum(s.failedRps) * (SAMPLE_MS / 1000);
            return (
              <section
                key={side.id}
                className="compare-side"
                data-id={`compare-side-${side.id}`}
                aria-label={t(side.title)}
              >
                <h3>{t(side.title)}</h3>
                <p className="compare-summary">
                  {t('compare.summary', {
                    ok: Math.round(ok),
                    failed: Math.round(failed),
                    p95: Math.round(Math.max(0, ...s.p95)),
                  })}
                </p>
                {METRICS.map((m) => (
                  <StaticChart
                    key={m.id}
                    id={`${side.id}-${m.id}`}
                    title={t(m.title)}
                    series={s}
                    cols={m.cols}
                    labels={m.cols.map((c) => {
                      const k = LABEL[c];
                      return k ? t(k) : c;
                    })}
                    yMax={Math.max(...series.flatMap((x) => m.cols.flatMap((c) => column(x, c))))}
                  />
                ))}
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}
