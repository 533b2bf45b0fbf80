import { useEffect } from 'react';
import type { SimClient } from '../../sim-client';

/**
 * Classroom shortcuts: Space or K = play/pause, `.` or → = single step. Ignored while typing or
 * when a control has focus (Space must still press the focused button).
 */
export function useShortcuts(client: SimClient): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const el = e.target as HTMLElement | null;
      if (
        el &&
        el !== document.body &&
        el.closest('input, select, textarea, button, a, [contenteditable]')
      )
        return;
      if (e.key === ' ' || e.key === 'k') {
        e.preventDefault();
        client.togglePlay();
      } else if (e.key === '.' || e.key === 'ArrowRight') {
        e.preventDefault();
        void client.step();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client]);
}
