import { formatDuration } from '../format/durations.js';
import { formatTimeInZone, zoneAbbreviation } from '../format/zonedTime.js';
import { useNextSegment, useShowInfo } from '../store/hooks.js';

/** What "Next" will start, so the producer can cue the speaker before pressing it. */
export function NextUpPanel() {
  const next = useNextSegment();
  const info = useShowInfo();
  return (
    <section className="panel next-panel" aria-labelledby="next-heading">
      <h2 id="next-heading" className="panel__heading">
        Next up
      </h2>
      {next ? (
        <div className="next-panel__body" data-testid="next-up">
          <p className="next-panel__title">{next.title}</p>
          {next.speakers.length > 0 ? (
            <p className="next-panel__speakers">{next.speakers.join(', ')}</p>
          ) : null}
          <p className="next-panel__meta">
            <span className={`kind-badge kind-badge--${next.kind}`}>{next.kind}</span>
            <span>{formatDuration(next.durationMs)}</span>
            {next.plannedStart !== null && info ? (
              <span>
                planned {formatTimeInZone(next.plannedStart, info.timezone)}{' '}
                {zoneAbbreviation(info.timezone, next.plannedStart)}
              </span>
            ) : null}
          </p>
        </div>
      ) : (
        <p className="panel__empty">Nothing after this.</p>
      )}
    </section>
  );
}
