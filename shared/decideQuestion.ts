import type { CommandOf, CommandType } from './commands.js';
import { MAX_QUESTION_CHARS } from './commands.js';
import { clipText } from './text.js';
import type { Decision, DecideContext } from './decision.js';
import { accept, conflict } from './decision.js';
import type { ShowEvent } from './events.js';
import type { ShowState } from './model.js';
import { getMessage } from './feedMessages.js';
import type { Question, QuestionStatus } from './questions.js';

export type QuestionCommandType = Extract<
  CommandType,
  | 'markMessage'
  | 'approveMessage'
  | 'addStaffQuestion'
  | 'editQuestion'
  | 'assignQuestion'
  | 'queueQuestion'
  | 'moveQuestion'
  | 'putQuestionOnAir'
  | 'nextQuestion'
  | 'answerQuestion'
  | 'dismissQuestion'
  | 'restoreQuestion'
  | 'voteQuestion'
  | 'mergeQuestions'
>;
export type QuestionCommand = CommandOf<QuestionCommandType>;

/** Own properties only: a command naming "constructor" or "__proto__" must find nothing. */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The queue and the on-air slot follow the statuses: a question leaving "queued" leaves the
 * queue, one going on air leaves it too, and what was on air before is answered.
 */
function withStatus(question: Question, status: QuestionStatus, now: number): Question {
  return { ...question, status, updatedAt: now };
}

function queueEvent(queue: string[], onAir: string | null): ShowEvent {
  return { type: 'questionQueueSet', queue, onAir };
}

/** Puts `question` on air; the one on air before is marked answered. */
function onAirEvents(state: ShowState, question: Question, now: number): ShowEvent[] {
  const { feed } = state;
  const events: ShowEvent[] = [];
  const previous = feed.onAir ? feed.questions[feed.onAir] : undefined;
  if (previous && previous.id !== question.id) {
    events.push({ type: 'questionSaved', question: withStatus(previous, 'answered', now) });
  }
  events.push({ type: 'questionSaved', question: withStatus(question, 'onAir', now) });
  events.push(
    queueEvent(
      feed.queue.filter((id) => id !== question.id),
      question.id,
    ),
  );
  return events;
}

/** Takes a question off the queue and the air with a final status (answered, dismissed). */
function closeEvents(state: ShowState, question: Question, status: QuestionStatus, now: number): ShowEvent[] {
  const { feed } = state;
  return [
    { type: 'questionSaved', question: withStatus(question, status, now) },
    queueEvent(
      feed.queue.filter((id) => id !== question.id),
      feed.onAir === question.id ? null : feed.onAir,
    ),
  ];
}

/** Commands that flag a message or make a new question. */
function decideNew(
  state: ShowState,
  cmd: CommandOf<'markMessage' | 'approveMessage' | 'addStaffQuestion'>,
  ctx: DecideContext,
): Decision {
  const { feed } = state;
  const { now } = ctx;
  const find = (id: string): Question | undefined => own(feed.questions, id);
  switch (cmd.type) {
    case 'markMessage': {
      const entry = getMessage(feed.messages, cmd.messageId);
      if (!entry) return conflict('that message is no longer in the feed');
      if (entry.moderatorMark === cmd.question) return accept();
      return accept({ type: 'messageMarked', messageId: entry.id, question: cmd.question });
    }
    case 'approveMessage': {
      const entry = getMessage(feed.messages, cmd.messageId);
      if (!entry) return conflict('that message is no longer in the feed');
      if (entry.questionId && find(entry.questionId)) return conflict('that message is already a question');
      const question: Question = {
        id: ctx.newId(),
        // A question is read aloud: long chat messages are clipped to what a question may hold.
        text: cmd.text ?? clipText(entry.text, MAX_QUESTION_CHARS),
        origins: [
          {
            messageId: entry.id,
            source: entry.source,
            authorName: entry.author.name,
            permalink: entry.permalink,
          },
        ],
        segmentId: entry.segmentId,
        status: 'approved',
        staff: false,
        moderatorVotes: 0,
        createdAt: now,
        updatedAt: now,
      };
      return accept({ type: 'questionSaved', question });
    }
    case 'addStaffQuestion': {
      if (cmd.segmentId !== null && !state.segments.some((s) => s.id === cmd.segmentId)) {
        return conflict(`no segment "${cmd.segmentId}"`);
      }
      const question: Question = {
        id: ctx.newId(),
        text: cmd.text,
        origins: [],
        segmentId: cmd.segmentId,
        status: 'approved',
        staff: true,
        moderatorVotes: 0,
        createdAt: now,
        updatedAt: now,
      };
      return accept({ type: 'questionSaved', question });
    }
    default:
      return cmd satisfies never;
  }
}

