/**
 * NTP-style estimate of the core's clock as seen from a client. Each ping records the client
 * time it left (t0), the core's time when it answered, and the client time the answer came
 * back (t1). Assuming the two legs take equal time, offset = serverTime - (t0 + t1) / 2; the
 * error is at most half the round trip, so only the samples with the lowest round trip are
 * trusted (those far above the best are rejected), and the median of those is used to shrug off
 * one unlucky sample.
 */
export interface ClockSample {
  offsetMs: number;
  rttMs: number;
  /** Client time the ping left: samples from before a busy moment can be dropped by it. */
  sentAt: number;
}

/**
 * A sample is trusted when its round trip is at most this much above the window's best (the
 * larger of twice the best and the best plus 2 ms): one that waited behind a snapshot, or for a
 * busy main thread, carries that wait on one leg only, and would pull the estimate by half of it.
 */
export function rttTolerance(bestRttMs: number): number {
  return Math.max(2 * bestRttMs, bestRttMs + 2);
}

/** Trusted samples (within rttTolerance of the best) an estimate needs to count as settled. */
export const SETTLED_SAMPLES = 3;
/** Best round trip under which a settled estimate's error bound (half of it) is a few ms. */
export const SETTLED_RTT_MS = 10;

export interface ClockOffsetOptions {
  /** Samples kept (the newest). */
  window?: number;
  /** Lowest-RTT samples the estimate is taken from. */
  best?: number;
}

export class ClockOffsetEstimator {
  private readonly samples: ClockSample[] = [];
  private readonly window: number;
  private readonly best: number;

  constructor(options: ClockOffsetOptions = {}) {
    this.window = options.window ?? 16;
    this.best = options.best ?? 4;
    // With no sample trusted the median would be NaN, and every screen would show NaN.
    for (const [name, value] of [
      ['window', this.window],
      ['best', this.best],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }

  /** Records one exchange; returns the sample. A negative round trip (clock stepped) is ignored. */
  addSample(clientSentAt: number, serverTime: number, clientReceivedAt: number): ClockSample | null {
    const rttMs = clientReceivedAt - clientSentAt;
    if (!Number.isFinite(rttMs) || rttMs < 0 || !Number.isFinite(serverTime)) return null;
    const sample = {
      offsetMs: serverTime - (clientSentAt + clientReceivedAt) / 2,
      rttMs,
      sentAt: clientSentAt,
    };
    this.samples.push(sample);
    if (this.samples.length > this.window) this.samples.shift();
    return sample;
  }

  get sampleCount(): number {
    return this.samples.length;
  }

  /** Samples within rttTolerance of the best round trip, lowest round trip first. */
  private trusted(): ClockSample[] {
    const sorted = [...this.samples].sort((a, b) => a.rttMs - b.rttMs);
    const limit = rttTolerance(sorted[0]?.rttMs ?? 0);
    return sorted.filter((s) => s.rttMs <= limit);
  }

  /**
   * Good enough to display from: SETTLED_SAMPLES trusted samples whose best round trip is under
   * SETTLED_RTT_MS, so the error is bounded by a few ms and no lone lucky (or unlucky) exchange
   * decides it.
   */
  get isSettled(): boolean {
    const best = this.bestRttMs;
    return best !== null && best <= SETTLED_RTT_MS && this.trusted().length >= SETTLED_SAMPLES;
  }

  /**
   * Drops the samples whose ping left before `clientTime`: exchanges that overlapped a snapshot
   * being sent and applied waited behind it on one leg, so their offsets lean by half that wait.
   */
  discardSentBefore(clientTime: number): void {
    const kept = this.samples.filter((s) => s.sentAt >= clientTime);
    this.samples.length = 0;
    this.samples.push(...kept);
  }

  /** Core clock minus client clock, ms; 0 until the first sample. */
  get offsetMs(): number {
    if (this.samples.length === 0) return 0;
    const trusted = this.trusted().slice(0, this.best);
    const offsets = trusted.map((s) => s.offsetMs).sort((a, b) => a - b);
    const mid = Math.floor(offsets.length / 2);
    return offsets.length % 2 === 1 ? offsets[mid]! : (offsets[mid - 1]! + offsets[mid]!) / 2;
  }

  /** Lowest round trip seen in the window: the bound on how wrong the offset can be (half of it). */
  get bestRttMs(): number | null {
    return this.samples.length === 0 ? null : Math.min(...this.samples.map((s) => s.rttMs));
  }

  /** The core's clock now, given the client's. */
  serverNow(clientNow: number): number {
    return clientNow + this.offsetMs;
  }

  reset(): void {
    this.samples.length = 0;
  }
}
