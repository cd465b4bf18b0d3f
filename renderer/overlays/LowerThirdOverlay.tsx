import { lowerThirdOf } from './overlayModel.js';
import { OverlayFrame } from './OverlayFrame.js';
import { useOverlayModel } from './useOverlayModel.js';

/** For an OBS browser source: the live talk's speakers and title, bottom left. */
export function LowerThirdOverlay() {
  const lowerThird = useOverlayModel(lowerThirdOf);
  return (
    <OverlayFrame view="overlay-lower-third" model={lowerThird} keyOf={(m) => m.segmentId}>
      {(m) => (
        <div className="lower-third">
          {m.speakers ? (
            <p className="lower-third__speakers" dir="auto" data-testid="lower-third-speakers">
              {m.speakers}
            </p>
          ) : null}
          {m.title ? (
            <p className="lower-third__title" dir="auto" data-testid="lower-third-title">
              {m.title}
            </p>
          ) : null}
        </div>
      )}
    </OverlayFrame>
  );
}
