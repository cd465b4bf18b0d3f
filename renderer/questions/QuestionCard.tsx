import type { ReactNode } from 'react';
import type { Question } from '../../shared/questions.js';
import { askedBy } from './feedView.js';

/** A question as staff see it: text (as text, any direction), who asked and where, votes. */
export function QuestionCard({
  question,
  votes,
  segmentTitle,
  actions,
  position,
}: {
  question: Question;
  votes: number;
  segmentTitle?: string | null;
  actions?: ReactNode;
  position?: number;
}) {
  return (
    <li
      className={`qcard qcard--${question.status} ${question.staff ? 'qcard--staff' : ''}`}
      data-testid="question-card"
      data-question-id={question.id}
      data-status={question.status}
    >
      <div className="qcard__head">
        {position !== undefined ? <span className="qcard__position">{position}</span> : null}
        <p className="qcard__text" dir="auto">
          {question.text}
        </p>
      </div>
      <div className="qcard__meta">
        {question.staff ? <span className="tag tag--staff">Staff</span> : null}
        <bdi className="qcard__asker">{askedBy(question)}</bdi>
        {votes > 0 ? <span className="qcard__votes">▲ {votes}</span> : null}
        {segmentTitle !== undefined ? (
          <span className="qcard__segment">{segmentTitle ?? 'Filler bank'}</span>
        ) : null}
      </div>
      {actions ? <div className="qcard__actions">{actions}</div> : null}
    </li>
  );
}
