import { describe, expect, it } from 'vitest';
import type { QuotaPlanInput } from '../../../shared/youtubeQuota.js';
import {
  LIVE_CHAT_MESSAGES_LIST_COST,
  nextQuotaReset,
  planQuota,
  quotaDayKey,
  quotaDayStart,
} from '../../../shared/youtubeQuota.js';

const H = 3_600_000;
const NOW = Date.UTC(2022, 11, 15, 16, 0, 0); // 08:00 PST
const RESET = Date.UTC(2022, 11, 16, 8, 0, 0); // midnight PST, 16 h later

const base: QuotaPlanInput = {
  dailyUnits: 10_000,
  usedUnits: 0,
  now: NOW,
  resetsAt: RESET,
  showEndsAt: NOW + 15 * H,
  apiMinIntervalMs: 5_000,
  priority: 'duration',
};

describe('quota planner arithmetic', () => {
  it('costs 5 units a liveChatMessages.list call', () => {
    expect(LIVE_CHAT_MESSAGES_LIST_COST).toBe(5);
  });

  it.each([
    {
      name: 'speed: every 5 s, 10,000 units last 10,000 s ≈ 2.8 h',
      input: { priority: 'speed' },
      intervalMs: 5_000,
      exhaustsAt: NOW + 10_000_000,
      lasts: false,
    },
    {
      name: 'duration: a 15-hour show needs 27 s between calls',
      input: { priority: 'duration' },
      intervalMs: 27_000,
      exhaustsAt: NOW + 15 * H,
      lasts: true,
    },
    {
      name: 'balanced: halfway between 5 s and 27 s, runs out halfway between 2.8 h and 15 h',
      input: { priority: 'balanced' },
      intervalMs: 16_000,
      exhaustsAt: NOW + 32_000_000,
      lasts: false,
    },
    {
      name: 'the reset comes before the show ends: only last until the reset (then null: lasts the day)',
      input: { resetsAt: NOW + 3 * H },
      intervalMs: 5_400,
      exhaustsAt: null,
      lasts: true,
    },
    {
      name: 'half the quota used, 2 hours left: 1,000 calls over 7,200 s',
      input: { usedUnits: 5_000, showEndsAt: NOW + 2 * H },
      intervalMs: 7_200,
      exhaustsAt: NOW + 2 * H,
      lasts: true,
    },
    {
      name: 'plenty of quota for a short show: the API minimum for every priority',
      input: { showEndsAt: NOW + 1 * H },
      intervalMs: 5_000,
      exhaustsAt: NOW + 10_000_000,
      lasts: true,
    },
    {
      name: 'the API asks for 30 s: never sooner, even for speed',
      input: { priority: 'speed', apiMinIntervalMs: 30_000 },
      intervalMs: 30_000,
      exhaustsAt: null,
      lasts: true,
    },
    {
      name: "the producer's minimum is above the API's",
      input: { priority: 'speed', minIntervalMs: 10_000 },
      intervalMs: 10_000,
      exhaustsAt: NOW + 20_000_000,
      lasts: false,
    },
    {
      name: "the producer's maximum caps duration (and the status says it will not last)",
      input: { maxIntervalMs: 20_000 },
      intervalMs: 20_000,
      exhaustsAt: NOW + 40_000_000,
      lasts: false,
    },
    {
      name: 'no planned end (or one already past): spread until the reset',
      input: { showEndsAt: null },
      intervalMs: 28_800,
      exhaustsAt: null,
      lasts: true,
    },
    {
      name: 'a planned end in the past counts as none',
      input: { showEndsAt: NOW - 1 },
      intervalMs: 28_800,
      exhaustsAt: null,
      lasts: true,
    },
    {
      name: 'used up by our count: poll slowly (the API has the last word), exhausted now',
      input: { usedUnits: 10_000, maxIntervalMs: 60_000 },
      intervalMs: 60_000,
      exhaustsAt: NOW,
      lasts: false,
    },
    {
      name: 'units that do not make a whole call count as none',
      input: { usedUnits: 9_996, priority: 'speed' },
      intervalMs: 5_000,
      exhaustsAt: NOW,
      lasts: false,
    },
  ] as const)('$name', ({ input, intervalMs, exhaustsAt, lasts }) => {
    const plan = planQuota({ ...base, ...input });
    expect(plan.intervalMs).toBe(intervalMs);
    expect(plan.exhaustsAt).toBe(exhaustsAt);
    expect(plan.lastsUntilHorizon).toBe(lasts);
    expect(plan.intervalMs).toBeGreaterThanOrEqual(plan.floorMs);
  });

  it('stretch is the remaining span over the remaining calls, rounded up to the ms', () => {
    const plan = planQuota({ ...base, usedUnits: 7 }); // 1,998 calls over 15 h
    expect(plan.callsLeft).toBe(1_998);
    expect(plan.stretchMs).toBe(Math.ceil((15 * H) / 1_998));
    expect(plan.intervalMs).toBe(plan.stretchMs);
    expect(plan.lastsUntilHorizon).toBe(true);
  });

  it('never goes below the floor, whatever the priority', () => {
    for (const priority of ['speed', 'balanced', 'duration'] as const) {
      for (const apiMinIntervalMs of [0, 1_000, 5_000, 45_000]) {
        const plan = planQuota({
          ...base,
          priority,
          apiMinIntervalMs,
          minIntervalMs: 2_000,
          maxIntervalMs: 10_000,
        });
        expect(plan.intervalMs).toBeGreaterThanOrEqual(Math.max(apiMinIntervalMs, 2_000));
      }
    }
  });
});

