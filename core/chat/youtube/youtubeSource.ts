// Longer than 500 lines on purpose: one polling loop (find the chat, page it at the planned
// interval, wait out errors and quota, save the cursor after each page) whose waits, quota and
// status share state; the wire parsing and the HTTP calls already live in youtubeApi.ts.
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type {
  ChatIngest,
  ChatLiveMessage,
  ChatQuota,
  ChatSourceState,
  ChatSourceStatus,
} from '../../../shared/chat.js';
import { ChatMessage, MAX_CHAT_TEXT } from '../../../shared/chat.js';
import type { QuotaPlan, QuotaPriority } from '../../../shared/youtubeQuota.js';
import {
  ASSUMED_POLLING_INTERVAL_MS,
  LIVE_CHAT_MESSAGES_LIST_COST,
  QUOTA_PRIORITIES,
  VIDEOS_LIST_COST,
  nextQuotaReset,
  planQuota,
  quotaDayKey,
  quotaDayStart,
} from '../../../shared/youtubeQuota.js';
import { YouTubeSettings } from '../../../shared/chatSettings.js';
import type { YouTubeSettingsInput } from '../../../shared/chatSettings.js';
import { parseVideoId, videoUrl } from '../../../shared/youtubeVideo.js';
import { clipText } from '../../../shared/text.js';
import { healthReason } from '../../../shared/adapterHealth.js';
import { describeZodError } from '../../../shared/zodErrors.js';
import type { BackoffPolicy } from '../../adapters/backoff.js';
import { backoffDelay } from '../../adapters/backoff.js';
import type { Logger } from '../../adapters/logger.js';
import { createLogger } from '../../adapters/logger.js';
import type { Sleep, WaitOutcome } from '../../adapters/lifecycle.js';
import { Lifecycle, delay, waitUntil } from '../../adapters/lifecycle.js';
import type { FeedView } from '../feedView.js';
import type { LiveChatItem, YouTubeAuth } from './youtubeApi.js';
import {
  LiveChatItem as LiveChatItemSchema,
  YouTubeApi,
  YouTubeApiError,
  YouTubeNetworkError,
  YouTubeResponseError,
} from './youtubeApi.js';

/**
 * YouTube live chat for the question feed, through the Data API v3 (liveChatMessages.list
 * polling). It finds the stream's chat with videos.list (1 unit; never search.list), pages through
 * it with nextPageToken at an interval the quota planner picks (never sooner than the API's
 * pollingIntervalMillis), turns each page into ChatIngest operations, and saves its place after
 * every page so a restart resumes where it left off. Errors it can outlive (5xx, network, quota)
 * make it wait and come back by itself; errors that need the producer (a refused key, the chat
 * ended) stop it with a reason.
 *
 * Delivery is at-least-once: a page is emitted before its token is saved, so a crash between the
 * two repeats that page (the core dedupes on the message id) and never skips one.
 */

// ---------------------------------------------------------------------------------------------
// Settings

export { YouTubeSettings };
export type { YouTubeSettingsInput };

export class YouTubeSettingsError extends Error {
  override readonly name = 'YouTubeSettingsError';
}

/** Settings validated, or one sentence per problem ("video: … is not a YouTube video …"). */
export function parseYouTubeSettings(
  input: unknown,
): { ok: true; settings: YouTubeSettings } | { ok: false; error: string } {
  const result = YouTubeSettings.safeParse(input);
  if (result.success) return { ok: true, settings: result.data };
  return { ok: false, error: `YouTube settings: ${describeZodError(result.error)}` };
}

/** What a crew screen may see of the settings: never the key or the token. */
export function publicYouTubeSettings(
  settings: YouTubeSettings,
): NonNullable<ChatLiveMessage['settings']['youtube']> & { priority: QuotaPriority } {
  return {
    video: settings.video,
    videoId: parseVideoId(settings.video),
    auth: settings.oauthToken !== undefined ? 'oauth' : 'apiKey',
    dailyQuota: settings.dailyQuota,
    priority: settings.priority,
    showEndsAt: settings.showEndsAt,
    minIntervalMs: settings.minIntervalMs,
    maxIntervalMs: settings.maxIntervalMs,
    liveCheckIntervalMs: settings.liveCheckIntervalMs,
    baseUrl: settings.baseUrl ?? null,
  };
}

