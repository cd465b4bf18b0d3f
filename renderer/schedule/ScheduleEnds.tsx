import { formatSignedDrift } from '../../shared/durationText.js';
import { formatTimeInZone } from '../format/zonedTime.js';
import { useShowInfo } from '../store/hooks.js';
import { useSchedule } from './useSchedule.js';

/** When the current session and the day will really end, against the plan, in the show's zone. */
export function ScheduleEnds() {
  const schedule = useSchedule();
  const info = useShowInfo();
  if (!schedule || !info) return null;
  const zone = info.timezone;
  const session =
    schedule.cursor >= 0
      ? schedule.sessions.find((s) => s.first <= schedule.cursor && schedule.cursor <= s.last)
      : undefined;
  const items: { key: string; label: string; end: number | null; plannedEnd: number | null }[] = [];
  if (session && session.name && schedule.sessions.length > 1)
    items.push({ key: 'session', label: session.name, end: session.end, plannedEnd: session.plannedEnd });
  items.push({ key: 'day', label: 'Day', end: schedule.day.end, plannedEnd: schedule.day.plannedEnd });
  return (
    <dl className="schedule-ends" data-testid="schedule-ends">
      <div className="schedule-ends__anchor" aria-hidden="true" />
      {items.map((item) =>
        item.end === null ? null : (
          <div key={item.key} className="schedule-ends__item" data-testid={`schedule-end-${item.key}`}>
            <dt>{item.label} ends</dt>
            <dd>
              {formatTimeInZone(item.end, zone)}
              {item.plannedEnd !== null && Math.abs(item.end - item.plannedEnd) >= 30_000 ? (
                <span
                  className={`schedule-ends__delta ${item.end > item.plannedEnd ? 'is-late' : 'is-early'}`}
                >
                  {' '}
                  ({formatSignedDrift(item.end - item.plannedEnd)})
                </span>
              ) : null}
            </dd>
          </div>
        ),
      )}
    </dl>
  );
}
