import { describe, expect, it } from 'vitest';
import type { ChatSourceStatus } from '../../shared/chat.js';
import type { FeedEntry } from '../../shared/feedMessages.js';
import type { FeedState, Question } from '../../shared/questions.js';
import { messagesOf } from '../shared/feedFixtures.js';
import { emptyFeed } from '../../shared/questions.js';
import { readPush } from '../../shared/protocol.js';
import {
  askedBy,
  filterFeed,
  isLong,
  mcQueue,
  NO_FILTERS,
  onAirQuestion,
  quotaLine,
  sourceLabel,
} from '../../renderer/questions/feedView.js';

function entry(id: string, over: Partial<FeedEntry> = {}): FeedEntry {
  return {
    id,
    source: 'slack',
    channel: 'C0ASK',
    channelName: 'ask-the-speaker',
    author: { id: 'U1', name: 'Ada', badges: [] },
    text: `text of ${id}`,
    sentAt: 0,
    permalink: null,
    threadId: null,
    backfill: false,
    superChat: null,
    edited: false,
    segmentId: null,
    reactions: {},
    looksLikeQuestion: false,
    questionId: null,
    receivedAt: 0,
    ...over,
  };
}

function question(id: string, over: Partial<Question> = {}): Question {
  return {
    id,
    text: `question ${id}`,
    origins: [{ messageId: `m-${id}`, source: 'slack', authorName: 'Ada', permalink: null }],
    segmentId: null,
    status: 'queued',
    staff: false,
    moderatorVotes: 0,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}

function feedOf(entries: FeedEntry[], questions: Question[] = [], queue: string[] = []): FeedState {
  return {
    ...emptyFeed(),
    messages: messagesOf(entries),
    questions: Object.fromEntries(questions.map((q) => [q.id, q])),
    queue,
  };
}

describe('the moderator feed filters', () => {
  const feed = feedOf([
    entry('a', { text: 'Hello everyone' }),
    entry('b', {
      source: 'youtube',
      channelName: 'Live',
      text: 'How does it scale?',
      looksLikeQuestion: true,
    }),
    entry('c', { segmentId: 's1', author: { id: 'U2', name: 'Grace', badges: [] } }),
    entry('d', { questionId: 'q1', text: 'marked by hand' }),
  ]);

  it('returns every message in arrival order when nothing filters', () => {
    expect(filterFeed(feed.messages, NO_FILTERS)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('filters by question, source, talk and search (text or author, any case)', () => {
    expect(filterFeed(feed.messages, { ...NO_FILTERS, questionsOnly: true })).toEqual(['b', 'd']);
    expect(filterFeed(feed.messages, { ...NO_FILTERS, source: 'youtube' })).toEqual(['b']);
    expect(filterFeed(feed.messages, { ...NO_FILTERS, segment: 's1' })).toEqual(['c']);
    expect(filterFeed(feed.messages, { ...NO_FILTERS, segment: 'none' })).toEqual(['a', 'b', 'd']);
    expect(filterFeed(feed.messages, { ...NO_FILTERS, search: 'HELLO' })).toEqual(['a']);
    expect(filterFeed(feed.messages, { ...NO_FILTERS, search: 'grace' })).toEqual(['c']);
  });

  it('labels sources and clips long messages', () => {
    expect(sourceLabel(entry('x'))).toBe('Slack #ask-the-speaker');
    expect(sourceLabel(entry('y', { source: 'youtube' }))).toBe('YouTube');
    expect(isLong('short')).toBe(false);
    expect(isLong('x'.repeat(281))).toBe(true);
    expect(isLong('1\n2\n3\n4\n5')).toBe(true);
  });
});

describe("the MC's questions", () => {
  it("shows this talk's queue and the filler bank, in queue order, not other talks'", () => {
    const feed = feedOf(
      [],
      [
        question('q1', { segmentId: 's1' }),
        question('q2', { segmentId: 's2' }),
        question('q3', { segmentId: null, staff: true, origins: [] }),
      ],
      ['q3', 'q2', 'q1'],
    );
    expect(mcQueue(feed, 's1').map((q) => q.id)).toEqual(['q3', 'q1']);
    expect(mcQueue(feed, null).map((q) => q.id)).toEqual(['q3']);
    expect(askedBy(feed.questions.q3!)).toBe('Staff question');
    expect(askedBy(feed.questions.q1!)).toBe('Ada · Slack');
    expect(onAirQuestion(feed)).toBeNull();
    expect(onAirQuestion({ ...feed, onAir: 'q2' })?.id).toBe('q2');
    expect(onAirQuestion({ ...feed, onAir: 'gone' })).toBeNull();
  });
});

describe('the chat status push', () => {
  const status: ChatSourceStatus = {
    source: 'youtube',
    state: 'connected',
    reason: null,
    since: 0,
    retryAt: null,
    quota: {
      usedUnits: 1_250,
      dailyUnits: 10_000,
      intervalMs: 5_000,
      exhaustsAt: Date.UTC(2026, 0, 1, 21, 40),
      resetsAt: 0,
    },
    received: 3,
  };

  it('is checked: a malformed one is dropped', () => {
    const live = { sources: [status], settings: { slack: null, youtube: null } };
    expect(readPush('chat', live)).toEqual({ ok: true, value: live });
    expect(
      readPush('chat', { sources: [{ ...status, state: 'exploded' }], settings: live.settings }).ok,
    ).toBe(false);
    expect(readPush('chat', null).ok).toBe(false);
  });

  it('says how much quota is left, the interval, and when it runs out', () => {
    expect(quotaLine(status, 'UTC')).toBe('8,750 of 10,000 units left · every 5.0 s · runs out 21:40');
    expect(quotaLine({ ...status, quota: { ...status.quota!, exhaustsAt: null } }, 'UTC')).toMatch(
      /lasts the day/,
    );
    expect(quotaLine({ ...status, quota: null })).toBeNull();
  });
});
