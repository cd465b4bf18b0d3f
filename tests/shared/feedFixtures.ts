/**
 * Helpers for the question-feed tests: chat messages and ingest operations, a small show with a
 * known timeline, decide() wrappers that prove decisions apply, and an invariant check of the
 * feed. The generic helpers (deepFreeze, seededRandom, segment, MIN, T0) come from fixtures.ts.
 */
import { expect } from 'vitest';
import { deepFreeze, MIN, seededRandom, segment, T0 } from './fixtures.js';
import type { ChatIngest, ChatMessage, ChatSource } from '../../shared/chat.js';
import type { ShowCommand } from '../../shared/commands.js';
import type { DecideContext, Decision } from '../../shared/decision.js';
import { decide } from '../../shared/decide.js';
import type { ShowEvent } from '../../shared/events.js';
import type { ShowState } from '../../shared/model.js';
import { emptyShowState } from '../../shared/model.js';
import type { FeedEntry } from '../../shared/feedMessages.js';
import type { FeedState, Question } from '../../shared/questions.js';
import { emptyFeed } from '../../shared/questions.js';
import type { FeedMessages } from '../../shared/feedMessages.js';
import {
  bucketOf,
  emptyMessages,
  getMessage,
  messageEntries,
  messageIds,
  MessagesDraft,
  PAGE_SIZE,
} from '../../shared/feedMessages.js';
import { applyEvents } from '../../shared/reducer.js';
import type { Role } from '../../shared/roles.js';

/** The Slack reaction that marks a question in these tests. */
export const Q_REACTION = 'question';

/** A rundown of keynote, talk, lightning; nothing started. */
export function show(): ShowState {
  return {
    ...emptyShowState('feed-test', { name: 'Feed Conf' }),
    segments: [segment({ id: 'keynote' }), segment({ id: 'talk' }), segment({ id: 'lightning' })],
  };
}

/**
 * keynote ran T0 → T0+30 min, a one-minute gap, then talk live since T0+31 min. The moments
 * below name each part of that timeline.
 */
export const KEYNOTE_START = T0;
export const KEYNOTE_END = T0 + 30 * MIN;
export const TALK_START = T0 + 31 * MIN;
export const NOW = T0 + 40 * MIN;

export function showWithHistory(): ShowState {
  return applyEvents(show(), [
    { type: 'segmentStarted', segmentId: 'keynote', at: KEYNOTE_START },
    { type: 'segmentEnded', segmentId: 'keynote', at: KEYNOTE_END },
    { type: 'segmentStarted', segmentId: 'talk', at: TALK_START },
  ]);
}

/** The show with `segmentId` live since T0. */
export function liveOn(segmentId = 'keynote'): ShowState {
  return applyEvents(show(), [{ type: 'segmentStarted', segmentId, at: T0 }]);
}

let seq = 0;

/** A chat message; the id is used as given. */
export function chat(id: string, text: string, overrides: Partial<ChatMessage> = {}): ChatMessage {
  seq += 1;
  return {
    id,
    source: 'slack',
    channel: 'C-ASK',
    channelName: '#ask-the-speaker',
    author: { id: 'U-ADA', name: 'Ada', badges: [] },
    text,
    sentAt: T0 + seq,
    permalink: `https://conf.slack.com/archives/C-ASK/p${seq}`,
    threadId: null,
    backfill: false,
    superChat: null,
    edited: false,
    ...overrides,
  };
}

export const upsert = (message: ChatMessage): ChatIngest => ({ kind: 'upsert', message });
export const del = (id: string): ChatIngest => ({ kind: 'delete', id });
export const reaction = (id: string, name: string, userId: string, added = true): ChatIngest => ({
  kind: 'reaction',
  id,
  reaction: name,
  userId,
  added,
});
export const ban = (source: ChatSource, authorId: string): ChatIngest => ({
  kind: 'authorBanned',
  source,
  authorId,
});

export function ingested(operations: ChatIngest[], at = NOW, questionReaction = Q_REACTION): ShowEvent {
  return { type: 'chatIngested', operations, questionReaction, at };
}

/**
 * Applies one chatIngested batch to `state`, frozen first (so any mutation throws); not a copy,
 * so tests can check which objects stayed the same.
 */
export function ingest(state: ShowState, operations: ChatIngest[], at = NOW): ShowState {
  return applyEvents(deepFreeze(state), [ingested(operations, at)]);
}

export function entry(state: ShowState, id: string): FeedEntry {
  const found = getMessage(state.feed.messages, id);
  if (!found) throw new Error(`no message "${id}" in the feed`);
  return found;
}

export function questionOf(state: ShowState, id: string): Question {
  const found = Object.hasOwn(state.feed.questions, id) ? state.feed.questions[id] : undefined;
  if (!found) throw new Error(`no question "${id}"`);
  return found;
}

