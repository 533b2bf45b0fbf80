import { useEffect, useSyncExternalStore } from 'react';
import { useT } from '../useT';
import { uiStore } from '../../state';
import { lbService } from '../../shared';
import { useSim, useUi } from '../../state/hooks';
import { grpcCall, serviceOf } from '../grpcNames';
import { useSimClient } from '../simClientContext';
import { kindLegendKey } from '../tokenKinds';

const json = (v: unknown) => JSON.stringify(v, null, 1);

/**
 * The wire envelope of a message (clicked token, drop marker or log line): every hop with its
 * channel, headers and body as NestJS puts them on the wire — rmq `replyTo`/`correlationId`,
 * nats `_INBOX.…`, kafka `kafka_correlationId`, the tcp `<len>#<json>` frame.
 */
export function MessageInspector() {
  const t = useT();
  const client = useSimClient();
  const inspected = useUi((s) => s.inspected);
  const services = useSim((s) => s.model?.services);
  const msgId = inspected?.msgId ?? '';
  // Re-render only when the message gains a hop (e.g. its reply) or the worker answers, not on
  // every frame. A string, so equal counts compare equal.
  const shape = useSyncExternalStore(
    (fn) => client.tokensChanged.subscribe(fn),
    () => (msgId ? `${client.wireOf(msgId).length}/${client.wireLoaded(msgId) ? 1 : 0}` : '0/0'),
  );
  const count = Number(shape.slice(0, shape.indexOf('/')));
  // Hops and envelopes stay in the worker until asked for: fetch them for this message, and
  // again a few times a second while the run moves (its reply may be on the way).
  useEffect(() => {
    if (!msgId) return;
    client.loadWire(msgId);
    let last = performance.now();
    return client.frames.subscribe(() => {
      const wall = performance.now();
      if (wall - last < 300) return;
      last = wall;
      client.loadWire(msgId);
    });
  }, [client, msgId]);
  if (!inspected) return null;
  const hops = client.wireOf(msgId).slice(0, count);
  // A gRPC call: the code on both ends, named as the wire names it.
  const call = hops
    .filter((h) => h.kind === 'request' && h.pattern !== undefined)
    .map((h) => {
      const svc = lbService(h.to) ?? serviceOf(h.to);
      return grpcCall(
        services?.find((x) => x.id === svc),
        h.pattern!,
      );
    })
    .find((c) => c !== null);
  // Until the worker answered, a hop without an envelope is "not here yet", not "none".
  const loaded = shape.endsWith('/1');
  return (
    <section
      className="panel inspector"
      aria-labelledby="inspector-title"
      data-id="inspector"
      data-msg={msgId}
    >
      <h2 id="inspector-title">
        {t('inspector.title')} <code>{msgId.slice(0, 10)}</code>
      </h2>
      <button
        type="button"
        className="btn btn-ghost close"
        aria-label={t('inspector.close')}
        onClick={() => {
          uiStore.getState().inspect(null);
          uiStore.getState().select(null);
        }}
      >
        <span aria-hidden="true">✕</span>
      </button>
      {call && (
        <p className="inspector-grpc" data-id="inspector-grpc">
          <code>
            {call.client}.{call.clientMethod}({'{ id }'})
          </code>{' '}
          →{' '}
          <code>
            @GrpcMethod('{call.service}', '{call.method}')
          </code>
        </p>
      )}
      {hops.length === 0 && loaded ? (
        <p className="muted">{t('inspector.gone')}</p>
      ) : (
        <ol className="wire-hops">
          {hops.map((h, i) => {
            const picked = inspected.from === h.from && inspected.to === h.to;
            return (
              <li
                key={i}
                className={picked ? 'wire-hop is-picked' : 'wire-hop'}
                data-id={`wire:${h.from}>${h.to}`}
                data-kind={h.kind}
              >
                <div className="wire-route">
                  <b>{h.from}</b> → <b>{h.to}</b>{' '}
                  <span className="muted">
                    {t(kindLegendKey(h.kind))} · t=
                    {Math.round(h.t)}ms
                  </span>
                </div>
                {h.wire ? (
                  <dl className="wire">
                    <dt>{t('inspector.channel')}</dt>
                    <dd data-id="wire-channel">
                      <code>{h.wire.channel}</code>
                    </dd>
                    {h.wire.headers && (
                      <>
                        <dt>{t('inspector.headers')}</dt>
                        <dd data-id="wire-headers">
                          <pre tabIndex={0}>{json(h.wire.headers)}</pre>
                        </dd>
                      </>
                    )}
                    <dt>{t('inspector.body')}</dt>
                    <dd data-id="wire-body">
                      <pre tabIndex={0}>
                        {typeof h.wire.body.frame === 'string'
                          ? h.wire.body.frame
                          : json(h.wire.body)}
                      </pre>
                    </dd>
                  </dl>
                ) : loaded ? (
                  <p className="muted">{t('inspector.noWire')}</p>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
