/**
 * NTP-style estimate of the core's clock as seen from a client. Each ping records the client
 * time it left (t0), the core's time when it answered, and the client time the answer came
 * back (t1). Assuming the two legs take equal time, offset = serverTime - (t0 + t1) / 2; the
 * error is at most half the round trip, so only the samples with the lowest round trip are
 * trusted, and the median of those is used to shrug off one unlucky sample.
 */
export interface ClockSample {
  offsetMs: number;
  rttMs: number;
}

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
    const sample = { offsetMs: serverTime - (clientSentAt + clientReceivedAt) / 2, rttMs };
    this.samples.push(sample);
    if (this.samples.length > this.window) this.samples.shift();
    return sample;
  }

  get sampleCount(): number {
    return this.samples.length;
  }

  /** Core clock minus client clock, ms; 0 until the first sample. */
  get offsetMs(): number {
    if (this.samples.length === 0) return 0;
    const trusted = [...this.samples].sort((a, b) => a.rttMs - b.rttMs).slice(0, this.best);
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
