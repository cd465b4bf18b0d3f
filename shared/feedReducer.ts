import type { ChatIngest, ChatMessage } from './chat.js';
import { MessagesDraft, getMessage } from './feedMessages.js';
import type { ShowEvent } from './events.js';
import type { ShowState } from './model.js';
import type { FeedEntry } from './feedMessages.js';
import type { FeedState } from './questions.js';
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
function unlinkMessage(feed: FeedState, entry: FeedEntry): FeedState {
  if (!entry.questionId) return feed;
  const question = own(feed.questions, entry.questionId);
  if (!question) return feed;
  const origins = question.origins.filter((o) => o.messageId !== entry.id);
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

function upsert(
  draft: MessagesDraft,
  message: ChatMessage,
  state: ShowState,
  questionReaction: string,
  receivedAt: number,
): void {
  const existing = draft.get(message.id);
  if (existing) {
    if (existing.text === message.text) return; // a redelivery, not an edit
    draft.put({
      ...existing,
      text: message.text,
      edited: true,
      looksLikeQuestion:
        existing.moderatorMark ??
        (looksLikeQuestion(message.text) || (own(existing.reactions, questionReaction)?.length ?? 0) > 0),
    });
    return;
  }
  draft.put(
    newEntry(
      message,
      message.backfill ? segmentAt(state, message.sentAt) : state.live.currentSegmentId,
      receivedAt,
    ),
  );
}

/**
 * A new feed entry, written out field by field. `{ ...message, segmentId, … }` would be
 * shorter, but V8 builds a spread followed by new keys as a slow dictionary-mode object: about
 * 100 times slower to make (measured: 20,000 entries in 370 ms against 4 ms), and slower to
 * read, copy and serialise ever after. Every field of ChatMessage is required, so the type
 * checker catches one added there and forgotten here.
 */
function newEntry(message: ChatMessage, segmentId: string | null, receivedAt: number): FeedEntry {
  return {
    id: message.id,
    source: message.source,
    channel: message.channel,
    channelName: message.channelName,
    author: message.author,
    text: message.text,
    sentAt: message.sentAt,
    permalink: message.permalink,
    threadId: message.threadId,
    backfill: message.backfill,
    superChat: message.superChat,
    edited: message.edited,
    segmentId,
    reactions: {},
    looksLikeQuestion: looksLikeQuestion(message.text),
    moderatorMark: null,
    questionId: null,
    receivedAt,
  };
}

function react(
  draft: MessagesDraft,
  op: Extract<ChatIngest, { kind: 'reaction' }>,
  questionReaction: string,
): void {
  const entry = draft.get(op.id);
  if (!entry) return;
  const users = own(entry.reactions, op.reaction) ?? [];
  const has = users.includes(op.userId);
  if (has === op.added) return; // repeated add (backfill) or remove of nothing
  const nextUsers = op.added ? [...users, op.userId] : users.filter((u) => u !== op.userId);
  const reactions = { ...entry.reactions, [op.reaction]: nextUsers };
  if (nextUsers.length === 0) delete reactions[op.reaction];
  const marked = (own(reactions, questionReaction)?.length ?? 0) > 0;
  draft.put({
    ...entry,
    reactions,
    looksLikeQuestion:
      op.reaction === questionReaction
        ? (entry.moderatorMark ?? (marked || looksLikeQuestion(entry.text)))
        : entry.looksLikeQuestion,
  });
}

/**
 * A batch of chat operations, with the same result as applying them one event at a time. The
 * messages are changed through one draft, which copies only the buckets and pages the batch
 * touches; removals are collected and done together.
 */
function ingest(state: ShowState, event: Extract<FeedEvent, { type: 'chatIngested' }>): FeedState {
  let feed = state.feed;
  const draft = new MessagesDraft(feed.messages);
  let removed = new Map<string, FeedEntry>();
  /** Carries out the pending removals now: their questions lose them as an origin. */
  const flush = (): void => {
    if (removed.size === 0) return;
    draft.remove(new Set(removed.keys()));
    for (const entry of removed.values()) feed = unlinkMessage(feed, entry);
    removed = new Map();
  };
  for (const op of event.operations) {
    switch (op.kind) {
      case 'upsert':
        // A message deleted earlier in this batch and sent again comes back as a new one, as it
        // would in a later batch: not as an edit of the entry about to be removed.
        if (removed.has(op.message.id)) flush();
        upsert(draft, op.message, state, event.questionReaction, event.at);
        break;
      case 'reaction':
        react(draft, op, event.questionReaction);
        break;
      case 'delete': {
        const entry = draft.get(op.id);
        if (entry) removed.set(op.id, entry);
        break;
      }
      case 'authorBanned': {
        // Rare (a ban), so a scan of the whole feed is fine; entries this batch changed count.
        for (const entry of draft.entries()) {
          if (entry.source === op.source && entry.author.id === op.authorId) removed.set(entry.id, entry);
        }
        break;
      }
      default:
        return op satisfies never;
    }
  }
  flush();
  const messages = draft.finish();
  return messages === feed.messages ? feed : { ...feed, messages };
}

/** Applies the feed's own events; the main reducer delegates here. */
export function applyFeedEvent(state: ShowState, event: FeedEvent): FeedState {
  const feed = state.feed;
  switch (event.type) {
    case 'chatIngested':
      return ingest(state, event);
    case 'messageMarked': {
      const entry = getMessage(feed.messages, event.messageId);
      if (!entry) return feed;
      const draft = new MessagesDraft(feed.messages);
      draft.put({ ...entry, looksLikeQuestion: event.question, moderatorMark: event.question });
      return { ...feed, messages: draft.finish() };
    }
    case 'questionSaved': {
      const question = event.question;
      const draft = new MessagesDraft(feed.messages);
      for (const origin of question.origins) {
        const entry = draft.get(origin.messageId);
        if (entry && entry.questionId !== question.id) draft.put({ ...entry, questionId: question.id });
      }
      return { ...feed, messages: draft.finish(), questions: { ...feed.questions, [question.id]: question } };
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
