import { formatDuration } from '../format/durations.js';
import { useNextSegment } from '../store/hooks.js';

/** What the MC introduces next. */
export function NextSegmentCard() {
  const next = useNextSegment();
  return (
    <section className="mc__next" aria-labelledby="mc-next-heading">
      <h2 id="mc-next-heading" className="eyebrow">
        Next
      </h2>
      {next ? (
        <p className="mc__next-line" data-testid="mc-next">
          <span className="mc__next-title">{next.title}</span>
          {next.speakers.length > 0 ? (
            <span className="mc__next-speakers"> — {next.speakers.join(', ')}</span>
          ) : null}
          <span className="mc__next-duration">{formatDuration(next.durationMs)}</span>
        </p>
      ) : (
        <p className="mc__next-line is-empty">Nothing after this.</p>
      )}
    </section>
  );
}
