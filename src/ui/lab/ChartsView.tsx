/**
 * Live charts of the run (uPlot), fed by `metrics.sample` events. Per-instance load is one chart
 * or two, by what it means (`load.ts`): "% of capacity" for services with a bulkhead, "handlings
 * in progress" for the others (no limit, so no percentage).
 */
import { useCallback } from 'react';
import { useSim, useUi } from '../../state/hooks';
import { UChart } from './UChart';
import { useLab } from './labStore';
import { isLabKey, useLabT, type LabKey } from './labI18n';
import { CHART_IDS, type ChartId } from './metrics';

const TITLE: Record<ChartId, LabKey> = {
  throughput: 'chart.throughput',
  latency: 'chart.latency',
  errors: 'chart.errors',
  queues: 'chart.queues',
  replicas: 'chart.replicas',
  utilization: 'chart.utilization',
  inProgress: 'chart.inProgress',
};

/** Y-axis unit of the charts whose title alone could be misread. */
const Y_LABEL: Partial<Record<ChartId, LabKey>> = {
  utilization: 'chart.utilizationAxis',
  inProgress: 'chart.inProgressAxis',
};
export function ChartsView() {
  const t = useLabT();
  const lang = useUi((s) => s.lang);
  const hasSamples = useLab((s) => s.lastSampleAt !== null);
  // Which per-instance load charts this model needs (a string: stable across renders).
  const bulkheads = useSim((s) => {
    const svcs = s.model?.services ?? [];
    const some = svcs.some((x) => x.capacity !== undefined);
    const all = svcs.length > 0 && svcs.every((x) => x.capacity !== undefined);
    return all ? 'all' : some ? 'some' : 'none';
  });
  const shown = CHART_IDS.filter(
    (id) =>
      (id !== 'utilization' || bulkheads !== 'none') &&
      (id !== 'inProgress' || bulkheads !== 'all'),
  );
  const label = useCallback(
    (name: string) => {
      const key = `series.${name}`;
      return isLabKey(key) ? t(key) : name;
    },
    [t],
  );
  return (
    <div className="lab-charts" data-state={hasSamples ? 'live' : 'empty'}>
      {!hasSamples && <p className="muted lab-note">{t('chart.noMetrics')}</p>}
      <div className="lab-chart-grid">
        {shown.map((id) => {
          const y = Y_LABEL[id];
          return (
            <UChart
              key={`${id}-${lang}`}
              id={id}
              title={t(TITLE[id])}
              seriesLabel={label}
              {...(y ? { yLabel: t(y) } : {})}
            />
          );
        })}
      </div>
    </div>
  );
}
