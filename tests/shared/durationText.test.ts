import { describe, expect, it } from 'vitest';
import { formatClockDuration, formatDrift, formatSignedDrift } from '../../shared/durationText.js';
import { describeOffset } from '../../shared/schedule.js';

const DAY = 24 * 3_600_000;

describe('durations as a clock reads them', () => {
  it('reads minutes and hours, rounding to the second and dropping the sign', () => {
    expect([0, 9_400, 65_000, 599_600, 3_600_000, 3_661_000, -45_000].map(formatClockDuration)).toEqual([
      '0:00',
      '0:09',
      '1:05',
      '10:00',
      '1:00:00',
      '1:01:01',
      '0:45',
    ]);
  });

  it('signs over- and underruns with a true minus', () => {
    expect(formatSignedDrift(192_000)).toBe('+3:12');
    expect(formatSignedDrift(-45_000)).toBe('−0:45');
    expect(formatSignedDrift(0)).toBe('±0:00');
    expect(formatSignedDrift(400)).toBe('±0:00');
    expect(formatSignedDrift(3_725_000)).toBe('+1:02:05');
  });

  it('reads a drift of a day or more in days and hours, so a header never carries 34854:42:12', () => {
    expect(formatDrift(DAY - 1000)).toBe('23:59:59');
    expect(formatDrift(DAY)).toBe('1 d 0 h');
    expect(formatSignedDrift(-(1452 * DAY + 6 * 3_600_000 + 42 * 60_000))).toBe('−1452 d 6 h');
    expect(describeOffset(1452 * DAY + 6 * 3_600_000).text).toBe('Running 1452 d 6 h behind');
  });
});
