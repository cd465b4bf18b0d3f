import { describe, expect, it } from 'vitest';
import {
  dayOffset,
  formatClockTime,
  formatDayOffset,
  formatTimeInZone,
  zoneAbbreviation,
  zoneCity,
  zoneHeadingParts,
} from '../../renderer/format/zonedTime.js';

// NormConf 2022: first talk 12:30 UTC on 15 December, last at 03:30 UTC the next day.
const FIRST = Date.UTC(2022, 11, 15, 12, 30);
const LAST = Date.UTC(2022, 11, 16, 3, 30);

describe('times of day in named zones', () => {
  it('prints the same instant in each zone on a 24-hour clock', () => {
    expect(formatTimeInZone(FIRST, 'America/New_York')).toBe('07:30');
    expect(formatTimeInZone(FIRST, 'UTC')).toBe('12:30');
    expect(formatTimeInZone(FIRST, 'Europe/London')).toBe('12:30');
    expect(formatTimeInZone(FIRST, 'America/Los_Angeles')).toBe('04:30');
    expect(formatTimeInZone(LAST, 'Asia/Kolkata')).toBe('09:00');
  });

  it('never prints 24:xx at midnight', () => {
    expect(formatTimeInZone(Date.UTC(2022, 11, 16, 0, 5), 'UTC')).toBe('00:05');
    expect(formatClockTime(Date.UTC(2022, 11, 16, 0, 0, 7), 'UTC')).toBe('00:00:07');
  });

  it('marks a talk that falls on the next calendar day in that zone, relative to the show day', () => {
    // 03:30 UTC on the 16th is still the 15th in New York (22:30) and Los Angeles (19:30).
    expect(dayOffset(LAST, 'UTC', FIRST, 'America/New_York')).toBe(1);
    expect(dayOffset(LAST, 'America/New_York', FIRST, 'America/New_York')).toBe(0);
    expect(dayOffset(LAST, 'America/Los_Angeles', FIRST, 'America/New_York')).toBe(0);
    expect(dayOffset(FIRST, 'Pacific/Kiritimati', FIRST, 'America/New_York')).toBe(1);
    expect(dayOffset(FIRST, 'Pacific/Pago_Pago', FIRST, 'America/New_York')).toBe(0);
    expect(formatDayOffset(1)).toBe('+1');
    expect(formatDayOffset(-1)).toBe('−1');
    expect(formatDayOffset(0)).toBe('');
  });

  it('names zones by city and their abbreviation at that date', () => {
    expect(zoneCity('America/Los_Angeles')).toBe('Los Angeles');
    expect(zoneCity('UTC')).toBe('UTC');
    expect(zoneAbbreviation('America/New_York', FIRST)).toBe('EST');
    expect(zoneAbbreviation('America/New_York', Date.UTC(2022, 6, 1))).toBe('EDT');
    expect(zoneHeadingParts('Europe/London', FIRST)).toEqual({ city: 'London', abbreviation: 'GMT' });
    expect(zoneHeadingParts('UTC', FIRST)).toEqual({ city: 'UTC', abbreviation: null });
  });
});
