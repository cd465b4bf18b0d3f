import { useMemo, useSyncExternalStore } from 'react';
import { showStore } from '../store/showStore.js';
import { createFrameSource } from '../timer/frameSource.js';
import { serverNow } from '../timer/serverClock.js';
import type { OverlayInput } from './overlayModel.js';
import { overlayIsLive } from './overlayModel.js';

/** What an overlay reads, from the store and the core's clock as this page estimates it now. */
export function currentOverlayInput(): OverlayInput {
  const { showState, stale, clockSamples, clockSyncing } = showStore.getState();
  const live = overlayIsLive({ stale, clockSamples, clockSyncing, hasState: showState !== null });
  return { state: showState, live, serverNow: serverNow() };
}

/**
 * An overlay's model, recomputed every animation frame from the store and the core's clock
 * (never from counted ticks) and re-rendered only when what it shows changes. The same object
 * is returned until then, so it can be compared by identity. Pass a module-level function.
 */
export function useOverlayModel<T>(model: (input: OverlayInput) => T | null): T | null {
  const source = useMemo(
    () =>
      createFrameSource(
        () => model(currentOverlayInput()),
        // JSON.stringify gives undefined for an undefined model, whatever its typings say.
        (value) => (JSON.stringify(value) as string | undefined) ?? '',
      ),
    [model],
  );
  return useSyncExternalStore(source.subscribe, source.getSnapshot);
}
