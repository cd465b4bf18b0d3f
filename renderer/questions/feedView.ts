import type { ChatSource, ChatSourceStatus } from '../../shared/chat.js';
import { CHAT_HEALTH } from '../../shared/chat.js';
import type { HealthLevel } from '../../shared/adapterHealth.js';
import type { FeedEntry, FeedMessages } from '../../shared/feedMessages.js';
import { getMessage, messageEntries, messageIds } from '../../shared/feedMessages.js';
import type { FeedState, Question } from '../../shared/questions.js';
import { formatClockTime, formatTimeInZone } from '../format/zonedTime.js';

/** Pure helpers for the question screens: filters, the MC's slice of the queue, words for statuses. */

export interface FeedFilters {
  questionsOnly: boolean;
  source: ChatSource | 'all';
  /** A segment id, 'none' for messages sent outside any talk, or 'all'. */
  segment: string;
  search: string;
}

export const NO_FILTERS: FeedFilters = { questionsOnly: false, source: 'all', segment: 'all', search: '' };

export function isFiltering(filters: FeedFilters): boolean {
  return (
    filters.questionsOnly ||
    filters.source !== 'all' ||
    filters.segment !== 'all' ||
    filters.search.trim() !== ''
  );
}

function matches(entry: FeedEntry, filters: FeedFilters, needle: string): boolean {
  if (filters.questionsOnly && !entry.looksLikeQuestion && entry.questionId === null) return false;
  if (filters.source !== 'all' && entry.source !== filters.source) return false;
  if (
    filters.segment === 'none'
      ? entry.segmentId !== null
      : filters.segment !== 'all' && entry.segmentId !== filters.segment
  )
    return false;
  if (needle !== '') {
    return entry.text.toLowerCase().includes(needle) || entry.author.name.toLowerCase().includes(needle);
  }
  return true;
}

/** The ids to show, in arrival order. */
export function filterFeed(messages: FeedMessages, filters: FeedFilters): string[] {
  if (!isFiltering(filters)) return messageIds(messages);
  const needle = filters.search.trim().toLowerCase();
  const ids: string[] = [];
  for (const entry of messageEntries(messages)) {
    if (matches(entry, filters, needle)) ids.push(entry.id);
  }
  return ids;
}

/** The message with this id, if the feed still has it. */
export function feedEntry(feed: FeedState | undefined, id: string | null): FeedEntry | undefined {
  return feed && id !== null ? getMessage(feed.messages, id) : undefined;
}

export function questionOf(feed: FeedState, entry: FeedEntry | undefined): Question | undefined {
  if (!entry?.questionId) return undefined;
  return Object.hasOwn(feed.questions, entry.questionId) ? feed.questions[entry.questionId] : undefined;
}

export function queuedQuestions(feed: FeedState): Question[] {
  const list: Question[] = [];
  for (const id of feed.queue) {
    const q = Object.hasOwn(feed.questions, id) ? feed.questions[id] : undefined;
    if (q) list.push(q);
  }
  return list;
}

/**
 * What the MC sees: queued questions for the talk on now, plus those for no talk (the staff's
 * filler bank, and audience questions asked between talks), in queue order.
 */
export function mcQueue(feed: FeedState, currentSegmentId: string | null): Question[] {
  return queuedQuestions(feed).filter((q) => q.segmentId === null || q.segmentId === currentSegmentId);
}

export function onAirQuestion(feed: FeedState | undefined): Question | null {
  if (!feed?.onAir) return null;
  return Object.hasOwn(feed.questions, feed.onAir) ? (feed.questions[feed.onAir] ?? null) : null;
}

export const SOURCE_LABELS: Record<ChatSource, string> = { slack: 'Slack', youtube: 'YouTube' };

/** "Slack #ask-the-speaker", "YouTube". */
export function sourceLabel(entry: Pick<FeedEntry, 'source' | 'channelName'>): string {
  if (entry.source === 'slack') {
    const name = entry.channelName.replace(/^#/, '');
    return name ? `Slack #${name}` : 'Slack';
  }
  return 'YouTube';
}

/** Who asked: "Ada (Slack) + Grace (YouTube)", or "Staff". */
export function askedBy(question: Question): string {
  if (question.staff && question.origins.length === 0) return 'Staff question';
  return question.origins
    .map((o) => `${o.authorName || 'someone'} · ${SOURCE_LABELS[o.source]}`)
    .join('  +  ');
}

/** "14:05:09" in the show's zone (the zone of the show clock and the rundown). */
export function formatTime(at: number, timeZone?: string): string {
  return formatClockTime(at, timeZone);
}

/** "14:05" in the show's zone. */
export function formatClock(at: number, timeZone?: string): string {
  return timeZone
    ? formatTimeInZone(at, timeZone)
    : formatTimeInZone(at, Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** A message this long, or with this many lines, is clipped with "more". */
const CLIP_CHARS = 280;
const CLIP_LINES = 4;

export function isLong(text: string): boolean {
  return text.length > CLIP_CHARS || text.split('\n').length > CLIP_LINES;
}

const STATE_WORDS: Record<ChatSourceStatus['state'], string> = {
  off: 'Off',
  connecting: 'Connecting',
  backfilling: 'Backfilling',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  waiting: 'Waiting',
  stopped: 'Stopped',
};

export type SourceTone = 'ok' | 'busy' | 'warn' | 'error' | 'off';

const LEVEL_TONE: Record<HealthLevel, SourceTone> = {
  ok: 'ok',
  starting: 'busy',
  retrying: 'warn',
  stopped: 'error',
  off: 'off',
};

export function sourceTone(status: ChatSourceStatus): SourceTone {
  return LEVEL_TONE[CHAT_HEALTH[status.state]];
}

export function stateWord(status: ChatSourceStatus): string {
  return STATE_WORDS[status.state];
}

/** "1,234 / 10,000 units · every 5.0 s · runs out 21:40" (or "lasts the day"). */
export function quotaLine(status: ChatSourceStatus, timeZone?: string): string | null {
  const quota = status.quota;
  if (!quota) return null;
  const left = Math.max(0, quota.dailyUnits - quota.usedUnits);
  const every = `every ${(quota.intervalMs / 1000).toFixed(1)} s`;
  const end =
    quota.exhaustsAt === null ? 'lasts the day' : `runs out ${formatClock(quota.exhaustsAt, timeZone)}`;
  return `${left.toLocaleString('en-US')} of ${quota.dailyUnits.toLocaleString('en-US')} units left · ${every} · ${end}`;
}
