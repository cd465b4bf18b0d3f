import type { SocketModeClient } from '@slack/socket-mode';
import { SlackSettings } from '../../../shared/chatSettings.js';
import type { SlackSettingsInput } from '../../../shared/chatSettings.js';
import { aborted, sleep } from '../../adapters/lifecycle.js';
import { SlackBackfill } from './slackBackfill.js';
import { disconnectQuietly, openSocket, socketModeClient } from './slackSocket.js';
import {
  AuthTest,
  ConversationInfo,
  Stale,
  channelProblem,
  describeError,
  platformCode,
  rateLimitSeconds,
  tokenErrorReason,
} from './slackWire.js';

/**
 * The Slack side of the question feed: one workspace, a few channels, through Socket Mode (an
 * outbound websocket, so it works behind NAT with no public URL).
 *
 * This file is the connection and the public surface; the layers below it are one job each:
 * slackState.ts (options, run, status/health, Web API calls), slackMessages.ts (events → feed
 * messages), slackBackfill.ts (history after every gap), slackCursor.ts (the saved position),
 * slackSocket.ts (the Socket Mode client and the libraries' logging).
 *
 * - The socket reconnects itself (backoff with jitter); after every gap (start, reconnect) the
 *   channels are backfilled.
 * - A token Slack refuses (invalid_auth, not_authed, account_inactive, revoked…) stops the source
 *   with a reason the producer can act on; nothing retries in a loop against a dead token.
 * - Tokens never appear in logs or statuses.
 */

export { SlackSettings };
export type { SlackSettingsInput };
export { SlackCursor } from './slackCursor.js';
export type { SlackCursorStore } from './slackCursor.js';
export { SLACK_BACKOFF } from './slackState.js';
export type { SlackSourceEvents, SlackSourceOptions } from './slackState.js';

export class SlackSource extends SlackBackfill {
  /** The wait before the next reconnect, aborted by stop/fail (through the run) or a newer one. */
  private reconnectWait: AbortController | null = null;

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
    await this.position.load();
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
    await this.position.flush();
  }

  // -------------------------------------------------------------------------------------------
  // Connection

  private async connect(signal: AbortSignal): Promise<void> {
    if (!this.isCurrent(signal)) return;
    let socket: SocketModeClient | null = null;
    try {
      if (!this.identity) await this.identify(signal);
      await this.loadChannelNames(signal);
      socket = this.createSocket(signal);
      await openSocket(socket, this.connectTimeoutMs);
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
    const socket = socketModeClient(this.settings, this.slackLogger, this.requestTimeoutMs);
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
  protected fail(signal: AbortSignal, reason: string): void {
    if (!this.isCurrent(signal)) return;
    this.logger.error(`stopped: ${reason}`);
    const socket = this.shutdown();
    this.fatal = reason;
    this.publish();
    if (socket) void disconnectQuietly(socket);
    void this.position.flush();
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
    this.held = [];
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
}
