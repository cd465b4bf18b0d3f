import { EventEmitter } from 'node:events';
import type { SocketModeClient } from '@slack/socket-mode';
import { WebClient } from '@slack/web-api';
import type { Logger, WebAPICallResult } from '@slack/web-api';
import type { ChatIngest, ChatAuthor, ChatSourceState, ChatSourceStatus } from '../../../shared/chat.js';
import { healthReason } from '../../../shared/adapterHealth.js';
import { SlackSettings } from '../../../shared/chatSettings.js';
import type { SlackSettingsInput } from '../../../shared/chatSettings.js';
import type { BackoffPolicy } from '../../adapters/backoff.js';
import { backoff } from '../../adapters/backoff.js';
import { Lifecycle, sleep } from '../../adapters/lifecycle.js';
import type { Logger as AdapterLogger } from '../../adapters/logger.js';
import { createLogger, silentSink } from '../../adapters/logger.js';
import type { FeedView } from '../feedView.js';
import type { SlackCursorStore } from './slackCursor.js';
import { SlackPosition } from './slackCursor.js';
import { slackLogger } from './slackSocket.js';
import { Stale, platformCode, rateLimitSeconds, tokenErrorReason } from './slackWire.js';

/**
 * The Slack source's state and what it reports: the options, the run (one AbortSignal per
 * start), the status/health computed from the socket's state (plus backfilling / waiting on a
 * rate limit, never "chat has been quiet for a while"), and the Web API calls, whose rate-limit
 * waits show in that status and whose token errors stop the source. The layers above add the
 * mapping of events to feed messages (slackMessages.ts), the history backfill
 * (slackBackfill.ts) and the Socket Mode connection (slackSource.ts).
 */

/**
 * Delay before reconnect attempt n (1 = right after a drop): ~0.5 s, then 1 s doubling to 30 s,
 * ±20 % jitter. Also paces retries of a failed backfill.
 */
export const SLACK_BACKOFF: BackoffPolicy = { firstMs: 500, baseMs: 1_000, capMs: 30_000, jitter: 0.2 };

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
  /** The feed the core holds: catch-ups reconcile it with history (see slackBackfill.ts). */
  feed?: FeedView;
}

export interface SlackSourceEvents {
  /** Operations for the core, in order. Backfill comes in larger batches. */
  ingest: [ChatIngest[]];
  /** Every change of state, reason or retry time. */
  status: [ChatSourceStatus];
}

export interface Identity {
  userId: string | null;
  workspaceUrl: string | null;
}

interface Wait {
  reason: string;
  until: number;
}

export abstract class SlackState extends EventEmitter<SlackSourceEvents> {
  readonly settings: SlackSettings;
  protected readonly logger: AdapterLogger;
  protected readonly now: () => number;
  protected readonly backoff: (attempt: number) => number;
  protected readonly connectTimeoutMs: number;
  protected readonly requestTimeoutMs: number;
  protected readonly slackLogger: Logger;
  protected readonly web: WebClient;
  protected readonly position: SlackPosition;
  /** The core's feed, when it handed one over (standalone, what this source emitted stands in). */
  protected readonly feed: FeedView | null;

  // Run state. Each start() begins a run with a fresh AbortSignal; stop/fail abort it, which
  // makes all of that run's work stale (every step checks the signal it was handed).
  protected readonly life = new Lifecycle();
  protected fatal: string | null = null;
  protected socket: SocketModeClient | null = null;
  protected socketUp = false;
  protected everConnected = false;
  protected reconnectAttempt = 0;
  protected reconnectAt: number | null = null;
  protected socketProblem: string | null = null;
  protected readonly waits = new Map<number, Wait>();
  protected waitSeq = 0;
  protected backfillRunning = false;

  // Caches, kept across reconnects and restarts of this instance.
  protected identity: Identity | null = null;
  protected readonly channelNames = new Map<string, string>();
  protected readonly channelProblems = new Map<string, string>();
  /** users.info answers (and definite misses), kept; lookups in flight belong to one run. */
  protected readonly authors = new Map<string, ChatAuthor>();

  protected current: ChatSourceStatus;
  protected lastPublishAt = 0;
  protected received = 0;

  constructor(options: SlackSourceOptions) {
    super();
    this.settings = SlackSettings.parse(options.settings);
    this.logger = createLogger('slack', options.log ?? silentSink);
    this.now = options.now ?? Date.now;
    this.backoff = options.backoff ?? backoff(SLACK_BACKOFF);
    this.connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 20_000;
    this.position = new SlackPosition(
      options.cursorStore,
      this.settings.channels,
      options.cursorSaveDelayMs ?? 1_000,
      this.logger,
    );
    this.feed = options.feed ?? null;
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

  /** Stops for good (until start() is called again): a token or the app is no longer valid. */
  protected abstract fail(signal: AbortSignal, reason: string): void;

  protected isCurrent(signal: AbortSignal): boolean {
    return !signal.aborted && this.life.signal === signal;
  }

  /** Whether `socket` is the current run's socket (events from an old one are ignored). */
  protected owns(signal: AbortSignal, socket: SocketModeClient): boolean {
    return this.isCurrent(signal) && this.socket === socket;
  }

  // -------------------------------------------------------------------------------------------
  // Status

  protected computeStatus(): Pick<ChatSourceStatus, 'state' | 'reason' | 'retryAt'> {
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

  protected publish(at: number = this.now()): void {
    const computed = this.computeStatus();
    const next = { ...computed, reason: healthReason(computed.reason) };
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

  protected async call(
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

  protected async waitFor(signal: AbortSignal, ms: number, reason: string): Promise<void> {
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
  protected async sleep(signal: AbortSignal, ms: number): Promise<void> {
    if (!this.isCurrent(signal)) throw new Stale();
    try {
      await sleep(ms, signal);
    } catch {
      throw new Stale();
    }
  }
}
