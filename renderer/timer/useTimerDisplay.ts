import { useMemo, useSyncExternalStore } from 'react';
import { useCurrentSegment, useShowInfo, useTimer } from '../store/hooks.js';
import { createFrameSource } from './frameSource.js';
import { serverNow } from './serverClock.js';
import type { TimerDisplay } from './timerDisplay.js';
import { timerDisplayAt, timerDisplayKey } from './timerDisplay.js';

/**
 * The live segment's timer (of its kind), recomputed every animation frame from the absolute instants
 * in the timer and the core's clock, re-rendering only when the shown second or phase changes.
 * Null when nothing is live.
 */
export function useTimerDisplay(): TimerDisplay | null {
  const timer = useTimer();
  const segment = useCurrentSegment();
  const timeZone = useShowInfo()?.timezone ?? 'UTC';
  const source = useMemo(
    () =>
      createFrameSource<TimerDisplay | null>(
        () => (timer && segment ? timerDisplayAt(timer, segment, serverNow(), timeZone) : null),
        timerDisplayKey,
      ),
    [timer, segment, timeZone],
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
