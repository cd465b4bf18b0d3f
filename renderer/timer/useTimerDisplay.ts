import { useMemo, useSyncExternalStore } from 'react';
import { useCurrentSegment, useShowInfo, useTimer } from '../store/hooks.js';
import { useShowStore } from '../store/showStore.js';
import { createFrameSource } from './frameSource.js';
import { serverNow } from './serverClock.js';
import type { TimerDisplay } from './timerDisplay.js';
import { timerDisplayAt, timerDisplayKey } from './timerDisplay.js';

/**
 * The live segment's timer (of its kind), recomputed every animation frame from the absolute instants
 * in the timer and the core's clock, re-rendering only when the shown second or phase changes.
 * Null when nothing is live, and while the clock estimate settles after connecting (at most
 * CLOCK_HOLD_MAX_MS): no digits rather than a second that may be wrong.
 */
export function useTimerDisplay(): TimerDisplay | null {
  const syncing = useShowStore((s) => s.clockSyncing);
  const timer = useTimer();
  const segment = useCurrentSegment();
  const timeZone = useShowInfo()?.timezone ?? 'UTC';
  const source = useMemo(
    () =>
      createFrameSource<TimerDisplay | null>(
        () => (timer && segment && !syncing ? timerDisplayAt(timer, segment, serverNow(), timeZone) : null),
        timerDisplayKey,
      ),
    [timer, segment, timeZone, syncing],
  );
  return useSyncExternalStore(source.subscribe, source.getSnapshot);
}

/** The core's clock, to the second (header clocks, "stale since"). */
export function useServerSecond(): number {
  const source = useMemo(
    () =>
      createFrameSource(
        () => Math.floor(serverNow() / 1000) * 1000,
        (t) => String(t),
      ),
    [],
  );
  return useSyncExternalStore(source.subscribe, source.getSnapshot);
}
