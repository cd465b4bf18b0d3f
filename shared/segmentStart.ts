import type { AutomaticReason, ShowEvent } from './events.js';
import type { ShowState } from './model.js';
import { projectSchedule } from './schedule.js';

/** Ends the live segment, if any: the events a start or the end of the show begins with. */
export function endLive(state: ShowState, at: number, auto?: AutomaticReason): ShowEvent[] {
  const current = state.live.currentSegmentId;
  if (current === null) return [];
  return [
    auto
      ? { type: 'segmentEnded', segmentId: current, at, auto }
      : { type: 'segmentEnded', segmentId: current, at },
  ];
}

/**
 * The events that start a segment, by hand or by the scheduler: the live one ends, this one
 * starts, and the start the schedule projected for it a moment before is kept beside its real
 * start (the show report's start delay is against the plan, its "expected" against this).
 */
export function startEvents(
  state: ShowState,
  segmentId: string,
  at: number,
  auto?: AutomaticReason,
): ShowEvent[] {
  const index = state.segments.findIndex((s) => s.id === segmentId);
  const projected = projectSchedule(state, at).segments[index];
  // Only a segment the schedule still had ahead has an expectation; one run again has none.
  const expectedAt = projected?.run === 'ahead' ? projected.start : null;
  const started: Extract<ShowEvent, { type: 'segmentStarted' }> = { type: 'segmentStarted', segmentId, at };
  if (expectedAt !== null) started.expectedAt = expectedAt;
  if (auto) started.auto = auto;
  return [...endLive(state, at, auto), started];
}
