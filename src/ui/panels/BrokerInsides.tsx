import { memo } from 'react';
import { useT, type Translate } from '../useT';
import type { QueueView, ServiceSpec } from '../../engine/types';
import { MQTT_SHARE, stripShare } from '../../shared';
import { uiStore } from '../../state';
import { useSim, useUi } from '../../state/hooks';

/** Who subscribes to a channel/subject/topic, from the model (the engine reports counts only). */
function subscribersOf(services: readonly ServiceSpec[], q: QueueView) {
  return services
    .filter((s) => s.handlers.some((h) => stripShare(h.pattern) === q.name || h.pattern === q.name))
    .map((s) => {
      const h = s.handlers.find((x) => stripShare(x.pattern) === q.name || x.pattern === q.name)!;
      const o = s.transport.options;
      const group =
        s.transport.kind === 'nats'
          ? typeof o.queue === 'string' && o.queue
            ? o.queue
            : null
          : s.transport.kind === 'mqtt'
            ? (MQTT_SHARE.exec(h.pattern)?.[1] ?? null)
            : null;
      return { service: s.id, group, qos: Number(o.qos ?? 0), kind: s.transport.kind };
    });
}

function Nobody({ t }: { t: Translate }) {
  return (
    <span className="nobody" data-state="nobody">
      <span aria-hidden="true">⚠ </span>
      {t('insides.nobody')}
    </span>
  );
}

function RmqQueue({ q, t }: { q: QueueView; t: Translate }) {
  return (
    <li className="inside-item" data-id={`insides:${q.name}`} data-kind="queue">
      <div className="inside-name">
        <span className="inside-kind">
          {q.name.endsWith('.dlq') ? t('insides.dlq') : t('insides.queue')}
        </span>{' '}
        <code>{q.name || '""'}</code>
      </div>
      <dl className="inside-counts">
        <div className={q.ready > 0 ? 'hot' : ''}>
          <dt>{t('node.ready')}</dt>
          <dd data-id={`insides:${q.name}:ready`} data-value={q.ready}>
            {q.ready}
          </dd>
        </div>
        <div>
          <dt>{t('node.unacked')}</dt>
          <dd data-id={`insides:${q.name}:unacked`} data-value={q.unacked}>
            {q.unacked}
          </dd>
        </div>
        <div>
          <dt>{t('node.consumers')}</dt>
          <dd data-id={`insides:${q.name}:consumers`} data-value={q.consumers}>
            {q.consumers}
          </dd>
        </div>
        {q.persistent !== undefined && (
          <div>
            <dt>{t('insides.persistent')}</dt>
            <dd>{q.persistent}</dd>
          </div>
        )}
      </dl>
      {q.consumers === 0 && q.ready > 0 && <p className="muted">{t('insides.waiting')}</p>}
    </li>
  );
}