/** A question for building a FeedState by hand (questions.ts tests). */
export function question(id: string, text: string, overrides: Partial<Question> = {}): Question {
  return {
    id,
    text,
    origins: [],
    segmentId: null,
    status: 'approved',
    staff: false,
    moderatorVotes: 0,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function feedOf(questions: Question[], messages: FeedEntry[] = []): FeedState {
  return {
    ...emptyFeed(),
    questions: Object.fromEntries(questions.map((q) => [q.id, q])),
    messages: messagesOf(messages),
  };
}

/** Messages in this order, as the feed stores them. */
export function messagesOf(entries: FeedEntry[]): FeedMessages {
  const draft = new MessagesDraft(emptyMessages());
  for (const e of entries) draft.put(e);
  return draft.finish();
}

/** The feed's message ids in arrival order. */
export function idsOf(state: ShowState | FeedState): string[] {
  return messageIds('feed' in state ? state.feed.messages : state.messages);
}

/** A feed entry for building a FeedState by hand. */
export function feedEntry(id: string, reactions: Record<string, string[]> = {}): FeedEntry {
  return {
    ...chat(id, `text of ${id}`),
    segmentId: null,
    reactions,
    looksLikeQuestion: false,
    questionId: null,
    receivedAt: T0,
  };
}

/**
 * A decide context whose ids are predictable: the first of q-1, q-2, … that `state` has no
 * question under.
 */
export function ctx(state: ShowState, now = NOW, role: Role = 'moderator'): DecideContext {
  let n = 0;
  return {
    now,
    role,
    newId: () => {
      do n += 1;
      while (Object.hasOwn(state.feed.questions, `q-${n}`));
      return `q-${n}`;
    },
  };
}

export { deepFreeze, MIN, seededRandom, T0 };

/** decide() on a frozen copy, so it is proven not to mutate the state. */
export function decideOn(state: ShowState, command: ShowCommand, now = NOW): Decision {
  return decide(deepFreeze(structuredClone(state)), command, ctx(state, now));
}

/** The events of an accepted command; they must apply to the state without an error. */
export function accepted(state: ShowState, command: ShowCommand, now = NOW): ShowEvent[] {
  const decision = decideOn(state, command, now);
  if (!decision.ok) {
    throw new Error(`expected ${command.type} to be accepted, got ${decision.code}: ${decision.error}`);
  }
  expect(() => applyEvents(deepFreeze(structuredClone(state)), decision.events)).not.toThrow();
  return decision.events;
}

/** Runs a command, applies its events and checks the feed still holds together. */
export function run(state: ShowState, command: ShowCommand, now = NOW): ShowState {
  const next = applyEvents(state, accepted(state, command, now));
  expectConsistent(next.feed);
  return next;
}

export function refused(state: ShowState, command: ShowCommand, now = NOW): string {
  const decision = decideOn(state, command, now);
  if (decision.ok) {
    throw new Error(`expected ${command.type} to be refused, got ${JSON.stringify(decision.events)}`);
  }
  expect(decision.code).toBe('conflict');
  return decision.error;
}

/**
 * What must always hold: the queue and the on-air slot agree with the statuses, links between
 * messages and questions go both ways, and `order` lists exactly the messages.
 */
export function feedProblems(feed: FeedState): string[] {
  const problems: string[] = [];
  const questions = Object.values(feed.questions);
  if (new Set(feed.queue).size !== feed.queue.length) problems.push('queue has duplicates');
  for (const id of feed.queue) {
    if (feed.questions[id]?.status !== 'queued') problems.push(`queued "${id}" is not a queued question`);
  }
  for (const q of questions) {
    if (q.status === 'queued' && !feed.queue.includes(q.id)) problems.push(`"${q.id}" queued off the queue`);
    if (q.status === 'onAir' && feed.onAir !== q.id) problems.push(`"${q.id}" onAir but not on air`);
    if (!q.staff && q.origins.length === 0) problems.push(`audience question "${q.id}" has no origin`);
    for (const origin of q.origins) {
      const linked = getMessage(feed.messages, origin.messageId)?.questionId;
      if (linked !== q.id) problems.push(`origin ${origin.messageId} of "${q.id}" links to ${linked}`);
    }
  }
  if (feed.onAir !== null && feed.questions[feed.onAir]?.status !== 'onAir') {
    problems.push(`on air "${feed.onAir}" is not an onAir question`);
  }
  problems.push(...messagesProblems(feed.messages));
  for (const message of messageEntries(feed.messages)) {
    if (message.questionId === null) continue;
    const q = feed.questions[message.questionId];
    if (!q?.origins.some((o) => o.messageId === message.id)) {
      problems.push(`message ${message.id} links to "${message.questionId}" which does not list it`);
    }
  }
  return problems;
}

/** The storage's own invariants: each message once in the order, in its own bucket, counted. */
export function messagesProblems(messages: FeedMessages): string[] {
  const problems: string[] = [];
  const ordered = messageIds(messages);
  if (new Set(ordered).size !== ordered.length) problems.push('the order lists a message twice');
  if (messages.pages.some((page) => page.length === 0 || page.length > PAGE_SIZE)) {
    problems.push('a page is empty or too long');
  }
  let stored = 0;
  messages.buckets.forEach((bucket, index) => {
    for (const e of bucket ?? []) {
      stored++;
      if (bucketOf(e.id) !== index) problems.push(`"${e.id}" is in bucket ${index}, not ${bucketOf(e.id)}`);
    }
  });
  if (stored !== ordered.length) problems.push(`${stored} entries stored, ${ordered.length} in the order`);
  if (messages.size !== ordered.length)
    problems.push(`size ${messages.size}, ${ordered.length} in the order`);
  for (const id of ordered) if (!getMessage(messages, id)) problems.push(`the order has gone "${id}"`);
  return problems;
}

export function expectConsistent(feed: FeedState): void {
  expect(feedProblems(feed)).toEqual([]);
}
