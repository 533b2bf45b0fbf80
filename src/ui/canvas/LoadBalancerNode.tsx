import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { useT } from '../useT';
import { useSim } from '../../state/hooks';
import { NodeFrame } from './NodeFrame';
import type { FlowNode } from './graph';

/**
 * The engine's load balancer in front of a tcp/grpc service (`loadBalancer: true`): each
 * instance listens on its own port. TCP's (layer 4) hands each new connection to the next up
 * instance, and the gateway keeps one; gRPC's (layer 7, Envoy) round-robins calls.
 */
function LoadBalancerNodeImpl({ id }: NodeProps<FlowNode>) {
  const t = useT();
  const service = id.slice(3);
  const kind = useSim((s) => s.model?.services.find((x) => x.id === service)?.transport.kind);
  const up = useSim(
    (s) => (s.instanceIds[service] ?? []).filter((i) => s.instances[i]?.status === 'up').length,
  );
  return (
    <NodeFrame
      id={id}
      kind="load-balancer"
      title={t('lb.title')}
      badge={kind && <span className="transport">{kind}</span>}
    >
      <div className="muted">
        {t(kind === 'tcp' ? 'lb.perConnection' : 'lb.roundRobin', { service })}
      </div>
      <div className="lb-up" data-id={`${id}:up`} data-value={up}>
        {t('lb.backends', { n: up })}
      </div>
    </NodeFrame>
  );
}

export const LoadBalancerNode = memo(LoadBalancerNodeImpl);
