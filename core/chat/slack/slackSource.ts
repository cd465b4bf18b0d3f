import { EventEmitter } from 'node:events';
import { SocketModeClient } from '@slack/socket-mode';
import { LogLevel, WebClient } from '@slack/web-api';
import type { Logger, WebAPICallResult } from '@slack/web-api';
import { z } from 'zod';
import { ChatIngest } from '../../../shared/chat.js';
import type { BackoffPolicy } from '../../adapters/backoff.js';
import { backoff } from '../../adapters/backoff.js';
import type { Logger as AdapterLogger } from '../../adapters/logger.js';
import { createLogger, silentSink } from '../../adapters/logger.js';
import { Lifecycle, aborted, sleep } from '../../adapters/lifecycle.js';
import { SLACK_CHANNEL_ID, SlackSettings } from '../../../shared/chatSettings.js';
import type { SlackSettingsInput } from '../../../shared/chatSettings.js';
import type { ChatAuthor, ChatMessage, ChatSourceState, ChatSourceStatus } from '../../../shared/chat.js';
import {
  baseReaction,
  clipText,
  compareTs,
  maxTs,
  slackMessageId,
  slackPermalink,
  slackToPlain,
  tsMinusSeconds,
  tsToMs,
} from './slackText.js';
import {
  AuthTest,
  CHANNEL_ERRORS,
  ConversationInfo,
  EventCallback,
  MessageEvent,
  MessagePage,
  RawMessage,
  ReactionEvent,
  Stale,
  TokensRevokedEvent,
  Ts,
  UserInfo,
  channelProblem,
  describeError,
  platformCode,
  rateLimitSeconds,
  tokenErrorReason,
} from './slackWire.js';
import type { SlackEvent } from './slackWire.js';

/**
 * The Slack side of the question feed: one workspace, a few channels, through Socket Mode (an
 * outbound websocket, so it works behind NAT with no public URL).
 *
 * - Every envelope is acknowledged before anything else is done with it; events are deduplicated
 *   on `event_id` and messages on (channel, ts), so Slack's redeliveries never show twice.
 * - The socket reconnects itself (backoff with jitter); after every gap (start, reconnect) the
 *   channels are backfilled from the last seen ts with conversations.history and, for threads
 *   that moved, conversations.replies. Backfilled messages are marked `backfill`.
 * - Health is the socket's state (plus backfilling / waiting on a rate limit), never "chat has
 *   been quiet for a while".
 * - A token Slack refuses (invalid_auth, not_authed, account_inactive, revoked…) stops the source
 *   with a reason the producer can act on; nothing retries in a loop against a dead token.
 * - Tokens never appear in logs or statuses.
 */

// ---------------------------------------------------------------------------------------------
// Settings

export { SlackSettings };
export type { SlackSettingsInput };

// ---------------------------------------------------------------------------------------------
// Saved position

/** Where each channel was read up to, so a restart backfills from there and no further back. */
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

// ---------------------------------------------------------------------------------------------

/** Insertion-ordered set that forgets its oldest entries beyond `max`. */
class BoundedSet {
  private readonly items = new Set<string>();
  constructor(private readonly max: number) {}
  has(key: string): boolean {
    return this.items.has(key);
  }
  add(key: string): void {
    this.items.delete(key);
    this.items.add(key);
    if (this.items.size > this.max) {
      const oldest = this.items.values().next();
      if (!oldest.done) this.items.delete(oldest.value);
    }
  }
}

/**
 * Delay before reconnect attempt n (1 = right after a drop): ~0.5 s, then 1 s doubling to 30 s,
 * ±20 % jitter. Also paces retries of a failed backfill.
 */
export const SLACK_BACKOFF: BackoffPolicy = { firstMs: 500, baseMs: 1_000, capMs: 30_000, jitter: 0.2 };

/** Subtypes that are still a person writing in the channel. Everything else (joins, bots, topic…) is ignored. */
const USER_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message']);

const MAX_TRACKED_THREADS = 20;
/** Per channel per gap: a gap longer than this loses its oldest messages, not the newest. */
const MAX_BACKFILL_MESSAGES = 1_000;
const PAGE_SIZE = 200;

export interface SlackSourceOptions {
  settings: SlackSettingsInput;
  cursorStore: SlackCursorStore;
  log?: (line: string) => void;
  now?: () => number;
  /** ms before reconnect attempt n (1-based), and before retrying a failed backfill. */
  backoff?: (attempt: number) => number;
  /** apps.connections.open, the websocket and Slack's hello together. */
  connectTimeoutMs?: number;
  /** Each Web API call. */
  requestTimeoutMs?: number;
  /** The saved position is written at most this often (and on stop). */
  cursorSaveDelayMs?: number;
}

