import type { Segment, Timer, TimerKind } from './model.js';

/** How a timer looks to the speaker: colour on screen, and the same fact as a word. */
export type TimerPhase = 'normal' | 'warning' | 'danger' | 'overtime';

export interface TimerReading {
  /** Time left, negative in overtime. */
  remainingMs: number;
  elapsedMs: number;
  /** Planned duration plus any time the producer added or removed. */
  totalMs: number;
  phase: TimerPhase;
  paused: boolean;
}

/** Running time of the segment so far, excluding pauses, at `now` on the core's clock. */
export function elapsedMs(timer: Timer, now: number): number {
  const end = timer.pausedAt ?? now;
  return Math.max(0, end - timer.startedAt - timer.pausedTotalMs);
}

export function phaseFor(
  remainingMs: number,
  thresholds: Pick<Segment, 'warningMs' | 'dangerMs'>,
): TimerPhase {
  if (remainingMs < 0) return 'overtime';
  if (remainingMs <= thresholds.dangerMs) return 'danger';
  if (remainingMs <= thresholds.warningMs) return 'warning';
  return 'normal';
}

/**
 * The phase for a timer kind (docs/schedule.md, "Timer kinds"). A count-up is for a segment with
 * no fixed end (open Q&A, a panel): its MC reads time elapsed, not time left, so amber and red
 * "minutes left" would only alarm; it stays normal until the (adjusted) length has gone, then
 * turns overtime. A countdown and a clock keep the thresholds: the clock's small remaining time
 * is still the deadline the speaker works to.
 */
export function phaseForKind(
  kind: TimerKind | undefined,
  remainingMs: number,
  thresholds: Pick<Segment, 'warningMs' | 'dangerMs'>,
): TimerPhase {
  if (kind === 'countup') return remainingMs < 0 ? 'overtime' : 'normal';
  return phaseFor(remainingMs, thresholds);
}

export function readTimer(
  timer: Timer,
  segment: Pick<Segment, 'durationMs' | 'warningMs' | 'dangerMs' | 'timer'>,
  now: number,
): TimerReading {
  const elapsed = elapsedMs(timer, now);
  const totalMs = segment.durationMs + timer.addedMs;
  const remainingMs = totalMs - elapsed;
  return {
    remainingMs,
    elapsedMs: elapsed,
    totalMs,
    phase: phaseForKind(segment.timer, remainingMs, segment),
    paused: timer.pausedAt !== null,
  };
}

/**
 * "mm:ss" (or "h:mm:ss") for a countdown; overtime reads "+mm:ss". Remaining time is shown
 * rounded up, so the display says 00:01 until the last millisecond has gone and turns to
 * +00:00 exactly when the time is up, the way a stage clock is read.
 */
export function formatCountdown(remainingMs: number): string {
  const overtime = remainingMs < 0;
  const totalSeconds = overtime ? Math.floor(-remainingMs / 1000) : Math.ceil(remainingMs / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  const body = hours > 0 ? `${hours}:${mmss}` : mmss;
  return overtime ? `+${body}` : body;
}

/**
 * "mm:ss" (or "h:mm:ss") of time elapsed, for a count-up: rounded down, so it reads 00:00 for
 * the whole first second and 00:01 once a full second has gone, as a stopwatch does.
 */
export function formatElapsed(elapsedMs: number): string {
  const totalSeconds = Math.floor(Math.max(0, elapsedMs) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

export const PHASE_LABELS: Record<TimerPhase, string> = {
  normal: 'On time',
  warning: 'Wrap up soon',
  danger: 'Last minute',
  overtime: 'Overtime',
};
