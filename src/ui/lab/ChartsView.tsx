/** Six live charts of the run (uPlot), fed by `metrics.sample` events. */
import { useCallback } from 'react';
import { useUi } from '../../state/hooks';
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
};

export function ChartsView() {
  const t = useLabT();
  const lang = useUi((s) => s.lang);
  const hasSamples = useLab((s) => s.lastSampleAt !== null);
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
        {CHART_IDS.map((id) => (
          <UChart key={`${id}-${lang}`} id={id} title={t(TITLE[id])} seriesLabel={label} />
        ))}
      </div>
    </div>
  );
}
