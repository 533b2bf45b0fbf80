/**
 * The display clock as a framer-motion MotionValue. Subscribing a MotionValue (not React state)
 * means a new clock value each frame re-renders nothing; consumers read it in their own loop.
 */
import { useEffect } from 'react';
import { useMotionValue, type MotionValue } from 'framer-motion';
import { useSimClient } from './simClientContext';

export function useClock(): MotionValue<number> {
  const client = useSimClient();
  const mv = useMotionValue(client.clock.get());
  useEffect(() => {
    mv.set(client.clock.get());
    return client.clock.subscribe((v) => mv.set(v));
  }, [client, mv]);
  return mv;
}

/** `1234.5` → `t = 1 234 ms` (no-break spaces so it never wraps). */
export function formatClock(ms: number): string {
  const whole = Math.floor(ms)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `t\u00a0=\u00a0${whole}\u00a0ms`;
}