export function decideQuestion(state: ShowState, cmd: QuestionCommand, ctx: DecideContext): Decision {
  const { feed } = state;
  const { now } = ctx;
  const find = (id: string): Question | undefined => own(feed.questions, id);
  if (cmd.type === 'markMessage' || cmd.type === 'approveMessage' || cmd.type === 'addStaffQuestion') {
    return decideNew(state, cmd, ctx);
  }

  if (cmd.type === 'nextQuestion') {
    const nextId = feed.queue[0];
    const next = nextId === undefined ? undefined : find(nextId);
    if (!next) {
      const current = feed.onAir ? find(feed.onAir) : undefined;
      if (!current) return conflict('no question is queued or on air');
      return accept(...closeEvents(state, current, 'answered', now));
    }
    return accept(...onAirEvents(state, next, now));
  }

  const questionId = cmd.type === 'mergeQuestions' ? cmd.intoId : cmd.questionId;
  const question = find(questionId);
  if (!question) return conflict('no such question (it may have been removed with its message)');

  switch (cmd.type) {
    case 'editQuestion':
      return accept({ type: 'questionSaved', question: { ...question, text: cmd.text, updatedAt: now } });
    case 'assignQuestion':
      if (cmd.segmentId !== null && !state.segments.some((s) => s.id === cmd.segmentId)) {
        return conflict(`no segment "${cmd.segmentId}"`);
      }
      return accept({
        type: 'questionSaved',
        question: { ...question, segmentId: cmd.segmentId, updatedAt: now },
      });
    case 'queueQuestion':
      if (question.status === 'queued') return conflict('that question is already queued');
      if (question.status === 'onAir') return conflict('that question is on air');
      return accept(
        { type: 'questionSaved', question: withStatus(question, 'queued', now) },
        queueEvent([...feed.queue, question.id], feed.onAir),
      );
    case 'moveQuestion': {
      if (question.status !== 'queued') return conflict('only queued questions can be reordered');
      const queue = feed.queue.filter((id) => id !== question.id);
      queue.splice(Math.min(cmd.toIndex, queue.length), 0, question.id);
      return accept(queueEvent(queue, feed.onAir));
    }
    case 'putQuestionOnAir':
      if (feed.onAir === question.id) return conflict('that question is already on air');
      if (question.status === 'dismissed') return conflict('restore that question before putting it on air');
      return accept(...onAirEvents(state, question, now));
    case 'answerQuestion':
      if (question.status === 'answered') return conflict('that question is already answered');
      return accept(...closeEvents(state, question, 'answered', now));
    case 'dismissQuestion':
      if (question.status === 'dismissed') return conflict('that question is already dismissed');
      return accept(...closeEvents(state, question, 'dismissed', now));
    case 'restoreQuestion':
      if (question.status !== 'answered' && question.status !== 'dismissed') {
        return conflict('only answered or dismissed questions can be restored');
      }
      return accept({ type: 'questionSaved', question: withStatus(question, 'approved', now) });
    case 'voteQuestion':
      return accept({
        type: 'questionSaved',
        question: { ...question, moderatorVotes: question.moderatorVotes + 1, updatedAt: now },
      });
    case 'mergeQuestions': {
      const from = find(cmd.fromId);
      if (!from) return conflict('no such question to merge (it may have been removed)');
      if (from.id === question.id) return conflict('a question cannot be merged into itself');
      // Merging the on-air question away would blank the overlay mid-question.
      if (feed.onAir === from.id) {
        return conflict('the question to merge away is on air: merge the other one into it instead');
      }
      // The kept question takes every origin and vote; the other goes, and its queue place with it.
      // It stays staff's if it was: its text is theirs, and it must outlive the audience messages
      // merged into it (a question with no origins left is removed unless it is staff's).
      const merged: Question = {
        ...question,
        origins: [...question.origins, ...from.origins],
        moderatorVotes: question.moderatorVotes + from.moderatorVotes,
        updatedAt: now,
      };
      return accept(
        { type: 'questionSaved', question: merged },
        { type: 'questionRemoved', questionId: from.id },
      );
    }
    default:
      return cmd satisfies never;
  }
}
