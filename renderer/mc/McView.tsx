import { ActiveMessage } from '../common/ActiveMessage.js';
import { ConnectionPill } from '../common/ConnectionPill.js';
import { ControlBadge } from '../common/ControlStatus.js';
import { LiveCountdown } from '../common/Countdown.js';
import { ShowClock } from '../common/ShowClock.js';
import { StaleBanner } from '../common/StaleBanner.js';
import { OnAirBadge } from '../obs/OnAirBadge.js';
import { useCurrentSegment, useRole, useShowInfo, useShowPhase } from '../store/hooks.js';
import { McQuestions } from '../questions/McQuestions.js';
import { ScheduleBadge } from '../schedule/ScheduleBadge.js';
import { ScheduleEnds } from '../schedule/ScheduleEnds.js';
import { McSignals } from './McSignals.js';
import { NextSegmentCard } from './NextSegmentCard.js';

const IDLE_TEXT = {
  loading: 'Loading the show…',
  notStarted: 'The show has not started',
  between: 'Between segments',
  ended: 'The show has ended',
  live: '',
} as const;

/** The MC's screen: now, the timer, the questions, next, and the producer's signal. */
export function McView() {
  const info = useShowInfo();
  const role = useRole();
  const segment = useCurrentSegment();
  const phase = useShowPhase();
  return (
    <div className="mc">
      <header className="topbar">
        <span className="topbar__brand">Showcaller</span>
        <h1 className="topbar__show">{info?.name ?? 'Loading…'}</h1>
        {role ? <span className="role-badge">{role}</span> : null}
        <ScheduleBadge />
        <ScheduleEnds />
        <ControlBadge />
        <OnAirBadge showDuration />
        <ShowClock />
        <ConnectionPill />
      </header>
      <StaleBanner />
      <main className="mc__main">
        <div className="mc__timing">
          <section className="mc__now" aria-labelledby="mc-now-heading">
            <p className="eyebrow">
              {segment ? (
                <>
                  <span className="live-tag live-tag--on">Now</span>
                  <span>
                    {segment.session} · {segment.kind}
                  </span>
                </>
              ) : null}
            </p>
            <h2 id="mc-now-heading" className="mc__title" data-testid="mc-title">
              {segment ? segment.title : IDLE_TEXT[phase]}
            </h2>
            {segment && segment.speakers.length > 0 ? (
              <p className="mc__speakers">{segment.speakers.join(', ')}</p>
            ) : null}
          </section>
          <LiveCountdown variant="mc" />
          <ActiveMessage variant="mc" />
          <McSignals />
          <NextSegmentCard />
        </div>
        <McQuestions />
      </main>
    </div>
  );
}
