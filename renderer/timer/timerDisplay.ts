import type { Segment, Timer, TimerKind } from '../../shared/model.js';
import type { TimerPhase } from '../../shared/timer.js';
import { formatCountdown, formatElapsed, readTimer } from '../../shared/timer.js';
import { formatClockTime } from '../format/zonedTime.js';

/** What the timer says, in words, for a screen reader. */
export const TIMER_LABELS: Record<TimerKind, string> = {
  countdown: 'Time remaining',
  countup: 'Time elapsed',
  clock: 'Time of day',
};

/**
 * What the live timer shows at one instant; two readings with the same key look identical.
 * By the segment's timer kind (docs/schedule.md, "Timer kinds"): a countdown shows time left;
 * a count-up time elapsed from 00:00 (frozen while paused; added time moves the point where
 * it turns overtime, never the number shown); a clock the time of day in the show's zone, with
 * the time left small beside it.
 */
export interface TimerDisplay {
  kind: TimerKind;
  /** Countdown "29:59", "1:02:03" or "+00:12" (overtime); count-up "12:34"; clock "14:05:09". */
  text: string;
  /** For a clock, the time left ("04:59 left", "00:12 over"); null for the other kinds. */
  remainingText: string | null;
  phase: TimerPhase;
  paused: boolean;
  /** Share of the (adjusted) duration used, 0..1; 1 in overtime. */
  progress: number;
  /** The planned-plus-added total, "30:00". */
  totalText: string;
}

/** Progress bars move in steps of 1/1000: finer than any screen shows, coarse enough to cache. */
const PROGRESS_STEPS = 1000;

/** `timeZone` is the show's: a clock timer reads the time of day there, as the rundown does. */
export function timerDisplayAt(
  timer: Timer,
  segment: Pick<Segment, 'durationMs' | 'warningMs' | 'dangerMs' | 'timer'>,
  serverNow: number,
  timeZone = 'UTC',
): TimerDisplay {
  const kind = segment.timer ?? 'countdown';
  const reading = readTimer(timer, segment, serverNow);
  const used = reading.totalMs <= 0 ? 1 : reading.elapsedMs / reading.totalMs;
  const countdown = formatCountdown(reading.remainingMs);
  return {
    kind,
    text:
      kind === 'countup'
        ? formatElapsed(reading.elapsedMs)
        : kind === 'clock'
          ? formatClockTime(serverNow, timeZone)
          : countdown,
    remainingText:
      kind !== 'clock'
        ? null
        : countdown.startsWith('+')
          ? `${countdown.slice(1)} over`
          : `${countdown} left`,
    phase: reading.phase,
    paused: reading.paused,
    progress: Math.round(Math.min(1, Math.max(0, used)) * PROGRESS_STEPS) / PROGRESS_STEPS,
    totalText: formatCountdown(reading.totalMs),
  };
}

export const timerDisplayKey = (d: TimerDisplay | null): string =>
  d === null
    ? ''
    : `${d.kind}|${d.text}|${d.remainingText ?? ''}|${d.phase}|${d.paused ? 'p' : 'r'}|${d.totalText}`;

/** Parses a countdown back to signed seconds ("+00:12" → -12): used by tests comparing screens. */
export function parseCountdown(text: string): number | null {
  const match = /^(\+)?(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const seconds = Number(match[2] ?? 0) * 3600 + Number(match[3]) * 60 + Number(match[4]);
  return match[1] ? -seconds : seconds;
}
