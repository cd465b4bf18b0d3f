import type { ChatIngest, ChatMessage } from './chat.js';
import type { ShowEvent } from './events.js';
import type { ShowState } from './model.js';
import type { FeedEntry, FeedState } from './questions.js';
import { looksLikeQuestion } from './questions.js';

type FeedEvent = Extract<
  ShowEvent,
  {
    type:
      | 'chatIngested'
      | 'messageMarked'
      | 'questionSaved'
      | 'questionRemoved'
      | 'questionQueueSet'
      | 'fillerRequested';
  }
>;

/** The segment a message belongs to: the one live when it was sent (by actual times), else the live one. */
export function segmentAt(state: ShowState, at: number): string | null {
  for (const segment of state.segments) {
    const actual = state.actuals[segment.id];
    if (
      actual?.startedAt != null &&
      actual.startedAt <= at &&
      (actual.endedAt == null || at < actual.endedAt)
    ) {
      return segment.id;
    }
  }
  return state.live.currentSegmentId;
}

/** Drops a message's link from its question; a question left with no origin (and not staff's) goes. */
function unlinkMessage(feed: FeedState, messageId: string): FeedState {
  const entry = feed.messages[messageId];
  if (!entry?.questionId) return feed;
  const question = feed.questions[entry.questionId];
  if (!question) return feed;
  const origins = question.origins.filter((o) => o.messageId !== messageId);
  if (origins.length > 0 || question.staff) {
    return { ...feed, questions: { ...feed.questions, [question.id]: { ...question, origins } } };
  }
  const { [question.id]: _gone, ...questions } = feed.questions;
  return {
    ...feed,
    questions,
    queue: feed.queue.filter((id) => id !== question.id),
    onAir: feed.onAir === question.id ? null : feed.onAir,
  };
}

function removeMessages(feed: FeedState, ids: ReadonlySet<string>): FeedState {
  if (ids.size === 0) return feed;
  let next = feed;
  for (const id of ids) next = unlinkMessage(next, id);
  const messages = { ...next.messages };
  for (const id of ids) delete messages[id];
  return { ...next, messages, order: next.order.filter((id) => !ids.has(id)) };
}

function upsert(
  messages: Record<string, FeedEntry>,
  order: string[],
  message: ChatMessage,
  state: ShowState,
  questionReaction: string,
  receivedAt: number,
): void {
  const existing = messages[message.id];
  if (existing) {
    if (existing.text === message.text) return; // a redelivery, not an edit
    messages[message.id] = {
      ...existing,
      text: message.text,
      edited: true,
      looksLikeQuestion:
        looksLikeQuestion(message.text) || (existing.reactions[questionReaction]?.length ?? 0) > 0,
    };
    return;
  }
  messages[message.id] = {
    ...message,
    segmentId: message.backfill ? segmentAt(state, message.sentAt) : state.live.currentSegmentId,
    reactions: {},
    looksLikeQuestion: looksLikeQuestion(message.text),
    questionId: null,
    receivedAt,
  };
  order.push(message.id);
}

function react(
  messages: Record<string, FeedEntry>,
  op: Extract<ChatIngest, { kind: 'reaction' }>,
  questionReaction: string,
): void {
  const entry = messages[op.id];
  if (!entry) return;
  const users = entry.reactions[op.reaction] ?? [];
  const has = users.includes(op.userId);
  if (has === op.added) return; // repeated add (backfill) or remove of nothing
  const nextUsers = op.added ? [...users, op.userId] : users.filter((u) => u !== op.userId);
  const reactions = { ...entry.reactions, [op.reaction]: nextUsers };
  if (nextUsers.length === 0) delete reactions[op.reaction];
  const marked = (reactions[questionReaction]?.length ?? 0) > 0;
  messages[op.id] = {
    ...entry,
    reactions,
    looksLikeQuestion:
      op.reaction === questionReaction ? marked || looksLikeQuestion(entry.text) : entry.looksLikeQuestion,
  };
}

/**
 * A batch of chat operations. The maps are copied once per batch, not once per message, so a
 * busy chat costs one copy per journal record.
 */
function ingest(state: ShowState, event: Extract<FeedEvent, { type: 'chatIngested' }>): FeedState {
  const feed = state.feed;
  const messages = { ...feed.messages };
  const order = [...feed.order];
  const removed = new Set<string>();
  for (const op of event.operations) {
    switch (op.kind) {
      case 'upsert':
        removed.delete(op.message.id);
        upsert(messages, order, op.message, state, event.questionReaction, event.at);
        break;
      case 'reaction':
        react(messages, op, event.questionReaction);
        break;
      case 'delete':
        if (messages[op.id]) removed.add(op.id);
        break;
      case 'authorBanned':
        for (const id of order) {
          const entry = messages[id];
          if (entry && entry.source === op.source && entry.author.id === op.authorId) removed.add(id);
        }
        break;
      default:
        return op satisfies never;
    }
  }
  return removeMessages({ ...feed, messages, order }, removed);
}

/** Applies the feed's own events; the main reducer delegates here. */
export function applyFeedEvent(state: ShowState, event: FeedEvent): FeedState {
  const feed = state.feed;
  switch (event.type) {
    case 'chatIngested':
      return ingest(state, event);
    case 'messageMarked': {
      const entry = feed.messages[event.messageId];
      if (!entry) return feed;
      return {
        ...feed,
        messages: { ...feed.messages, [entry.id]: { ...entry, looksLikeQuestion: event.question } },
      };
    }
    case 'questionSaved': {
      const question = event.question;
      let messages = feed.messages;
      for (const origin of question.origins) {
        const entry = messages[origin.messageId];
        if (entry && entry.questionId !== question.id) {
          messages = { ...messages, [entry.id]: { ...entry, questionId: question.id } };
        }
      }
      return { ...feed, messages, questions: { ...feed.questions, [question.id]: question } };
    }
    case 'questionRemoved': {
      const { [event.questionId]: _removed, ...questions } = feed.questions;
      return {
        ...feed,
        questions,
        queue: feed.queue.filter((id) => id !== event.questionId),
        onAir: feed.onAir === event.questionId ? null : feed.onAir,
      };
    }
    case 'questionQueueSet':
      return { ...feed, queue: event.queue, onAir: event.onAir };
    case 'fillerRequested':
      return { ...feed, fillerRequestedAt: event.at };
    default:
      return event satisfies never;
  }
}
