import { describe, expect, it } from 'vitest';
import {
  elapsedMs,
  formatCountdown,
  formatElapsed,
  phaseFor,
  phaseForKind,
  readTimer,
} from '../../shared/timer.js';
import { applyEvents } from '../../shared/reducer.js';
import { MIN, T0, liveShow, segmentById, timer } from './fixtures.js';

/** The keynote: 30 min, amber at 5 min left, red at 1 min left. */
const keynote = segmentById(liveShow(), 'keynote');

describe('readTimer', () => {
  it('reads the full duration at the start', () => {
    expect(readTimer(timer(), keynote, T0)).toEqual({
      remainingMs: 30 * MIN,
      elapsedMs: 0,
      totalMs: 30 * MIN,
      phase: 'normal',
      paused: false,
    });
  });

  it('counts down with the clock', () => {
    const reading = readTimer(timer(), keynote, T0 + 12 * MIN + 345);
    expect(reading.elapsedMs).toBe(12 * MIN + 345);
    expect(reading.remainingMs).toBe(18 * MIN - 345);
  });

  it('never counts elapsed time before the start (a client slightly behind the core)', () => {
    expect(readTimer(timer(), keynote, T0 - 2_000).remainingMs).toBe(30 * MIN);
  });

  it('freezes while paused, however much later it is read', () => {
    const paused = timer({ pausedAt: T0 + 10 * MIN });
    const at = (now: number) => readTimer(paused, keynote, now);
    expect(at(T0 + 10 * MIN)).toMatchObject({ remainingMs: 20 * MIN, paused: true });
    expect(at(T0 + 11 * MIN).remainingMs).toBe(20 * MIN);
    expect(at(T0 + 10 * 3_600_000).remainingMs).toBe(20 * MIN);
  });

  it('continues after a resume from where it paused', () => {
    // Paused at 10 min for 3 min, resumed at 13 min, read at 14 min: 11 min have run.
    const resumed = timer({ pausedTotalMs: 3 * MIN });
    const reading = readTimer(resumed, keynote, T0 + 14 * MIN);
    expect(reading).toMatchObject({ elapsedMs: 11 * MIN, remainingMs: 19 * MIN, paused: false });
  });

  it('handles several pauses, through the reducer', () => {
    const state = applyEvents(liveShow('keynote', T0), [
      { type: 'timerPaused', at: T0 + 1 * MIN },
      { type: 'timerResumed', at: T0 + 2 * MIN },
      { type: 'timerPaused', at: T0 + 5 * MIN },
      { type: 'timerResumed', at: T0 + 8 * MIN },
      { type: 'timerPaused', at: T0 + 10 * MIN },
    ]);
    const t = state.live.timer!;
    // Ran 0–1, 2–5, 8–10: 6 minutes.
    expect(readTimer(t, keynote, T0 + 10 * MIN).elapsedMs).toBe(6 * MIN);
    expect(readTimer(t, keynote, T0 + 50 * MIN).elapsedMs).toBe(6 * MIN);
    const resumed = applyEvents(state, [{ type: 'timerResumed', at: T0 + 20 * MIN }]).live.timer!;
    expect(readTimer(resumed, keynote, T0 + 21 * MIN)).toMatchObject({
      elapsedMs: 7 * MIN,
      remainingMs: 23 * MIN,
    });
  });

  it('adds time to the total without rewinding the elapsed time', () => {
    const reading = readTimer(timer({ addedMs: 60_000 }), keynote, T0 + 10 * MIN);
    expect(reading).toMatchObject({ totalMs: 31 * MIN, elapsedMs: 10 * MIN, remainingMs: 21 * MIN });
  });

  it('removes time from the total', () => {
    const reading = readTimer(timer({ addedMs: -2 * MIN }), keynote, T0 + 10 * MIN);
    expect(reading).toMatchObject({ totalMs: 28 * MIN, remainingMs: 18 * MIN });
  });

  it('turns amber, red and overtime exactly at the thresholds', () => {
    const at = (remaining: number) => readTimer(timer(), keynote, T0 + 30 * MIN - remaining).phase;
    expect(at(5 * MIN + 1)).toBe('normal');
    expect(at(5 * MIN)).toBe('warning');
    expect(at(1 * MIN + 1)).toBe('warning');
    expect(at(1 * MIN)).toBe('danger');
    expect(at(1)).toBe('danger');
    expect(at(0)).toBe('danger');
    expect(at(-1)).toBe('overtime');
  });

  it('counts overtime up as negative remaining time', () => {
    const at = (now: number) => readTimer(timer(), keynote, now);
    expect(at(T0 + 31 * MIN).remainingMs).toBe(-1 * MIN);
    expect(at(T0 + 35 * MIN).remainingMs).toBe(-5 * MIN);
    expect(at(T0 + 35 * MIN).phase).toBe('overtime');
  });
});

