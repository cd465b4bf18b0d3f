import type { Socket } from 'socket.io-client';
import { ClockOffsetEstimator } from '../../shared/clock.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.js';

/** Enough samples at connect for a good estimate before the first frame matters. */
export const CLOCK_BURST = 5;
export const CLOCK_INTERVAL_MS = 5_000;
const PING_TIMEOUT_MS = 3_000;

export interface ClockSyncListener {
  /** A pong arrived (the core is alive) and the estimate may have moved. */
  onSample: (estimator: ClockOffsetEstimator, receivedAt: number) => void;
}

/**
 * Measures this machine's clock against the core's with `clockPing`: a burst on every connect,
 * then one ping every few seconds, which doubles as the heartbeat the stale banner watches.
 * The estimate restarts on each connect because the core may be another machine now (a backup
 * that took over has its own clock).
 */
export class ClockSync {
  readonly estimator = new ClockOffsetEstimator();
  private interval: ReturnType<typeof setInterval> | null = null;
  private generation = 0;

  constructor(
    private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>,
    private readonly listener: ClockSyncListener,
  ) {}

  start(): void {
    this.stop();
    this.estimator.reset();
    const generation = ++this.generation;
    void (async () => {
      // Sequential, so the pings do not queue behind each other and inflate the round trip.
      for (let i = 0; i < CLOCK_BURST && generation === this.generation; i++) await this.ping(generation);
    })();
    this.interval = setInterval(() => void this.ping(generation), CLOCK_INTERVAL_MS);
  }

  /** After the page was hidden (timers throttled), measure at once rather than wait for the interval. */
  pingNow(): void {
    void this.ping(this.generation);
  }

  stop(): void {
    this.generation++;
    if (this.interval !== null) clearInterval(this.interval);
    this.interval = null;
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
    } catch {
      // A lost pong is not an error to show: the stale watchdog turns silence into a banner.
    }
  }
}
