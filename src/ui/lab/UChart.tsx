/**
 * One uPlot chart fed from the collector's ring buffers. Why imperative: samples arrive many
 * times a second; the chart redraws with `setData` on its own rAF (at most once per frame, and
 * only when a new sample came — so a paused sim freezes the chart), never through React.
 * Faults are drawn as bands (the selected one stronger) so a learner sees cause and effect.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { collector } from './collector';
import { labStore } from './labStore';
import type { ChartId } from './metrics';

const PALETTE = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#000000',
  '#7f3c8d',
];
const FIXED_COLORS: Record<string, string> = {
  ok: '#047857',
  failed: '#b91c1c',
  p50: '#1d4ed8',
  p95: '#a16207',
  p99: '#b91c1c',
  errorRate: '#b91c1c',
};

export interface UChartProps {
  id: ChartId;
  title: string;
  /** Display names of series (fixed ones are translated, keyed ones are ids). */
  seriesLabel(name: string): string;
  /** The y axis' unit, drawn along it (`% of capacity`, `in progress`). */
  yLabel?: string;
  height?: number;
}

/** Fault bands under the series: every fault light, the selected one darker. */
function faultBands(u: uPlot) {
  const faults = collector.faults.faults;
  if (faults.length === 0) return;
  const sel = labStore.getState().selectedFault;
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const xMin = u.scales.x?.min;
  const xMax = u.scales.x?.max;
  if (xMin === undefined || xMax === undefined) return;
  ctx.save();
  for (const f of faults) {
    const end = f.end ?? collector.now;
    if (end < xMin || f.start > xMax) continue;
    const x0 = Math.max(left, u.valToPos(f.start, 'x', true));
    const x1 = Math.min(left + width, u.valToPos(end, 'x', true));
    ctx.fillStyle = f.faultId === sel ? 'rgba(245, 158, 11, 0.35)' : 'rgba(185, 28, 28, 0.08)';
    ctx.fillRect(x0, top, Math.max(2, x1 - x0), height);
  }
  ctx.restore();
}

function optionsFor(p: UChartProps, series: string[], width: number): uPlot.Options {
  const keyed = series.some((s) => !(s in FIXED_COLORS));
  return {
    width,
    height: p.height ?? 150,
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: false },
      y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max)] },
    },
    axes: [
      {
        stroke: '#334155',
        grid: { stroke: '#e2e8f0' },
        space: 70,
        values: (_u, vals) =>
          vals.map((v) => (v >= 1000 ? `${+(v / 1000).toFixed(2)} s` : `${v} ms`)),
        size: 36,
      },
      {
        stroke: '#334155',
        grid: { stroke: '#e2e8f0' },
        size: 48,
        ...(p.yLabel
          ? { label: p.yLabel, labelSize: 18, labelFont: 'bold 12px system-ui, sans-serif' }
          : {}),
      },
    ],
    series: [
      { label: 't' },
      ...series.map((name, i) => ({
        label: p.seriesLabel(name),
        stroke: (keyed ? PALETTE[i % PALETTE.length] : FIXED_COLORS[name]) ?? '#0f172a',
        width: 2,
        spanGaps: false,
        points: { show: false },
      })),
    ],
    hooks: { drawClear: [faultBands] },
  };
}

export function UChart(props: UChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const propsRef = useRef(props);
  useEffect(() => {
    propsRef.current = props;
  });
  const { id } = props;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let u: uPlot | null = null;
    let series: string[] = [];
    let raf = 0;
    let seen = -1;
    const width = () => Math.max(200, Math.floor(el.clientWidth));

    function build() {
      u?.destroy();
      series = collector.metrics.seriesOf(id);
      u = new uPlot(
        optionsFor(propsRef.current, series, width()),
        collector.metrics.aligned(id, series),
        el!,
      );
    }
    function draw() {
      raf = 0;
      if (!u) return;
      const now = collector.metrics.seriesOf(id);
      if (now.join('\u0000') !== series.join('\u0000')) build();
      else u.setData(collector.metrics.aligned(id, series));
      seen = collector.samplesVersion;
      el!.dataset.samples = String(collector.metrics.total);
      const first = series[0];
      const last = first !== undefined ? collector.metrics.last(id, first) : undefined;
      el!.dataset.last = last === undefined ? '' : String(Math.round(last * 100) / 100);
      el!.dataset.series = String(series.length);
    }
    const schedule = () => {
      if (raf === 0 && collector.samplesVersion !== seen) raf = requestAnimationFrame(draw);
    };
    build();
    draw();
    const off = collector.subscribe(schedule);
    // Selecting a fault redraws the bands (no new data needed).
    const offSel = labStore.subscribe((s, prev) => {
      if (s.selectedFault !== prev.selectedFault) u?.redraw(false);
    });
    const ro = new ResizeObserver(() =>
      u?.setSize({ width: width(), height: propsRef.current.height ?? 150 }),
    );
    ro.observe(el);
    return () => {
      off();
      offSel();
      ro.disconnect();
      if (raf) cancelAnimationFrame(raf);
      u?.destroy();
    };
  }, [id]);

  return (
    <figure className="lab-chart" data-id={`chart-${id}`} data-samples="0">
      <figcaption>{props.title}</figcaption>
      <div ref={box} className="lab-chart-plot" data-chart={id} />
    </figure>
  );
}
