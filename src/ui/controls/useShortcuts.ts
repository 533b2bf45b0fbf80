import { useEffect } from 'react';
import { commandForKey } from '../../commands';
import { useRunCommand } from '../useCommand';

/** Keys a focused control uses itself: Space presses a button, arrows move a slider or tab. */
const controlKey = (key: string) => key === ' ' || key === 'Enter' || key.startsWith('Arrow');

/**
 * The page-wide keyboard shortcuts: the registry's `page` commands (Space = play/pause, `.` or
 * → = step, ← = back one event, Home = t = 0, K = kill the selected instance, S / Shift+S =
 * scale the selected service, `?` = the shortcuts overlay). Ignored while typing in a field,
 * inside an open dialog or menu, and — for Space, Enter and arrows — when a control has focus.
 */
export function useShortcuts(): void {
  const runCommand = useRunCommand();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target instanceof Element ? e.target : null;
      if (el?.closest('input, select, textarea, [contenteditable], dialog, [role="menu"]')) return;
      if (
        el &&
        el !== document.body &&
        controlKey(e.key) &&
        el.closest('button, a, [role="tab"], [role="slider"]')
      )
        return;
      const id = commandForKey(e, 'page');
      if (!id) return;
      e.preventDefault();
      runCommand({ id });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [runCommand]);
}
