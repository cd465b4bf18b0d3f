import { useIsStale } from '../store/hooks.js';
import type { TimerDisplay } from '../timer/timerDisplay.js';
import { TIMER_LABELS } from '../timer/timerDisplay.js';
import { useTimerDisplay } from '../timer/useTimerDisplay.js';
import { PhaseMark, markStateFor } from './PhaseMark.js';
import { ProgressBar } from './ProgressBar.js';

export type CountdownVariant = 'console' | 'mc' | 'stage';

/**
 * The live segment's timer, of its kind (time left, elapsed, or the time of day). Greyed and labelled STALE when the core is not live, so
 * a frozen or extrapolated clock never passes for the real one.
 */
export function LiveCountdown({
  variant,
  showProgress = true,
}: {
  variant: CountdownVariant;
  showProgress?: boolean;
}) {
  return (
    <Countdown
      variant={variant}
      showProgress={showProgress}
      display={useTimerDisplay()}
      stale={useIsStale()}
    />
  );
}

interface CountdownProps {
  variant: CountdownVariant;
  display: TimerDisplay | null;
  stale: boolean;
  showProgress?: boolean;
}

export function Countdown({ variant, display, stale, showProgress = true }: CountdownProps) {
  const state = markStateFor(display, stale);
  const phase = display?.phase ?? 'idle';
  const text = display?.text ?? '';
  const classes = [
    'countdown',
    `countdown--${variant}`,
    `phase-${phase}`,
    display?.paused ? 'is-paused' : '',
    stale ? 'is-stale' : '',
    // Longer readings ("+12:34", "1:02:03") need a smaller font to fit the same width.
    text.length >= 7 ? 'is-longer' : text.length === 6 ? 'is-long' : '',
  ].filter(Boolean);
  return (
    <div
      className={classes.join(' ')}
      data-testid="countdown"
      data-kind={display?.kind ?? 'countdown'}
      data-phase={phase}
      data-paused={display?.paused ? 'true' : 'false'}
      data-stale={stale ? 'true' : 'false'}
    >
      {/* Nothing live: no digits at all, since a placeholder clock is one more thing to misread. */}
      {display ? (
        <div
          className="countdown__time"
          role="timer"
          aria-label={TIMER_LABELS[display.kind]}
          data-testid="countdown-time"
        >
          {text}
        </div>
      ) : null}
      {/* A clock on stage still tells the speaker how long is left, small. */}
      {display?.remainingText ? (
        <div className="countdown__remaining" data-testid="countdown-remaining">
          {display.remainingText}
        </div>
      ) : null}
      <PhaseMark state={state} />
      {showProgress && display ? (
        <ProgressBar value={display.progress} label={`of ${display.totalText}`} />
      ) : null}
    </div>
  );
}