export interface SlackSourceEvents {
  /** Operations for the core, in order. Backfill comes in larger batches. */
  ingest: [ChatIngest[]];
  /** Every change of state, reason or retry time. */
  status: [ChatSourceStatus];
}

interface Identity {
  userId: string | null;
  workspaceUrl: string | null;
}

interface Wait {
  reason: string;
  until: number;
}

export class SlackSource extends EventEmitter<SlackSourceEvents> {
  readonly settings: SlackSettings;
  private readonly cursorStore: SlackCursorStore;
  private readonly logger: AdapterLogger;
  private readonly now: () => number;
  private readonly backoff: (attempt: number) => number;
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly cursorSaveDelayMs: number;
  private readonly slackLogger: Logger;
  private readonly web: WebClient;

  // Run state. Each start() begins a run with a fresh AbortSignal; stop/fail abort it, which
  // makes all of that run's work stale (every step checks the signal it was handed).
  private readonly life = new Lifecycle();
  private fatal: string | null = null;
  private socket: SocketModeClient | null = null;
  private socketUp = false;
  private everConnected = false;
  private reconnectAttempt = 0;
  /** The wait before the next reconnect, aborted by stop/fail (through the run) or a newer one. */
  private reconnectWait: AbortController | null = null;
  private reconnectAt: number | null = null;
  private socketProblem: string | null = null;
  private readonly waits = new Map<number, Wait>();
  private waitSeq = 0;
  private queue: Promise<void> = Promise.resolve();

  // Backfill: `gapOpen` from a (re)connect until a backfill pass completes. Meanwhile live
  // messages do not advance the saved position (they go to `pendingLiveTs`), so an interrupted
  // backfill is redone from the right place.
  private backfillRunning = false;
  private backfillAgain = false;
  private gapOpen = false;
  private readonly pendingLiveTs = new Map<string, string>();

  private cursor: SlackCursor = { channels: {} };
  /** Nothing is saved before the saved position was read: a stop() during start() must not erase it. */
  private cursorLoaded = false;
  private saveTimer: NodeJS.Timeout | null = null;
  private saveLoop: Promise<void> | null = null;
  private cursorDirty = false;

  // Caches, kept across reconnects and restarts of this instance.
  private identity: Identity | null = null;
  private readonly channelNames = new Map<string, string>();
  private readonly channelProblems = new Map<string, string>();
  /** users.info answers (and definite misses), kept; lookups in flight belong to one run. */
  private readonly authors = new Map<string, ChatAuthor>();
  private authorLookups = new Map<string, Promise<ChatAuthor>>();
  private readonly seenEvents = new BoundedSet(5_000);
  private readonly seenMessages = new BoundedSet(20_000);
  private readonly deletedMessages = new BoundedSet(5_000);

  private current: ChatSourceStatus;
  private lastPublishAt = 0;
  private received = 0;

  constructor(options: SlackSourceOptions) {
    super();
    this.settings = SlackSettings.parse(options.settings);
    this.cursorStore = options.cursorStore;
    this.logger = createLogger('slack', options.log ?? silentSink);
    this.now = options.now ?? Date.now;
    this.backoff = options.backoff ?? backoff(SLACK_BACKOFF);
    this.connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 20_000;
    this.cursorSaveDelayMs = options.cursorSaveDelayMs ?? 1_000;
    this.slackLogger = slackLogger(this.logger);
    this.web = new WebClient(this.settings.botToken, {
      slackApiUrl: this.settings.slackApiUrl,
      logger: this.slackLogger,
      // One HTTP request per attempt: rate limits and retries are handled here, visibly.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: this.requestTimeoutMs,
      maxRequestConcurrency: 3,
    });
    this.current = {
      source: 'slack',
      state: 'off',
      reason: null,
      since: this.now(),
      retryAt: null,
      quota: null,
      received: 0,
    };
  }

  /** The current status; `received` is live here, and in events refreshed at most once a second. */
  get status(): ChatSourceStatus {
    return { ...this.current, received: this.received };
  }

  /** The reaction that marks a question (settings.questionReaction), for the core's classifier. */
  get questionReaction(): string {
    return this.settings.questionReaction;
  }

