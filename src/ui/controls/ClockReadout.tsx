import { m, useTransform } from 'framer-motion';
import { useT } from '../useT';
import { formatClock, useClock } from '../useClock';

/** The big virtual clock. The text is a MotionValue child: it updates without React renders. */
export function ClockReadout() {
  const t = useT();
  const clock = useClock();
  const text = useTransform(clock, formatClock);
  return (
    <div className="clock" title={t('controls.clock')}>
      <span className="clock-label">{t('controls.clock')}</span>
      <m.output className="clock-value" data-id="clock" aria-label={t('controls.clock')}>
        {text}
      </m.output>
    </div>
  );
}
