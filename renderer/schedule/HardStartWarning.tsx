import { formatCountdown } from '../../shared/timer.js';
import { formatTimeInZone } from '../format/zonedTime.js';
import { useShowInfo } from '../store/hooks.js';
import { useSchedule } from './useSchedule.js';

/** Warn this long before a hard start that the live segment has to end in time. */
const WARN_AHEAD_MS = 30 * 60_000;

/**
 * "Hard start 14:00 (Sponsor): the current talk must end in 3:20", from the projection; loud
 * when the projection cuts a segment to make it (the talk before it must finish early).
 */
export function HardStartWarning() {
  const schedule = useSchedule();
  const info = useShowInfo();
  const hard = schedule?.nextHardStart;
  if (!hard || !info || hard.liveMustEndInMs === null) return null;
  const live = schedule.segments[schedule.cursor]?.run === 'live';
  if (!hard.atRisk && hard.liveMustEndInMs > WARN_AHEAD_MS) return null;
  const at = formatTimeInZone(hard.at, info.timezone);
  const must = live
    ? hard.liveMustEndInMs > 0
      ? `the current segment must end in ${formatCountdown(hard.liveMustEndInMs)}`
      : 'the current segment is past its last moment'
    : `it starts in ${formatCountdown(Math.max(0, hard.liveMustEndInMs))}`;
  return (
    <p
      className={`hard-start-warning ${hard.atRisk ? 'hard-start-warning--risk' : ''}`}
      data-testid="hard-start-warning"
      role="status"
    >
      <span className="hard-start-warning__tag">Hard start {at}</span> ({hard.title}): {must}
      {hard.atRisk ? ' — the schedule is cut to make it' : ''}
    </p>
  );
}
