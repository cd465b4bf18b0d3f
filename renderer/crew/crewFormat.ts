/** Words and numbers for the crew list; pure, so they are tested without a browser. */

/** "+5 min 0.2 s", "−180 ms", "±0 ms": how far a screen's clock is from the core's (core − screen). */
export function formatClockOffset(offsetMs: number | null): string {
  if (offsetMs === null) return 'measuring…';
  const rounded = Math.round(offsetMs);
  if (rounded === 0) return '±0 ms';
  const sign = rounded > 0 ? '+' : '−';
  const abs = Math.abs(rounded);
  if (abs < 1_000) return `${sign}${abs} ms`;
  if (abs < 60_000) return `${sign}${(abs / 1_000).toFixed(1)} s`;
  // Round once, to tenths, before splitting: 4 min 59.98 s is "5 min 0.0 s", never "4 min 60.0 s".
  const tenths = Math.round(abs / 100);
  const minutes = Math.floor(tenths / 600);
  return `${sign}${minutes} min ${((tenths % 600) / 10).toFixed(1)} s`;
}

/** "just now", "12 s ago", "3 min ago", "2 h 5 min ago". */
export function formatAgo(thenMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - thenMs) / 1_000));
  if (seconds < 3) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min ago`;
}

/** A screen silent this long (pings come every 5 s) is probably asleep or on a bad network. */
export const QUIET_AFTER_MS = 15_000;
