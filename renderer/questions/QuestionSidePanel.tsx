import { useMemo, useState } from 'react';
import type { SubmitEvent } from 'react';
import { MAX_QUESTION_CHARS } from '../../shared/commands.js';
import type { FeedState, Question } from '../../shared/questions.js';
import { votesOf } from '../../shared/questions.js';
import { CommandButton } from '../common/CommandButton.js';
import { useSendCommand } from '../connection/commandContext.js';
import { useCurrentSegment, useSegments } from '../store/hooks.js';
import { useShowStore } from '../store/showStore.js';
import { formatClock, onAirQuestion, queuedQuestions } from './feedView.js';
import { QuestionCard } from './QuestionCard.js';

/** How many answered/dismissed questions the panel lists (newest first). */
const DONE_SHOWN = 30;

export function useQuestionReaction(): string {
  return useShowStore((s) => s.chat?.settings.slack?.questionReaction ?? 'question');
}

/** The moderator's side panel: the MC's filler call, on air, the queue, approved questions, staff questions, done. */
export function QuestionSidePanel({
  feed,
  segmentTitles,
  onMerge,
}: {
  feed: FeedState;
  segmentTitles: ReadonlyMap<string, string>;
  onMerge: (questionId: string) => void;
}) {
  const reaction = useQuestionReaction();
  const onAir = onAirQuestion(feed);
  const queue = useMemo(() => queuedQuestions(feed), [feed]);
  const { approved, done } = useMemo(() => {
    const all = Object.values(feed.questions);
    return {
      approved: all.filter((q) => q.status === 'approved').sort((a, b) => a.createdAt - b.createdAt),
      done: all
        .filter((q) => q.status === 'answered' || q.status === 'dismissed')
        .sort((a, b) => b.updatedAt - a.updatedAt)
        .slice(0, DONE_SHOWN),
    };
  }, [feed.questions]);
  const title = (q: Question) => (q.segmentId ? (segmentTitles.get(q.segmentId) ?? q.segmentId) : null);

  return (
    <aside className="qpanel" aria-label="Questions">
      {feed.fillerRequestedAt !== null ? (
        <div className="filler-alert" role="alert" data-testid="filler-alert">
          <span className="filler-alert__icon" aria-hidden="true">
            !
          </span>
          <span className="filler-alert__text">
            The MC needs a filler question <small>since {formatClock(feed.fillerRequestedAt)}</small>
          </span>
          <CommandButton command={{ type: 'clearFillerRequest' }}>Done</CommandButton>
        </div>
      ) : null}

      <section className="qpanel__section" aria-labelledby="qp-onair">
        <h2 id="qp-onair" className="panel__heading">
          On air
        </h2>
        {onAir ? (
          <ul className="qlist">
            <QuestionCard
              question={onAir}
              votes={votesOf(feed, onAir, reaction)}
              segmentTitle={title(onAir)}
              actions={
                <>
                  <CommandButton command={{ type: 'answerQuestion', questionId: onAir.id }}>
                    Answered
                  </CommandButton>
                  <CommandButton command={{ type: 'dismissQuestion', questionId: onAir.id }} tone="ghost">
                    Skip
                  </CommandButton>
                </>
              }
            />
          </ul>
        ) : (
          <p className="panel__empty">Nothing on air.</p>
        )}
      </section>

      <section className="qpanel__section" aria-labelledby="qp-queue">
        <h2 id="qp-queue" className="panel__heading">
          Queue for the MC <span className="count">{queue.length}</span>
        </h2>
        {queue.length === 0 ? <p className="panel__empty">Queue questions with Q.</p> : null}
        <ol className="qlist" data-testid="moderator-queue">
          {queue.map((q, index) => (
            <QuestionCard
              key={q.id}
              question={q}
              position={index + 1}
              votes={votesOf(feed, q, reaction)}
              segmentTitle={title(q)}
              actions={
                <>
                  <CommandButton
                    command={{ type: 'moveQuestion', questionId: q.id, toIndex: index - 1 }}
                    tone="ghost"
                    label="Move up"
                    disabled={index === 0}
                  >
                    ↑
                  </CommandButton>
                  <CommandButton
                    command={{ type: 'moveQuestion', questionId: q.id, toIndex: index + 1 }}
                    tone="ghost"
                    label="Move down"
                    disabled={index === queue.length - 1}
                  >
                    ↓
                  </CommandButton>
                  <CommandButton command={{ type: 'putQuestionOnAir', questionId: q.id }} tone="go">
                    Put on air
                  </CommandButton>
                  <CommandButton command={{ type: 'dismissQuestion', questionId: q.id }} tone="ghost">
                    Dismiss
                  </CommandButton>
                </>
              }
            />
          ))}
        </ol>
      </section>

      <section className="qpanel__section" aria-labelledby="qp-approved">
        <h2 id="qp-approved" className="panel__heading">
          Approved <span className="count">{approved.length}</span>
        </h2>
        {approved.length === 0 ? (
          <p className="panel__empty">Approve questions from the feed with A.</p>
        ) : null}
        <ul className="qlist">
          {approved.map((q) => (
            <QuestionCard
              key={q.id}
              question={q}
              votes={votesOf(feed, q, reaction)}
              segmentTitle={title(q)}
              actions={
                <>
                  <CommandButton command={{ type: 'queueQuestion', questionId: q.id }} tone="primary">
                    Queue
                  </CommandButton>
                  <CommandButton command={{ type: 'voteQuestion', questionId: q.id }} tone="ghost">
                    +1
                  </CommandButton>
                  <button
                    type="button"
                    className="button button--small button--ghost"
                    onClick={() => onMerge(q.id)}
                  >
                    Merge…
                  </button>
                  <CommandButton command={{ type: 'dismissQuestion', questionId: q.id }} tone="ghost">
                    Dismiss
                  </CommandButton>
                </>
              }
            />
          ))}
        </ul>
      </section>

      <StaffQuestionForm />

      {done.length > 0 ? (
        <section className="qpanel__section" aria-labelledby="qp-done">
          <h2 id="qp-done" className="panel__heading">
            Answered &amp; dismissed
          </h2>
          <ul className="qlist qlist--done">
            {done.map((q) => (
              <QuestionCard
                key={q.id}
                question={q}
                votes={votesOf(feed, q, reaction)}
                actions={
                  <CommandButton command={{ type: 'restoreQuestion', questionId: q.id }} tone="ghost">
                    Restore ({q.status})
                  </CommandButton>
                }
              />
            ))}
          </ul>
        </section>
      ) : null}
    </aside>
  );
}

