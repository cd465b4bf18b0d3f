import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { ObsConnectionInfo, ObsState } from '../../shared/obs.js';
import { initialObsState } from '../../shared/obs.js';
import type { ObsConnection } from './obsConnection.js';
import { ObsBusyError, ObsConnectionClosedError, ObsNotConnectedError } from './obsConnection.js';
import type { Logger } from '../adapters/logger.js';
import { createLogger, silentSink } from '../adapters/logger.js';
import {
  CurrentTransition,
  GetSceneListResponse,
  InputList,
  RecordStatus,
  SceneCollectionList,
  Stats,
  StreamStatus,
  StudioMode,
  TransitionCursor,
  TransitionList,
} from './obsPayloads.js';
import type { MirroredEvent } from './obsMirrorState.js';
import {
  MIRRORED_EVENTS,
  applyObsEvent,
  freezeState,
  pickStats,
  recordFromStatus,
  scenesInObsOrder,
  stateFromFullRead,
  streamFromStatus,
} from './obsMirrorState.js';

// The reducer lives in obsMirrorState.ts; these were always importable from here.
export { MIRRORED_EVENTS, applyObsEvent };
export type { MirroredEvent };

/**
 * Keeps an ObsState up to date for every crew screen: a full read of OBS on every (re)connect and
 * after a scene collection switch, OBS's events in between, and stats plus output status every
 * 2 s. Emits 'change' with a new frozen state, coalesced so a resync or a burst of events is one
 * change. Events are not trusted alone: after every transition the scenes are read back, since
 * OBS 29 sometimes sends no CurrentProgramSceneChanged after a Cut.
 */

// ---------------------------------------------------------------------------------------------

export interface ObsMirrorOptions {
  /** Stats and output status poll. */
  pollIntervalMs?: number;
  /** At most one 'change' per this many ms (the first of a burst goes out at once). */
  minEmitIntervalMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export interface ResyncReport {
  /** performance.now() when it began and how long it took, ms. */
  startedAt: number;
  durationMs: number;
  /** >1 when events arrived while reading, and it read again to be sure. */
  rounds: number;
}

interface ObsMirrorEvents {
  change: [ObsState];
}

interface SyncWaiter {
  after: number;
  resolve: (state: ObsState) => void;
}

/** How long after a stream/record event the 2 s poll may not overrule it. */
const OUTPUT_EVENT_GRACE_MS = 1_000;

/** Reads everything again while events keep landing mid-read, at most this often per resync. */
const MAX_RESYNC_ROUNDS = 3;

export class ObsMirror extends EventEmitter<ObsMirrorEvents> {
  private current: ObsState;
  private readonly now: () => number;
  private readonly logger: Logger;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly pollTimer: NodeJS.Timeout;
  private readonly minEmitIntervalMs: number;
  /** Counts every followed event, so a read that raced one can tell. */
  private eventSeq = 0;
  /** performance.now() of the last stream/record event (see poll). */
  private lastOutputEventAt = -Infinity;
  private syncs = 0;
  private resyncRunning: Promise<void> | null = null;
  private resyncAgain = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private sceneCheckTimer: NodeJS.Timeout | null = null;
  private transitionWatchdog: NodeJS.Timeout | null = null;
  private emitTimer: NodeJS.Timeout | null = null;
  private lastEmitAt = -Infinity;
  private dirty = false;
  private waiters: SyncWaiter[] = [];
  private disposed = false;
  lastResync: ResyncReport | null = null;

