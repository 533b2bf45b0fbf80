import { useEffect } from 'react';
import type { SimClient } from '../../sim-client';

/**
 * Classroom shortcuts: Space or K = play/pause, `.` or → = step to the next event, ← = back to
 * the previous one, Home = t = 0. Ignored while typing or when a control has focus (Space must
 * still press the focused button).
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
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        void client.stepBack();
      } else if (e.key === 'Home') {
        e.preventDefault();
        void client.seek(0);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client]);
}
