/**
 * Opening a fault menu from the canvas. Openers — right-click, the ContextMenu key / Shift+F10 on
 * a focused node or chip, and the "⋯" buttons — all resolve the target from the DOM they were
 * used on, so one path serves all; the open menu lives in `lab/menuStore`.
 */
import type { KeyboardEvent, MouseEvent } from 'react';
import { isKeyFor } from '../../commands';
import { openMenu, type MenuTarget } from '../lab/menuStore';

/** The menu target an element belongs to (chip, edge, "⋯" button, service or broker node). */
export function targetOf(el: Element | null): MenuTarget | null {
  if (!el) return null;
  const tagged = el.closest<HTMLElement>('[data-menu-kind]');
  if (tagged) {
    const { menuKind, menuId, menuSource, menuTarget } = tagged.dataset;
    if (menuKind === 'link' && menuId && menuSource && menuTarget)
      return { kind: 'link', edge: menuId, source: menuSource, target: menuTarget };
    if ((menuKind === 'instance' || menuKind === 'service' || menuKind === 'broker') && menuId)
      return { kind: menuKind, id: menuId };
  }
  const chip = el.closest<HTMLElement>('[data-kind="instance"][data-chip]');
  if (chip?.dataset.id) return { kind: 'instance', id: chip.dataset.id };
  const edge = el.closest<SVGGElement>('.react-flow__edge');
  const edgeId = edge?.getAttribute('data-id');
  if (edgeId) {
    const [source, target] = edgeId.split('->');
    if (source && target) return { kind: 'link', edge: edgeId, source, target };
  }
  const node = el.closest('.react-flow__node')?.querySelector<HTMLElement>('.node[data-kind]');
  const id = node?.dataset.id;
  if (id && (node.dataset.kind === 'service' || node.dataset.kind === 'broker'))
    return { kind: node.dataset.kind, id };
  return null;
}

/** Right-click anywhere on the canvas: open the menu of what is under the pointer. */
export function onCanvasContextMenu(e: MouseEvent) {
  const target = targetOf(e.target as Element);
  if (!target) return;
  e.preventDefault();
  const opener =
    (e.target as Element).closest<HTMLElement>(
      '[data-menu-kind], [data-chip], .react-flow__node',
    ) ?? null;
  // The ContextMenu key also fires `contextmenu`, at (0, 0): place the menu at the element.
  if (e.clientX === 0 && e.clientY === 0 && opener) {
    const box = opener.getBoundingClientRect();
    openMenu(
      target,
      box.left + Math.min(box.width, 40),
      box.top + Math.min(box.height, 24),
      opener,
    );
  } else openMenu(target, e.clientX, e.clientY, opener);
}

/** The registry's `ui.menu` keys (ContextMenu, Shift+F10) on a focused node, chip or edge button. */
export function onCanvasKeyDown(e: KeyboardEvent) {
  if (!isKeyFor('ui.menu', e)) return;
  const el = document.activeElement;
  const target = targetOf(el);
  if (!target || !(el instanceof HTMLElement)) return;
  e.preventDefault();
  const box = el.getBoundingClientRect();
  openMenu(target, box.left + Math.min(box.width, 40), box.top + Math.min(box.height, 24), el);
}
