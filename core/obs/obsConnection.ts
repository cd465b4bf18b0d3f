// Longer than 500 lines on purpose: one connection's life (connect, identify, keep alive, time out
// requests, settle them on close, retry with backoff) is one state machine over shared private
// fields; the errors it raises sit at the top because every caller matches on them.
import { EventEmitter } from 'node:events';
// The JSON build: in Node the package's default entry is msgpack.
import { EventSubscription, OBSWebSocket, OBSWebSocketError } from 'obs-websocket-js/json';
import type { OBSRequestTypes, OBSResponseTypes } from 'obs-websocket-js/json';
import type { ObsConnectionInfo, ObsConnectionStatus, ObsSettings } from '../../shared/obs.js';
import { initialConnectionInfo, obsUrl } from '../../shared/obs.js';
import { healthReason } from '../../shared/adapterHealth.js';
import type { BackoffPolicy } from '../adapters/backoff.js';
import { backoff } from '../adapters/backoff.js';
import type { Logger } from '../adapters/logger.js';
import { createLogger, silentSink } from '../adapters/logger.js';
import { isAborted, Lifecycle, sleep } from '../adapters/lifecycle.js';

/**
 * One connection to one OBS, kept alive for as long as the show wants it. obs-websocket-js
 * neither reconnects, nor times out a request, nor settles a request whose socket closed; this
 * class adds all three, learns what the server can do (GetVersion) and refuses the rest with a
 * clear message, and never queues a request for later: while OBS is away, `call` fails at once.
 */

// ---------------------------------------------------------------------------------------------
// Errors: each says what happened in words a producer can act on.

export class ObsNotConnectedError extends Error {
  override readonly name = 'ObsNotConnectedError';
  constructor() {
    super('OBS is not connected');
  }
}

export class ObsConnectionClosedError extends Error {
  override readonly name = 'ObsConnectionClosedError';
  constructor(
    readonly requestType: string,
    readonly closeCode: number | null,
    detail: string,
  ) {
    super(`OBS connection closed before OBS answered ${requestType}${detail ? ` (${detail})` : ''}`);
  }
}

export class ObsTimeoutError extends Error {
  override readonly name = 'ObsTimeoutError';
  constructor(
    readonly requestType: string,
    readonly timeoutMs: number,
  ) {
    super(`OBS did not answer ${requestType} within ${timeoutMs} ms`);
  }
}

export class ObsUnsupportedError extends Error {
  override readonly name = 'ObsUnsupportedError';
  constructor(
    readonly requestType: string,
    version: string,
  ) {
    super(`${version} does not support ${requestType}; this needs a newer OBS`);
  }
}

/** OBS is between CurrentSceneCollectionChanging and …Changed, when requests can crash it. */
export class ObsBusyError extends Error {
  override readonly name = 'ObsBusyError';
  constructor() {
    super('OBS is switching scene collections; try again in a moment');
  }
}

/** OBS answered, and the answer was "no". `code` is obs-websocket's RequestStatus. */
export class ObsRequestError extends Error {
  override readonly name = 'ObsRequestError';
  constructor(
    readonly requestType: string,
    readonly code: number,
    readonly comment: string,
  ) {
    super(`OBS refused ${requestType}: ${comment || (REQUEST_STATUS_TEXT[code] ?? `status ${code}`)}`);
  }
}

/** The RequestStatus codes a show runs into; obs-websocket 5.1 often sends them without a comment. */
export const REQUEST_STATUS = {
  outputRunning: 500,
  outputNotRunning: 501,
  outputPaused: 502,
  outputNotPaused: 503,
  outputDisabled: 504,
  studioModeActive: 505,
  studioModeNotActive: 506,
  resourceNotFound: 600,
  resourceAlreadyExists: 601,
  invalidResourceType: 602,
  resourceNotConfigurable: 606,
} as const;

const REQUEST_STATUS_TEXT: Record<number, string> = {
  204: 'unknown request type',
  500: 'the output is already running',
  501: 'the output is not running',
  502: 'the output is paused',
  503: 'the output is not paused',
  504: 'the output is disabled',
  505: 'studio mode is on',
  506: 'studio mode is off',
  600: 'not found',
  601: 'already exists',
  602: 'wrong kind of resource',
  606: 'not configurable',
  702: 'the request failed in OBS',
};

