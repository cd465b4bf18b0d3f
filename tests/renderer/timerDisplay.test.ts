import { describe, expect, it } from 'vitest';
import type { Timer } from '../../shared/model.js';
import { parseCountdown, timerDisplayAt, timerDisplayKey } from '../../renderer/timer/timerDisplay.js';

const MIN = 60_000;
const segment = { durationMs: 30 * 60_000, warningMs: 5 * 60_000, dangerMs: 60_000 };
const started = 1_700_000_000_000;
const timer: Timer = { segmentId: 'a', startedAt: started, pausedAt: null, pausedTotalMs: 0, addedMs: 0 };

describe('what a countdown shows', () => {
  it('is computed from absolute instants, whatever moment it is asked', () => {
    expect(timerDisplayAt(timer, segment, started).text).toBe('30:00');
    expect(timerDisplayAt(timer, segment, started + 1).text).toBe('30:00');
    expect(timerDisplayAt(timer, segment, started + 1_000).text).toBe('29:59');
    expect(timerDisplayAt(timer, segment, started + 25 * 60_000).phase).toBe('warning');
    const over = timerDisplayAt(timer, segment, started + 31 * 60_000);
    expect(over).toMatchObject({ text: '+01:00', phase: 'overtime', progress: 1 });
  });

  it('freezes while paused', () => {
    const paused = { ...timer, pausedAt: started + 60_000 };
    const a = timerDisplayAt(paused, segment, started + 2 * 60_000);
    const b = timerDisplayAt(paused, segment, started + 9 * 60_000);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ text: '29:00', paused: true });
  });

  it('changes key only when what is shown changes, so the DOM is touched once a second', () => {
    const keys = new Set<string>();
    for (let ms = 0; ms < 3_000; ms += 16)
      keys.add(timerDisplayKey(timerDisplayAt(timer, segment, started + 1 + ms)));
    expect(keys.size).toBe(3);
    expect(timerDisplayKey(null)).toBe('');
  });

  it('reads a displayed countdown back to signed seconds', () => {
    expect(parseCountdown('29:59')).toBe(1_799);
    expect(parseCountdown('1:02:03')).toBe(3_723);
    expect(parseCountdown('+00:12')).toBe(-12);
    expect(parseCountdown('STALE')).toBeNull();
  });
});

describe('what each timer kind shows', () => {
  const qa = { ...segment, timer: 'countup' as const };
  const clock = { ...segment, timer: 'clock' as const };

  it('a countdown (or no kind) shows time left, with no second line', () => {
    expect(timerDisplayAt(timer, segment, started + 1_000)).toMatchObject({
      kind: 'countdown',
      text: '29:59',
      remainingText: null,
    });
    expect(timerDisplayAt(timer, { ...segment, timer: 'countdown' }, started + 1_000).text).toBe('29:59');
  });

  it('a count-up counts from 00:00, freezes while paused, and turns overtime only past its length', () => {
    expect(timerDisplayAt(timer, qa, started)).toMatchObject({
      kind: 'countup',
      text: '00:00',
      phase: 'normal',
    });
    expect(timerDisplayAt(timer, qa, started + 61_500).text).toBe('01:01');
    expect(timerDisplayAt(timer, qa, started + 29 * MIN + 30_000)).toMatchObject({
      text: '29:30',
      phase: 'normal',
    });
    expect(timerDisplayAt(timer, qa, started + 31 * MIN)).toMatchObject({ text: '31:00', phase: 'overtime' });
    const paused = { ...timer, pausedAt: started + 2 * MIN };
    expect(timerDisplayAt(paused, qa, started + 9 * MIN)).toMatchObject({ text: '02:00', paused: true });
  });

  it('added time on a count-up moves its overtime, not the number shown', () => {
    const added = { ...timer, addedMs: 5 * MIN };
    expect(timerDisplayAt(added, qa, started + 31 * MIN)).toMatchObject({
      text: '31:00',
      phase: 'normal',
      totalText: '35:00',
    });
  });

  it('a clock shows the time of day in the show zone, with the time left beside it', () => {
    // 2023-11-14T22:13:20Z
    expect(timerDisplayAt(timer, clock, started + 1_000, 'UTC')).toMatchObject({
      kind: 'clock',
      text: '22:13:21',
      remainingText: '29:59 left',
      phase: 'normal',
    });
    expect(timerDisplayAt(timer, clock, started + 1_000, 'Asia/Tokyo').text).toBe('07:13:21');
    expect(timerDisplayAt(timer, clock, started + 26 * MIN, 'UTC')).toMatchObject({
      remainingText: '04:00 left',
      phase: 'warning',
    });
    expect(timerDisplayAt(timer, clock, started + 30 * MIN + 12_000, 'UTC')).toMatchObject({
      remainingText: '00:12 over',
      phase: 'overtime',
    });
  });

  it('a paused clock keeps the time of day but holds the time left', () => {
    const paused = { ...timer, pausedAt: started + MIN };
    const a = timerDisplayAt(paused, clock, started + 2 * MIN, 'UTC');
    const b = timerDisplayAt(paused, clock, started + 3 * MIN, 'UTC');
    expect(a.text).not.toBe(b.text);
    expect([a.remainingText, b.remainingText]).toEqual(['29:00 left', '29:00 left']);
    expect(timerDisplayKey(a)).not.toBe(timerDisplayKey(b));
  });
});
