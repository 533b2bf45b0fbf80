/**
 * The canvas context menu (lazy chunk, shared with the lab): the items of `menuItems` for the
 * target in `menuStore` — registry commands, run through the sim client. WAI-ARIA menu: focus
 * on the first item, ↑/↓/Home/End move, Enter/Space pick, Escape or Tab close and focus goes
 * back to the opener; a pointer-down outside closes it.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { isKeyFor } from '../../commands';
import { useSim } from '../../state/hooks';
import { useRunCommand } from '../useCommand';
import { useT } from '../useT';
import { closeMenu, openDeployDialog, useMenu } from './menuStore';
import { collector } from './collector';
import { useLab } from './labStore';
import { useLabT } from './labI18n';
import { menuItems, menuTitle, type MenuContext } from './menuItems';
import './faultMenu.css';

export default function FaultMenu() {
  const t = useLabT();
  const appT = useT();
  const runCommand = useRunCommand();
  const target = useMenu((s) => s.target);
  const x = useMenu((s) => s.x);
  const y = useMenu((s) => s.y);
  const model = useSim((s) => s.model);
  const phase = useSim((s) => s.phase);
  const playing = useSim((s) => s.playing);
  const instances = useSim((s) => s.instances);
  const instanceIds = useSim((s) => s.instanceIds);
  const brokerStatus = useSim((s) => s.brokerStatus);
  const speed = useSim((s) => s.speed);
  const autoscale = useLab((s) => s.autoscale);
  const faultsVersion = useLab((s) => s.faultsVersion);
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ left: x, top: y });

  const menu = useMemo(() => {
    if (!model || !target) return null;
    void faultsVersion; // the active faults below change with it
    const ctx: MenuContext = {
      model,
      state: { phase, playing, instances, instanceIds, brokerStatus, speed },
      autoscale,
      active: collector.faults.faults.filter((f) => f.end === null),
    };
    return { items: menuItems(target, ctx), title: menuTitle(target, ctx) };
  }, [
    model,
    target,
    phase,
    playing,
    instances,
    instanceIds,
    autoscale,
    brokerStatus,
    speed,
    faultsVersion,
  ]);

  // Keep the menu inside the window.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const box = el.getBoundingClientRect();
    setPos({
      left: Math.max(4, Math.min(x, window.innerWidth - box.width - 4)),
      top: Math.max(4, Math.min(y, window.innerHeight - box.height - 4)),
    });
  }, [x, y, target]);

  // Focus the first enabled item when a menu opens.
  useEffect(() => {
    ref.current
      ?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')
      ?.focus();
  }, [target]);

  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) closeMenu(false);
    };
    window.addEventListener('pointerdown', onDown, true);
    return () => window.removeEventListener('pointerdown', onDown, true);
  }, []);

  if (!target || !menu) return null;
  const { items } = menu;
  const title = t(menu.title[0], menu.title[1]);

  const onKey = (e: KeyboardEvent) => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = all.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      e.preventDefault();
      all[(to + all.length) % all.length]?.focus();
    };
    if (e.key === 'ArrowDown') move(i + 1);
    else if (e.key === 'ArrowUp') move(i - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(all.length - 1);
    else if (isKeyFor('ui.close', e)) {
      e.preventDefault();
      e.stopPropagation();
      closeMenu(true);
    } else if (e.key === 'Tab') {
      e.preventDefault();
      closeMenu(true);
    }
  };

  return createPortal(
    <div
      ref={ref}
      className="fault-menu"
      role="menu"
      aria-label={title}
      data-id="fault-menu"
      data-kind={target.kind}
      style={{ left: pos.left, top: pos.top }}
      onKeyDown={onKey}
    >
      <div className="fault-menu-title" aria-hidden="true">
        {title}
      </div>
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className={`fault-menu-item${item.danger ? ' is-danger' : ''}`}
          data-id={`menu:${item.id}`}
          aria-disabled={item.disabled ? true : undefined}
          onClick={() => {
            if (item.disabled) return;
            if (item.opens === 'deploy' && target.kind === 'service') {
              openDeployDialog(target.id);
              return;
            }
            runCommand(item.invocation);
            closeMenu(true);
          }}
        >
          {appT(...item.label)}
        </button>
      ))}
    </div>,
    document.body,
  );
}
