import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { uiStore } from '../../state';
import { useSim, useUi } from '../../state/hooks';
import { useLocalized, useT } from '../useT';
import { useCommands } from '../useCommand';
import { NodeFrame } from './NodeFrame';
import { MenuButton } from './MenuButton';
import type { FlowNode } from './graph';

/** The broker: transport name and its queues (rmq ready/unacked, or channels/subjects/topics). */
function BrokerNodeImpl({ id }: NodeProps<FlowNode>) {
  const t = useT();
  const loc = useLocalized();
  const label = useSim((s) => s.model?.broker?.label);
  const transport = useSim((s) => s.model?.transport.kind);
  const queues = useSim((s) => s.queues);
  const status = useSim((s) => s.brokerStatus) ?? 'up';
  const command = useCommands();
  const open = useUi((s) => s.brokerOpen);
  const down = status === 'down';
  const toggle = command({ id: down ? 'broker.up' : 'broker.down' });
  return (
    <NodeFrame
      id={id}
      kind="broker"
      title={loc(label) || t('node.broker')}
      codeLabel={t('code.show', { node: loc(label) || t('node.broker') })}
      badge={
        <span className="node-badges">
          {transport && <span className="transport">{transport}</span>}
          <MenuButton kind="broker" id={id} name={loc(label) || t('node.broker')} />
        </span>
      }
    >
      <button
        type="button"
        className={`nodrag broker-status broker-${status}`}
        data-id="broker-status"
        data-state={status}
        aria-label={`${t('node.broker')}, ${down ? t('node.brokerDown') : t('node.brokerUp')}`}
        title={toggle.label}
        disabled={toggle.disabled}
        onClick={toggle.run}
      >
        <span aria-hidden="true">{down ? '✕' : '●'}</span>{' '}
        {down ? t('node.brokerDown') : t('node.brokerUp')}
        {/* A live app's broker is not ours to stop (docs/live.md). */}
        {!toggle.disabled && <span className="broker-action">{toggle.label}</span>}
      </button>
      <button
        type="button"
        className="nodrag broker-insides-toggle"
        data-id="broker-insides-toggle"
        aria-expanded={open}
        aria-controls="broker-insides"
        onClick={() => uiStore.getState().setBrokerOpen(!open)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>{' '}
        {open ? t('insides.hide') : t('insides.show')}
      </button>
      {queues.length === 0 ? (
        <div className="muted">{t('node.noQueues')}</div>
      ) : (
        <ul className="queues">
          {queues.map((q) => (
            <li key={`${q.kind}:${q.name}`} data-id={`queue:${q.name}`} data-kind={q.kind}>
              <span className="queue-name">{q.name || '""'}</span>
              <span className="queue-counts">
                {q.kind === 'queue' || q.partitions ? (
                  <span title={t('node.ready')} className={q.ready > 0 ? 'hot' : ''}>
                    {t('node.ready')} <b data-id={`queue:${q.name}:ready`}>{q.ready}</b>
                  </span>
                ) : (
                  // Pub/sub channels store nothing: what matters is who listens.
                  <span className={q.consumers === 0 ? 'hot' : ''}>
                    {t('insides.subscribers')}{' '}
                    <b data-id={`queue:${q.name}:subscribers`}>{q.consumers}</b>
                    {q.consumers === 0 && <> · {t('insides.nobody')}</>}
                  </span>
                )}
                {q.kind === 'queue' && (
                  <span title={t('node.unacked')}>
                    {t('node.unacked')} <b>{q.unacked}</b>
                  </span>
                )}
                {q.partitions && (
                  <span title={t('insides.partitions')}>
                    {t('insides.partitionsShort', { n: q.partitions.length })}{' '}
                    <b>{q.partitions.map((p) => p.end).join(' · ')}</b>
                  </span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </NodeFrame>
  );
}

export const BrokerNode = memo(BrokerNodeImpl);
