import type { ShowState } from '../../shared/model.js';
import type { ScheduleProjection } from '../../shared/schedule.js';
import { projectSchedule } from '../../shared/schedule.js';
import { useShowStore } from '../store/showStore.js';
import { useServerSecond } from '../timer/useTimerDisplay.js';

/** The last projection: the badge, the header, the warning and the rundown share one a second. */
let last: { state: ShowState; second: number; projection: ScheduleProjection } | null = null;

function projectionAt(state: ShowState, second: number): ScheduleProjection {
  if (last?.state !== state || last.second !== second)
    last = { state, second, projection: projectSchedule(state, second) };
  return last.projection;
}

/**
 * Where the show stands against its plan (shared/schedule.ts), from the show state and this
 * screen's estimate of the core's clock, to the second: every screen derives the same answer,
 * no ticks cross the wire. Null until the show has arrived.
 */
export function useSchedule(): ScheduleProjection | null {
  const state = useShowStore((s) => s.showState);
  const second = useServerSecond();
  return state ? projectionAt(state, second) : null;
}
