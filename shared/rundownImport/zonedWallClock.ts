// Reads a wall-clock time (a spreadsheet's date cell: a local date and time with no zone) in a time zone, DST-correct.
import type { Cell } from './errors.js';
import { zonedParts } from '../zonedParts.js';

const DAY_MS = 86_400_000;

/**
 * The wall clock `timeZone` shows at an instant, as ms whose UTC fields are that wall clock
 * (what a spreadsheet's date cell holds); the instant's milliseconds are kept.
 */
export function wallClockAt(epochMs: number, timeZone: string): number {
  const ms = ((epochMs % 1000) + 1000) % 1000;
  const p = zonedParts(epochMs - ms, timeZone);
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return asUtc + ms;
}

/** The zone's offset from UTC at an instant, in ms (e.g. -5 h for New York in winter). */
function offsetAt(epochMs: number, timeZone: string): number {
  return wallClockAt(epochMs, timeZone) - epochMs;
}

/** "2022-03-13 02:30:00": how a wall clock is written in messages. */
export function formatWallClock(wallClockMs: number): string {
  const iso = new Date(wallClockMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * The instant at which clocks in `timeZone` read `wallClockMs` (the wall clock's fields read as
 * if UTC). A time the clocks skip (a spring-forward gap) is refused; a time they show twice (the
 * fall-back hour) is the first of the two, the one before the change.
 */
export function instantOfWallClock(wallClockMs: number, timeZone: string): Cell<number> {
  const candidates = [offsetAt(wallClockMs - DAY_MS, timeZone), offsetAt(wallClockMs + DAY_MS, timeZone)]
    .map((offset) => wallClockMs - offset)
    .filter((instant) => instant + offsetAt(instant, timeZone) === wallClockMs)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first === undefined) {
    return {
      ok: false,
      message: `${formatWallClock(wallClockMs)} does not exist in ${timeZone} (the clocks skip it when they go forward)`,
    };
  }
  return { ok: true, value: first };
}
