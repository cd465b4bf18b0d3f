import { describeOffset } from '../../shared/schedule.js';
import { useSchedule } from './useSchedule.js';

/** The shape beside the words, so the badge reads without colour too. */
const SHAPES = { behind: '▼', ahead: '▲', onSchedule: '●', unknown: '○' } as const;

/** "Running 7:40 behind" / "2:10 ahead" / "On schedule": colour, word and shape. */
export function ScheduleBadge({ size = 'normal' }: { size?: 'normal' | 'large' }) {
  const schedule = useSchedule();
  if (!schedule || schedule.offsetMs === null) return null;
  const { status, text } = describeOffset(schedule.offsetMs);
  return (
    <span
      className={`schedule-badge schedule-badge--${status} schedule-badge--${size}`}
      data-testid="schedule-badge"
      data-status={status}
      role="status"
      aria-live="polite"
    >
      <span className="schedule-badge__shape" aria-hidden="true">
        {SHAPES[status]}
      </span>
      <span className="schedule-badge__text">{text}</span>
    </span>
  );
}