export const PlanUpdate = z.object({
  showEndsAt: z.number().int().nullable().optional(),
  priority: z.enum(QUOTA_PRIORITIES).optional(),
});
export type PlanUpdate = z.infer<typeof PlanUpdate>;

// ---------------------------------------------------------------------------------------------
// Where it is: saved after every page.

export const YouTubeCursor = z.object({
  /** The video the rest belongs to; a cursor for another video is ignored (except the quota). */
  videoId: z.string(),
  liveChatId: z.string().min(1).nullable(),
  nextPageToken: z.string().min(1).nullable(),
  /** The stream's title, for channelName after a restart that skips videos.list. */
  title: z.string().nullable().default(null),
  /** Units spent on the quota day `dayKey` (Pacific calendar date, see quotaDayKey). */
  quota: z.object({ dayKey: z.string(), usedUnits: z.number().int().nonnegative() }),
});
export type YouTubeCursor = z.output<typeof YouTubeCursor>;

export interface YouTubeCursorStore {
  load(): Promise<YouTubeCursor | null>;
  save(cursor: YouTubeCursor): Promise<void>;
}

// ---------------------------------------------------------------------------------------------

export interface YouTubeSourceOptions {
  settings: YouTubeSettingsInput;
  cursorStore: YouTubeCursorStore;
  log?: (line: string) => void;
  now?: () => number;
  /** Resolves after `ms`, or as soon as `signal` aborts (it must not reject). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** 0 ≤ x < 1, for the backoff jitter. */
  random?: () => number;
  fetch?: typeof globalThis.fetch;
  /** Per-request timeout. */
  requestTimeoutMs?: number;
  /** The feed the core holds: the first page (history) is reconciled with it. */
  feed?: FeedView;
}

interface YouTubeSourceEvents {
  ingest: [ChatIngest[]];
  status: [ChatSourceStatus];
}

/** Retries of errors it can outlive (5xx, network, rate limits): 2 s doubling to 5 min, equal jitter. */
export const YOUTUBE_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000, jitter: 'equal' };
/** Long waits are slept in chunks, so a laptop that slept through a reset wakes up on time. */
const MAX_SLEEP_CHUNK_MS = 60_000;
/** Poll a little after the reset, not on the stroke of midnight. */
const QUOTA_RESET_MARGIN_MS = 60_000;
/** Quota still gone this soon after a reset: look again in a while rather than wait a whole day. */
const QUOTA_RESET_GRACE_MS = 60 * 60_000;
const QUOTA_RECHECK_MS = 10 * 60_000;
const MAX_NAME = 200;
const MAX_AMOUNT = 40;

type Step = 'continue' | 'end';
type Failure =
  | { kind: 'quota' }
  | { kind: 'retry'; reason: string }
  | { kind: 'pageToken' }
  | { kind: 'stop'; reason: string; forgetChat: boolean };

export class YouTubeSource extends EventEmitter<YouTubeSourceEvents> {
  readonly videoId: string;
  private settings: YouTubeSettings;
  private readonly api: YouTubeApi;
  private readonly cursorStore: YouTubeCursorStore;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly feed: FeedView | null;

  private readonly life = new Lifecycle();
  /** Aborted by updatePlan to cut a poll wait short and re-plan it. */
  private wake: AbortController | null = null;

  private liveChatId: string | null = null;
  private nextPageToken: string | null = null;
  private title: string | null = null;
  private quotaDay: string;
  private usedUnits = 0;
  private apiMinIntervalMs = ASSUMED_POLLING_INTERVAL_MS;
  private failures = 0;
  private lastResponseAt = 0;
  private received = 0;
  private current: ChatSourceStatus;

