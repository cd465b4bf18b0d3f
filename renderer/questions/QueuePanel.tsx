import { useMemo } from 'react';
import type { FeedState } from '../../shared/questions.js';
import { emptyFeed } from '../../shared/questions.js';
import { CommandButton } from '../common/CommandButton.js';
import { useCanControl } from '../store/hooks.js';
import { showStore, useShowStore } from '../store/showStore.js';
import { ChatStatusStrip } from './ChatStatusStrip.js';
import { askedBy, onAirQuestion, queuedQuestions } from './feedView.js';

const EMPTY_FEED: FeedState = emptyFeed();
const SHOWN = 3;

/** The producer's compact view of the questions: on air, the next few, and the chat sources' health. */
export function QueuePanel() {
  const feed = useShowStore((s) => s.showState?.feed ?? EMPTY_FEED);
  const canControl = useCanControl();
  const onAir = onAirQuestion(feed);
  const queue = useMemo(() => queuedQuestions(feed), [feed]);
  return (
    <section className="panel queue-panel" aria-labelledby="queue-heading" data-testid="queue-panel">
      <div className="queue-panel__header">
        <h2 id="queue-heading" className="panel__heading">
          Questions <span className="count">{queue.length} queued</span>
        </h2>
        {canControl ? (
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() => showStore.getState().setOpenDialog('chatSettings')}
          >
            Chat settings…
          </button>
        ) : null}
      </div>
      <ChatStatusStrip compact />
      {feed.fillerRequestedAt !== null ? (
        <p className="queue-panel__filler">MC asked for a filler question</p>
      ) : null}
      {onAir ? (
        <div className="queue-panel__onair">
          <span className="live-tag live-tag--on">On air</span>
          <span className="queue-panel__text" dir="auto">
            {onAir.text}
          </span>
          <CommandButton command={{ type: 'answerQuestion', questionId: onAir.id }}>Answered</CommandButton>
        </div>
      ) : null}
      {queue.length === 0 ? <p className="panel__empty">No questions queued.</p> : null}
      <ol className="queue-panel__list">
        {queue.slice(0, SHOWN).map((q) => (
          <li key={q.id} className="queue-panel__item">
            <div className="queue-panel__body">
              <span className="queue-panel__text" dir="auto">
                {q.text}
              </span>
              <small className="queue-panel__asker">
                <bdi>{askedBy(q)}</bdi>
              </small>
            </div>
            <CommandButton command={{ type: 'putQuestionOnAir', questionId: q.id }} tone="go">
              Put on air
            </CommandButton>
          </li>
        ))}
      </ol>
      {queue.length > SHOWN ? <p className="queue-panel__more">+{queue.length - SHOWN} more</p> : null}
    </section>
  );
}