  /** Starts connecting and returns; progress and problems arrive as `status` events. */
  async start(): Promise<void> {
    if (this.life.running) return;
    this.fatal = null;
    // The work is event-driven (socket events, timers, backfill); the run spans start to stop.
    const signal = this.life.start((run) => aborted(run));
    if (!signal) return;
    this.socketUp = false;
    this.everConnected = false;
    this.reconnectAttempt = 0;
    this.socketProblem = null;
    this.received = 0;
    this.publish();
    this.cursor = await this.loadCursor();
    this.cursorLoaded = true;
    if (!this.isCurrent(signal)) return;
    void this.connect(signal);
  }

  /** Disconnects, cancels pending work and writes the saved position. */
  async stop(): Promise<void> {
    const socket = this.shutdown();
    this.fatal = null;
    this.publish();
    await this.life.stop();
    if (socket) await disconnectQuietly(socket);
    await this.flushCursor();
  }

  // -------------------------------------------------------------------------------------------
  // Connection

  private isCurrent(signal: AbortSignal): boolean {
    return !signal.aborted && this.life.signal === signal;
  }

  private owns(signal: AbortSignal, socket: SocketModeClient): boolean {
    return this.isCurrent(signal) && this.socket === socket;
  }

  private async connect(signal: AbortSignal): Promise<void> {
    if (!this.isCurrent(signal)) return;
    let socket: SocketModeClient | null = null;
    try {
      if (!this.identity) await this.identify(signal);
      await this.loadChannelNames(signal);
      socket = this.createSocket(signal);
      await this.openSocket(socket);
    } catch (error) {
      if (socket && this.socket === socket) this.socket = null;
      if (socket) void disconnectQuietly(socket);
      if (!this.isCurrent(signal) || error instanceof Stale) return;
      // Bot-token calls already stopped the source on a token error; this is apps.connections.open.
      const code = platformCode(error);
      const fatal = code ? tokenErrorReason(code, 'app-level token') : null;
      if (fatal) {
        this.fail(signal, fatal);
        return;
      }
      this.reconnectAttempt += 1;
      const retryAfter = rateLimitSeconds(error);
      const delay = retryAfter !== null ? retryAfter * 1000 : this.backoff(this.reconnectAttempt);
      this.scheduleReconnect(signal, delay, describeError(error));
    }
  }

  private createSocket(signal: AbortSignal): SocketModeClient {
    const socket = new SocketModeClient({
      appToken: this.settings.appToken,
      // Reconnecting is ours: the library's loop retries apps.connections.open up to 100 times,
      // and a token error during its reconnect is an unhandled rejection.
      autoReconnectEnabled: false,
      logger: this.slackLogger,
      clientOptions: {
        slackApiUrl: this.settings.slackApiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        timeout: this.requestTimeoutMs,
      },
    });
    socket.on('connected', () => {
      if (!this.owns(signal, socket)) {
        void disconnectQuietly(socket); // a connect that finished after stop()
        return;
      }
      this.onSocketConnected(signal);
    });
    socket.on('disconnected', () => {
      if (this.owns(signal, socket)) this.onSocketDisconnected(signal);
    });
    socket.on('slack_event', (envelope: unknown) => this.onEnvelope(signal, socket, envelope));
    this.socket = socket;
    return socket;
  }

