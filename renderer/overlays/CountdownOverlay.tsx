import { countdownOf } from './overlayModel.js';
import { OverlayFrame } from './OverlayFrame.js';
import { useOverlayModel } from './useOverlayModel.js';

/** For an OBS browser source: the live segment's timer alone, large, coloured by its phase. */
export function CountdownOverlay() {
  const countdown = useOverlayModel(countdownOf);
  return (
    <OverlayFrame view="overlay-countdown" model={countdown} keyOf={(m) => m.segmentId}>
      {(m) => (
        <div
          className={`clean-countdown phase-${m.phase}${m.paused ? ' is-paused' : ''}`}
          data-testid="clean-countdown"
          data-phase={m.phase}
          data-paused={m.paused ? 'true' : 'false'}
        >
          <span className="clean-countdown__time" role="timer" data-testid="countdown-time">
            {m.text}
          </span>
        </div>
      )}
    </OverlayFrame>
  );
}