  constructor(options: YouTubeSourceOptions) {
    super();
    const parsed = parseYouTubeSettings(options.settings);
    if (!parsed.ok) throw new YouTubeSettingsError(parsed.error);
    this.settings = parsed.settings;
    this.videoId = parseVideoId(this.settings.video);
    const auth: YouTubeAuth =
      this.settings.oauthToken !== undefined
        ? { kind: 'oauth', token: this.settings.oauthToken }
        : { kind: 'apiKey', apiKey: this.settings.apiKey ?? '' };
    this.api = new YouTubeApi({
      baseUrl: this.settings.baseUrl,
      auth,
      fetch: options.fetch,
      timeoutMs: options.requestTimeoutMs,
    });
    this.cursorStore = options.cursorStore;
    this.logger = createLogger('youtube', options.log);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? delay;
    this.random = options.random ?? Math.random;
    this.feed = options.feed ?? null;
    this.quotaDay = quotaDayKey(this.now());
    this.current = {
      source: 'youtube',
      state: 'off',
      reason: null,
      since: this.now(),
      retryAt: null,
      quota: this.quota(),
      received: 0,
    };
  }

  get status(): ChatSourceStatus {
    return { ...this.current, quota: this.current.quota ? { ...this.current.quota } : null };
  }

  /** Resolves when the polling loop has ended (stopped by itself, or by stop()). */
  get finished(): Promise<void> {
    return this.life.settled;
  }

  /** Starts polling (a no-op while running). Restores the saved cursor first. */
  start(): void {
    if (this.life.running) return;
    this.failures = 0;
    this.setStatus('connecting', null, null);
    this.life.start((signal) => this.run(signal));
  }

  /** Stops polling; resolves once the loop has ended and nothing is in flight. */
  async stop(): Promise<void> {
    await this.life.stop();
    this.setStatus('off', null, null);
  }

  /** The rundown's planned end moved, or the producer traded speed for duration: re-plan now. */
  updatePlan(update: PlanUpdate): void {
    const parsed = PlanUpdate.parse(update);
    this.settings = {
      ...this.settings,
      ...(parsed.showEndsAt !== undefined ? { showEndsAt: parsed.showEndsAt } : {}),
      ...(parsed.priority !== undefined ? { priority: parsed.priority } : {}),
    };
    this.setStatus(this.current.state, this.current.reason, this.current.retryAt);
    this.wake?.abort();
  }

  /** The plan as it stands (for a status line or a test). */
  plan(): QuotaPlan {
    const now = this.now();
    this.rollQuotaDay(now);
    return planQuota({
      dailyUnits: this.settings.dailyQuota,
      usedUnits: this.usedUnits,
      now,
      resetsAt: nextQuotaReset(now),
      showEndsAt: this.settings.showEndsAt,
      apiMinIntervalMs: this.apiMinIntervalMs,
      minIntervalMs: this.settings.minIntervalMs,
      maxIntervalMs: this.settings.maxIntervalMs,
      priority: this.settings.priority,
      unitsPerCall: LIVE_CHAT_MESSAGES_LIST_COST,
    });
  }

  // -------------------------------------------------------------------------------------------

  private async run(signal: AbortSignal): Promise<void> {
    try {
      await this.restore();
      while (!signal.aborted) {
        const step = this.liveChatId ? await this.pollChat(signal) : await this.findChat(signal);
        if (step === 'end') return;
      }
    } catch (error) {
      if (signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`stopped by an internal error: ${message}`);
      this.setStatus('stopped', `internal error in the YouTube source: ${message}`, null);
    }
  }

  private async restore(): Promise<void> {
    let saved: unknown;
    try {
      saved = await this.cursorStore.load();
    } catch (error) {
      this.logger.warn(`cannot read the saved chat position (${(error as Error).message}); starting fresh`);
      return;
    }
    if (saved === null || saved === undefined) return;
    const parsed = YouTubeCursor.safeParse(saved);
    if (!parsed.success) {
      this.logger.warn('the saved chat position is not valid; starting fresh');
      return;
    }
    const cursor = parsed.data;
    if (cursor.quota.dayKey === quotaDayKey(this.now())) {
      this.quotaDay = cursor.quota.dayKey;
      this.usedUnits = Math.max(this.usedUnits, cursor.quota.usedUnits);
    }
    if (cursor.videoId !== this.videoId) return;
    this.liveChatId = cursor.liveChatId;
    this.nextPageToken = cursor.liveChatId ? cursor.nextPageToken : null;
    this.title = cursor.title;
  }

