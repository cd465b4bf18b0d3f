/**
 * One exponential backoff for every adapter (OBS, Slack, YouTube). Each passes its own numbers:
 *
 * - attempt 1 (the first retry) waits `firstMs` when given, else `baseMs`; from there the wait
 *   doubles from `baseMs` up to `capMs` (the "ceiling" of that attempt);
 * - the ceiling is then jittered, so many clients that lost the same server do not come back at
 *   the same instant:
 *   - `'full'`: anywhere in [0, ceiling);
 *   - `'equal'`: half the ceiling plus a random part of the other half, [ceiling/2, ceiling);
 *   - a number `s` (0 < s < 1): ±s around the ceiling, [ceiling·(1−s), ceiling·(1+s));
 *   - `'none'`: exactly the ceiling.
 *
 * `random` (0 ≤ x < 1) is injectable so tests can pin the jitter.
 */

export type Jitter = 'full' | 'equal' | 'none' | number;

export interface BackoffPolicy {
  /** The wait before attempt 1, when it differs from the doubling series (Slack: a quick 0.5 s). */
  readonly firstMs?: number;
  readonly baseMs: number;
  readonly capMs: number;
  readonly jitter: Jitter;
}

/** Doublings beyond this cannot matter (2^30 × any base is past any cap) and would overflow. */
const MAX_DOUBLINGS = 30;

/** The un-jittered wait before attempt `attempt` (1-based; anything below 1 counts as 1). */
export function backoffCeiling(policy: BackoffPolicy, attempt: number): number {
  const n = Math.max(1, Math.floor(attempt));
  if (policy.firstMs !== undefined) {
    if (n === 1) return Math.min(policy.capMs, policy.firstMs);
    return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n - 2, MAX_DOUBLINGS));
  }
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n - 1, MAX_DOUBLINGS));
}

/** The jittered wait (whole ms) before attempt `attempt` (1-based). */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = backoffCeiling(policy, attempt);
  const { jitter } = policy;
  if (jitter === 'none') return Math.round(ceiling);
  if (jitter === 'full') return Math.round(random() * ceiling);
  if (jitter === 'equal') return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.round(ceiling * (1 - jitter + 2 * jitter * random()));
}

/** `backoffDelay` bound to one policy: the `(attempt) => ms` the adapters take as an option. */
export function backoff(
  policy: BackoffPolicy,
  random: () => number = Math.random,
): (attempt: number) => number {
  return (attempt) => backoffDelay(policy, attempt, random);
}
