import { z } from 'zod';
import { SLACK_CHANNEL_ID } from '../../../shared/chatSettings.js';
import type { Logger } from '../../adapters/logger.js';
import { compareTs, maxTs } from './slackText.js';
import type { RawMessage } from './slackWire.js';
import { Ts, describeError } from './slackWire.js';

/**
 * Where each Slack channel was read up to (the saved position), so a restart backfills from
 * there and no further back: loading it, moving it as messages are seen, and saving it at most
 * every `saveDelayMs` (and on stop).
 */

export const SlackCursor = z.object({
  channels: z.record(
    z.string().regex(SLACK_CHANNEL_ID),
    z.object({
      /** The newest message (top-level or reply) seen in the channel; null before the first. */
      lastTs: Ts.nullable(),
      /** Threads with recent activity: parent ts → newest reply ts seen. Bounded. */
      threads: z.record(Ts, Ts).default({}),
    }),
  ),
});
export type SlackCursor = z.infer<typeof SlackCursor>;

export interface SlackCursorStore {
  load(): Promise<SlackCursor | null>;
  save(cursor: SlackCursor): Promise<void>;
}

export type ChannelCursor = SlackCursor['channels'][string];

const MAX_TRACKED_THREADS = 20;

export class SlackPosition {
  private cursor: SlackCursor = { channels: {} };
  /** Nothing is saved before the saved position was read: a stop() during start() must not erase it. */
  private loaded = false;
  private saveTimer: NodeJS.Timeout | null = null;
  private saveLoop: Promise<void> | null = null;
  private dirty = false;

  /**
   * From a (re)connect until a backfill pass completes. Meanwhile live messages do not advance
   * the saved position (they go to `pendingLiveTs`), so an interrupted backfill is redone from
   * the right place.
   */
  gapOpen = false;
  private readonly pendingLiveTs = new Map<string, string>();

  constructor(
    private readonly store: SlackCursorStore,
    private readonly channels: readonly string[],
    private readonly saveDelayMs: number,
    private readonly logger: Logger,
  ) {}

  /** Reads the saved position; a missing or broken one starts from recent history. */
  async load(): Promise<void> {
    this.cursor = await this.read();
    this.loaded = true;
  }

  channel(channel: string): ChannelCursor {
    let entry = this.cursor.channels[channel];
    if (!entry) {
      entry = { lastTs: null, threads: {} };
      this.cursor.channels[channel] = entry;
    }
    return entry;
  }

  noteSeen(channel: string, message: RawMessage, live: boolean): void {
    const entry = this.channel(channel);
    if (live && this.gapOpen) {
      this.pendingLiveTs.set(channel, maxTs(this.pendingLiveTs.get(channel), message.ts));
    } else {
      entry.lastTs = maxTs(entry.lastTs, message.ts);
    }
    if (message.thread_ts && message.thread_ts !== message.ts) {
      this.trackThread(channel, message.thread_ts, message.ts);
    }
  }

  /** A backfill pass completed: the live messages seen meanwhile may now move the position. */
  closeGap(): void {
    this.gapOpen = false;
    for (const [channel, ts] of this.pendingLiveTs) {
      const entry = this.channel(channel);
      entry.lastTs = maxTs(entry.lastTs, ts);
    }
    this.pendingLiveTs.clear();
    this.scheduleSave();
  }

  private trackThread(channel: string, parentTs: string, replyTs: string): void {
    const threads = this.channel(channel).threads;
    threads[parentTs] = maxTs(threads[parentTs], replyTs);
    const entries = Object.entries(threads);
    if (entries.length <= MAX_TRACKED_THREADS) return;
    entries.sort((a, b) => compareTs(b[1], a[1]));
    for (const [parent] of entries.slice(MAX_TRACKED_THREADS)) delete threads[parent];
  }

  private async read(): Promise<SlackCursor> {
    try {
      const loaded = await this.store.load();
      if (loaded === null) return { channels: {} };
      const parsed = SlackCursor.safeParse(loaded);
      if (parsed.success) return parsed.data;
      this.logger.warn('the saved position is malformed; starting from recent history');
    } catch (error) {
      this.logger.warn(
        `could not load the saved position (${describeError(error)}); starting from recent history`,
      );
    }
    return { channels: {} };
  }

  private snapshot(): SlackCursor {
    const channels: SlackCursor['channels'] = {};
    for (const channel of this.channels) {
      const entry = this.cursor.channels[channel];
      if (entry) channels[channel] = { lastTs: entry.lastTs, threads: { ...entry.threads } };
    }
    return { channels };
  }

  scheduleSave(): void {
    if (!this.loaded) return;
    this.dirty = true;
    if (this.saveTimer || this.saveLoop) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.runSave();
    }, this.saveDelayMs);
  }

  private runSave(): Promise<void> {
    this.saveLoop ??= (async () => {
      try {
        while (this.dirty) {
          this.dirty = false;
          try {
            await this.store.save(this.snapshot());
          } catch (error) {
            this.logger.warn(`could not save the position: ${describeError(error)}`);
          }
        }
      } finally {
        this.saveLoop = null;
      }
    })();
    return this.saveLoop;
  }

  /** Writes the position now (after any save in progress). */
  async flush(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (!this.loaded) return;
    this.dirty = true;
    if (this.saveLoop) await this.saveLoop;
    await this.runSave();
  }
}