/** Staff write their own: for the talk on now (or another), or the general filler bank. */
function StaffQuestionForm() {
  const send = useSendCommand();
  const current = useCurrentSegment();
  const segments = useSegments();
  const [text, setText] = useState('');
  const [target, setTarget] = useState<string>('current');
  const segmentId = target === 'current' ? (current?.id ?? null) : target === 'bank' ? null : target;

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    const result = await send({ type: 'addStaffQuestion', text: trimmed, segmentId });
    if (result.ok) setText('');
  };

  return (
    <section className="qpanel__section" aria-labelledby="qp-staff">
      <h2 id="qp-staff" className="panel__heading">
        Add a staff question
      </h2>
      <form className="staff-form" onSubmit={(e) => void submit(e)}>
        <textarea
          className="input staff-form__text"
          aria-label="Staff question"
          placeholder="A question of our own…"
          dir="auto"
          rows={2}
          maxLength={MAX_QUESTION_CHARS}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="staff-form__row">
          <select
            className="input"
            aria-label="For"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          >
            <option value="current">
              {current ? `This talk: ${current.title}` : 'This talk (none live: filler bank)'}
            </option>
            <option value="bank">General filler bank</option>
            {segments
              .filter((s) => s.kind !== 'break' && s.id !== current?.id)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
          </select>
          <button type="submit" className="button button--primary" disabled={text.trim() === ''}>
            Add
          </button>
        </div>
      </form>
    </section>
  );
}
