import { memo, useLayoutEffect, useRef } from 'react';
import { AnimatePresence, m } from 'framer-motion';
import type { NodeProps } from '@xyflow/react';
import { useSim } from '../../state/hooks';
import { useLocalized, useT } from '../useT';
import { chipOffsets } from './chipRegistry';
import { InstanceChip, measureChip } from './InstanceChip';
import { NodeFrame } from './NodeFrame';
import { MenuButton } from './MenuButton';
import { useCommands } from '../useCommand';
import type { FlowNode } from './graph';
import { handlerCode } from '../grpcNames';
import { ServiceRecords } from './ServiceRecords';

const EMPTY: string[] = [];

/**
 * A NestJS microservice: its transport, its handlers as the code declares them
 * (`@MessagePattern('get_order')`, or `@GrpcMethod('OrdersService', 'GetOrder')` on gRPC) and one
 * chip per instance.
 */
function ServiceNodeImpl({ id }: NodeProps<FlowNode>) {
  const loc = useLocalized();
  const t = useT();
  const command = useCommands();
  const spec = useSim((s) => s.model?.services.find((x) => x.id === id));
  const ids = useSim((s) => s.instanceIds[id] ?? EMPTY);
  const chipsRef = useRef<HTMLDivElement>(null);
  // Numbers, not objects: these re-render the node only when a count changes.
  const handled = useSim((s) => {
    let n = 0;
    for (const iid of s.instanceIds[id] ?? EMPTY) {
      const h = s.instances[iid]?.handled;
      if (h) for (const k in h) n += h[k]!;
    }
    return n;
  });
  const dups = useSim((s) => s.duplicatesByService[id] ?? 0);
  // `ids` is subscribed above: the labels (n → m) and enabled states follow the instance count.
  const scaleDown = command({ id: 'service.scaleDown', args: { service: id } });
  const scaleUp = command({ id: 'service.scaleUp', args: { service: id } });

  // Chips have a fixed size, so their centres move only when the chip set, the handler list or
  // the language changes, or when the chips box or the node resizes (a counter that wraps).
  // Measure then — never per frame: this node re-renders with every `handled` change, and each
  // read after React's DOM writes forces a layout (the top cost in a 4× CPU profile).
  useLayoutEffect(() => {
    const box = chipsRef.current;
    if (!box) return;
    const measure = () =>
      box.querySelectorAll<HTMLElement>('[data-chip]').forEach((el) => {
        const iid = el.dataset.id;
        if (iid) chipOffsets.set(iid, measureChip(el));
      });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(box);
    const node = box.closest('.node');
    if (node) ro.observe(node);
    return () => {
      ro.disconnect();
      for (const iid of ids) chipOffsets.delete(iid);
    };
  }, [ids, spec, t]);

  return (
    <NodeFrame
      id={id}
      kind="service"
      title={loc(spec?.label) || id}
      codeLabel={t('code.show', { node: loc(spec?.label) || id })}
      badge={
        <span className="node-badges">
          {spec && <span className="transport">{spec.transport.kind}</span>}
          <MenuButton kind="service" id={id} name={loc(spec?.label) || id} />
        </span>
      }
    >
      {spec && spec.handlers.length > 0 && (
        <ul className="handlers">
          {spec.handlers.map((h) => {
            // gRPC has no events: an @EventPattern handler there is never called.
            const unreachable = spec.transport.kind === 'grpc' && h.kind === 'event';
            return (
              <li
                key={`${h.kind}:${h.pattern}`}
                data-kind={h.kind}
                data-id={`handler:${id}:${h.pattern}`}
                className={unreachable ? 'handler-unreachable' : undefined}
                title={unreachable ? t('service.grpcNoEvents') : undefined}
              >
                <code>{handlerCode(spec, h)}</code>
                {unreachable && <span className="muted"> {t('service.neverCalled')}</span>}
                {h.calls?.map((c, k) => (
                  <div key={k} className="handler-call" data-id={`call:${id}:${k}:${c.to}`}>
                    ↳ <code>{`${c.action}('${c.pattern}')`}</code> → {c.to}
                  </div>
                ))}
              </li>
            );
          })}
        </ul>
      )}
      <div className="svc-stats">
        <span>
          {t('service.handled')}{' '}
          <b data-id={`handled:${id}`} data-value={handled}>
            {handled}
          </b>
        </span>
        <span
          className={dups > 0 ? 'dups dups-on' : 'dups'}
          title={t('service.duplicatesHint')}
          aria-label={t('service.duplicatesLabel', { n: dups })}
        >
          <span aria-hidden="true">{dups > 0 ? '⧉ ' : ''}</span>
          {t('service.duplicates')}{' '}
          <b data-id={`dups:${id}`} data-value={dups}>
            {dups}
          </b>
        </span>
      </div>
      <ServiceRecords id={id} />
      <div
        className="svc-scale"
        role="group"
        aria-label={t(ids.length === 1 ? 'canvas.replicasOne' : 'canvas.replicas', {
          n: ids.length,
        })}
      >
        <button
          type="button"
          className="nodrag scale-btn"
          data-id={`scale-down:${id}`}
          aria-label={scaleDown.label}
          title={scaleDown.label}
          disabled={scaleDown.disabled}
          onClick={scaleDown.run}
        >
          −
        </button>
        <span className="scale-n" data-id={`replica-count:${id}`} data-value={ids.length}>
          {t(ids.length === 1 ? 'canvas.replicasOne' : 'canvas.replicas', { n: ids.length })}
        </span>
        <button
          type="button"
          className="nodrag scale-btn"
          data-id={`scale-up:${id}`}
          aria-label={scaleUp.label}
          title={scaleUp.label}
          disabled={scaleUp.disabled}
          onClick={scaleUp.run}
        >
          +
        </button>
      </div>
      <div className="chips" ref={chipsRef}>
        <AnimatePresence initial={false}>
          {ids.map((iid) => (
            <m.div
              key={iid}
              className="chip-slot"
              initial={{ scale: 0.4, opacity: 0 }}
              animate={{ scale: 1, opacity: 1 }}
              exit={{ scale: 0.4, opacity: 0 }}
              transition={{ duration: 0.25 }}
            >
              <InstanceChip id={iid} />
            </m.div>
          ))}
        </AnimatePresence>
      </div>
    </NodeFrame>
  );
}

export const ServiceNode = memo(ServiceNodeImpl);
