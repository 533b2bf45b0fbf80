/** The visible "⋯" opener of a canvas context menu (touch and mouse users; keyboard too). */
import { menuStore, openMenu, useMenu, type MenuTarget } from '../lab/menuStore';
import { targetOf } from './menuOpeners';
import { useT } from '../useT';
import './canvasTools.css';

export function MenuButton(props: {
  kind: MenuTarget['kind'];
  id: string;
  /** Display name for the label (`orders#1`, `gateway ↔ broker`). */
  name: string;
  source?: string;
  target?: string;
  className?: string;
}) {
  const t = useT();
  const open = useMenu((s) => {
    const x = s.target;
    return x !== null && (x.kind === 'link' ? x.edge : x.id) === props.id && x.kind === props.kind;
  });
  return (
    <button
      type="button"
      className={`nodrag nopan menu-dot ${props.className ?? ''}`}
      data-id={`menu-open:${props.id}`}
      data-menu-kind={props.kind}
      data-menu-id={props.id}
      data-menu-source={props.source}
      data-menu-target={props.target}
      aria-label={t('canvas.menu', { target: props.name })}
      title={t('canvas.menu', { target: props.name })}
      aria-haspopup="menu"
      aria-expanded={open}
      onClick={(e) => {
        e.stopPropagation();
        if (open) return menuStore.setState({ target: null, opener: null });
        const target = targetOf(e.currentTarget);
        const box = e.currentTarget.getBoundingClientRect();
        if (target) openMenu(target, box.left, box.bottom + 2, e.currentTarget);
      }}
    >
      <span aria-hidden="true">⋯</span>
    </button>
  );
}
