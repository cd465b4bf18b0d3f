import { useMemo } from 'react';
import type { FeedState } from '../../shared/questions.js';
import { emptyFeed, votesOf } from '../../shared/questions.js';
import { useSendCommand } from '../connection/commandContext.js';
import { useCurrentSegment, useRole } from '../store/hooks.js';
import { useShowStore } from '../store/showStore.js';
import { askedBy, mcQueue, onAirQuestion, queuedQuestions } from './feedView.js';
import { useQuestionReaction } from './QuestionSidePanel.js';

const EMPTY_FEED: FeedState = emptyFeed();
/** The MC reads a few at a glance; more would be small type. */
const MC_SHOWN = 4;

/** The MC's questions: the one on air, big; the queue for this talk; answered / skip / next; ask for a filler. */
export function McQuestions() {
  const feed = useShowStore((s) => s.showState?.feed ?? EMPTY_FEED);
  const segment = useCurrentSegment();
  const role = useRole();
  const send = useSendCommand();
  const reaction = useQuestionReaction();
  const onAir = onAirQuestion(feed);
  const queue = useMemo(() => mcQueue(feed, segment?.id ?? null), [feed, segment]);
  const elsewhere = useMemo(() => queuedQuestions(feed).length - queue.length, [feed, queue]);
  const canRequestFiller = role === 'mc' || role === 'producer' || role === 'backup';

  return (
    <section className="mcq" aria-labelledby="mcq-heading" data-testid="mc-questions">
      <header className="mcq__header">
        <h2 id="mcq-heading" className="eyebrow">
          Questions
        </h2>
        <div className="mcq__buttons">
          <button
            type="button"
            className="button mcq__button"
            disabled={!onAir}
            onClick={() => onAir && void send({ type: 'answerQuestion', questionId: onAir.id })}
          >
            ✓ Answered
          </button>
          <button
            type="button"
            className="button button--ghost mcq__button"
            disabled={!onAir}
            onClick={() => onAir && void send({ type: 'dismissQuestion', questionId: onAir.id })}
          >
            Skip
          </button>
          <button
            type="button"
            className="button button--go mcq__button"
            disabled={feed.queue.length === 0 && !onAir}
            onClick={() => void send({ type: 'nextQuestion' })}
          >
            Next question ›
          </button>
          {canRequestFiller ? (
            <button
              type="button"
              className={`button mcq__button ${feed.fillerRequestedAt !== null ? 'mcq__button--asked' : ''}`}
              onClick={() => void send({ type: 'requestFiller' })}
            >
              {feed.fillerRequestedAt !== null ? 'Filler asked for…' : 'Need a filler question'}
            </button>
          ) : null}
        </div>
      </header>
      {onAir ? (
        <div className="mcq__onair" data-testid="mc-onair">
          <span className="live-tag live-tag--on">On air</span>
          <p className="mcq__onair-text" dir="auto">
            {onAir.text}
          </p>
          <p className="mcq__asker">
            <bdi>{askedBy(onAir)}</bdi>
          </p>
        </div>
      ) : null}
      {queue.length === 0 ? (
        <p className="mcq__empty">{onAir ? 'Nothing else queued.' : 'No questions queued yet.'}</p>
      ) : (
        <ol className="mcq__queue" data-testid="mc-queue">
          {queue.slice(0, MC_SHOWN).map((q, index) => {
            const votes = votesOf(feed, q, reaction);
            return (
              <li key={q.id} className="mcq__item" data-question-id={q.id}>
                <span className="mcq__pos">{index + 1}</span>
                <div className="mcq__body">
                  <p className="mcq__text" dir="auto">
                    {q.text}
                  </p>
                  <p className="mcq__asker">
                    {q.staff ? <span className="tag tag--staff">Staff</span> : null} <bdi>{askedBy(q)}</bdi>
                    {votes > 0 ? <span className="qcard__votes"> ▲ {votes}</span> : null}
                  </p>
                </div>
              </li>
            );
          })}
          {queue.length > MC_SHOWN ? (
            <li className="mcq__more">+{queue.length - MC_SHOWN} more queued</li>
          ) : null}
        </ol>
      )}
      {elsewhere > 0 ? <p className="mcq__elsewhere">{elsewhere} queued for other talks</p> : null}
    </section>
  );
}
