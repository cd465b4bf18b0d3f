/**
 * Failed-auth limiter per remote address: after `maxFailures` bad tokens within `windowMs`,
 * that address is refused (even with a good token) until the window has passed. Guessing a
 * 144-bit token is hopeless anyway; this keeps a misconfigured screen from hammering the core.
 */
export class AuthRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until this address may try again, or 0. */
  blockedFor(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.maxFailures) return 0;
    return Math.max(0, recent[0]! + this.windowMs - this.now());
  }

  recordFailure(address: string): void {
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
