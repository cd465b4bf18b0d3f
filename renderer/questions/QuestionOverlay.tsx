import { OverlayFrame } from '../overlays/OverlayFrame.js';
import { questionOf } from '../overlays/overlayModel.js';
import { useOverlayModel } from '../overlays/useOverlayModel.js';
import { SOURCE_LABELS } from './feedView.js';

/**
 * For an OBS browser source (1920×1080): the on-air question with its asker and source, on a
 * transparent page. Nothing when no question is on air, and nothing while this page is not
 * live (disconnected, silent, or not yet caught up): a stale question on the stream is worse
 * than none.
 */
export function QuestionOverlay() {
  const question = useOverlayModel(questionOf);
  return (
    <OverlayFrame view="overlay-question" model={question} keyOf={(q) => q.id}>
      {(question) => (
        <div className="overlay__card">
          <p className="overlay__label">Audience question</p>
          <p className="overlay__text" dir="auto" data-testid="overlay-text">
            {question.text}
          </p>
          <p className="overlay__asker">
            {question.staff && question.origins.length === 0 ? (
              'From the hosts'
            ) : (
              <>
                {question.origins.map((origin, index) => (
                  <span key={origin.messageId} className="overlay__origin">
                    {index > 0 ? ' & ' : ''}
                    <bdi>{origin.authorName || 'Someone'}</bdi>
                    <span className={`overlay__source overlay__source--${origin.source}`}>
                      {' '}
                      on {SOURCE_LABELS[origin.source]}
                    </span>
                  </span>
                ))}
              </>
            )}
          </p>
        </div>
      )}
    </OverlayFrame>
  );
}
