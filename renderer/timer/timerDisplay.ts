import type { Segment, Timer } from '../../shared/model.js';
import type { TimerPhase } from '../../shared/timer.js';
import { formatCountdown, readTimer } from '../../shared/timer.js';

/** What a countdown shows at one instant; two readings with the same key look identical. */
export interface TimerDisplay {
  /** "29:59", "1:02:03" or "+00:12" (overtime). */
  text: string;
  phase: TimerPhase;
  paused: boolean;
  /** Share of the (adjusted) duration used, 0..1; 1 in overtime. */
  progress: number;
  /** The planned-plus-added total, "30:00". */
  totalText: string;
}

/** Progress bars move in steps of 1/1000: finer than any screen shows, coarse enough to cache. */
const PROGRESS_STEPS = 1000;

export function timerDisplayAt(
  timer: Timer,
  segment: Pick<Segment, 'durationMs' | 'warningMs' | 'dangerMs'>,
  serverNow: number,
): TimerDisplay {
  const reading = readTimer(timer, segment, serverNow);
  const used = reading.totalMs <= 0 ? 1 : reading.elapsedMs / reading.totalMs;
  return {
    text: formatCountdown(reading.remainingMs),
    phase: reading.phase,
    paused: reading.paused,
    progress: Math.round(Math.min(1, Math.max(0, used)) * PROGRESS_STEPS) / PROGRESS_STEPS,
    totalText: formatCountdown(reading.totalMs),
  };
}

export const timerDisplayKey = (d: TimerDisplay | null): string =>
  d === null ? '' : `${d.text}|${d.phase}|${d.paused ? 'p' : 'r'}|${d.totalText}`;

/** Parses a countdown back to signed seconds ("+00:12" → -12): used by tests comparing screens. */
export function parseCountdown(text: string): number | null {
  const match = /^(\+)?(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const seconds = Number(match[2] ?? 0) * 3600 + Number(match[3]) * 60 + Number(match[4]);
  return match[1] ? -seconds : seconds;
}