  constructor(
    private readonly connection: ObsConnection,
    options: ObsMirrorOptions = {},
  ) {
    super();
    this.now = options.now ?? Date.now;
    this.logger = createLogger('obs', options.log ?? silentSink);
    this.minEmitIntervalMs = options.minEmitIntervalMs ?? 50;
    this.current = freezeState({ ...initialObsState(this.now()), connection: connection.connectionInfo });

    for (const eventType of MIRRORED_EVENTS) {
      this.unsubscribe.push(connection.onEvent(eventType, (data) => this.onObsEvent(eventType, data)));
    }
    const onStatus = (info: ObsConnectionInfo): void => this.update({ connection: info });
    const onConnected = (): void => void this.resync();
    const onDisconnected = (): void => {
      this.cancelTimers();
      this.update({ synced: false, transitionActive: false, switchingCollection: false });
    };
    const onBusy = (busy: boolean): void => {
      if (busy) return; // the Changing event already set switchingCollection
      this.update({ switchingCollection: false });
      if (connection.isConnected) void this.resync();
    };
    connection.on('status', onStatus);
    connection.on('connected', onConnected);
    connection.on('disconnected', onDisconnected);
    connection.on('busy', onBusy);
    this.unsubscribe.push(
      () => connection.off('status', onStatus),
      () => connection.off('connected', onConnected),
      () => connection.off('disconnected', onDisconnected),
      () => connection.off('busy', onBusy),
    );

    this.pollTimer = setInterval(() => void this.poll(), options.pollIntervalMs ?? 2_000);
    this.pollTimer.unref();
    if (connection.isConnected) void this.resync();
  }

  /** The current mirror: frozen; a change makes a new object. */
  get state(): ObsState {
    return this.current;
  }

  /** Completed full resyncs since construction. */
  get syncCount(): number {
    return this.syncs;
  }

