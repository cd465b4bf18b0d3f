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

/**
 * Own properties only: ids and reaction names come from outside (a Slack custom emoji may be
 * called `constructor`), and `{}` would answer for Object.prototype's.
 */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The segment a message belongs to: the one live when it was sent, by actual start and end
 * times; null when none was (before the show, between talks), as for a live message then.
 */
export function segmentAt(state: ShowState, at: number): string | null {
  for (const segment of state.segments) {
    const actual = own(state.actuals, segment.id);
    if (
      actual?.startedAt != null &&
      actual.startedAt <= at &&
      (actual.endedAt == null || at < actual.endedAt)
    ) {
      return segment.id;
    }
  }
  return null;
}

/** Drops a message's link from its question; a question left with no origin (and not staff's) goes. */
function unlinkMessage(feed: FeedState, messageId: string): FeedState {
  const entry = own(feed.messages, messageId);
  if (!entry?.questionId) return feed;
  const question = own(feed.questions, entry.questionId);
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
  const existing = own(messages, message.id);
  if (existing) {
    if (existing.text === message.text) return; // a redelivery, not an edit
    messages[message.id] = {
      ...existing,
      text: message.text,
      edited: true,
      looksLikeQuestion:
        existing.moderatorMark ??
        (looksLikeQuestion(message.text) || (own(existing.reactions, questionReaction)?.length ?? 0) > 0),
    };
    return;
  }
  messages[message.id] = {
    ...message,
    segmentId: message.backfill ? segmentAt(state, message.sentAt) : state.live.currentSegmentId,
    reactions: {},
    looksLikeQuestion: looksLikeQuestion(message.text),
    moderatorMark: null,
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
  const entry = own(messages, op.id);
  if (!entry) return;
  const users = own(entry.reactions, op.reaction) ?? [];
  const has = users.includes(op.userId);
  if (has === op.added) return; // repeated add (backfill) or remove of nothing
  const nextUsers = op.added ? [...users, op.userId] : users.filter((u) => u !== op.userId);
  const reactions = { ...entry.reactions, [op.reaction]: nextUsers };
  if (nextUsers.length === 0) delete reactions[op.reaction];
  const marked = (own(reactions, questionReaction)?.length ?? 0) > 0;
  messages[op.id] = {
    ...entry,
    reactions,
    looksLikeQuestion:
      op.reaction === questionReaction
        ? (entry.moderatorMark ?? (marked || looksLikeQuestion(entry.text)))
        : entry.looksLikeQuestion,
  };
}

/**
 * A batch of chat operations, with the same result as applying them one event at a time. The
 * maps are copied once per batch, not once per message, so a busy chat costs one copy per
 * journal record; removals are collected and done once at the end.
 */
function ingest(state: ShowState, event: Extract<FeedEvent, { type: 'chatIngested' }>): FeedState {
  let feed: FeedState = { ...state.feed, messages: { ...state.feed.messages }, order: [...state.feed.order] };
  let removed = new Set<string>();
  /** Carries out the pending removals now; removeMessages returns fresh maps this batch may change. */
  const flush = (): void => {
    feed = removeMessages(feed, removed);
    removed = new Set<string>();
  };
  for (const op of event.operations) {
    switch (op.kind) {
      case 'upsert':
        // A message deleted earlier in this batch and sent again comes back as a new one, as it
        // would in a later batch: not as an edit of the entry about to be removed.
        if (removed.has(op.message.id)) flush();
        upsert(feed.messages, feed.order, op.message, state, event.questionReaction, event.at);
        break;
      case 'reaction':
        react(feed.messages, op, event.questionReaction);
        break;
      case 'delete':
        if (own(feed.messages, op.id)) removed.add(op.id);
        break;
      case 'authorBanned':
        for (const id of feed.order) {
          const entry = own(feed.messages, id);
          if (entry && entry.source === op.source && entry.author.id === op.authorId) removed.add(id);
        }
        break;
      default:
        return op satisfies never;
    }
  }
  flush();
  return feed;
}

/** Applies the feed's own events; the main reducer delegates here. */
export function applyFeedEvent(state: ShowState, event: FeedEvent): FeedState {
  const feed = state.feed;
  switch (event.type) {
    case 'chatIngested':
      return ingest(state, event);
    case 'messageMarked': {
      const entry = own(feed.messages, event.messageId);
      if (!entry) return feed;
      return {
        ...feed,
        messages: {
          ...feed.messages,
          [entry.id]: { ...entry, looksLikeQuestion: event.question, moderatorMark: event.question },
        },
      };
    }
    case 'questionSaved': {
      const question = event.question;
      let messages = feed.messages;
      for (const origin of question.origins) {
        const entry = own(messages, origin.messageId);
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