describe('elapsedMs', () => {
  it('excludes completed pauses and stops at the pause instant', () => {
    expect(elapsedMs(timer({ pausedTotalMs: 5_000 }), T0 + 20_000)).toBe(15_000);
    expect(elapsedMs(timer({ pausedTotalMs: 5_000, pausedAt: T0 + 12_000 }), T0 + 99_000)).toBe(7_000);
  });
});

describe('phaseFor', () => {
  it('uses the thresholds it is given', () => {
    const thresholds = { warningMs: 10_000, dangerMs: 0 };
    expect(phaseFor(10_001, thresholds)).toBe('normal');
    expect(phaseFor(10_000, thresholds)).toBe('warning');
    expect(phaseFor(1, thresholds)).toBe('warning');
    expect(phaseFor(0, thresholds)).toBe('danger');
    expect(phaseFor(-0.5, thresholds)).toBe('overtime');
  });
});

describe('formatCountdown', () => {
  it.each([
    [30 * MIN, '30:00'],
    [30 * MIN - 1, '30:00'],
    [29 * MIN + 59_000, '29:59'],
    [65_000, '01:05'],
    [1_000, '00:01'],
    [1, '00:01'],
    [0.2, '00:01'],
    [0, '00:00'],
    [-0, '00:00'],
    [-1, '+00:00'],
    [-999, '+00:00'],
    [-1_000, '+00:01'],
    [-65_000, '+01:05'],
    [-65_999, '+01:05'],
    [59 * MIN + 59_000, '59:59'],
    [3_600_000, '1:00:00'],
    [3_600_001, '1:00:01'],
    [2 * 3_600_000 + 5 * MIN + 7_000, '2:05:07'],
    [-3_600_000, '+1:00:00'],
  ])('%d ms → %s', (remaining, expected) => {
    expect(formatCountdown(remaining)).toBe(expected);
  });

  it('changes second exactly on the second boundaries', () => {
    expect(formatCountdown(10_000)).toBe('00:10');
    expect(formatCountdown(9_999)).toBe('00:10');
    expect(formatCountdown(9_000)).toBe('00:09');
    expect(formatCountdown(8_999)).toBe('00:09');
  });
});

describe('timer kinds', () => {
  const thresholds = { warningMs: 5 * MIN, dangerMs: MIN };

  it('a count-up stays normal through amber and red, and turns overtime once its length has gone', () => {
    expect(phaseForKind('countup', 4 * MIN, thresholds)).toBe('normal');
    expect(phaseForKind('countup', 0, thresholds)).toBe('normal');
    expect(phaseForKind('countup', -1, thresholds)).toBe('overtime');
  });

  it('a countdown, a clock and an unset kind keep the thresholds', () => {
    for (const kind of ['countdown', 'clock', undefined] as const) {
      expect(phaseForKind(kind, 4 * MIN, thresholds)).toBe('warning');
      expect(phaseForKind(kind, 30_000, thresholds)).toBe('danger');
      expect(phaseForKind(kind, -1, thresholds)).toBe('overtime');
    }
  });

  it('readTimer gives a count-up segment its phase, and added time moves its overtime', () => {
    const qa = { ...keynote, timer: 'countup' as const };
    expect(readTimer(timer(), qa, T0 + 29 * MIN + 30_000).phase).toBe('normal');
    expect(readTimer(timer(), qa, T0 + 31 * MIN).phase).toBe('overtime');
    expect(readTimer(timer({ addedMs: 2 * MIN }), qa, T0 + 31 * MIN).phase).toBe('normal');
  });

  it.each([
    [0, '00:00'],
    [999, '00:00'],
    [1_000, '00:01'],
    [12 * MIN + 34_567, '12:34'],
    [3_600_000 + 2 * MIN + 3_000, '1:02:03'],
    [-5, '00:00'],
  ])('elapsed %d ms → %s', (elapsed, expected) => {
    expect(formatElapsed(elapsed)).toBe(expected);
  });
});
