import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { useSim } from '../../state/hooks';
import { useLocalized, useT } from '../../app/i18n';
import { useSimClient } from '../simClientContext';
import { NodeFrame } from './NodeFrame';
import type { FlowNode } from './graph';

/** The HTTP client: one button per route of the gateway. */
function ClientNodeImpl({ id }: NodeProps<FlowNode>) {
  const t = useT();
  const loc = useLocalized();
  const client = useSimClient();
  const label = useSim((s) => s.model?.client.label);
  const routes = useSim((s) => s.model?.routes);
  return (
    <NodeFrame id={id} kind="client" title={loc(label) || t('node.client')} target={false}>
      <div className="routes">
        {routes?.map((r) => (
          <button
            key={r.key}
            type="button"
            className="nodrag fire"
            data-id={r.key}
            data-kind={r.action}
            aria-label={t('node.fire', { route: r.key })}
            onClick={() => client.fire(r.key)}
          >
            <span className={`method method-${r.method.toLowerCase()}`}>{r.method}</span>
            <span className="path">{r.path}</span>
          </button>
        ))}
      </div>
    </NodeFrame>
  );
}

export const ClientNode = memo(ClientNodeImpl);
