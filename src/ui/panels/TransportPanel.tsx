import { useId } from 'react';
import { useT } from '../useT';
import type { ServiceSpec } from '../../engine/types';
import { MQTT_SHARE, TRANSPORT_KINDS, type TransportKind } from '../../shared';
import type { OptionEdits } from '../../state';
import { useSim, useUi } from '../../state/hooks';
import { Select } from '../primitives/Select';
import { grpcCall } from '../grpcNames';

export interface TransportPanelProps {
  onScenarioKind(kind: TransportKind): void;
  onServiceKind(service: string, kind: TransportKind): void;
  onServiceOptions(service: string, patch: OptionEdits): void;
}

const KIND_NAMES: Record<TransportKind, string> = {
  redis: 'Redis',
  nats: 'NATS',
  rmq: 'RabbitMQ (rmq)',
  mqtt: 'MQTT',
  kafka: 'Kafka',
  tcp: 'TCP',
  grpc: 'gRPC',
};
const kindOptions = TRANSPORT_KINDS.map((k) => ({ value: k, label: KIND_NAMES[k] }));

function Check(props: {
  label: string;
  checked: boolean;
  onChange(v: boolean): void;
  dataId: string;
  hint?: string;
}) {
  const id = useId();
  return (
    <span className="check" title={props.hint}>
      <input
        id={id}
        type="checkbox"
        data-id={props.dataId}
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
    </span>
  );
}

/** The option controls that matter for the service's current transport. */
function ServiceOptions({
  spec,
  onOptions,
}: {
  spec: ServiceSpec;
  onOptions(patch: OptionEdits): void;
}) {
  const t = useT();
  const o = spec.transport.options;
  const id = spec.id;
  switch (spec.transport.kind) {
    case 'rmq':
      return (
        <div className="svc-options">
          <div className="muted" data-id={`queue-of:${id}`}>
            {t('transport.queueIs', { queue: String(o.queue ?? '') || '""' })}
          </div>
          <Check
            dataId={`opt:${id}:noAck`}
            label={t('transport.opt.manualAck')}
            hint={t('transport.opt.manualAckHint')}
            checked={o.noAck === false}
            onChange={(v) => onOptions({ noAck: v ? false : null })}
          />
          <Check
            dataId={`opt:${id}:persistent`}
            label={t('transport.opt.persistent')}
            checked={o.persistent === true}
            onChange={(v) => onOptions({ persistent: v ? true : null })}
          />
          <Select
            label={t('transport.opt.prefetch')}
            data-id={`opt:${id}:prefetch`}
            value={String(o.prefetchCount ?? 0)}
            options={['0', '1', '5'].map((v) => ({
              value: v,
              label: v === '0' ? t('transport.opt.unlimited') : v,
            }))}
            onChange={(e) => {
              const n = Number(e.target.value);
              onOptions({ prefetchCount: n === 0 ? null : n });
            }}
          />
        </div>
      );
    case 'nats':
      return (
        <div className="svc-options">
          <Check
            dataId={`opt:${id}:queueGroup`}
            label={t('transport.opt.queueGroup', { group: id })}
            hint={t('transport.opt.queueGroupHint')}
            checked={typeof o.queue === 'string' && o.queue !== ''}
            onChange={(v) => onOptions({ queue: v ? id : null })}
          />
        </div>
      );
    case 'mqtt': {
      const shared = spec.handlers.some((h) => MQTT_SHARE.test(h.pattern));
      return (
        <div className="svc-options">
          <Check
            dataId={`opt:${id}:share`}
            label={t('transport.opt.share', { group: id })}
            hint={t('transport.opt.shareHint')}
            checked={shared}
            onChange={(v) => onOptions({ share: v })}
          />
          <Select
            label={t('transport.opt.qos')}
            data-id={`opt:${id}:qos`}
            value={String(o.qos ?? 0)}
            options={['0', '1', '2'].map((v) => ({ value: v, label: v }))}
            onChange={(e) => {
              const n = Number(e.target.value);
              onOptions({ qos: n === 1 || n === 2 ? n : null });
            }}
          />
        </div>
      );
    }
    case 'kafka':
      return (
        <div className="svc-options">
          <Select
            label={t('transport.opt.partitions')}
            data-id={`opt:${id}:partitions`}
            value={String(o.partitions ?? 1)}
            options={['1', '2', '3', '4'].map((v) => ({ value: v, label: v }))}
            onChange={(e) => {
              const n = Number(e.target.value);
              onOptions({ partitions: n === 1 ? null : n });
            }}
          />
        </div>
      );
    case 'tcp':
    case 'grpc': {
      const rpcs = spec.handlers
        .filter((h) => h.kind === 'request')
        .map((h) => grpcCall(spec, h.pattern))
        .filter((c) => c !== null);
      const proto = spec.transport.kind === 'grpc' ? grpcCall(spec, '') : null;
      return (
        <div className="svc-options">
          {proto && (
            <div className="muted" data-id={`grpc-proto:${id}`}>
              {t('transport.grpcProto', {
                pkg: proto.pkg,
                service: proto.service,
                rpcs: rpcs.map((c) => c.method).join(', ') || '—',
              })}
            </div>
          )}
          <Check
            dataId={`opt:${id}:loadBalancer`}
            label={t('transport.opt.loadBalancer')}
            hint={t('transport.opt.loadBalancerHint')}
            checked={o.loadBalancer === true}
            onChange={(v) => onOptions({ loadBalancer: v ? true : false })}
          />
        </div>
      );
    }
    default:
      return null;
  }
}

