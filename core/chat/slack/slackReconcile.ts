import type { FeedMessageView } from '../feedView.js';
import { baseReaction, compareTs } from './slackText.js';
import type { RawMessage } from './slackWire.js';

/**
 * A catch-up's reconciliation with the feed, as pure functions: what the feed holds from a
 * channel, inside the stretches of history the catch-up read completely, that history no longer
 * has (deleted in Slack while no core listened) or has with other text (edited).
 *
 * Only complete reads count: a stretch whose pagination stopped early (the cap) covers only the
 * part read, a thread whose replies were not re-read (or were cut short) covers nothing, and a
 * read that failed part-way never gets here (the pass throws before it reconciles).
 */

/** Messages with ts after `from` (none: since the start) and up to `to` (none: up to now). */
export interface Span {
  from: string | null;
  fromInclusive: boolean;
  to: string | null;
  toInclusive: boolean;
}

/** One read of history: the span it covers completely, every ts in it, and the well-formed messages. */
export interface HistoryRead {
  span: Span | null;
  /** Every ts Slack returned, well-formed or not (a message we cannot parse is still there). */
  present: Set<string>;
  messages: RawMessage[];
}

export interface ChannelRead {
  /** Top-level messages (conversations.history). */
  top: HistoryRead[];
  /** Replies by parent ts, for the threads re-read completely (conversations.replies). */
  threads: Map<string, HistoryRead>;
}

export type Reconciled =
  | { kind: 'delete'; id: string }
  | { kind: 'edit'; message: RawMessage }
  | { kind: 'reaction'; id: string; reaction: string; userId: string; added: boolean };

export function inSpan(span: Span | null, ts: string): boolean {
  if (!span) return false;
  if (span.from !== null) {
    const c = compareTs(ts, span.from);
    if (c < 0 || (c === 0 && !span.fromInclusive)) return false;
  }
  if (span.to !== null) {
    const c = compareTs(ts, span.to);
    if (c > 0 || (c === 0 && !span.toInclusive)) return false;
  }
  return true;
}

/** The ts of a Slack feed id in this channel (`slack:C…:ts`), or null. */
export function tsOf(channel: string, id: string): string | null {
  const prefix = `slack:${channel}:`;
  return id.startsWith(prefix) ? id.slice(prefix.length) : null;
}

export interface ReconcileRules {
  /** Touched live since the catch-up began (posted, edited, reacted to): history may predate it. */
  skip(id: string): boolean;
  /** Sent by this pass already, with history's text and reactions: only removals are left. */
  emitted(id: string): boolean;
  /** Still a person's message (a tombstone or a now-hidden message is not). */
  isUserMessage(message: RawMessage): boolean;
  /** The feed text history's message would have. */
  text(message: RawMessage): string;
}

export function reconcile(
  channel: string,
  read: ChannelRead,
  feed: Iterable<FeedMessageView>,
  rules: ReconcileRules,
): Reconciled[] {
  const out: Reconciled[] = [];
  for (const entry of feed) {
    const ts = tsOf(channel, entry.id);
    if (ts === null || rules.skip(entry.id)) continue;
    const parent = entry.threadId === null ? null : tsOf(channel, entry.threadId);
    const reads = parent === null ? read.top : [read.threads.get(parent)];
    const covering = reads.find((r) => r !== undefined && inSpan(r.span, ts));
    if (!covering) continue;
    if (!covering.present.has(ts)) {
      out.push({ kind: 'delete', id: entry.id });
      continue;
    }
    const message = covering.messages.find((m) => m.ts === ts);
    if (!message) continue; // there, but not a shape we understand: leave it
    if (!rules.isUserMessage(message)) {
      out.push({ kind: 'delete', id: entry.id });
      continue;
    }
    const fresh = rules.emitted(entry.id);
    if (!fresh && message.edited && rules.text(message) !== entry.text) out.push({ kind: 'edit', message });
    if (entry.reactions) {
      const changes = reactionChanges(entry.id, entry.reactions, message);
      out.push(...(fresh ? changes.filter((c) => c.kind === 'reaction' && !c.added) : changes));
    }
  }
  return out;
}

/**
 * Reactions added or removed while no core listened: history's against the feed's, by base name
 * (skin tones folded, as live). A reaction whose user list Slack cut short (fewer users than its
 * count) removes no one.
 */
function reactionChanges(
  id: string,
  feed: Readonly<Record<string, readonly string[]>>,
  message: RawMessage,
): Reconciled[] {
  const listed = new Map<string, Set<string>>();
  const partial = new Set<string>();
  for (const reaction of message.reactions ?? []) {
    const name = baseReaction(reaction.name);
    const users = listed.get(name) ?? new Set<string>();
    for (const user of reaction.users) users.add(user);
    listed.set(name, users);
    if (reaction.count !== undefined && reaction.users.length < reaction.count) partial.add(name);
  }
  const out: Reconciled[] = [];
  for (const [reaction, users] of listed) {
    const had = Object.hasOwn(feed, reaction) ? (feed[reaction] ?? []) : [];
    for (const userId of users)
      if (!had.includes(userId)) out.push({ kind: 'reaction', id, reaction, userId, added: true });
  }
  for (const [reaction, users] of Object.entries(feed)) {
    if (partial.has(reaction)) continue;
    const now = listed.get(reaction);
    for (const userId of users)
      if (!now?.has(userId)) out.push({ kind: 'reaction', id, reaction, userId, added: false });
  }
  return out;
}

/**
 * Threads worth re-reading for the reconciliation: parents of the feed's replies newer than
 * `after` (the replies' window), or (with no `after`) whose parent lies inside the top-level
 * reads; newest first, at most `max`.
 */
export function feedThreads(
  channel: string,
  feed: Iterable<FeedMessageView>,
  top: readonly HistoryRead[],
  after: string | null,
  max: number,
): string[] {
  const newest = new Map<string, string>();
  for (const entry of feed) {
    if (entry.threadId === null) continue;
    const ts = tsOf(channel, entry.id);
    const parent = tsOf(channel, entry.threadId);
    if (ts === null || parent === null) continue;
    const wanted = after !== null ? compareTs(ts, after) > 0 : top.some((r) => inSpan(r.span, parent));
    if (!wanted) continue;
    const known = newest.get(parent);
    if (!known || compareTs(ts, known) > 0) newest.set(parent, ts);
  }
  return [...newest.entries()]
    .sort((a, b) => compareTs(b[1], a[1]))
    .slice(0, max)
    .map(([parent]) => parent);
}