  /** videos.list → liveStreamingDetails.activeLiveChatId. */
  private async findChat(signal: AbortSignal): Promise<Step> {
    let response;
    try {
      response = await this.api.videosList(this.videoId, signal);
      this.charge(VIDEOS_LIST_COST);
    } catch (error) {
      return this.onFailure(error, VIDEOS_LIST_COST, 'videos', signal);
    }
    this.failures = 0;
    const video = response.items.find((item) => item.id === this.videoId);
    if (!video) {
      return this.end(
        `YouTube has no video ${this.videoId} that this key can see: check the URL (private videos need an OAuth token)`,
        true,
      );
    }
    if (video.snippet?.title) this.title = video.snippet.title;
    const live = video.liveStreamingDetails;
    if (!live) return this.end(`video ${this.videoId} is not a live stream`, true);
    if (live.activeLiveChatId) {
      this.liveChatId = live.activeLiveChatId;
      this.nextPageToken = null; // a chat found afresh: its first page is history
      this.logger.info(`found the live chat of ${this.videoId}`);
      await this.saveCursor();
      return 'continue';
    }
    if (live.actualEndTime) return this.end('the stream has ended; its live chat is closed', true);
    const every = formatDuration(this.settings.liveCheckIntervalMs);
    const reason = live.actualStartTime
      ? `the stream is live but has no live chat (is chat turned off?); checking again every ${every}`
      : `the stream has not started yet; checking again every ${every}`;
    const retryAt = this.now() + this.settings.liveCheckIntervalMs;
    this.setStatus('waiting', reason, retryAt);
    await this.saveCursor();
    await this.waitUntil(retryAt, signal);
    return 'continue';
  }

  /** One liveChatMessages.list page, then the wait the plan asks for. */
  private async pollChat(signal: AbortSignal): Promise<Step> {
    const liveChatId = this.liveChatId;
    if (!liveChatId) return 'continue';
    const backfill = this.nextPageToken === null;
    if (backfill) this.setStatus('backfilling', null, null);
    let page;
    try {
      page = await this.api.liveChatMessagesList({ liveChatId, pageToken: this.nextPageToken }, signal);
      this.charge(LIVE_CHAT_MESSAGES_LIST_COST);
    } catch (error) {
      return this.onFailure(error, LIVE_CHAT_MESSAGES_LIST_COST, 'chat', signal);
    }
    this.failures = 0;
    this.lastResponseAt = this.now();
    if (page.pollingIntervalMillis !== undefined) this.apiMinIntervalMs = page.pollingIntervalMillis;
    const { ingests, upserts, ended } = this.toIngests(page.items, liveChatId, backfill);
    if (backfill) ingests.push(...this.reconcileHistory(page.items, liveChatId, ingests));
    this.received += upserts;
    if (ingests.length > 0) {
      try {
        this.emit('ingest', ingests);
      } catch (error) {
        this.logger.error(`an ingest listener failed: ${(error as Error).message}`);
      }
    }
    // Without a new token the same one is asked again: a repeat at worst, never a gap.
    if (page.nextPageToken) this.nextPageToken = page.nextPageToken;
    if (ended) return this.end('the live chat has ended', true);
    await this.saveCursor();
    this.setStatus('connected', null, null);
    await this.waitForNextPoll(signal);
    return 'continue';
  }

