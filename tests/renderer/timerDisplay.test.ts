import { describe, expect, it } from 'vitest';
import type { Timer } from '../../shared/model.js';
import { parseCountdown, timerDisplayAt, timerDisplayKey } from '../../renderer/timer/timerDisplay.js';

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
