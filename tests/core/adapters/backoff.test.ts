import { describe, expect, it } from 'vitest';
import type { BackoffPolicy } from '../../../core/adapters/backoff.js';
import { backoff, backoffCeiling, backoffDelay } from '../../../core/adapters/backoff.js';
import { OBS_BACKOFF } from '../../../core/obs/obsConnection.js';
import { SLACK_BACKOFF } from '../../../core/chat/slack/slackSource.js';
import { YOUTUBE_BACKOFF } from '../../../core/chat/youtube/youtubeSource.js';
import { seededRandom } from '../../shared/fixtures.js';

const seeded = seededRandom;

const plain: BackoffPolicy = { baseMs: 100, capMs: 1_000, jitter: 'none' };

describe('backoff ceiling', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffCeiling(plain, n))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('takes a distinct first wait, then doubles from the base', () => {
    const policy: BackoffPolicy = { firstMs: 500, baseMs: 1_000, capMs: 30_000, jitter: 'none' };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffCeiling(policy, n))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000,
    ]);
  });

  it('treats attempt 0 or below as the first, and never overflows on huge attempts', () => {
    expect(backoffCeiling(plain, 0)).toBe(100);
    expect(backoffCeiling(plain, -3)).toBe(100);
    expect(backoffCeiling(plain, 10_000)).toBe(1_000);
    expect(Number.isFinite(backoffDelay({ ...plain, jitter: 'full' }, 1e9, () => 0.999))).toBe(true);
  });
});

describe('backoff jitter', () => {
  const attempts = Array.from({ length: 12 }, (_, i) => i + 1);

  it('full jitter stays in [0, ceiling]', () => {
    const random = seeded(1);
    const policy: BackoffPolicy = { ...plain, jitter: 'full' };
    for (let round = 0; round < 200; round++) {
      for (const n of attempts) {
        const delay = backoffDelay(policy, n, random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(backoffCeiling(policy, n));
      }
    }
  });

  it('equal jitter stays in [ceiling/2, ceiling]', () => {
    const random = seeded(2);
    const policy: BackoffPolicy = { ...plain, jitter: 'equal' };
    for (let round = 0; round < 200; round++) {
      for (const n of attempts) {
        const delay = backoffDelay(policy, n, random);
        const ceiling = backoffCeiling(policy, n);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('a spread of 0.2 stays within ±20 % of the ceiling', () => {
    const random = seeded(3);
    const policy: BackoffPolicy = { ...plain, jitter: 0.2 };
    for (let round = 0; round < 200; round++) {
      for (const n of attempts) {
        const delay = backoffDelay(policy, n, random);
        const ceiling = backoffCeiling(policy, n);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling * 0.8));
        expect(delay).toBeLessThanOrEqual(Math.ceil(ceiling * 1.2));
      }
    }
  });

  it('uses the whole range: the extremes of random give the extremes of the wait', () => {
    expect(backoffDelay({ ...plain, jitter: 'full' }, 4, () => 0)).toBe(0);
    expect(backoffDelay({ ...plain, jitter: 'full' }, 4, () => 0.999_999)).toBe(800);
    expect(backoffDelay({ ...plain, jitter: 'equal' }, 4, () => 0)).toBe(400);
    expect(backoffDelay({ ...plain, jitter: 0.2 }, 4, () => 0)).toBe(640);
    expect(backoffDelay({ ...plain, jitter: 0.2 }, 4, () => 0.999_999)).toBe(960);
  });

  it('spreads the waits: a seeded run gives many different values, the same on every run', () => {
    const run = () => {
      const next = backoff({ ...plain, jitter: 'full' }, seeded(42));
      return Array.from({ length: 50 }, () => next(5));
    };
    const first = run();
    expect(new Set(first).size).toBeGreaterThan(25);
    expect(run()).toEqual(first);
  });

  it('grows on average with the attempt until the cap', () => {
    const mean = (n: number) => {
      const random = seeded(7);
      let sum = 0;
      for (let i = 0; i < 500; i++) sum += backoffDelay({ ...plain, jitter: 'equal' }, n, random);
      return sum / 500;
    };
    expect(mean(2)).toBeGreaterThan(mean(1));
    expect(mean(3)).toBeGreaterThan(mean(2));
    expect(mean(4)).toBeGreaterThan(mean(3));
  });
});

describe("the adapters' numbers are the ones they had", () => {
  it('OBS: 250 ms doubling to a 1 s cap, ±20 %', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(OBS_BACKOFF, n, () => 0.5))).toEqual([
      250, 500, 1_000, 1_000,
    ]);
    expect(backoffDelay(OBS_BACKOFF, 1, () => 0)).toBe(200);
    expect(backoffDelay(OBS_BACKOFF, 3, () => 0.999_999)).toBe(1_200);
  });

  it('Slack: 0.5 s, then 1 s doubling to 30 s, ±20 %', () => {
    expect([1, 2, 3, 7, 8].map((n) => backoffDelay(SLACK_BACKOFF, n, () => 0.5))).toEqual([
      500, 1_000, 2_000, 30_000, 30_000,
    ]);
    expect(backoffDelay(SLACK_BACKOFF, 1, () => 0)).toBe(400);
  });

  it('YouTube: 2 s doubling to 5 min, equal jitter', () => {
    expect([1, 2, 3, 9, 10].map((n) => backoffDelay(YOUTUBE_BACKOFF, n, () => 0.5))).toEqual([
      1_500, 3_000, 6_000, 225_000, 225_000,
    ]);
    expect(backoffDelay(YOUTUBE_BACKOFF, 1, () => 0)).toBe(1_000);
  });
});
