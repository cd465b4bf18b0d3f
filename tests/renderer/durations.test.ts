import { describe, expect, it } from 'vitest';
import { formatDuration, minutesToMs, msToMinutesText, overrunMs } from '../../renderer/format/durations.js';

describe('durations in the rundown', () => {
  it('reads planned durations the way a producer says them', () => {
    expect(formatDuration(30 * 60_000)).toBe('30 min');
    expect(formatDuration(75 * 60_000)).toBe('1 h 15 min');
    expect(formatDuration(330_000)).toBe('5 min 30 s');
    expect(formatDuration(45_000)).toBe('45 s');
  });

  it('counts overrun only for finished segments, pauses included', () => {
    expect(overrunMs({ startedAt: 0, endedAt: 33 * 60_000 }, 30 * 60_000)).toBe(3 * 60_000);
    expect(overrunMs({ startedAt: 0, endedAt: null }, 30 * 60_000)).toBeNull();
    expect(overrunMs(null, 30 * 60_000)).toBeNull();
  });

  it('turns typed minutes into ms and back, refusing junk', () => {
    expect(minutesToMs('30')).toBe(1_800_000);
    expect(minutesToMs(' 5.5 ')).toBe(330_000);
    expect(minutesToMs('0,5')).toBe(30_000);
    expect(minutesToMs('')).toBeNull();
    expect(minutesToMs('ten')).toBeNull();
    expect(minutesToMs('-1')).toBeNull();
    expect(msToMinutesText(330_000)).toBe('5.5');
    expect(msToMinutesText(60_000)).toBe('1');
  });
});
