import type { WebAPICallResult } from '@slack/web-api';
import type { ChatIngest } from '../../../shared/chat.js';
import type { FeedMessageView } from '../feedView.js';
import { BoundedSet, SlackMessages } from './slackMessages.js';
import { feedThreads, reconcile } from './slackReconcile.js';
import type { ChannelRead, HistoryRead, Reconciled, Span } from './slackReconcile.js';
import { compareTs, maxTs, tsMinusSeconds } from './slackText.js';
import {
  CHANNEL_ERRORS,
  MessagePage,
  RawMessage,
  Stale,
  channelProblem,
  describeError,
  platformCode,
} from './slackWire.js';

/**
 * History backfill and catch-up: after every gap (start, reconnect) the channels are read from
 * the last seen ts with conversations.history and, for threads that moved, conversations.replies.
 * Backfilled messages are marked `backfill`; a failed pass is retried with the backoff, and the
 * saved position only moves past the gap once a pass has completed.
 */

/** Per channel per gap: a gap longer than this loses its oldest messages, not the newest. */
const MAX_BACKFILL_MESSAGES = 1_000;
const PAGE_SIZE = 200;
/** Threads re-read per channel per catch-up only because the feed has replies in them. */
const MAX_RECONCILE_THREADS = 50;

export abstract class SlackBackfill extends SlackMessages {
  protected backfillAgain = false;

  // -------------------------------------------------------------------------------------------
  // Backfill

  protected requestBackfill(signal: AbortSignal): void {
    this.position.gapOpen = true;
    if (this.backfillRunning) {
      this.backfillAgain = true;
      return;
    }
    this.backfillRunning = true;
    this.liveTouched = new BoundedSet(5_000);
    this.publish();
    void this.runBackfill(signal);
  }

  protected async runBackfill(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    try {
      do {
        this.backfillAgain = false;
        try {
          await this.backfillAll(signal);
        } catch (error) {
          if (error instanceof Stale || !this.isCurrent(signal)) return;
          attempt += 1;
          const delay = this.backoff(attempt + 1);
          this.logger.warn(`backfill failed (${describeError(error)}); retrying in ${Math.round(delay)} ms`);
          await this.waitFor(
            signal,
            delay,
            `could not read Slack history (${describeError(error)}): trying again`,
          );
          this.backfillAgain = true;
        }
      } while (this.backfillAgain && this.isCurrent(signal));
      if (!this.isCurrent(signal)) return;
      this.position.closeGap();
      this.backfillRunning = false;
      this.releaseHeld(signal);
    } catch (error) {
      if (!(error instanceof Stale)) this.logger.error(`backfill stopped: ${describeError(error)}`);
    } finally {
      if (this.isCurrent(signal)) {
        this.backfillRunning = false;
        this.publish();
      }
    }
  }

  protected async backfillAll(signal: AbortSignal): Promise<void> {
    for (const channel of this.settings.channels) {
      try {
        await this.backfillChannel(signal, channel);
        if (this.channelNames.has(channel)) this.channelProblems.delete(channel);
      } catch (error) {
        const code = platformCode(error);
        if (!code || !CHANNEL_ERRORS.has(code)) throw error;
        this.channelProblems.set(channel, channelProblem(this.channelLabel(channel), error));
        this.logger.warn(`${this.channelProblems.get(channel)}`);
      }
      this.publish();
    }
  }