  private async onFailure(
    error: unknown,
    cost: number,
    call: 'videos' | 'chat',
    signal: AbortSignal,
  ): Promise<Step> {
    if (signal.aborted) return 'end';
    const failure = this.classify(error, call);
    // "All API requests, including invalid requests, incur a quota cost": count whatever YouTube answered.
    if (error instanceof YouTubeApiError && failure.kind !== 'quota') this.charge(cost);
    switch (failure.kind) {
      case 'quota': {
        const now = this.now();
        this.rollQuotaDay(now);
        this.usedUnits = Math.max(this.usedUnits, this.settings.dailyQuota);
        const justReset = now - quotaDayStart(now) < QUOTA_RESET_GRACE_MS;
        const retryAt = justReset ? now + QUOTA_RECHECK_MS : nextQuotaReset(now) + QUOTA_RESET_MARGIN_MS;
        const reason = justReset
          ? `YouTube API quota still used up after the daily reset; checking again in ${formatDuration(QUOTA_RECHECK_MS)}`
          : 'YouTube API quota used up for today; resumes after midnight Pacific time';
        this.logger.warn(`${reason}`);
        await this.saveCursor();
        this.setStatus('waiting', reason, retryAt);
        await this.waitUntil(retryAt, signal);
        return 'continue';
      }
      case 'retry': {
        this.failures += 1;
        const delay = backoffDelay(YOUTUBE_BACKOFF, this.failures, this.random);
        const retryAt = this.now() + delay;
        this.logger.warn(`${failure.reason}; retry ${this.failures} in ${formatDuration(delay)}`);
        this.setStatus('waiting', `${failure.reason}; retrying in ${formatDuration(delay)}`, retryAt);
        await this.waitUntil(retryAt, signal);
        return 'continue';
      }
      case 'pageToken': {
        this.logger.warn('YouTube refused the saved page token; fetching the recent chat again');
        this.nextPageToken = null;
        await this.saveCursor();
        await this.waitUntil(this.now() + this.plan().floorMs, signal);
        return 'continue';
      }
      case 'stop':
        this.logger.error(`stopped: ${failure.reason}`);
        return this.end(failure.reason, failure.forgetChat);
      default:
        return failure satisfies never;
    }
  }

  private classify(error: unknown, call: 'videos' | 'chat'): Failure {
    if (error instanceof YouTubeNetworkError || error instanceof YouTubeResponseError) {
      return { kind: 'retry', reason: error.message };
    }
    if (!(error instanceof YouTubeApiError)) throw error;
    const { status, reason, detail } = error;
    const credential = this.settings.oauthToken !== undefined ? 'OAuth token' : 'API key';
    if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') return { kind: 'quota' };
    if (status === 429 || reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded') {
      return { kind: 'retry', reason: `YouTube says the requests come too fast (${reason ?? status})` };
    }
    if (status >= 500) return { kind: 'retry', reason: `YouTube error ${status}: ${detail}` };
    if (reason === 'liveChatEnded')
      return { kind: 'stop', reason: 'the live chat has ended', forgetChat: true };
    if (reason === 'liveChatDisabled') {
      return { kind: 'stop', reason: 'live chat is turned off for this stream', forgetChat: true };
    }
    if (reason === 'liveChatNotFound' || (status === 404 && call === 'chat')) {
      return { kind: 'stop', reason: 'the live chat was not found: the chat has ended', forgetChat: true };
    }
    if (
      status === 400 &&
      call === 'chat' &&
      this.nextPageToken !== null &&
      (/page.?token/i.test(reason ?? '') || /page.?token/i.test(detail))
    ) {
      return { kind: 'pageToken' };
    }
    if (status === 401) {
      return {
        kind: 'stop',
        reason: `YouTube refused the ${credential} (expired or revoked?): ${detail}`,
        forgetChat: false,
      };
    }
    if (reason === 'keyInvalid' || /api key not valid|API_KEY_INVALID/i.test(detail)) {
      return { kind: 'stop', reason: `YouTube refused the API key: ${detail}`, forgetChat: false };
    }
    if (reason === 'accessNotConfigured') {
      return {
        kind: 'stop',
        reason: `the YouTube Data API v3 is not enabled for this ${credential}'s Google Cloud project: ${detail}`,
        forgetChat: false,
      };
    }
    if (status === 403) {
      return {
        kind: 'stop',
        reason: `YouTube refused access (${reason ?? 'forbidden'}): ${detail}`,
        forgetChat: false,
      };
    }
    return {
      kind: 'stop',
      reason: `YouTube refused the request (${status}${reason ? ` ${reason}` : ''}): ${detail}`,
      forgetChat: false,
    };
  }

