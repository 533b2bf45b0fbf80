import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { TransportKind } from '../../shared';
import { useSim } from '../../state/hooks';
import { useLocalized, useT } from '../useT';
import { NodeFrame } from './NodeFrame';
import type { FlowNode } from './graph';
import { BreakerBadges } from '../lab/badges';
import { grpcCall } from '../grpcNames';

/**
 * The API gateway: its NestJS clients and the requests it is waiting on. One client line per
 * transport its services use — a `ClientProxy`, or on gRPC a `ClientGrpc` with the proto services
 * it gets (`getService<OrdersService>('OrdersService')`) — and, when every call is gRPC, the
 * route timeout shown as what it is there: the call's deadline.
 */
function GatewayNodeImpl({ id }: NodeProps<FlowNode>) {
  const t = useT();
  const loc = useLocalized();
  const label = useSim((s) => s.model?.gateway.label);
  const scenarioKind = useSim((s) => s.model?.transport.kind);
  const services = useSim((s) => s.model?.services);
  const routes = useSim((s) => s.model?.routes);
  const timeoutMs = useSim((s) => s.model?.gateway.timeoutMs);
  const pending = useSim((s) => s.counters.pending);
  const kinds: TransportKind[] = services?.length
    ? [...new Set(services.map((s) => s.transport.kind))]
    : scenarioKind
      ? [scenarioKind]
      : [];
  // The proto services the gateway calls: those its `send` routes target (a service reached only
  // by emit() gets no getService(): on gRPC that emit throws).
  const grpcServices = (routes ?? [])
    .filter((r) => r.action === 'send')
    .flatMap((r) =>
      r.to.map((to) =>
        grpcCall(
          services?.find((s) => s.id === to),
          r.pattern,
        ),
      ),
    )
    .filter((c) => c !== null);
  const allGrpc = kinds.length > 0 && kinds.every((k) => k === 'grpc');
  return (
    <NodeFrame
      id={id}
      kind="gateway"
      title={loc(label) || t('node.gateway')}
      codeLabel={t('code.show', { node: loc(label) || t('node.gateway') })}
    >
      {kinds.map((k) => (
        <div key={k} className="proxy" data-id={`gateway-client:${k}`}>
          <code>{k === 'grpc' ? 'ClientGrpc' : 'ClientProxy'}</code>
          <span className="transport">{k}</span>
        </div>
      ))}
      {grpcServices.length > 0 && (
        <ul className="grpc-services" aria-label={t('node.grpcServices')}>
          {[...new Set(grpcServices.map((c) => c.service))].map((svc) => (
            <li
              key={svc}
              data-id={`grpc-service:${svc}`}
              title={`${grpcServices.find((c) => c.service === svc)!.client} = client.getService<${svc}>('${svc}')`}
            >
              <code>getService('{svc}')</code>
            </li>
          ))}
        </ul>
      )}
      {timeoutMs !== undefined && (
        <div className="muted" data-id="gateway-timeout">
          {allGrpc ? t('node.deadline', { ms: timeoutMs }) : `timeout(${timeoutMs})`}
        </div>
      )}
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