describe('the quota day: midnight America/Los_Angeles, DST-correct', () => {
  it.each([
    ['winter (PST, UTC−8)', '2025-01-15T12:00:00Z', '2025-01-16T08:00:00Z', '2025-01-15'],
    ['summer (PDT, UTC−7)', '2025-07-15T12:00:00Z', '2025-07-16T07:00:00Z', '2025-07-15'],
    ['the day before DST starts', '2025-03-08T20:00:00Z', '2025-03-09T08:00:00Z', '2025-03-08'],
    ['the 23-hour day DST starts (01:30 PST)', '2025-03-09T09:30:00Z', '2025-03-10T07:00:00Z', '2025-03-09'],
    [
      'the 23-hour day, after the change (03:30 PDT)',
      '2025-03-09T10:30:00Z',
      '2025-03-10T07:00:00Z',
      '2025-03-09',
    ],
    ['the evening before DST ends (23:00 PDT)', '2025-11-02T06:00:00Z', '2025-11-02T07:00:00Z', '2025-11-01'],
    ['the 25-hour day DST ends (04:00 PST)', '2025-11-02T12:00:00Z', '2025-11-03T08:00:00Z', '2025-11-02'],
    ['01:30 the first time, still PDT', '2025-11-02T08:30:00Z', '2025-11-03T08:00:00Z', '2025-11-02'],
    ['exactly at midnight: the next one', '2025-01-16T08:00:00Z', '2025-01-17T08:00:00Z', '2025-01-16'],
    ['one second before midnight', '2025-01-16T07:59:59Z', '2025-01-16T08:00:00Z', '2025-01-15'],
    ['New Year', '2025-12-31T23:00:00Z', '2026-01-01T08:00:00Z', '2025-12-31'],
  ])('%s', (_name, now, reset, day) => {
    const t = Date.parse(now);
    expect(new Date(nextQuotaReset(t)).toISOString()).toBe(new Date(reset).toISOString());
    expect(quotaDayKey(t)).toBe(day);
    expect(nextQuotaReset(t)).toBeGreaterThan(t);
    expect(quotaDayStart(t)).toBeLessThanOrEqual(t);
    expect(quotaDayKey(quotaDayStart(t))).toBe(day);
  });

  it('the quota days around DST are 23 and 25 hours long', () => {
    const spring = Date.parse('2025-03-09T12:00:00Z');
    expect(nextQuotaReset(spring) - quotaDayStart(spring)).toBe(23 * H);
    const fall = Date.parse('2025-11-02T12:00:00Z');
    expect(nextQuotaReset(fall) - quotaDayStart(fall)).toBe(25 * H);
    const plain = Date.parse('2025-06-01T12:00:00Z');
    expect(nextQuotaReset(plain) - quotaDayStart(plain)).toBe(24 * H);
  });
});
