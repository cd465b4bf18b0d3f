import { ClockOffsetEstimator } from './clock.js';

/** The part of a socket.io client socket the clock needs (so shared/ imports no socket library). */
export interface ClockPingSocket {
  readonly connected: boolean;
  timeout(ms: number): { emitWithAck(event: 'clockPing', sentAt: number): Promise<unknown> };
}

/** Pings a burst may take to settle the estimate before it gives up and goes with the best it has. */
export const CLOCK_BURST_MAX = 20;
export const CLOCK_INTERVAL_MS = 5_000;
/**
 * The longest a screen holds its clock display (timers blank, overlays dark) after connecting
 * while the estimate settles. Past it the screen shows from the best estimate it has, so a slow
 * network never blanks a screen for long; an overlay still needs one measured sample.
 */
export const CLOCK_HOLD_MAX_MS = 3_000;
const PING_TIMEOUT_MS = 3_000;

export interface ClockSyncListener {
  /** A pong arrived (the core is alive) and the estimate may have moved. */
  onSample: (estimator: ClockOffsetEstimator, receivedAt: number) => void;
  /** Whether screens should display from the estimate now (settled, or the hold ran out). */
  onReady: (ready: boolean) => void;
}

/**
 * Measures this machine's clock against the core's with `clockPing`, for crew screens and the
 * Companion module alike: a burst on every connect
 * that runs until the estimate settles, then one ping every few seconds, which doubles as the
 * heartbeat the stale banner watches. The estimate restarts on each connect because the core may
 * be another machine now (a backup that took over has its own clock). A snapshot arriving makes
 * the exchanges that overlapped it worthless (their pongs waited behind it), so they are dropped
 * and the burst goes on from the first exchange after the snapshot was applied.
 */
export class ClockSync {
  readonly estimator = new ClockOffsetEstimator();
  private interval: ReturnType<typeof setInterval> | null = null;
  private holdTimer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  private bursting = false;
  private ready = false;

  constructor(
    private readonly socket: ClockPingSocket,
    private readonly listener: ClockSyncListener,
  ) {}

  start(): void {
    this.stop();
    this.estimator.reset();
    this.ready = false;
    this.listener.onReady(false);
    const generation = ++this.generation;
    this.burst(generation);
    this.holdTimer = setTimeout(() => {
      if (generation === this.generation) this.setReady(true);
    }, CLOCK_HOLD_MAX_MS);
    this.interval = setInterval(() => void this.ping(generation), CLOCK_INTERVAL_MS);
  }

  /** A snapshot was just applied: measure again from exchanges that did not overlap it. */
  afterSnapshot(appliedAt: number): void {
    if (this.interval === null) return; // not connected
    this.estimator.discardSentBefore(appliedAt);
    if (!this.estimator.isSettled) this.burst(this.generation);
  }

  /** After the page was hidden (timers throttled), measure at once rather than wait for the interval. */
  pingNow(): void {
    void this.ping(this.generation);
  }

  stop(): void {
    this.generation++;
    this.bursting = false;
    if (this.interval !== null) clearInterval(this.interval);
    if (this.holdTimer !== null) clearTimeout(this.holdTimer);
    this.interval = null;
    this.holdTimer = null;
  }

  private burst(generation: number): void {
    if (this.bursting) return; // the running burst checks settledness after every pong
    this.bursting = true;
    void (async () => {
      // Sequential, so the pings do not queue behind each other and inflate the round trip.
      for (let i = 0; i < CLOCK_BURST_MAX && generation === this.generation; i++) {
        await this.ping(generation);
        if (this.estimator.isSettled) break;
      }
      if (generation === this.generation) {
        this.bursting = false;
        if (this.estimator.sampleCount > 0) this.setReady(true);
      }
    })();
  }

  private setReady(ready: boolean): void {
    if (ready === this.ready) return;
    this.ready = ready;
    this.listener.onReady(ready);
  }

  private async ping(generation: number): Promise<void> {
    if (!this.socket.connected) return;
    const sentAt = Date.now();
    try {
      const serverTime: unknown = await this.socket.timeout(PING_TIMEOUT_MS).emitWithAck('clockPing', sentAt);
      const receivedAt = Date.now();
      if (generation !== this.generation || typeof serverTime !== 'number') return;
      this.estimator.addSample(sentAt, serverTime, receivedAt);
      this.listener.onSample(this.estimator, receivedAt);
      if (this.estimator.isSettled) this.setReady(true);
    } catch {
      // A lost pong is not an error to show: the stale watchdog turns silence into a banner.
    }
  }
}
