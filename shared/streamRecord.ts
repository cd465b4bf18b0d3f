import type { ShowEvent } from './events.js';
import type { StreamRun } from './model.js';

/**
 * When the stream was live, as the core saw OBS report it. OBS's own state is mirrored live and
 * never journaled; these instants are, because the show report (YouTube chapters) is computed
 * from the journal and must come out the same on a backup's replica or after a restart.
 */

/** What the OBS adapter saw: live since `startedAt` (OBS's own count), or not live. */
export type ObservedStream = { active: true; startedAt: number } | { active: false; at: number };

type StreamStateRecorded = Extract<ShowEvent, { type: 'streamStateRecorded' }>;

/**
 * How far a re-read start instant may wander and still be the same run: after a reconnect the
 * mirror works the start out as "now − OBS's output duration", which is off by the round trip.
 */
export const SAME_RUN_TOLERANCE_MS = 5_000;

/**
 * The event to journal for what OBS reports now, or null when the journal already says so: a
 * reconnect or a core restart that finds the same stream still live records nothing new.
 */
export function streamEventFor(
  runs: readonly StreamRun[],
  observed: ObservedStream,
): StreamStateRecorded | null {
  const last = runs.at(-1);
  const open = last !== undefined && last.endedAt === null ? last : null;
  if (!observed.active) {
    return open
      ? { type: 'streamStateRecorded', active: false, at: Math.max(observed.at, open.startedAt) }
      : null;
  }
  if (open && Math.abs(open.startedAt - observed.startedAt) <= SAME_RUN_TOLERANCE_MS) return null;
  return { type: 'streamStateRecorded', active: true, at: observed.startedAt };
}

/**
 * Applies a recorded stream state. A start while a run is open (the stream stopped and started
 * again while the core was not watching) closes the open run at the new start, since it must
 * have ended by then; a stop with no open run changes nothing.
 */
export function applyStreamRecorded(runs: readonly StreamRun[], event: StreamStateRecorded): StreamRun[] {
  const last = runs.at(-1);
  const open = last !== undefined && last.endedAt === null;
  if (!event.active) {
    return open
      ? [...runs.slice(0, -1), { ...last, endedAt: Math.max(event.at, last.startedAt) }]
      : [...runs];
  }
  const closed = open
    ? [...runs.slice(0, -1), { ...last, endedAt: Math.max(event.at, last.startedAt) }]
    : runs;
  return [...closed, { startedAt: event.at, endedAt: null }];
}