  /** Stopped for good (until the producer starts it again). */
  private async end(reason: string, forgetChat: boolean): Promise<Step> {
    if (forgetChat) {
      this.liveChatId = null;
      this.nextPageToken = null;
    }
    await this.saveCursor();
    this.setStatus('stopped', reason, null);
    return 'end';
  }

  private async waitForNextPoll(signal: AbortSignal): Promise<void> {
    for (;;) {
      const deadline = this.lastResponseAt + this.plan().intervalMs;
      const wake = new AbortController();
      this.wake = wake;
      try {
        if ((await this.waitUntil(deadline, signal, wake.signal)) !== 'woken') return;
      } finally {
        if (this.wake === wake) this.wake = null;
      }
    }
  }

  /** Waits until `deadline` on this source's clock; `wake` (updatePlan's) may cut it short. */
  private waitUntil(deadline: number, signal: AbortSignal, wake?: AbortSignal): Promise<WaitOutcome> {
    return waitUntil(
      deadline,
      signal,
      { now: this.now, sleep: this.sleep },
      { wake, maxChunkMs: MAX_SLEEP_CHUNK_MS },
    );
  }

  // -------------------------------------------------------------------------------------------

  private toIngests(
    items: unknown[],
    liveChatId: string,
    backfill: boolean,
  ): { ingests: ChatIngest[]; upserts: number; ended: boolean } {
    const ingests: ChatIngest[] = [];
    let upserts = 0;
    let ended = false;
    for (const raw of items) {
      const parsed = LiveChatItemSchema.safeParse(raw);
      if (!parsed.success) {
        this.logger.warn(`skipped a chat item not as documented (${describeZodError(parsed.error)})`);
        continue;
      }
      const item = parsed.data;
      const snippet = item.snippet;
      switch (snippet.type) {
        case 'textMessageEvent': {
          const text = snippet.textMessageDetails?.messageText ?? snippet.displayMessage;
          const message = text === undefined ? null : this.toMessage(item, liveChatId, text, null, backfill);
          if (message) {
            ingests.push({ kind: 'upsert', message });
            upserts += 1;
          }
          break;
        }
        case 'superChatEvent': {
          const details = snippet.superChatDetails;
          const message = details
            ? this.toMessage(
                item,
                liveChatId,
                details.userComment ?? '',
                clipText(details.amountDisplayString, MAX_AMOUNT),
                backfill,
              )
            : null;
          if (message) {
            ingests.push({ kind: 'upsert', message });
            upserts += 1;
          }
          break;
        }
        case 'messageDeletedEvent':
          if (snippet.messageDeletedDetails) {
            ingests.push({ kind: 'delete', id: `youtube:${snippet.messageDeletedDetails.deletedMessageId}` });
          }
          break;
        case 'userBannedEvent':
          // Temporary bans too: the feed drops what a banned author wrote either way.
          if (snippet.userBannedDetails) {
            ingests.push({
              kind: 'authorBanned',
              source: 'youtube',
              authorId: snippet.userBannedDetails.bannedUserDetails.channelId,
            });
          }
          break;
        case 'chatEndedEvent':
          ended = true;
          break;
        default:
          break; // memberships, polls, stickers, tombstones…: not part of the question feed
      }
    }
    return { ingests, upserts, ended };
  }

