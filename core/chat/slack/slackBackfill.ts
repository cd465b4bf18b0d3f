import type { WebAPICallResult } from '@slack/web-api';
import { SlackMessages } from './slackMessages.js';
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
      : [];
    const threads = new Set<string>();
    for (const message of [...fresh, ...older]) {
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
    const replies: RawMessage[] = [];
    for (const parent of threads) replies.push(...(await this.replies(signal, channel, parent, lastTs)));

    const all = [...fresh, ...replies];
    await this.emitNewMessages(
      signal,
      channel,
      all.filter((message) => this.isUserMessage(message)),
      true,
    );
    if (!this.isCurrent(signal)) return;
    const entry = this.position.channel(channel);
    for (const message of all) entry.lastTs = maxTs(entry.lastTs, message.ts);
  }

  /** First start: the most recent messages (and their threads), and the position to go on from. */
  protected async initialBackfill(signal: AbortSignal, channel: string): Promise<void> {
    const count = this.settings.initialBackfill;
    const recent = await this.history(signal, channel, { limit: Math.max(1, count) }, Math.max(1, count));
    const shown = count > 0 ? recent.filter((message) => this.isUserMessage(message)) : [];
    const replies: RawMessage[] = [];
    for (const parent of shown) {
      if ((parent.reply_count ?? 0) > 0)
        replies.push(...(await this.replies(signal, channel, parent.ts, null, count)));
    }
    await this.emitNewMessages(
      signal,
      channel,
      [...shown, ...replies.filter((message) => this.isUserMessage(message))],
      true,
    );
    if (!this.isCurrent(signal)) return;
    const entry = this.position.channel(channel);
    for (const message of [...recent, ...replies]) entry.lastTs = maxTs(entry.lastTs, message.ts);
  }

  /** conversations.history, following `next_cursor`; a single page when `limit` is given. */
  protected async history(
    signal: AbortSignal,
    channel: string,
    range: { oldest?: string; latest?: string; inclusive?: boolean; limit?: number },
    max: number = MAX_BACKFILL_MESSAGES,
  ): Promise<RawMessage[]> {
    const out: RawMessage[] = [];
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
      cursor = this.collect(page, out);
    } while (cursor && range.limit === undefined && out.length < max);
    if (cursor && range.limit === undefined) {
      this.logger.warn(
        `${this.channelLabel(channel)}: more than ${max} messages to read; the oldest are skipped`,
      );
    }
    return out;
  }

  /** A thread's replies after `oldest` (exclusive), without the parent Slack puts first. */
  protected async replies(
    signal: AbortSignal,
    channel: string,
    parentTs: string,
    oldest: string | null,
    max: number = MAX_BACKFILL_MESSAGES,
  ): Promise<RawMessage[]> {
    const out: RawMessage[] = [];
    let cursor: string | undefined;
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
        cursor = this.collect(page, out);
      } while (cursor && out.length < max);
    } catch (error) {
      if (platformCode(error) !== 'thread_not_found') throw error;
      delete this.position.channel(channel).threads[parentTs];
      return [];
    }
    return out.filter(
      (message) => message.ts !== parentTs && (oldest === null || compareTs(message.ts, oldest) > 0),
    );
  }

  /** Adds a page's well-formed messages to `out`; returns the next cursor, if any. */
  protected collect(page: WebAPICallResult, out: RawMessage[]): string | undefined {
    const parsed = MessagePage.safeParse(page);
    if (!parsed.success) throw new Error('Slack answered a history call without messages');
    for (const raw of parsed.data.messages) {
      const message = RawMessage.safeParse(raw);
      if (message.success) out.push(message.data);
    }
    return parsed.data.response_metadata?.next_cursor || undefined;
  }
}
