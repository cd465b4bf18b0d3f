import { nextTalkOf } from './overlayModel.js';
import { OverlayFrame } from './OverlayFrame.js';
import { useOverlayModel } from './useOverlayModel.js';

/** For an OBS browser source during breaks: the next talk and "Starts in 4:59" to its expected start. */
export function NextTalkOverlay() {
  const next = useOverlayModel(nextTalkOf);
  return (
    <OverlayFrame view="overlay-next" model={next} keyOf={(m) => m.segmentId}>
      {(m) => (
        <div className="next-talk">
          <div className="next-talk__what">
            <p className="next-talk__label">Next talk</p>
            <p className="next-talk__title" dir="auto" data-testid="next-title">
              {m.title}
            </p>
            {m.speakers ? (
              <p className="next-talk__speakers" dir="auto">
                {m.speakers}
              </p>
            ) : null}
          </div>
          <p className="next-talk__when" data-testid="next-countdown">
            {m.startsIn === null ? (
              m.text
            ) : (
              <>
                <span className="next-talk__in">Starts in </span>
                <span className="next-talk__time" role="timer">
                  {m.startsIn}
                </span>
              </>
            )}
          </p>
        </div>
      )}
    </OverlayFrame>
  );
}
