/**
 * Failed-auth limiter per remote address: after `maxFailures` bad tokens within `windowMs`,
 * that address's bad tokens are refused as rate limited until the window has passed; its good
 * ones still get in (see `attempt`). Guessing a 144-bit token is hopeless anyway; this keeps a
 * misconfigured screen from hammering the core.
 */
export class AuthRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until this address may try again, or 0. */
  private blockedFor(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.maxFailures) return 0;
    return Math.max(0, recent[0]! + this.windowMs - this.now());
  }

  /**
   * One attempt to authenticate. A valid token always gets in, blocked address or not: one
   * laptop runs the producer's console beside OBS browser sources and Companion buttons, and a
   * stale link among them must not lock the producer out on show day. (Tokens are 144 random
   * bits: the limit is there to make guessing noisy, not to make it impossible.) A bad token
   * counts, and is refused as rate limited once its address has too many.
   * Returns how long the attempt is refused as rate limited, ms; 0: it is judged as its token is.
   */
  attempt(address: string, valid: boolean): number {
    if (valid) return 0;
    const blockedMs = this.blockedFor(address);
    if (blockedMs === 0) this.recordFailure(address);
    return blockedMs;
  }

  private recordFailure(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    this.failures.set(address, recent);
  }

  private recent(address: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const recent = (this.failures.get(address) ?? []).filter((t) => t > cutoff);
    if (recent.length === 0) this.failures.delete(address);
    else this.failures.set(address, recent);
    return recent;
  }
}
