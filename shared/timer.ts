import type { Segment, Timer } from './model.js';

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

export function readTimer(
  timer: Timer,
  segment: Pick<Segment, 'durationMs' | 'warningMs' | 'dangerMs'>,
  now: number,
): TimerReading {
  const elapsed = elapsedMs(timer, now);
  const totalMs = segment.durationMs + timer.addedMs;
  const remainingMs = totalMs - elapsed;
  return {
    remainingMs,
    elapsedMs: elapsed,
    totalMs,
    phase: phaseFor(remainingMs, segment),
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

export const PHASE_LABELS: Record<TimerPhase, string> = {
  normal: 'On time',
  warning: 'Wrap up soon',
  danger: 'Last minute',
  overtime: 'Overtime',
};
