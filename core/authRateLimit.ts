/** Let in; or refused: rate limited when `retryAfterMs` > 0, else a plain bad token. */
export type AuthAttempt = { ok: true } | { ok: false; retryAfterMs: number };

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
   */
  attempt(address: string, valid: boolean): AuthAttempt {
    if (valid) return { ok: true };
    const blockedMs = this.blockedFor(address);
    if (blockedMs > 0) return { ok: false, retryAfterMs: blockedMs };
    this.recordFailure(address);
    return { ok: false, retryAfterMs: 0 };
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
