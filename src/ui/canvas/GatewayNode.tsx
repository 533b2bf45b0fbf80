import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { useSim } from '../../state/hooks';
import { useLocalized, useT } from '../useT';
import { NodeFrame } from './NodeFrame';
import type { FlowNode } from './graph';
import { BreakerBadges } from '../lab/badges';

/** The API gateway: a NestJS ClientProxy and the requests it is waiting on. */
function GatewayNodeImpl({ id }: NodeProps<FlowNode>) {
  const t = useT();
  const loc = useLocalized();
  const label = useSim((s) => s.model?.gateway.label);
  const transport = useSim((s) => s.model?.transport.kind);
  const timeoutMs = useSim((s) => s.model?.gateway.timeoutMs);
  const pending = useSim((s) => s.counters.pending);
  return (
    <NodeFrame id={id} kind="gateway" title={loc(label) || t('node.gateway')}>
      <div className="proxy">
        <code>ClientProxy</code>
        {transport && <span className="transport">{transport}</span>}
      </div>
      {timeoutMs !== undefined && <div className="muted">timeout({timeoutMs})</div>}
      <div
        className={`pending ${pending > 0 ? 'pending-on' : ''}`}
        data-id="gateway-pending"
        aria-label={t('node.pendingRequests', { n: pending })}
      >
        <span className="pending-n">{pending}</span> {t('node.pending')}
      </div>
      <BreakerBadges />
    </NodeFrame>
  );
}

export const GatewayNode = memo(GatewayNodeImpl);