  /**
   * Resolves with the state once a full resync completed after the `after`-th one (by default:
   * now if synced, else at the next one). Rejects after `timeoutMs`.
   */
  whenSynced(options: { after?: number; timeoutMs?: number } = {}): Promise<ObsState> {
    const after = options.after ?? (this.current.synced ? this.syncs - 1 : this.syncs);
    if (this.syncs > after && this.current.synced) return Promise.resolve(this.current);
    return new Promise((resolve, reject) => {
      const waiter: SyncWaiter = {
        after,
        resolve: (state) => {
          clearTimeout(timer);
          resolve(state);
        },
      };
      const timeoutMs = options.timeoutMs ?? 30_000;
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `OBS was not resynced within ${timeoutMs} ms (status: ${this.current.connection.status})`,
          ),
        );
      }, timeoutMs);
      timer.unref();
      this.waiters.push(waiter);
    });
  }

  /** Reads all of OBS again. Concurrent calls share one run (which reads again if asked mid-run). */
  resync(): Promise<void> {
    if (this.resyncRunning) {
      this.resyncAgain = true;
      return this.resyncRunning;
    }
    const run = this.runResync().finally(() => {
      if (this.resyncRunning === run) this.resyncRunning = null;
      this.flushSoon();
      // Asked again mid-run (say OBS dropped and came back while we read): read once more.
      if (this.resyncAgain && this.connection.isConnected && !this.disposed) void this.resync();
    });
    this.resyncRunning = run;
    return run;
  }

  /**
   * What the controller read back from OBS after a command, applied at once (the event may come
   * later, or, after a Cut, never).
   */
  applyReadBack(
    patch: Partial<
      Pick<
        ObsState,
        | 'programScene'
        | 'previewScene'
        | 'studioMode'
        | 'currentTransition'
        | 'transitionDurationMs'
        | 'transitionActive'
      >
    >,
  ): void {
    this.update(patch);
  }

  /** Reads scenes, program and preview again (after a transition, when events are not to be trusted). */
  async refreshScenes(): Promise<void> {
    if (!this.connection.isConnected || this.connection.isBusy) return;
    const seq = this.eventSeq;
    try {
      const list = GetSceneListResponse.parse(await this.connection.call('GetSceneList'));
      if (seq !== this.eventSeq) return; // an event landed meanwhile; it is newer than this read
      this.update({
        scenes: scenesInObsOrder(list.scenes),
        programScene: list.currentProgramSceneName,
        previewScene: list.currentPreviewSceneName,
      });
    } catch (error) {
      this.quietly(error, 'reading the scenes');
    }
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.pollTimer);
    this.cancelTimers();
    this.cancelEmit();
    for (const off of this.unsubscribe.splice(0)) off();
    this.removeAllListeners();
  }

  // -------------------------------------------------------------------------------------------

  private onObsEvent(eventType: MirroredEvent, data: unknown): void {
    this.eventSeq += 1;
    if (eventType === 'StreamStateChanged' || eventType === 'RecordStateChanged')
      this.lastOutputEventAt = performance.now();
    this.update(applyObsEvent(this.current, eventType, data, this.now()));
    if (eventType === 'SceneTransitionStarted') this.watchTransition();
    if (eventType === 'SceneTransitionEnded') this.scheduleSceneCheck(0);
  }

  /** Guards the double-transition flag: if the Ended event is lost, the flag must not stick. */
  private watchTransition(): void {
    if (this.transitionWatchdog) clearTimeout(this.transitionWatchdog);
    const expected = (this.current.transitionDurationMs ?? 300) + 1_500;
    this.transitionWatchdog = setTimeout(() => {
      this.transitionWatchdog = null;
      if (!this.current.transitionActive) return;
      void this.checkTransitionCursor();
    }, expected);
    this.transitionWatchdog.unref();
  }

  private async checkTransitionCursor(): Promise<void> {
    try {
      const active = this.connection.supports('GetCurrentSceneTransitionCursor')
        ? TransitionCursor.parse(await this.connection.call('GetCurrentSceneTransitionCursor'))
            .transitionCursor < 1
        : false;
      if (!active) {
        this.update({ transitionActive: false });
        await this.refreshScenes();
      } else {
        this.watchTransition();
      }
    } catch (error) {
      this.quietly(error, 'checking the transition');
    }
  }

  private scheduleSceneCheck(delayMs: number): void {
    if (this.sceneCheckTimer) return;
    this.sceneCheckTimer = setTimeout(() => {
      this.sceneCheckTimer = null;
      void this.refreshScenes();
    }, delayMs);
    this.sceneCheckTimer.unref();
  }

  /**
   * Whether resync() was called again since this run last cleared the flag. A method, so the
   * read after an await is not narrowed: TypeScript does not see resync() set it meanwhile.
   */
  private askedAgain(): boolean {
    return this.resyncAgain;
  }

  private async runResync(): Promise<void> {
    if (!this.connection.isConnected || this.disposed) return;
    const started = performance.now();
    let rounds = 0;
    try {
      do {
        rounds += 1;
        this.resyncAgain = false;
        const seq = this.eventSeq;
        const read = await this.readEverything();
        this.current = freezeState({ ...this.current, ...read });
        this.dirty = true;
        if (seq === this.eventSeq && !this.askedAgain()) break;
      } while (rounds < MAX_RESYNC_ROUNDS);
      this.syncs += 1;
      this.lastResync = { startedAt: started, durationMs: performance.now() - started, rounds };
      this.update({ synced: true, switchingCollection: false });
      this.logger.info(
        `resynced in ${this.lastResync.durationMs.toFixed(1)} ms (${rounds} read${rounds > 1 ? 's' : ''})`,
      );
    } catch (error) {
      if (!this.quietly(error, 'resyncing')) {
        // OBS is there but something failed (a timeout): try again shortly rather than show stale data as fresh.
        this.retryTimer = setTimeout(() => void this.resync(), 1_000);
        this.retryTimer.unref();
      }
    }
    const synced = this.current;
    if (synced.synced) {
      const ready = this.waiters.filter((w) => this.syncs > w.after);
      this.waiters = this.waiters.filter((w) => this.syncs <= w.after);
      for (const waiter of ready) waiter.resolve(synced);
    }
  }

  /** One full read of OBS, all requests in flight at once. */
  private async readEverything(): Promise<Partial<ObsState>> {
    const c = this.connection;
    const optional = async <T>(request: string, read: () => Promise<T>, fallback: T): Promise<T> =>
      c.supports(request) ? read() : fallback;
    const now = this.now();
    const [sceneList, studio, transition, transitions, cursor, stream, record, inputs, stats, collection] =
      await Promise.all([
        c.call('GetSceneList').then((r) => GetSceneListResponse.parse(r)),
        c.call('GetStudioModeEnabled').then((r) => StudioMode.parse(r)),
        c.call('GetCurrentSceneTransition').then((r) => CurrentTransition.parse(r)),
        optional(
          'GetSceneTransitionList',
          () => c.call('GetSceneTransitionList').then((r) => TransitionList.parse(r)),
          null,
        ),
        optional(
          'GetCurrentSceneTransitionCursor',
          () => c.call('GetCurrentSceneTransitionCursor').then((r) => TransitionCursor.parse(r)),
          null,
        ),
        c.call('GetStreamStatus').then((r) => StreamStatus.parse(r)),
        c.call('GetRecordStatus').then((r) => RecordStatus.parse(r)),
        c.call('GetInputList').then((r) => InputList.parse(r)),
        optional('GetStats', () => c.call('GetStats').then((r) => Stats.parse(r)), null),
        optional(
          'GetSceneCollectionList',
          () => c.call('GetSceneCollectionList').then((r) => SceneCollectionList.parse(r)),
          null,
        ),
      ]);
    return stateFromFullRead(
      this.current,
      { sceneList, studio, transition, transitions, cursor, stream, record, inputs, stats, collection },
      now,
    );
  }

  /** Stats and output status every couple of seconds, while there is something synced to update. */
  private async poll(): Promise<void> {
    const c = this.connection;
    if (this.polling || !c.isConnected || c.isBusy || !this.current.synced || this.resyncRunning) return;
    this.polling = true;
    const seq = this.eventSeq;
    const startedAt = performance.now();
    try {
      const [stats, stream, record] = await Promise.all([
        c.supports('GetStats') ? c.call('GetStats').then((r) => Stats.parse(r)) : null,
        c.call('GetStreamStatus').then((r) => StreamStatus.parse(r)),
        c.call('GetRecordStatus').then((r) => RecordStatus.parse(r)),
      ]);
      const now = this.now();
      const patch: Partial<ObsState> = stats
        ? { stats: { ...pickStats(stats, this.current.stats), at: now } }
        : {};
      // An output event is newer than a poll that raced it, and OBS 29 reports an output active
      // for ~50 ms after its STOPPED event: give events a second before a poll may contradict them.
      if (seq === this.eventSeq && startedAt - this.lastOutputEventAt > OUTPUT_EVENT_GRACE_MS) {
        patch.stream = streamFromStatus(this.current.stream, stream, now, false);
        patch.record = recordFromStatus(this.current.record, record, now, false);
      }
      this.update(patch);
    } catch (error) {
      this.quietly(error, 'polling stats');
    } finally {
      this.polling = false;
    }
  }

  /** Logs an error unless it only means OBS went away (which the connection reports). True if it did. */
  private quietly(error: unknown, what: string): boolean {
    const gone =
      error instanceof ObsNotConnectedError ||
      error instanceof ObsConnectionClosedError ||
      error instanceof ObsBusyError;
    if (!gone) this.logger.warn(`${what} failed: ${(error as Error).message}`);
    return gone;
  }

  private cancelTimers(): void {
    for (const timer of [this.retryTimer, this.sceneCheckTimer, this.transitionWatchdog]) {
      if (timer) clearTimeout(timer);
    }
    this.retryTimer = this.sceneCheckTimer = this.transitionWatchdog = null;
  }

  /** Applies a patch (or a whole new state) and schedules one coalesced 'change'. */
  private update(next: Partial<ObsState> | ObsState): void {
    if (next === this.current) return;
    const changed = Object.entries(next).some(
      ([key, value]) => this.current[key as keyof ObsState] !== value,
    );
    if (!changed) return;
    this.current = freezeState({ ...this.current, ...next });
    this.dirty = true;
    this.flushSoon();
  }

  /**
   * One 'change' for a burst: the first goes out on the next tick of the timers, later ones
   * at most every minEmitIntervalMs. Nothing goes out while a resync reads, so a resync is one change.
   */
  private flushSoon(): void {
    if (!this.dirty || this.resyncRunning || this.emitTimer || this.disposed) return;
    const wait = this.lastEmitAt + this.minEmitIntervalMs - performance.now();
    const flush = (): void => {
      this.emitTimer = null;
      if (!this.dirty || this.resyncRunning || this.disposed) return;
      this.dirty = false;
      this.lastEmitAt = performance.now();
      this.emit('change', this.current);
    };
    this.emitTimer = setTimeout(flush, Math.max(0, wait));
  }

  private cancelEmit(): void {
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
  }
}
