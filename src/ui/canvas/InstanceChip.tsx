import { memo } from 'react';
import { m } from 'framer-motion';
import { uiStore } from '../../state';
import { useSim, useUi } from '../../state/hooks';
import { useT } from '../useT';
import { useCommands } from '../useCommand';
import { InstanceBadge } from '../lab/badges';
import { MenuButton } from './MenuButton';
import { useLab } from '../lab/labStore';

const ICON = { up: '●', starting: '◐', down: '✕' } as const;

/**
 * Centre of `el` relative to the enclosing `.node` box, in unscaled (flow) px. Reads layout, so
 * callers run it only when the chip set or the node's content changes, never per frame.
 */
export function measureChip(el: HTMLElement): { x: number; y: number } {
  let x = el.offsetWidth / 2;
  let y = el.offsetHeight / 2;
  let cur: HTMLElement | null = el;
  while (cur && !cur.classList.contains('node')) {
    x += cur.offsetLeft;
    y += cur.offsetTop;
    cur = cur.offsetParent as HTMLElement | null;
  }
  return { x, y };
}

/**
 * One instance: click kills it, click again restarts it. Status is shown by colour AND icon AND
 * text, so it reads in greyscale and on a washed-out projector.
 */
function InstanceChipImpl({ id }: { id: string }) {
  const t = useT();
  const command = useCommands();
  const inst = useSim((s) => s.instances[id]);
  const paused = useLab((s) => s.paused.includes(id));
  const targeted = useUi((s) => s.target === id);
  const aim = () => uiStore.getState().setTarget(id);
  if (!inst) return null;
  const status = inst.status;
  const idle = inst.idle === true && status === 'up';
  // Idle (kafka member without a partition, tcp EADDRINUSE) reads as text, not only as grey.
  const statusText = idle
    ? `${t('instance.idle')}${inst.note ? ` (${inst.note})` : ''}`
    : t(`instance.${status}`);
  const hint = status === 'down' ? t('instance.restartHint') : t('instance.killHint');
  const click = command({
    id: status === 'down' ? 'instance.restart' : 'instance.kill',
    args: { instance: id },
  });
  return (
    <>
      <button
        type="button"
        className={`nodrag chip chip-${status}${idle ? ' chip-idle' : ''}`}
        data-id={id}
        data-kind="instance"
        data-state={paused && status !== 'down' ? 'paused' : status}
        data-idle={idle ? 'true' : undefined}
        data-chip=""
        data-target={targeted ? 'true' : undefined}
        aria-label={`${id}, ${statusText}`}
        title={hint}
        onClick={click.run}
        // K and S act on the chip last pointed at or focused (presenter keys).
        onPointerEnter={aim}
        onFocus={aim}
      >
        {/* Keyed by status: a change remounts the icon and plays a short pulse. */}
        <m.span
          key={status}
          className="chip-icon"
          aria-hidden="true"
          initial={{ scale: 1.8, opacity: 0.4 }}
          animate={{ scale: 1, opacity: 1 }}
          transition={{ duration: 0.35 }}
        >
          {ICON[status]}
        </m.span>
        <span className="chip-id">
          {/* A break opportunity before `#`: long service names wrap as `notifications` / `#1`. */}
          {inst.service}
          <wbr />#{inst.index}
        </span>
        <span className="chip-status" data-version={inst.version ?? 1}>
          {idle ? t('instance.idle') : statusText}
          {/* After a deploy: which version this instance runs (v1 is not said). */}
          {(inst.version ?? 1) > 1 && ` · v${inst.version}`}
        </span>
        {/* Always rendered (empty when idle) so the chip never changes size: tokens aim at its
          centre, and re-measuring on every busy change would force a layout per frame. */}
        <span className="chip-busy" data-id={`${id}:busy`}>
          {inst.busy > 0 ? t('node.busy', { n: inst.busy }) : '\u00a0'}
        </span>
        <InstanceBadge id={id} />
      </button>
      {/* A sibling, not a child: a button cannot hold a button, and the chip keeps its size. */}
      <MenuButton kind="instance" id={id} name={id} className="chip-menu" />
    </>
  );
}

export const InstanceChip = memo(InstanceChipImpl);