  private async openSocket(socket: SocketModeClient): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Slack did not open the connection within ${this.connectTimeoutMs / 1000} s`)),
        this.connectTimeoutMs,
      );
    });
    try {
      await Promise.race([socket.start(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private onSocketConnected(signal: AbortSignal): void {
    this.socketUp = true;
    this.everConnected = true;
    this.reconnectAttempt = 0;
    this.socketProblem = null;
    this.logger.info('connected');
    this.requestBackfill(signal);
  }

  private onSocketDisconnected(signal: AbortSignal): void {
    if (!this.socketUp) return; // a failed attempt: connect() handles it
    this.socketUp = false;
    this.socket = null;
    this.reconnectAttempt = 1;
    this.scheduleReconnect(signal, this.backoff(1), 'the connection to Slack dropped');
  }

  private scheduleReconnect(signal: AbortSignal, delayMs: number, problem: string): void {
    if (!this.isCurrent(signal)) return;
    this.reconnectWait?.abort();
    const wait = new AbortController();
    this.reconnectWait = wait;
    this.socketProblem = problem;
    this.reconnectAt = this.now() + delayMs;
    this.logger.warn(`${problem}; reconnecting in ${Math.round(delayMs)} ms`);
    sleep(delayMs, AbortSignal.any([signal, wait.signal])).then(
      () => {
        if (this.reconnectWait !== wait) return;
        this.reconnectWait = null;
        this.reconnectAt = null;
        void this.connect(signal);
      },
      () => undefined, // stopped, failed, or superseded by a newer reconnect
    );
    this.publish();
  }

  /** Stops for good (until start() is called again): a token or the app is no longer valid. */
  private fail(signal: AbortSignal, reason: string): void {
    if (!this.isCurrent(signal)) return;
    this.logger.error(`stopped: ${reason}`);
    const socket = this.shutdown();
    this.fatal = reason;
    this.publish();
    if (socket) void disconnectQuietly(socket);
    void this.flushCursor();
  }

  /** Makes everything in flight stale and returns the socket to close. */
  private shutdown(): SocketModeClient | null {
    this.life.abort();
    this.reconnectWait?.abort();
    this.reconnectWait = null;
    this.reconnectAt = null;
    this.waits.clear();
    this.backfillRunning = false;
    this.backfillAgain = false;
    this.authorLookups = new Map();
    const socket = this.socket;
    this.socket = null;
    this.socketUp = false;
    return socket;
  }

  private async identify(signal: AbortSignal): Promise<void> {
    const parsed = AuthTest.safeParse(await this.call(signal, 'auth.test', {}));
    const url = parsed.success ? parsed.data.url : undefined;
    this.identity = {
      userId: parsed.success ? (parsed.data.user_id ?? null) : null,
      workspaceUrl: url && /^https:\/\/[^/]+\/?$/.test(url) ? url : null,
    };
  }

  private async loadChannelNames(signal: AbortSignal): Promise<void> {
    for (const channel of this.settings.channels) {
      if (this.channelNames.has(channel)) continue;
      try {
        const parsed = ConversationInfo.safeParse(await this.call(signal, 'conversations.info', { channel }));
        if (parsed.success && parsed.data.channel.name) {
          this.channelNames.set(channel, parsed.data.channel.name);
          this.channelProblems.delete(channel);
        }
      } catch (error) {
        if (!platformCode(error)) throw error;
        // Without channels:read / groups:read the feed still works; it shows the id instead.
        this.channelProblems.set(channel, channelProblem(channel, error));
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Status

  private computeStatus(): Pick<ChatSourceStatus, 'state' | 'reason' | 'retryAt'> {
    if (this.fatal) return { state: 'stopped', reason: this.fatal, retryAt: null };
    if (!this.life.running) return { state: 'off', reason: null, retryAt: null };
    if (!this.socketUp) {
      const state: ChatSourceState =
        this.everConnected || this.reconnectAttempt > 0 ? 'reconnecting' : 'connecting';
      return { state, reason: this.socketProblem, retryAt: this.reconnectAt };
    }
    let wait: Wait | null = null;
    for (const candidate of this.waits.values()) if (!wait || candidate.until > wait.until) wait = candidate;
    if (wait) return { state: 'waiting', reason: wait.reason, retryAt: wait.until };
    const problems = [...this.channelProblems.values()].join('; ') || null;
    if (this.backfillRunning) return { state: 'backfilling', reason: problems, retryAt: null };
    return { state: 'connected', reason: problems, retryAt: null };
  }

  private publish(at: number = this.now()): void {
    const next = this.computeStatus();
    const previous = this.current;
    const same =
      next.state === previous.state && next.reason === previous.reason && next.retryAt === previous.retryAt;
    // A message count alone is news at most once a second.
    if (same && (this.received === previous.received || at - this.lastPublishAt < 1_000)) return;
    this.current = {
      ...previous,
      ...next,
      since: next.state === previous.state ? previous.since : at,
      received: this.received,
    };
    this.lastPublishAt = at;
    this.emit('status', { ...this.current });
  }

  // -------------------------------------------------------------------------------------------
  // Web API calls: one request per attempt; a 429 waits the full Retry-After (status `waiting`)
  // and tries again; a token error stops the source.

  private async call(
    signal: AbortSignal,
    method: string,
    args: Record<string, unknown>,
  ): Promise<WebAPICallResult> {
    for (;;) {
      if (!this.isCurrent(signal)) throw new Stale();
      try {
        return await this.web.apiCall(method, args);
      } catch (error) {
        if (!this.isCurrent(signal)) throw new Stale();
        const retryAfter = rateLimitSeconds(error);
        if (retryAfter !== null) {
          await this.waitFor(
            signal,
            retryAfter * 1000,
            `Slack is rate-limiting ${method}: trying again in ${retryAfter} s`,
          );
          continue;
        }
        const code = platformCode(error);
        const fatal = code ? tokenErrorReason(code, 'bot token') : null;
        if (fatal) {
          this.fail(signal, fatal);
          throw new Stale();
        }
        throw error;
      }
    }
  }

  private async waitFor(signal: AbortSignal, ms: number, reason: string): Promise<void> {
    const id = ++this.waitSeq;
    const at = this.now();
    this.waits.set(id, { reason, until: at + ms });
    this.publish(at);
    try {
      await this.sleep(signal, ms);
    } finally {
      this.waits.delete(id);
      if (this.isCurrent(signal)) this.publish();
    }
  }

  /** Waits `ms`; a stop or failure of the run ends the wait at once with Stale. */
  private async sleep(signal: AbortSignal, ms: number): Promise<void> {
    if (!this.isCurrent(signal)) throw new Stale();
    try {
      await sleep(ms, signal);
    } catch {
      throw new Stale();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Live events

  private onEnvelope(signal: AbortSignal, socket: SocketModeClient, raw: unknown): void {
    const envelope = (typeof raw === 'object' && raw !== null ? raw : {}) as {
      ack?: () => Promise<void>;
      type?: unknown;
      body?: unknown;
    };
    // Acknowledge first, whatever it is: Slack redelivers anything not acked within 3 s.
    if (typeof envelope.ack === 'function') {
      envelope
        .ack()
        .catch((error: unknown) => this.logger.warn(`could not ack an envelope: ${describeError(error)}`));
    }
    if (!this.owns(signal, socket) || envelope.type !== 'events_api') return;
    const parsed = EventCallback.safeParse(envelope.body);
    if (!parsed.success) {
      this.logger.warn('ignored a malformed events_api envelope');
      return;
    }
    const { event_id: eventId, event } = parsed.data;
    if (this.seenEvents.has(eventId)) return; // a redelivery (retry_attempt > 0)
    this.seenEvents.add(eventId);
    this.enqueue(signal, () => this.handleEvent(signal, event));
  }

  /** Live events are processed one at a time, in the order Slack sent them. */
  private enqueue(signal: AbortSignal, task: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (!this.isCurrent(signal)) return;
      try {
        await task();
      } catch (error) {
        if (!(error instanceof Stale))
          this.logger.error(`could not process an event: ${describeError(error)}`);
      }
    });
  }

  private async handleEvent(signal: AbortSignal, event: SlackEvent): Promise<void> {
    switch (event.type) {
      case 'message':
        await this.onMessageEvent(signal, event);
        return;
      case 'reaction_added':
      case 'reaction_removed':
        this.onReactionEvent(signal, event);
        return;
      case 'app_uninstalled':
        this.fail(
          signal,
          'The Slack app was uninstalled from the workspace: reinstall it and update the tokens in the settings',
        );
        return;
      case 'tokens_revoked': {
        const parsed = TokensRevokedEvent.safeParse(event);
        const bots = parsed.success ? (parsed.data.tokens?.bot ?? []) : [];
        const me = this.identity?.userId;
        if (bots.length > 0 && (!me || bots.includes(me))) {
          this.fail(
            signal,
            "Slack revoked the app's bot token (tokens_revoked): reinstall the app and update the tokens in the settings",
          );
        }
        return;
      }
      default:
        return;
    }
  }

  private watched(channel: string | undefined): channel is string {
    return channel !== undefined && this.settings.channels.includes(channel);
  }

  private isUserMessage(message: RawMessage): boolean {
    if (message.hidden || message.bot_id || !message.user) return false;
    if (message.subtype !== undefined && !USER_SUBTYPES.has(message.subtype)) return false;
    return message.user !== this.identity?.userId;
  }

  private async onMessageEvent(signal: AbortSignal, raw: SlackEvent): Promise<void> {
    const parsed = MessageEvent.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn('ignored a malformed message event');
      return;
    }
    const event = parsed.data;
    if (!this.watched(event.channel)) return;
    const channel = event.channel;
    switch (event.subtype) {
      case 'message_changed': {
        const message = RawMessage.safeParse(event.message);
        if (!message.success) return;
        const edited = message.data;
        const id = slackMessageId(channel, edited.ts);
        if (edited.subtype === 'tombstone') {
          // A thread parent deleted while its replies stay: Slack leaves a placeholder.
          this.deleteMessage(signal, id);
          return;
        }
        const previous = RawMessage.safeParse(event.previous_message);
        const textChanged = !previous.success || (previous.data.text ?? '') !== (edited.text ?? '');
        // Reply counts and link unfurls also arrive as message_changed; only real edits count.
        if (!edited.edited && !textChanged) return;
        if (this.deletedMessages.has(id) || !this.isUserMessage(edited)) return;
        const author = await this.author(signal, edited.user ?? '');
        if (!this.isCurrent(signal)) return;
        this.seenMessages.add(id);
        this.emitIngest(signal, [
          {
            kind: 'upsert',
            message: this.toChatMessage(channel, edited, author, { backfill: false, edited: true }),
          },
        ]);
        return;
      }
      case 'message_deleted':
        if (event.deleted_ts) this.deleteMessage(signal, slackMessageId(channel, event.deleted_ts));
        return;
      case undefined:
      default:
        if (!this.isUserMessage(event)) return;
        await this.emitNewMessages(signal, channel, [event], false);
    }
  }

  private deleteMessage(signal: AbortSignal, id: string): void {
    this.deletedMessages.add(id);
    this.emitIngest(signal, [{ kind: 'delete', id }]);
  }

  private onReactionEvent(signal: AbortSignal, raw: SlackEvent): void {
    const parsed = ReactionEvent.safeParse(raw);
    if (!parsed.success) return;
    const { type, user, reaction, item } = parsed.data;
    if (item.type !== 'message' || !this.watched(item.channel) || !item.ts) return;
    this.emitIngest(signal, [
      {
        kind: 'reaction',
        id: slackMessageId(item.channel, item.ts),
        reaction: baseReaction(reaction),
        userId: user,
        added: type === 'reaction_added',
      },
    ]);
  }

  // -------------------------------------------------------------------------------------------
  // Messages → ChatIngest

  /**
   * Emits the messages not seen before (live and backfill share the (channel, ts) dedupe), in ts
   * order, with the reactions they already carry when backfilled.
   */
  private async emitNewMessages(
    signal: AbortSignal,
    channel: string,
    messages: RawMessage[],
    backfill: boolean,
  ): Promise<void> {
    const fresh: RawMessage[] = [];
    for (const message of messages) {
      const id = slackMessageId(channel, message.ts);
      if (this.seenMessages.has(id) || this.deletedMessages.has(id)) continue;
      this.seenMessages.add(id); // before any await: the other path must not take it too
      fresh.push(message);
    }
    if (fresh.length === 0) return;
    fresh.sort((a, b) => compareTs(a.ts, b.ts));
    const authors = await Promise.all(fresh.map((message) => this.author(signal, message.user ?? '')));
    if (!this.isCurrent(signal)) return;
    const batch: ChatIngest[] = [];
    fresh.forEach((message, index) => {
      const author = authors[index] ?? {
        id: message.user ?? 'unknown',
        name: message.user ?? 'unknown',
        badges: [],
      };
      batch.push({
        kind: 'upsert',
        message: this.toChatMessage(channel, message, author, { backfill, edited: false }),
      });
      if (backfill) {
        for (const reaction of message.reactions ?? []) {
          for (const userId of reaction.users) {
            batch.push({
              kind: 'reaction',
              id: slackMessageId(channel, message.ts),
              reaction: baseReaction(reaction.name),
              userId,
              added: true,
            });
          }
        }
      }
      this.noteSeen(channel, message, !backfill);
    });
    this.received += fresh.length;
    this.emitIngest(signal, batch);
    this.publish();
    this.scheduleSave();
  }

  private emitIngest(signal: AbortSignal, batch: ChatIngest[]): void {
    if (!this.isCurrent(signal)) return;
    const valid: ChatIngest[] = [];
    for (const item of batch) {
      const parsed = ChatIngest.safeParse(item);
      if (parsed.success) valid.push(parsed.data);
      else
        this.logger.warn(
          `dropped a message that does not fit the chat model (${parsed.error.issues[0]?.message ?? 'invalid'})`,
        );
    }
    if (valid.length > 0) this.emit('ingest', valid);
  }

  private toChatMessage(
    channel: string,
    message: RawMessage,
    author: ChatAuthor,
    flags: { backfill: boolean; edited: boolean },
  ): ChatMessage {
    const threadTs = message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : null;
    return {
      id: slackMessageId(channel, message.ts),
      source: 'slack',
      channel,
      channelName: clipText(this.channelLabel(channel), 200),
      author,
      text: this.messageText(message),
      sentAt: tsToMs(message.ts),
      permalink: slackPermalink(this.identity?.workspaceUrl ?? null, channel, message.ts, threadTs),
      threadId: threadTs ? slackMessageId(channel, threadTs) : null,
      backfill: flags.backfill,
      superChat: null,
      edited: flags.edited,
    };
  }

  private channelLabel(channel: string): string {
    const name = this.channelNames.get(channel);
    return name ? `#${name}` : channel;
  }

  private messageText(message: RawMessage): string {
    let text = slackToPlain(message.text ?? '', {
      user: (id) => this.authors.get(id)?.name,
      channel: (id) => this.channelNames.get(id),
    });
    if (!text.trim() && message.files?.length) {
      text = message.files.map((file) => `[file: ${file.title || file.name || 'untitled'}]`).join(' ');
    }
    return clipText(text);
  }

  /** Display name from users.info, cached; a failed lookup shows the user id and is retried next time. */
  private author(signal: AbortSignal, userId: string): Promise<ChatAuthor> {
    const known = this.authors.get(userId);
    if (known) return Promise.resolve(known);
    const lookups = this.authorLookups;
    let lookup = lookups.get(userId);
    if (!lookup) {
      lookup = this.fetchAuthor(signal, userId).finally(() => lookups.delete(userId));
      lookups.set(userId, lookup);
    }
    return lookup;
  }

  private remember(author: ChatAuthor): void {
    this.authors.set(author.id, author);
    if (this.authors.size > 10_000) {
      const oldest = this.authors.keys().next();
      if (!oldest.done) this.authors.delete(oldest.value);
    }
  }

  private async fetchAuthor(signal: AbortSignal, userId: string): Promise<ChatAuthor> {
    const fallback: ChatAuthor = { id: userId || 'unknown', name: userId || 'unknown', badges: [] };
    if (!userId) return fallback;
    try {
      const parsed = UserInfo.safeParse(await this.call(signal, 'users.info', { user: userId }));
      if (!parsed.success) throw new Error('users.info answered without a user');
      const { user } = parsed.data;
      const name =
        user.profile?.display_name?.trim() ||
        user.profile?.real_name?.trim() ||
        user.real_name?.trim() ||
        user.name?.trim() ||
        userId;
      const badges = [
        user.is_owner && 'owner',
        user.is_admin && 'admin',
        user.is_restricted && 'guest',
      ].filter((badge): badge is string => typeof badge === 'string');
      const author: ChatAuthor = { id: userId, name: clipText(name, 200), badges };
      this.remember(author);
      return author;
    } catch (error) {
      if (platformCode(error) === 'user_not_found') this.remember(fallback);
      if (!(error instanceof Stale)) this.logger.warn(`no name for ${userId}: ${describeError(error)}`);
      return fallback;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Position

  private channelCursor(channel: string): SlackCursor['channels'][string] {
    let entry = this.cursor.channels[channel];
    if (!entry) {
      entry = { lastTs: null, threads: {} };
      this.cursor.channels[channel] = entry;
    }
    return entry;
  }

  private noteSeen(channel: string, message: RawMessage, live: boolean): void {
    const entry = this.channelCursor(channel);
    if (live && this.gapOpen) {
      this.pendingLiveTs.set(channel, maxTs(this.pendingLiveTs.get(channel), message.ts));
    } else {
      entry.lastTs = maxTs(entry.lastTs, message.ts);
    }
    if (message.thread_ts && message.thread_ts !== message.ts) {
      this.trackThread(channel, message.thread_ts, message.ts);
    }
  }

  private trackThread(channel: string, parentTs: string, replyTs: string): void {
    const threads = this.channelCursor(channel).threads;
    threads[parentTs] = maxTs(threads[parentTs], replyTs);
    const entries = Object.entries(threads);
    if (entries.length <= MAX_TRACKED_THREADS) return;
    entries.sort((a, b) => compareTs(b[1], a[1]));
    for (const [parent] of entries.slice(MAX_TRACKED_THREADS)) delete threads[parent];
  }

  private async loadCursor(): Promise<SlackCursor> {
    try {
      const loaded = await this.cursorStore.load();
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

  private cursorSnapshot(): SlackCursor {
    const channels: SlackCursor['channels'] = {};
    for (const channel of this.settings.channels) {
      const entry = this.cursor.channels[channel];
      if (entry) channels[channel] = { lastTs: entry.lastTs, threads: { ...entry.threads } };
    }
    return { channels };
  }

  private scheduleSave(): void {
    if (!this.cursorLoaded) return;
    this.cursorDirty = true;
    if (this.saveTimer || this.saveLoop) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.runSave();
    }, this.cursorSaveDelayMs);
  }

  private runSave(): Promise<void> {
    this.saveLoop ??= (async () => {
      try {
        while (this.cursorDirty) {
          this.cursorDirty = false;
          try {
            await this.cursorStore.save(this.cursorSnapshot());
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

  private async flushCursor(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (!this.cursorLoaded) return;
    this.cursorDirty = true;
    if (this.saveLoop) await this.saveLoop;
    await this.runSave();
  }

  // -------------------------------------------------------------------------------------------
  // Backfill

  private requestBackfill(signal: AbortSignal): void {
    this.gapOpen = true;
    if (this.backfillRunning) {
      this.backfillAgain = true;
      return;
    }
    this.backfillRunning = true;
    this.publish();
    void this.runBackfill(signal);
  }

  private async runBackfill(signal: AbortSignal): Promise<void> {
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
      this.gapOpen = false;
      for (const [channel, ts] of this.pendingLiveTs) {
        const entry = this.channelCursor(channel);
        entry.lastTs = maxTs(entry.lastTs, ts);
      }
      this.pendingLiveTs.clear();
      this.scheduleSave();
    } catch (error) {
      if (!(error instanceof Stale)) this.logger.error(`backfill stopped: ${describeError(error)}`);
    } finally {
      if (this.isCurrent(signal)) {
        this.backfillRunning = false;
        this.publish();
      }
    }
  }

  private async backfillAll(signal: AbortSignal): Promise<void> {
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

  private async backfillChannel(signal: AbortSignal, channel: string): Promise<void> {
    const lastTs = this.channelCursor(channel).lastTs;
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
    for (const parent of Object.keys(this.channelCursor(channel).threads)) {
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
    const entry = this.channelCursor(channel);
    for (const message of all) entry.lastTs = maxTs(entry.lastTs, message.ts);
  }

  /** First start: the most recent messages (and their threads), and the position to go on from. */
  private async initialBackfill(signal: AbortSignal, channel: string): Promise<void> {
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
    const entry = this.channelCursor(channel);
    for (const message of [...recent, ...replies]) entry.lastTs = maxTs(entry.lastTs, message.ts);
  }

  /** conversations.history, following `next_cursor`; a single page when `limit` is given. */
  private async history(
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
  private async replies(
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
      delete this.channelCursor(channel).threads[parentTs];
      return [];
    }
    return out.filter(
      (message) => message.ts !== parentTs && (oldest === null || compareTs(message.ts, oldest) > 0),
    );
  }

  /** Adds a page's well-formed messages to `out`; returns the next cursor, if any. */
  private collect(page: WebAPICallResult, out: RawMessage[]): string | undefined {
    const parsed = MessagePage.safeParse(page);
    if (!parsed.success) throw new Error('Slack answered a history call without messages');
    for (const raw of parsed.data.messages) {
      const message = RawMessage.safeParse(raw);
      if (message.success) out.push(message.data);
    }
    return parsed.data.response_metadata?.next_cursor || undefined;
  }
}

// ---------------------------------------------------------------------------------------------

async function disconnectQuietly(socket: SocketModeClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      socket.disconnect().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 2_000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The libraries' logging, warnings and errors only, into our log (they never log tokens at these
 * levels, and the adapter logger redacts any that slip through).
 */
function slackLogger(log: AdapterLogger): Logger {
  const order = [LogLevel.ERROR, LogLevel.WARN, LogLevel.INFO, LogLevel.DEBUG];
  let level = LogLevel.WARN;
  const write =
    (at: LogLevel) =>
    (...parts: unknown[]): void => {
      if (order.indexOf(at) > order.indexOf(level)) return;
      const line = `(library) ${parts.map((part) => String(part)).join(' ')}`;
      if (at === LogLevel.ERROR) log.error(line);
      else if (at === LogLevel.WARN) log.warn(line);
      else log.info(line);
    };
  return {
    debug: write(LogLevel.DEBUG),
    info: write(LogLevel.INFO),
    warn: write(LogLevel.WARN),
    error: write(LogLevel.ERROR),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
