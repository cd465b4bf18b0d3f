import { LiveCountdown } from '../common/Countdown.js';
import { useCurrentSegment, useShowPhase, useTimer } from '../store/hooks.js';
import type { Segment, Timer } from '../../shared/model.js';
import { AutomationSwitch } from '../schedule/AutomationSwitch.js';
import { HardStartWarning } from '../schedule/HardStartWarning.js';
import { TimerControls } from './TimerControls.js';

const IDLE_HEADINGS = {
  loading: 'Loading the show…',
  notStarted: 'Show not started',
  between: 'Between segments',
  ended: 'Show ended',
  live: '',
} as const;

/**
 * The live segment and its big timer, with the controls that drive it. Its tag says "Now", not
 * "Live": on air is OBS's stream, shown in the strip above.
 */
export function LivePanel() {
  const segment = useCurrentSegment();
  const phase = useShowPhase();
  const timer = useTimer();
  return (
    <section className="panel live-panel" aria-labelledby="live-heading">
      <div className="live-panel__header">
        {segment ? (
          <>
            <span className="live-tag live-tag--on">Now</span>
            <span className="live-panel__meta">
              {segment.session} · {segment.kind}
            </span>
          </>
        ) : null}
        <HardStartWarning />
        <AutomationSwitch />
      </div>
      <div className="live-panel__body">
        <div className="live-panel__info">
          <h2 id="live-heading" className="live-panel__title" data-testid="live-title">
            {segment ? segment.title : IDLE_HEADINGS[phase]}
          </h2>
          {segment && segment.speakers.length > 0 ? (
            <p className="live-panel__speakers">{segment.speakers.join(', ')}</p>
          ) : null}
          {segment?.obs?.media ? (
            <p className="live-panel__meta" data-testid="live-media">
              {mediaLine(segment, timer)}
            </p>
          ) : null}
        </div>
        <LiveCountdown variant="console" />
      </div>
      <TimerControls />
    </section>
  );
}

/** What a pre-recorded talk's timer follows, in words (docs/schedule.md). */
function mediaLine(segment: Segment, timer: Timer | null): string {
  const input = segment.obs?.media?.inputName ?? '';
  const media = timer?.segmentId === segment.id ? timer.media : undefined;
  if (!media) return `Media “${input}”: normal timer (OBS has not reported it playing)`;
  if (media.state === 'ended') return `Media “${input}” ended`;
  return `Timer follows media “${input}” in OBS${media.state === 'paused' ? ' (paused)' : ''}`;
}