/** obs-websocket close codes (WebSocketCloseCode) that end retrying. */
export const OBS_CLOSE = {
  authenticationFailed: 4009,
  unsupportedRpcVersion: 4010,
  sessionInvalidated: 4011,
} as const;

// ---------------------------------------------------------------------------------------------

export type RequestType = keyof OBSRequestTypes;

/**
 * Delay before reconnect attempt n (1 = the first retry): 250 ms doubling to a 1 s cap, ±20 %
 * jitter. The cap is low on purpose: the show must be resynced within 2 s of OBS listening
 * again, and an attempt against a port nobody listens on costs one refused TCP handshake.
 */
export const OBS_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 1_000, jitter: 0.2 };

/** What the mirror and the controller need from OBS's events; the rest are high-volume or unused. */
export const OBS_EVENT_SUBSCRIPTIONS =
  EventSubscription.General |
  EventSubscription.Config |
  EventSubscription.Scenes |
  EventSubscription.Inputs |
  EventSubscription.Transitions |
  EventSubscription.Outputs |
  EventSubscription.MediaInputs |
  EventSubscription.Ui;

export interface ObsConnectionOptions {
  settings: ObsSettings;
  /** ms before reconnect attempt n (1-based). Tests pass a fixed schedule. */
  backoff?: (attempt: number) => number;
  requestTimeoutMs?: number;
  /** For the websocket handshake, identification and GetVersion together. */
  connectTimeoutMs?: number;
  /** A ping every this often; no pong by the next one means OBS is gone (frozen, or the network). */
  keepAliveMs?: number;
  /** How long a scene collection switch may hold requests before we assume we missed its end. */
  collectionSwitchTimeoutMs?: number;
  eventSubscriptions?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export interface ObsServerInfo {
  obsVersion: string;
  websocketVersion: string;
  rpcVersion: number;
  platform: string;
  availableRequests: ReadonlySet<string>;
  supportedImageFormats: readonly string[];
}

export interface CallOptions {
  timeoutMs?: number;
}

interface ObsConnectionEvents {
  /** Every change of status, reason or retry time. */
  status: [ObsConnectionInfo];
  /** Identified and GetVersion read: requests may flow. The mirror resyncs here. */
  connected: [ObsServerInfo];
  /** A connected session ended, for whatever reason. Pending calls have been rejected. */
  disconnected: [{ code: number | null; reason: string }];
  /** CurrentSceneCollectionChanging → true; …Changed (or the safety timeout, or a drop) → false. */
  busy: [boolean];
}

export type ObsEventHandler = (data: unknown) => void;

interface PendingCall {
  requestType: string;
  reject: (error: Error) => void;
}

/** The `ws` socket under obs-websocket-js in Node, for the two things the library keeps to itself. */
interface RawSocket {
  terminate(): void;
  ping(): void;
  once(event: 'pong', listener: () => void): unknown;
}

class ObsSocket extends OBSWebSocket {
  private get raw(): Partial<RawSocket> | undefined {
    return this.socket as unknown as Partial<RawSocket> | undefined;
  }

  /** Closes without the close handshake, so a frozen OBS cannot hold us for ws's 30 s close timeout. */
  terminate(): void {
    this.raw?.terminate?.();
  }

  /** Sends a ping; `onPong` runs when OBS answers. False when there is no socket to ping. */
  ping(onPong: () => void): boolean {
    const raw = this.raw;
    if (!raw?.ping || !raw.once) return false;
    raw.once('pong', onPong);
    try {
      raw.ping();
      return true;
    } catch {
      return false;
    }
  }
}

export class ObsConnection extends EventEmitter<ObsConnectionEvents> {
  private settings: ObsSettings;
  private readonly socket = new ObsSocket();
  private readonly options: Required<Omit<ObsConnectionOptions, 'settings' | 'log'>>;
  private readonly logger: Logger;