function KafkaTopic({ q, t, idle }: { q: QueueView; t: Translate; idle: readonly string[] }) {
  const parts = q.partitions ?? [];
  const groups = [...new Set(parts.flatMap((p) => Object.keys(p.committed)))].sort();
  return (
    <li className="inside-item" data-id={`insides:${q.name}`} data-kind="kafka-topic">
      <div className="inside-name">
        <span className="inside-kind">{t('insides.topic')}</span> <code>{q.name}</code>
      </div>
      <table className="partitions">
        <caption className="sr-only">{t('insides.partitionsOf', { topic: q.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('insides.partition')}</th>
            <th scope="col">{t('insides.logEnd')}</th>
            {groups.map((g) => (
              <th key={g} scope="col">
                {g}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {parts.map((p) => (
            <tr key={p.id} data-id={`insides:${q.name}:p${p.id}`}>
              <th scope="row">P{p.id}</th>
              <td data-id={`insides:${q.name}:p${p.id}:end`}>{p.end}</td>
              {groups.map((g) => {
                const c = p.committed[g] ?? 0;
                const lag = p.end - c;
                return (
                  <td key={g}>
                    {t('insides.committed', { n: c })}
                    {lag > 0 && <span className="lag"> (+{lag})</span>}
                    <br />
                    <span className="owner">
                      {p.owner[g] ? `→ ${p.owner[g]}` : t('insides.noOwner')}
                    </span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {idle.length > 0 && (
        <p className="idle-members" data-id={`insides:${q.name}:idle`}>
          {t('insides.idleMembers')}{' '}
          {idle.map((i) => (
            <span key={i} className="idle-member">
              {i}
            </span>
          ))}
        </p>
      )}
    </li>
  );
}

function PubSubChannel({
  q,
  t,
  services,
}: {
  q: QueueView;
  t: Translate;
  services: readonly ServiceSpec[];
}) {
  const subs = subscribersOf(services, q);
  const label =
    q.kind === 'channel'
      ? t('insides.channel')
      : q.kind === 'subject'
        ? t('insides.subject')
        : t('insides.topic');
  // MQTT topic tree: one indented row per level (`orders/created` → orders › created).
  const levels = q.kind === 'topic' ? stripShare(q.name).split('/') : [q.name];
  return (
    <li className="inside-item" data-id={`insides:${q.name}`} data-kind={q.kind}>
      <div className="inside-name">
        <span className="inside-kind">{label}</span> <code>{levels.join(' › ')}</code>
      </div>
      <div className="inside-subs">
        {t('insides.subscribers')}{' '}
        <b data-id={`insides:${q.name}:subscribers`} data-value={q.consumers}>
          {q.consumers}
        </b>
        {q.consumers === 0 && (
          <>
            {' '}
            <Nobody t={t} />
          </>
        )}
      </div>
      <ul className="subs">
        {subs.map((s) => (
          <li key={s.service}>
            <code>{s.service}</code>{' '}
            {s.group
              ? t(s.kind === 'mqtt' ? 'insides.sharedGroup' : 'insides.queueGroup', {
                  group: s.group,
                })
              : q.kind === 'channel'
                ? t('insides.everyInstance')
                : t('insides.noGroup')}
            {s.kind === 'mqtt' && <> · QoS {s.qos}</>}
          </li>
        ))}
      </ul>
    </li>
  );
}

/**
 * The broker opened up: rmq queues (ready / unacked / consumers), kafka partitions with offsets
 * and owners, NATS subjects and queue groups, Redis channels and MQTT topics with subscribers.
 * Subscribes to `queues`, whose identity changes only when a count changes (structural sharing
 * in the mirror), so a frame that moves nothing re-renders nothing here.
 */
function BrokerInsidesImpl() {
  const t = useT();
  const open = useUi((s) => s.brokerOpen);
  const broker = useSim((s) => s.model?.broker);
  const queues = useSim((s) => s.queues);
  const services = useSim((s) => s.model?.services);
  const status = useSim((s) => s.brokerStatus);
  // A string, not the instances record: busy counts change every frame, idleness rarely.
  const idleIds = useSim((s) => {
    let out = '';
    for (const id in s.instances) {
      const i = s.instances[id]!;
      if (i.idle === true && i.status === 'up') out += `${id},`;
    }
    return out;
  });
  if (!open || !broker || !services) return null;
  const idle = idleIds.split(',').filter(Boolean);
  const idleOf = (q: QueueView) =>
    idle.filter((iid) =>
      services.some(
        (s) =>
          iid.startsWith(`${s.id}#`) && s.handlers.some((h) => stripShare(h.pattern) === q.name),
      ),
    );
  return (
    <section
      className="panel broker-insides"
      id="broker-insides"
      aria-labelledby="broker-insides-title"
      data-id="broker-insides"
    >
      <h2 id="broker-insides-title">
        {t('insides.title')}{' '}
        <span className={`broker-${status ?? 'up'}`}>
          ({status === 'down' ? t('node.brokerDown') : t('node.brokerUp')})
        </span>
      </h2>
      <button
        type="button"
        className="btn btn-ghost close"
        aria-label={t('insides.close')}
        onClick={() => uiStore.getState().setBrokerOpen(false)}
      >
        <span aria-hidden="true">✕</span>
      </button>
      {queues.length === 0 ? (
        <p className="muted">{t('node.noQueues')}</p>
      ) : (
        <ul className="insides">
          {queues.map((q) =>
            q.kind === 'queue' ? (
              <RmqQueue key={`q:${q.name}`} q={q} t={t} />
            ) : q.partitions ? (
              <KafkaTopic key={`k:${q.name}`} q={q} t={t} idle={idleOf(q)} />
            ) : (
              <PubSubChannel key={`${q.kind}:${q.name}`} q={q} t={t} services={services} />
            ),
          )}
        </ul>
      )}
    </section>
  );
}

export const BrokerInsides = memo(BrokerInsidesImpl);
