/** "30 min", "1 h 15 min", "45 s" for planned durations in the rundown. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const parts = [
    hours > 0 ? `${hours} h` : '',
    minutes > 0 ? `${minutes} min` : '',
    seconds > 0 ? `${seconds} s` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/**
 * How much longer than planned a finished segment ran, wall clock (pauses count: the audience
 * waited through them). Null until it has both a start and an end.
 */
export function overrunMs(
  actual: { startedAt: number | null; endedAt: number | null } | null,
  durationMs: number,
): number | null {
  if (!actual || actual.startedAt === null || actual.endedAt === null) return null;
  return actual.endedAt - actual.startedAt - durationMs;
}

/** Minutes typed in a form → ms, or null if it is not a usable number. */
export function minutesToMs(text: string): number | null {
  const value = Number(text.trim().replace(',', '.'));
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) return null;
  return Math.round(value * 60_000);
}

/** ms → minutes for a form field: "30", "0.5". */
export function msToMinutesText(ms: number): string {
  return String(Math.round((ms / 60_000) * 100) / 100);
}