/**
 * Transport switcher: the scenario's transport and each service's, the few options that change
 * the story, a short "what changes" note and the engine's model assumptions. Every change
 * reloads the scenario (same seed) with the edited file.
 */
export function TransportPanel(props: TransportPanelProps) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const edits = useUi((s) => s.transportEdits);
  const kind = useSim((s) => s.model?.transport.kind);
  const services = useSim((s) => s.model?.services);
  const notes = useSim((s) => s.notes);
  if (!kind || !services) return null;
  const kinds = [...new Set(services.map((s) => s.transport.kind))];
  // The gRPC note speaks of this scenario's own first proto method (OrdersService.GetOrder).
  const firstCall = services
    .flatMap((s) =>
      s.handlers.filter((h) => h.kind === 'request').map((h) => grpcCall(s, h.pattern)),
    )
    .find((c) => c !== null);
  const grpcExample = firstCall
    ? {
        service: firstCall.service,
        method: firstCall.method,
        client: firstCall.client,
        clientMethod: firstCall.clientMethod,
      }
    : {
        service: 'OrdersService',
        method: 'GetOrder',
        client: 'ordersService',
        clientMethod: 'getOrder',
      };
  const movedToRmq =
    (edits.kind === 'rmq' || Object.values(edits.services).some((e) => e.kind === 'rmq')) &&
    services.some((s) => s.transport.kind === 'rmq');
  return (
    <details className="panel transport-panel" data-id="transport-panel">
      <summary>
        <h2>{t('transport.title')}</h2>
      </summary>
      <Select
        label={t('transport.scenario')}
        data-id="transport-kind"
        value={kind}
        options={kindOptions}
        onChange={(e) => props.onScenarioKind(e.target.value as TransportKind)}
      />
      {kinds.map((k) => (
        <div key={k} className="transport-notes" data-id={`transport-note:${k}`}>
          <p className="what-changes">
            <b>{KIND_NAMES[k]}:</b>{' '}
            {t(`transport.what.${k}` as const, k === 'grpc' ? grpcExample : {})}
          </p>
          {notes && (
            <p className="model-note" data-id={`model-note:${k}`}>
              <span className="note-label">{t('transport.assumptions')}</span> {notes[k][lang]}
            </p>
          )}
        </div>
      ))}
      {movedToRmq && (
        <p className="hint" data-id="rmq-queues-hint">
          {t('transport.rmqQueues', {
            list: services
              .filter((s) => s.transport.kind === 'rmq')
              .map((s) => String(s.transport.options.queue ?? ''))
              .join(', '),
          })}
        </p>
      )}
      <ul className="svc-transports">
        {services.map((s) => (
          <li key={s.id} data-id={`svc-transport:${s.id}`} data-kind={s.transport.kind}>
            <Select
              label={t('transport.service', { service: s.id })}
              data-id={`transport-kind:${s.id}`}
              value={s.transport.kind}
              options={kindOptions}
              onChange={(e) => props.onServiceKind(s.id, e.target.value as TransportKind)}
            />
            <ServiceOptions spec={s} onOptions={(p) => props.onServiceOptions(s.id, p)} />
          </li>
        ))}
      </ul>
    </details>
  );
}