  protected async backfillChannel(signal: AbortSignal, channel: string): Promise<void> {
    const lastTs = this.position.channel(channel).lastTs;
    if (lastTs === null) {
      await this.initialBackfill(signal, channel);
      return;
    }
    // Top-level messages after the last one seen (`oldest` is exclusive unless inclusive=true).
    const fresh = await this.history(signal, channel, { oldest: lastTs });
    // Parents from before the gap, to see which threads got replies during it.
    const lookback = this.settings.threadLookbackMinutes * 60;
    const lookbackFrom = lookback > 0 ? tsMinusSeconds(lastTs, lookback) : null;
    const older = lookbackFrom
      ? await this.history(signal, channel, { oldest: lookbackFrom, latest: lastTs, inclusive: true })
      : null;
    const top = older ? [fresh, older] : [fresh];
    const threads = new Set<string>();
    for (const message of [...fresh.messages, ...(older?.messages ?? [])]) {
      if (
        (message.reply_count ?? 0) > 0 &&
        message.latest_reply &&
        compareTs(message.latest_reply, lastTs) > 0
      ) {
        threads.add(message.ts);
      }
    }
    // Tracked threads whose parent is older than the lookback: ask each.
    for (const parent of Object.keys(this.position.channel(channel).threads)) {
      if (!lookbackFrom || compareTs(parent, lookbackFrom) < 0) threads.add(parent);
    }
    // Replies are read from the lookback on (deleted ones go too), and new ones from lastTs shown.
    const repliesFrom = lookbackFrom ?? lastTs;
    // Threads the feed has replies in within that window: re-read, so deleted replies go too.
    for (const parent of feedThreads(channel, this.feedOf(channel), top, repliesFrom, MAX_RECONCILE_THREADS))
      threads.add(parent);
    const read: ChannelRead = { top, threads: new Map() };
    const replies: RawMessage[] = [];
    for (const parent of threads) {
      const thread = await this.replies(signal, channel, parent, repliesFrom);
      replies.push(...thread.messages);
      read.threads.set(parent, thread);
    }

    const all = [...fresh.messages, ...replies.filter((reply) => compareTs(reply.ts, lastTs) > 0)];
    const emitted = await this.emitNewMessages(
      signal,
      channel,
      all.filter((message) => this.isUserMessage(message)),
      true,
    );
    if (!this.isCurrent(signal)) return;
    await this.reconcileChannel(signal, channel, read, emitted);
    if (!this.isCurrent(signal)) return;
    const entry = this.position.channel(channel);
    for (const message of all) entry.lastTs = maxTs(entry.lastTs, message.ts);
  }

  /** First start: the most recent messages (and their threads), and the position to go on from. */
  protected async initialBackfill(signal: AbortSignal, channel: string): Promise<void> {
    const count = this.settings.initialBackfill;
    const recent = await this.history(signal, channel, { limit: Math.max(1, count) }, Math.max(1, count));
    const shown = count > 0 ? recent.messages.filter((message) => this.isUserMessage(message)) : [];
    const parents = new Set(shown.filter((parent) => (parent.reply_count ?? 0) > 0).map((p) => p.ts));
    // Threads the feed already has replies in (a promoted backup's): re-read, deleted replies go.
    for (const parent of feedThreads(channel, this.feedOf(channel), [recent], null, MAX_RECONCILE_THREADS))
      parents.add(parent);
    const read: ChannelRead = { top: [recent], threads: new Map() };
    const replies: RawMessage[] = [];
    for (const parent of parents) {
      const thread = await this.replies(signal, channel, parent, null, Math.max(1, count));
      replies.push(...thread.messages);
      read.threads.set(parent, thread);
    }
    const emitted = await this.emitNewMessages(
      signal,
      channel,
      [...shown, ...replies.filter((message) => this.isUserMessage(message))],
      true,
    );
    if (!this.isCurrent(signal)) return;
    await this.reconcileChannel(signal, channel, read, emitted);
    if (!this.isCurrent(signal)) return;
    const entry = this.position.channel(channel);
    for (const message of [...recent.messages, ...replies]) entry.lastTs = maxTs(entry.lastTs, message.ts);
  }

  private feedOf(channel: string): Iterable<FeedMessageView> {
    return this.feed?.messages('slack', channel) ?? [];
  }

  /**
   * What the feed has from the stretches just read that Slack no longer has is removed (the
   * same `delete` a live message_deleted makes), and what Slack has with other text is edited.
   * Messages posted or edited live since the catch-up began are left alone: the history read may
   * be older than they are.
   */
  protected async reconcileChannel(
    signal: AbortSignal,
    channel: string,
    read: ChannelRead,
    emitted: Set<string>,
  ): Promise<void> {
    const changes = reconcile(channel, read, this.feedOf(channel), {
      skip: (id) => this.liveTouched.has(id),
      emitted: (id) => emitted.has(id),
      isUserMessage: (message) => this.isUserMessage(message),
      text: (message) => this.messageText(message),
    });
    if (changes.length === 0) return;
    const authors = await Promise.all(
      changes.map((change) =>
        change.kind === 'edit' ? this.author(signal, change.message.user ?? '') : Promise.resolve(null),
      ),
    );
    if (!this.isCurrent(signal)) return;
    const batch: ChatIngest[] = [];
    changes.forEach((change, index) => {
      if (change.kind === 'delete') {
        this.deletedMessages.add(change.id);
        batch.push({ kind: 'delete', id: change.id });
        return;
      }
      if (change.kind === 'reaction') {
        batch.push(change);
        return;
      }
      const author = authors[index];
      if (!author) return;
      batch.push({
        kind: 'upsert',
        message: this.toChatMessage(channel, change.message, author, { backfill: true, edited: true }),
      });
    });
    const count = (kind: Reconciled['kind']): number => changes.filter((c) => c.kind === kind).length;
    this.logger.info(
      `${this.channelLabel(channel)}: what changed in Slack during the gap: ${count('delete')} removed, ${count('edit')} edited, ${count('reaction')} reactions`,
    );
    this.emitIngest(signal, batch);
  }

