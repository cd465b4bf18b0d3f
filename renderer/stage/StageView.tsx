import { ActiveMessage } from '../common/ActiveMessage.js';
import { ConnectionPill } from '../common/ConnectionPill.js';
import { Countdown } from '../common/Countdown.js';
import { StaleBanner } from '../common/StaleBanner.js';
import { OnAirBadge } from '../obs/OnAirBadge.js';
import { ScheduleBadge } from '../schedule/ScheduleBadge.js';
import { useCurrentSegment, useIsStale, useNextSegment, useShowInfo, useTimer } from '../store/hooks.js';
import { useTimerDisplay } from '../timer/useTimerDisplay.js';

/**
 * The speaker's confidence monitor: one number as large as the screen allows. The phase is
 * carried by colour, by a word and by the frame's pattern, so it reads across a stage and
 * without colour vision. When the show setting asks for it, the schedule offset sits small under
 * the timer, the same badge (colour, word, shape) as on the console.
 */
export function StageView() {
  const segment = useCurrentSegment();
  const next = useNextSegment();
  const timer = useTimer();
  const display = useTimerDisplay();
  const stale = useIsStale();
  const showOffset = useShowInfo()?.stageShowsOffset ?? false;
  const frame = stale ? 'stale' : !timer ? 'idle' : display?.paused ? 'paused' : (display?.phase ?? 'idle');
  return (
    <main className={`stage stage--${frame}`} data-testid="stage" data-frame={frame}>
      <div className="stage__top">
        <p className="stage__title" data-testid="stage-title">
          {segment ? segment.title : ''}
        </p>
        <div className="stage__status">
          <OnAirBadge />
          <ConnectionPill />
        </div>
      </div>
      <StaleBanner />
      <Countdown variant="stage" display={display} stale={stale} showProgress={false} />
      {showOffset ? (
        <div className="stage__offset" data-testid="stage-offset">
          <ScheduleBadge size="large" />
        </div>
      ) : null}
      {!segment && next ? (
        <p className="stage__next" data-testid="stage-next">
          Next: {next.title}
          {next.speakers.length > 0 ? ` — ${next.speakers.join(', ')}` : ''}
        </p>
      ) : null}
      <ActiveMessage variant="stage" />
    </main>
  );
}
