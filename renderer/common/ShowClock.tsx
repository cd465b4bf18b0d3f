import { formatClockTime, zoneAbbreviation } from '../format/zonedTime.js';
import { useShowInfo } from '../store/hooks.js';
import { useServerSecond } from '../timer/useTimerDisplay.js';

/** Time of day on the core's clock, in the show's zone: the clock the rundown is written in. */
export function ShowClock() {
  const info = useShowInfo();
  const now = useServerSecond();
  const timeZone = info?.timezone ?? 'UTC';
  return (
    <div className="show-clock" aria-label="Show time">
      <span className="show-clock__time" data-testid="show-clock">
        {formatClockTime(now, timeZone)}
      </span>
      <span className="show-clock__zone">{zoneAbbreviation(timeZone, now)}</span>
    </div>
  );
}
