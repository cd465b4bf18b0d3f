/**
 * How a length of time reads as a clock does, in one place for every screen, report and export:
 * "4:05", "1:02:03"; signed "+3:12" / "−0:45" / "±0:00" (a true minus sign, so columns of numbers
 * line up). Seconds are rounded to the nearest; a countdown rounds differently (shared/timer.ts).
 */

const DAY_MS = 24 * 60 * 60_000;

/** "0:00", "32:05", "1:02:03": a duration as a clock reads it (the sign is dropped). */
export function formatClockDuration(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * How far off: "7:40", "1:07:40", and beyond a day "3 d 4 h" (a rehearsal of last year's plan
 * would otherwise read "running 34854:42:12 behind" and push the header apart).
 */
export function formatDrift(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < DAY_MS) return formatClockDuration(abs);
  const hours = Math.floor(abs / 3_600_000);
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "+3:12" late or over, "−0:45" early or under, "±0:00" on the second. */
export function formatSignedDrift(ms: number): string {
  const rounded = Math.round(ms / 1000);
  const sign = rounded > 0 ? '+' : rounded < 0 ? '−' : '±';
  return `${sign}${formatDrift(ms)}`;
}
