import { memo, useState } from 'react';
import type { NodeProps } from '@xyflow/react';
import { useSim } from '../../state/hooks';
import { useLocalized, useT } from '../useT';
import { useCommands } from '../useCommand';
import { useLab } from '../lab/labStore';
import { NodeFrame } from './NodeFrame';
import type { FlowNode } from './graph';

const MAX_RPS = 200;

/**
 * Open-loop load on one route (the registry's `route.load`, as in the lab). Subscribes to its own route's running
 * load only (changes on `load.started` / `load.stopped`), so a busy run does not re-render it.
 */
function RouteLoad({ route }: { route: string }) {
  const t = useT();
  const command = useCommands();
  const running = useLab((s) => s.loads[route] ?? 0);
  const [dragged, setDragged] = useState<number | null>(null);
  const rps = dragged ?? running;
  return (
    <label className="route-load nodrag nowheel">
      <input
        type="range"
        min={0}
        max={MAX_RPS}
        step={5}
        value={rps}
        data-id={`load:${route}`}
        data-value={rps}
        aria-label={command({ id: 'route.load', args: { route, rps } }).label}
        aria-valuetext={t('canvas.loadValue', { rps })}
        onChange={(e) => {
          const v = Number(e.target.value);
          setDragged(v);
          command({ id: 'route.load', args: { route, rps: v } }).run();
        }}
        onBlur={() => setDragged(null)}
      />
      <output className="route-load-value">{t('canvas.loadValue', { rps })}</output>
    </label>
  );
}

/** The HTTP client: one button per route of the gateway, and a load slider under each. */
function ClientNodeImpl({ id }: NodeProps<FlowNode>) {
  const t = useT();
  const loc = useLocalized();
  const command = useCommands();
  const label = useSim((s) => s.model?.client.label);
  const routes = useSim((s) => s.model?.routes);
  return (
    <NodeFrame id={id} kind="client" title={loc(label) || t('node.client')} target={false}>
      <div className="routes">
        {routes?.map((r) => {
          const fire = command({ id: 'route.fire', args: { route: r.key } });
          return (
            <div key={r.key} className="route">
              <button
                type="button"
                className="nodrag fire"
                data-id={r.key}
                data-kind={r.action}
                aria-label={fire.label}
                onClick={fire.run}
              >
                <span className={`method method-${r.method.toLowerCase()}`}>{r.method}</span>
                <span className="path">{r.path}</span>
              </button>
              <RouteLoad route={r.key} />
            </div>
          );
        })}
      </div>
    </NodeFrame>
  );
}

export const ClientNode = memo(ClientNodeImpl);
