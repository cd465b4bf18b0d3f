import { useMemo } from 'react';
import type { ScheduleProjection } from '../../shared/schedule.js';
import { projectSchedule } from '../../shared/schedule.js';
import { useShowStore } from '../store/showStore.js';
import { useServerSecond } from '../timer/useTimerDisplay.js';

/**
 * Where the show stands against its plan (shared/schedule.ts), from the show state and this
 * screen's estimate of the core's clock, to the second: every screen derives the same answer,
 * no ticks cross the wire. Null until the show has arrived.
 */
export function useSchedule(): ScheduleProjection | null {
  const state = useShowStore((s) => s.showState);
  const second = useServerSecond();
  return useMemo(() => (state ? projectSchedule(state, second) : null), [state, second]);
}