  /**
   * The reconnect loop: one run per connect/updateSettings, aborted by the next one or by
   * disconnect, so an attempt that outlived its reason stops.
   */
  private readonly life = new Lifecycle();
  /** While connected: ends the run's wait for the session to end, with the next retry's delay. */
  private sessionOver: ((retryInMs: number | null) => void) | null = null;
  /** A session that ended before the run came to wait for it: what that end decided. */
  private sessionEnded: { retryInMs: number | null } | null = null;
  private wanted = false;
  private live = false;
  private server: ObsServerInfo | null = null;
  private info: ObsConnectionInfo;
  private retryCount = 0;
  private keepAliveTimer: NodeJS.Timeout | null = null;
  private awaitingPong = false;
  private busyTimer: NodeJS.Timeout | null = null;
  private busy = false;
  private exiting = false;
  private readonly pending = new Set<PendingCall>();
  /** Handlers per OBS event type; each type has exactly one relay on the socket. */
  private readonly relays = new Map<string, Set<ObsEventHandler>>();
  private readonly counters = { attempts: 0, connects: 0 };

  constructor(options: ObsConnectionOptions) {
    super();
    this.settings = options.settings;
    this.options = {
      backoff: options.backoff ?? backoff(OBS_BACKOFF),
      requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      keepAliveMs: options.keepAliveMs ?? 5_000,
      collectionSwitchTimeoutMs: options.collectionSwitchTimeoutMs ?? 20_000,
      eventSubscriptions: options.eventSubscriptions ?? OBS_EVENT_SUBSCRIPTIONS,
      now: options.now ?? Date.now,
    };
    this.logger = createLogger('obs', options.log ?? silentSink);
    this.info = Object.freeze(initialConnectionInfo(this.options.now()));
    // Registered once for this object's lifetime. obs-websocket-js keeps an instance's listeners
    // across its reconnects, and we reuse one instance, so a reconnect never adds a second set.
    this.socket.on('ConnectionClosed', (error) => this.onSocketClosed(error));
    this.onEvent('CurrentSceneCollectionChanging', () => this.setBusy(true));
    this.onEvent('CurrentSceneCollectionChanged', () => this.setBusy(false));
    this.onEvent('ExitStarted', () => (this.exiting = true));
  }

  // -------------------------------------------------------------------------------------------
  // Public surface

  get status(): ObsConnectionStatus {
    return this.info.status;
  }

  get connectionInfo(): ObsConnectionInfo {
    return this.info;
  }

  /** Null until first connected; kept after a drop so the UI can still say which OBS it was. */
  get serverInfo(): ObsServerInfo | null {
    return this.server;
  }

  get isConnected(): boolean {
    return this.live;
  }

  /** True between CurrentSceneCollectionChanging and …Changed. */
  get isBusy(): boolean {
    return this.busy;
  }

  /** Connection attempts and successful connects since construction (tests, diagnostics). */
  get stats(): { attempts: number; connects: number; pendingCalls: number } {
    return { ...this.counters, pendingCalls: this.pending.size };
  }

  /** Whether the connected OBS offers this request (from GetVersion.availableRequests). */
  supports(requestType: string): boolean {
    return this.server?.availableRequests.has(requestType) ?? false;
  }

  /** Starts connecting, or retries now after auth-failed/kicked/a pending retry. Watch 'status'. */
  connect(): void {
    if (this.wanted && (this.live || this.info.status === 'connecting')) return;
    this.restart();
  }

  /** New address or password: reconnects if they differ, or if OBS had refused or kicked us. */
  updateSettings(settings: ObsSettings): void {
    const changed =
      settings.host !== this.settings.host ||
      settings.port !== this.settings.port ||
      settings.password !== this.settings.password;
    this.settings = settings;
    if (!this.wanted) return;
    const stopped = ['auth-failed', 'kicked', 'unsupported'].includes(this.info.status);
    if (changed || stopped) this.restart();
  }

  /** Closes the session and stops reconnecting. Pending calls reject with "OBS connection closed…". */
  async disconnect(): Promise<void> {
    this.wanted = false;
    const stopped = this.life.stop('disconnected by the producer');
    this.endSession(null, 'disconnected by the producer');
    this.setStatus('disconnected', null, null);
    await this.closeSocket();
    await stopped;
  }

  /** Disconnects and drops every listener: the connection is done for good. */
  async dispose(): Promise<void> {
    await this.disconnect();
    this.removeAllListeners();
  }