  /**
   * The first page (no token) is the chat's recent history as it stands now ("part or all of
   * the chat history", oldest first). A message the feed has from inside that stretch (sent after
   * the page's oldest item) that YouTube no longer lists was deleted, or its author banned, while
   * no core read the chat: it goes as a deletion would. An empty page removes nothing.
   */
  private reconcileHistory(items: unknown[], liveChatId: string, ingests: ChatIngest[]): ChatIngest[] {
    if (!this.feed) return [];
    const listed = new Set<string>();
    let oldest = Number.POSITIVE_INFINITY;
    for (const raw of items) {
      const item = (typeof raw === 'object' && raw !== null ? raw : {}) as {
        id?: unknown;
        snippet?: { publishedAt?: unknown };
      };
      if (typeof item.id === 'string') listed.add(`youtube:${item.id}`);
      const at = typeof item.snippet?.publishedAt === 'string' ? Date.parse(item.snippet.publishedAt) : NaN;
      if (Number.isFinite(at)) oldest = Math.min(oldest, at);
    }
    if (!Number.isFinite(oldest)) return [];
    const deleted = new Set(ingests.flatMap((op) => (op.kind === 'delete' ? [op.id] : [])));
    const out: ChatIngest[] = [];
    for (const entry of this.feed.messages('youtube', liveChatId)) {
      if (entry.sentAt > oldest && !listed.has(entry.id) && !deleted.has(entry.id)) {
        out.push({ kind: 'delete', id: entry.id });
      }
    }
    if (out.length > 0)
      this.logger.info(`the chat's history no longer lists ${out.length} messages of the feed: removed`);
    return out;
  }

  private toMessage(
    item: LiveChatItem,
    liveChatId: string,
    text: string,
    amountDisplay: string | null,
    backfill: boolean,
  ): ChatMessage | null {
    const details = item.authorDetails;
    const authorId = details?.channelId ?? item.snippet.authorChannelId;
    if (!authorId) {
      this.logger.warn(`skipped message ${item.id}: no author`);
      return null;
    }
    const badges: string[] = [];
    if (details?.isChatOwner) badges.push('owner');
    if (details?.isChatModerator) badges.push('moderator');
    if (details?.isChatSponsor) badges.push('member');
    if (details?.isVerified) badges.push('verified');
    const result = ChatMessage.safeParse({
      id: `youtube:${item.id}`,
      source: 'youtube',
      channel: liveChatId,
      channelName: clipText(this.title ?? 'YouTube live chat', MAX_NAME),
      author: { id: authorId, name: clipText(details?.displayName ?? '', MAX_NAME), badges },
      text: clipText(text, MAX_CHAT_TEXT),
      sentAt: Date.parse(item.snippet.publishedAt),
      permalink: videoUrl(this.videoId),
      threadId: null,
      backfill,
      superChat: amountDisplay === null ? null : { amountDisplay },
      edited: false,
    });
    if (result.success) return result.data;
    this.logger.warn(`skipped message ${item.id} (${describeZodError(result.error)})`);
    return null;
  }

  // -------------------------------------------------------------------------------------------

  private rollQuotaDay(now: number): void {
    const day = quotaDayKey(now);
    if (day !== this.quotaDay) {
      this.quotaDay = day;
      this.usedUnits = 0;
    }
  }

  private charge(units: number): void {
    this.rollQuotaDay(this.now());
    this.usedUnits += units;
  }

  private quota(): ChatQuota {
    const plan = this.plan();
    return {
      usedUnits: this.usedUnits,
      dailyUnits: this.settings.dailyQuota,
      intervalMs: plan.intervalMs,
      exhaustsAt: plan.exhaustsAt,
      resetsAt: nextQuotaReset(this.now()),
    };
  }

  private async saveCursor(): Promise<void> {
    const cursor: YouTubeCursor = {
      videoId: this.videoId,
      liveChatId: this.liveChatId,
      nextPageToken: this.liveChatId ? this.nextPageToken : null,
      title: this.title,
      quota: { dayKey: this.quotaDay, usedUnits: this.usedUnits },
    };
    try {
      await this.cursorStore.save(cursor);
    } catch (error) {
      // Keep listening: a restart would repeat some chat (deduped), which beats missing the show.
      this.logger.warn(`cannot save the chat position (${(error as Error).message})`);
    }
  }

  private setStatus(state: ChatSourceState, reason: string | null, retryAt: number | null): void {
    const now = this.now();
    this.current = {
      source: 'youtube',
      state,
      reason: healthReason(reason),
      since: state === this.current.state ? this.current.since : now,
      retryAt,
      quota: this.quota(),
      received: this.received,
    };
    this.emit('status', this.status);
  }
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
