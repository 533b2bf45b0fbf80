/**
 * The scenario's own script, announced before it acts: "in 0.2 s (scenario script): kill
 * orders#1". A learner who presses Play on a demo sees what is about to happen and why, instead
 * of an instance dying by itself. Re-renders only when the next scripted step changes, never per
 * frame (the clock is read through a selector).
 */
import { useCallback, useSyncExternalStore } from 'react';
import { useSim } from '../../state/hooks';
import { scriptText } from '../timeline/timelineModel';
import { useSimClient } from '../simClientContext';
import { useT } from '../useT';

/** Announced this long ahead (virtual ms): at 1× that is a few wall seconds. */
const AHEAD_MS = 400;

export function ScriptNotice() {
  const t = useT();
  const client = useSimClient();
  const script = useSim((s) => s.model?.script);
  const subscribe = useCallback((fn: () => void) => client.clock.subscribe(fn), [client]);
  // The index of the next scripted step due within AHEAD_MS, or -1.
  const next = useSyncExternalStore(subscribe, () => {
    if (!script) return -1;
    const now = client.clock.get();
    const i = script.findIndex((s) => s.at >= now);
    return i >= 0 && script[i]!.at - now <= AHEAD_MS ? i : -1;
  });
  if (!script || next < 0) return null;
  const step = script[next]!;
  return (
    <p className="script-notice" role="status" data-id="script-notice">
      {t('hint.scriptNext', { t: Math.round(step.at), what: scriptText(step) })}
    </p>
  );
}
