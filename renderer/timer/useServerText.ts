import { useMemo, useSyncExternalStore } from 'react';
import { createFrameSource } from './frameSource.js';
import { serverNow } from './serverClock.js';

/**
 * Text computed from the core's clock (a stream's on-air time, a thumbnail's age), recomputed
 * every frame and re-rendered only when the text changes: nothing counts ticks. Pass a stable
 * function (useCallback), or the source is rebuilt every render.
 */
export function useServerText(compute: (serverNow: number) => string): string {
  const source = useMemo(
    () =>
      createFrameSource(
        () => compute(serverNow()),
        (text) => text,
      ),
    [compute],
  );
  return useSyncExternalStore(source.subscribe, source.getSnapshot);
}