  /** conversations.history, following `next_cursor`; a single page when `limit` is given. */
  protected async history(
    signal: AbortSignal,
    channel: string,
    range: { oldest?: string; latest?: string; inclusive?: boolean; limit?: number },
    max: number = MAX_BACKFILL_MESSAGES,
  ): Promise<HistoryRead> {
    const out: RawMessage[] = [];
    const present = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.call(signal, 'conversations.history', {
        channel,
        oldest: range.oldest,
        latest: range.latest,
        inclusive: range.inclusive,
        limit: range.limit ?? PAGE_SIZE,
        cursor,
      });
      cursor = this.collect(page, out, present);
    } while (cursor && range.limit === undefined && out.length < max);
    if (cursor && range.limit === undefined) {
      this.logger.warn(
        `${this.channelLabel(channel)}: more than ${max} messages to read; the oldest are skipped`,
      );
    }
    const inclusive = range.inclusive === true;
    const to = range.latest ?? null;
    if (!cursor) {
      return {
        span: { from: range.oldest ?? null, fromInclusive: inclusive, to, toInclusive: inclusive },
        present,
        messages: out,
      };
    }
    // Cut short (newest first, so the oldest are missing): the span starts at the oldest read.
    let oldestRead: string | null = null;
    for (const ts of present) if (oldestRead === null || compareTs(ts, oldestRead) < 0) oldestRead = ts;
    return {
      span:
        oldestRead === null ? null : { from: oldestRead, fromInclusive: true, to, toInclusive: inclusive },
      present,
      messages: out,
    };
  }

  /**
   * A thread's replies after `oldest` (exclusive), without the parent Slack puts first; the span
   * is null when the read was cut short (replies come oldest first: the newest are missing).
   */
  protected async replies(
    signal: AbortSignal,
    channel: string,
    parentTs: string,
    oldest: string | null,
    max: number = MAX_BACKFILL_MESSAGES,
  ): Promise<HistoryRead> {
    const out: RawMessage[] = [];
    const present = new Set<string>();
    let cursor: string | undefined;
    const span: Span = { from: oldest, fromInclusive: false, to: null, toInclusive: false };
    try {
      do {
        const page = await this.call(signal, 'conversations.replies', {
          channel,
          ts: parentTs,
          oldest: oldest ?? undefined,
          inclusive: oldest ? false : undefined,
          limit: PAGE_SIZE,
          cursor,
        });
        cursor = this.collect(page, out, present);
      } while (cursor && out.length < max);
    } catch (error) {
      if (platformCode(error) !== 'thread_not_found') throw error;
      delete this.position.channel(channel).threads[parentTs];
      // No such thread any more (its parent and every reply deleted): it has no replies.
      return { span, present, messages: [] };
    }
    const after = (ts: string): boolean => ts !== parentTs && (oldest === null || compareTs(ts, oldest) > 0);
    return {
      span: cursor ? null : span,
      present: new Set([...present].filter(after)),
      messages: out.filter((message) => after(message.ts)),
    };
  }

  /** Adds a page's well-formed messages to `out`; returns the next cursor, if any. */
  protected collect(page: WebAPICallResult, out: RawMessage[], present: Set<string>): string | undefined {
    const parsed = MessagePage.safeParse(page);
    if (!parsed.success) throw new Error('Slack answered a history call without messages');
    for (const raw of parsed.data.messages) {
      const ts = (raw as { ts?: unknown } | null)?.ts;
      if (typeof ts === 'string') present.add(ts);
      const message = RawMessage.safeParse(raw);
      if (message.success) out.push(message.data);
    }
    return parsed.data.response_metadata?.next_cursor || undefined;
  }
}
