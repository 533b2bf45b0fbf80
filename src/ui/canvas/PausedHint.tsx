/**
 * While the clock is paused, something a learner started (a GET fired, a token on a link, a
 * handler at work) does not move, and nothing else says why. This hint says it, politely, next to
 * the token legend — with a Play button — and disappears as soon as the clock runs again.
 */
import { useCallback, useSyncExternalStore } from 'react';
import { useT } from '../useT';
import { useSim } from '../../state/hooks';
import { Button } from '../primitives/Button';
import { Icon } from '../primitives/Icon';
import { useSimClient } from '../simClientContext';

const noSubscription = () => () => undefined;

export function PausedHint() {
  const t = useT();
  const client = useSimClient();
  const ready = useSim((s) => s.phase === 'ready');
  const playing = useSim((s) => s.playing);
  // Handlings in progress, counted only while paused (playing, it would change all the time).
  const busy = useSim((s) => {
    if (s.playing) return 0;
    let n = 0;
    for (const id in s.instances) n += s.instances[id]!.busy;
    return n;
  });
  // Tokens in flight, from the sim client's live buffer: subscribed only while paused, so a
  // playing run never re-renders this (tokens change every frame then).
  const subscribe = useCallback(
    (fn: () => void) => (playing ? noSubscription() : client.tokensChanged.subscribe(fn)),
    [client, playing],
  );
  const tokens = useSyncExternalStore(subscribe, () =>
    playing ? 0 : client.render().tokens.count,
  );
  if (!ready || playing || (tokens === 0 && busy === 0)) return null;
  const what =
    tokens === 0
      ? t('hint.pausedWork')
      : tokens === 1
        ? t('hint.pausedOne')
        : t('hint.pausedMany', { n: tokens });
  return (
    <div
      className="paused-hint"
      role="status"
      data-id="paused-hint"
      data-tokens={tokens}
      title={t('hint.stepToo', { step: t('controls.step') })}
    >
      <p>
        <b>{what}</b>{' '}
        {/* Said to screen readers; on screen the Play button beside it says the same, and a
            one-line note keeps the canvas's zoom on a projector. */}
        <span className="sr-only">
          {t('hint.pressPlay', { play: t('controls.play'), step: t('controls.step') })}
        </span>
      </p>
      <Button
        variant="primary"
        data-id="paused-hint-play"
        icon={<Icon name="play" />}
        onClick={() => client.play()}
      >
        {t('controls.play')}
      </Button>
    </div>
  );
}