  /**
   * Sends one request. Always settles: with OBS's answer, an ObsRequestError when OBS said no, an
   * ObsTimeoutError, or an ObsConnectionClosedError when the socket closed first. Refused at once
   * (never queued) while not connected, while OBS switches scene collections, or when this OBS
   * lacks the request.
   */
  call<K extends RequestType>(
    requestType: K,
    requestData?: OBSRequestTypes[K],
    options: CallOptions = {},
  ): Promise<OBSResponseTypes[K]> {
    if (!this.live) return Promise.reject(new ObsNotConnectedError());
    if (this.busy) return Promise.reject(new ObsBusyError());
    if (!this.supports(requestType)) {
      return Promise.reject(new ObsUnsupportedError(requestType, this.versionText()));
    }
    return this.track(requestType, requestData, options.timeoutMs ?? this.options.requestTimeoutMs);
  }

  /**
   * Subscribes to one OBS event; returns the unsubscribe function. The first handler for a type
   * installs that type's only relay on the socket. Payloads are `unknown` on purpose: this OBS may
   * not send what the library's typings (written for newer servers) promise, so handlers parse.
   */
  onEvent(eventType: string, handler: ObsEventHandler): () => void {
    let handlers = this.relays.get(eventType);
    if (!handlers) {
      const set = new Set<ObsEventHandler>();
      handlers = set;
      this.relays.set(eventType, set);
      const relay = (data: unknown): void => {
        for (const fn of [...set]) {
          try {
            fn(data);
          } catch (error) {
            this.logger.error(`handler for ${eventType} failed: ${(error as Error).message}`);
          }
        }
      };
      (this.socket as unknown as { on(event: string, fn: ObsEventHandler): void }).on(eventType, relay);
    }
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  /** Listeners on the underlying socket for an event: 1 per subscribed type, however often OBS came back. */
  socketListenerCount(eventType: string): number {
    return (this.socket as unknown as { listenerCount(event: string): number }).listenerCount(eventType);
  }

  // -------------------------------------------------------------------------------------------
  // Connecting

  private restart(): void {
    this.wanted = true;
    this.life.abort('reconnecting with new settings');
    this.retryCount = 0;
    this.endSession(null, 'reconnecting with new settings');
    this.setStatus('connecting', null, null);
    this.life.start((signal) => this.run(signal));
  }

  /** Attempts until connected, and again after each drop, until stopped or refused for good. */
  private async run(signal: AbortSignal): Promise<void> {
    await this.closeSocket();
    while (!signal.aborted) {
      let retryInMs = await this.attempt(signal);
      if (retryInMs === 'connected') retryInMs = await this.untilSessionEnds(signal);
      if (retryInMs === null || isAborted(signal)) return;
      // Unref'd: a process that is closing does not stay up to reconnect to OBS.
      await sleep(retryInMs, signal, { unref: true }).catch(() => undefined);
    }
  }

  /** Resolves with the next retry's delay when the live session drops, or null when stopped. */
  private untilSessionEnds(signal: AbortSignal): Promise<number | null> {
    return new Promise((resolve) => {
      const done = (retryInMs: number | null): void => {
        signal.removeEventListener('abort', onAbort);
        if (this.sessionOver === done) this.sessionOver = null;
        resolve(retryInMs);
      };
      const onAbort = (): void => done(null);
      const ended = this.sessionEnded;
      this.sessionEnded = null;
      if (signal.aborted) return done(null);
      if (ended) return done(ended.retryInMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.sessionOver = done;
    });
  }

  /** One attempt: 'connected', the delay before the next one, or null (stopped, or refused for good). */
  private async attempt(signal: AbortSignal): Promise<'connected' | number | null> {
    if (signal.aborted) return null;
    this.sessionEnded = null;
    this.counters.attempts += 1;
    if (this.info.retryAt !== null) this.setStatus(this.info.status, this.info.reason, null);
    this.exiting = false;
    // Set by the deadline's timer while the connect is awaited; `as boolean` keeps TypeScript
    // from narrowing it to false for good.
    let timedOut = false as boolean;
    const deadline = setTimeout(() => {
      // The socket object is shared by every attempt: only end it if it is still ours.
      if (signal.aborted) return;
      timedOut = true;
      this.socket.terminate();
    }, this.options.connectTimeoutMs);
    try {
      const identified = await this.socket.connect(
        obsUrl(this.settings),
        this.settings.password || undefined,
        {
          rpcVersion: 1,
          eventSubscriptions: this.options.eventSubscriptions,
        },
      );
      if (isAborted(signal)) return null;
      const version = await this.track('GetVersion', undefined, this.options.connectTimeoutMs);
      if (isAborted(signal)) return null;
      this.server = {
        obsVersion: version.obsVersion,
        websocketVersion: version.obsWebSocketVersion,
        rpcVersion: identified.negotiatedRpcVersion,
        platform: version.platform,
        availableRequests: new Set(version.availableRequests),
        supportedImageFormats: version.supportedImageFormats,
      };
      this.live = true;
      this.retryCount = 0;
      this.counters.connects += 1;
      this.startKeepAlive(signal);
      this.setStatus('connected', null, null);
      this.logger.info(
        `connected to OBS ${version.obsVersion} (obs-websocket ${version.obsWebSocketVersion})`,
      );
      this.emit('connected', this.server);
      return 'connected';
    } catch (error) {
      if (isAborted(signal)) return null;
      void this.closeSocket();
      const reason = timedOut
        ? `OBS at ${this.settings.host}:${this.settings.port} did not answer within ${this.options.connectTimeoutMs} ms`
        : describeFailure(error, this.settings);
      return this.afterFailure(timedOut ? null : closeCodeOf(error), reason);
    } finally {
      clearTimeout(deadline);
    }
  }

  /**
   * What a failed attempt or a dropped session leads to: stop (and say why; null), or retry
   * after the returned delay.
   */
  private afterFailure(code: number | null, reason: string): number | null {
    if (!this.wanted) return null;
    if (code === OBS_CLOSE.authenticationFailed) {
      this.setStatus(
        'auth-failed',
        `OBS refused the password; check it in OBS › Tools › WebSocket Server Settings (${reason})`,
        null,
      );
    } else if (code === OBS_CLOSE.sessionInvalidated) {
      this.setStatus('kicked', `OBS ended this connection; someone disconnected it in OBS (${reason})`, null);
    } else if (code === OBS_CLOSE.unsupportedRpcVersion || /subprotocol/i.test(reason)) {
      this.setStatus(
        'unsupported',
        `this OBS does not speak obs-websocket 5 (OBS 28 or newer is needed): ${reason}`,
        null,
      );
    } else {
      return this.scheduleRetry(reason);
    }
    return null;
  }

  /** Counts the retry, says when it will be, and returns its delay (the run sleeps it). */
  private scheduleRetry(reason: string): number {
    this.retryCount += 1;
    const delay = Math.max(0, this.options.backoff(this.retryCount));
    this.setStatus('reconnecting', reason, this.options.now() + delay);
    return delay;
  }

  // -------------------------------------------------------------------------------------------
  // Losing the connection

  private onSocketClosed(error: OBSWebSocketError): void {
    const code = typeof error.code === 'number' && error.code > 0 ? error.code : null;
    const detail = closeDetail(code, error.message, this.exiting);
    if (!this.live) {
      // A failed attempt: attempt() decides what comes next; only unblock what waited on it.
      this.rejectPending(code, detail);
      return;
    }
    this.logger.warn(`connection lost: ${detail}`);
    this.endSession(code, detail);
    const retryInMs = this.afterFailure(code, detail);
    if (this.sessionOver) this.sessionOver(retryInMs);
    else this.sessionEnded = { retryInMs };
  }

  /** Ends a live session: rejects what waited on it and tells listeners. No-op when not live. */
  private endSession(code: number | null, detail: string): void {
    this.rejectPending(code, detail);
    this.stopKeepAlive();
    this.setBusy(false);
    if (!this.live) return;
    this.live = false;
    this.emit('disconnected', { code, reason: detail });
  }

  private rejectPending(code: number | null, detail: string): void {
    const calls = [...this.pending];
    this.pending.clear();
    for (const call of calls) call.reject(new ObsConnectionClosedError(call.requestType, code, detail));
  }

  private async closeSocket(): Promise<void> {
    const force = setTimeout(() => this.socket.terminate(), 1_000);
    try {
      await this.socket.disconnect();
    } catch {
      // Already closed, or never opened.
    } finally {
      clearTimeout(force);
    }
  }

  private startKeepAlive(signal: AbortSignal): void {
    this.stopKeepAlive();
    this.keepAliveTimer = setInterval(() => {
      if (signal.aborted || !this.live) return;
      if (this.awaitingPong) {
        this.logger.warn('OBS did not answer a ping: dropping the connection');
        this.socket.terminate();
        return;
      }
      this.awaitingPong = this.socket.ping(() => (this.awaitingPong = false));
    }, this.options.keepAliveMs);
    this.keepAliveTimer.unref();
  }

  private stopKeepAlive(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = null;
    this.awaitingPong = false;
  }

  // -------------------------------------------------------------------------------------------
  // Requests

  private track<K extends RequestType>(
    requestType: K,
    requestData: OBSRequestTypes[K] | undefined,
    timeoutMs: number,
  ): Promise<OBSResponseTypes[K]> {
    return new Promise<OBSResponseTypes[K]>((resolve, reject) => {
      let settled = false;
      const finish = (settle: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pending.delete(entry);
        settle();
      };
      const entry: PendingCall = { requestType, reject: (error) => finish(() => reject(error)) };
      const timer = setTimeout(() => entry.reject(new ObsTimeoutError(requestType, timeoutMs)), timeoutMs);
      timer.unref();
      this.pending.add(entry);
      this.socket.call(requestType, requestData).then(
        (response) => finish(() => resolve(response)),
        (error: unknown) => finish(() => reject(this.requestFailure(requestType, error))),
      );
    });
  }

  private requestFailure(requestType: string, error: unknown): Error {
    if (error instanceof OBSWebSocketError && error.code >= 100) {
      return new ObsRequestError(requestType, error.code, error.message);
    }
    // obs-websocket-js throws a plain "Not connected" / "Socket not identified" when the socket
    // went away between our check and the send.
    const message = error instanceof Error ? error.message : String(error);
    return new ObsConnectionClosedError(requestType, null, message);
  }

  private setBusy(busy: boolean): void {
    if (this.busyTimer) clearTimeout(this.busyTimer);
    this.busyTimer = null;
    if (busy) {
      // If …Changed never comes (the switch failed), do not hold requests forever.
      this.busyTimer = setTimeout(() => this.setBusy(false), this.options.collectionSwitchTimeoutMs);
      this.busyTimer.unref();
    }
    if (this.busy === busy) return;
    this.busy = busy;
    this.emit('busy', busy);
  }

  private setStatus(status: ObsConnectionStatus, reason: string | null, retryAt: number | null): void {
    const previous = this.info;
    const next: ObsConnectionInfo = {
      status,
      reason: healthReason(reason),
      obsVersion: this.server?.obsVersion ?? null,
      websocketVersion: this.server?.websocketVersion ?? null,
      rpcVersion: this.server?.rpcVersion ?? null,
      retryAt,
      since: previous.status === status ? previous.since : this.options.now(),
    };
    if (
      previous.status === next.status &&
      previous.reason === next.reason &&
      previous.retryAt === next.retryAt &&
      previous.obsVersion === next.obsVersion &&
      previous.websocketVersion === next.websocketVersion
    ) {
      return;
    }
    this.info = Object.freeze(next);
    this.emit('status', this.info);
  }

  private versionText(): string {
    return this.server
      ? `OBS ${this.server.obsVersion} (obs-websocket ${this.server.websocketVersion})`
      : 'this OBS';
  }
}

function closeCodeOf(error: unknown): number | null {
  if (error instanceof ObsConnectionClosedError) return error.closeCode;
  if (error instanceof OBSWebSocketError && error.code > 0) return error.code;
  return null;
}

function describeFailure(error: unknown, settings: ObsSettings): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED/.test(message)) {
    return `nothing listens on ${settings.host}:${settings.port} (is OBS running, with its WebSocket server on?)`;
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return `cannot find the host "${settings.host}"`;
  if (/EHOSTUNREACH|ENETUNREACH/.test(message)) return `cannot reach ${settings.host}`;
  return message || 'the connection to OBS failed';
}

function closeDetail(code: number | null, message: string, exiting: boolean): string {
  if (exiting) return 'OBS was closed';
  if (message) return message;
  if (code === 1000 || code === 1001) return 'OBS closed the connection';
  return code === null || code === 1006 ? 'the connection to OBS dropped' : `closed with code ${code}`;
}
