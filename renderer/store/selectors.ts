import { SHOW_CONTROL_ROLES } from '../../shared/roles.js';
import { selectControlLock } from './controlSelectors.js';
import { nextSegmentOf } from '../../shared/rundownOrder.js';
import type { Segment, SegmentActual } from '../../shared/model.js';
import type { ConnectionStatus } from './connectionSlice.js';
import type { ShowStore } from './showStore.js';

/**
 * Pure selectors over the store. Each returns a value already in the state (or a primitive),
 * never a fresh object, so zustand's equality check keeps components from re-rendering.
 */

/** Silence from the core longer than this means the screen is not live (pings go every 5 s). */
export const STALE_AFTER_MS = 10_000;

export function isStale(status: ConnectionStatus, lastMessageAt: number | null, now: number): boolean {
  if (status !== 'connected' || lastMessageAt === null) return true;
  return now - lastMessageAt > STALE_AFTER_MS;
}

export const selectSegments = (s: ShowStore): Segment[] => s.showState?.segments ?? EMPTY_SEGMENTS;
const EMPTY_SEGMENTS: Segment[] = [];

export const selectCurrentSegment = (s: ShowStore): Segment | null => {
  const id = s.showState?.live.currentSegmentId ?? null;
  return id === null ? null : (s.showState?.segments.find((seg) => seg.id === id) ?? null);
};

export const selectNextSegment = (s: ShowStore): Segment | null =>
  s.showState ? (nextSegmentOf(s.showState) ?? null) : null;

export const selectSelectedSegment = (s: ShowStore): Segment | null =>
  s.showState?.segments.find((seg) => seg.id === s.selectedSegmentId) ?? null;

export const selectEditingSegment = (s: ShowStore): Segment | null =>
  s.showState?.segments.find((seg) => seg.id === s.editingSegmentId) ?? null;

export const selectTimer = (s: ShowStore) => s.showState?.live.timer ?? null;
export const selectActiveMessage = (s: ShowStore) => s.showState?.activeMessage ?? null;
export const selectShowInfo = (s: ShowStore) => s.showState?.show ?? null;

/** May this screen run the show now: a producer or backup role, holding show control (or free to take it). */
export const selectCanControl = (s: ShowStore): boolean =>
  s.role !== null && SHOW_CONTROL_ROLES.includes(s.role) && selectControlLock(s) === null;

export const selectActual =
  (segmentId: string) =>
  (s: ShowStore): SegmentActual | null =>
    s.showState?.actuals[segmentId] ?? null;

/** Where the show is, for headings: before the first segment, running, or over. */
export type ShowPhase = 'loading' | 'notStarted' | 'live' | 'between' | 'ended';

export const selectShowPhase = (s: ShowStore): ShowPhase => {
  const state = s.showState;
  if (!state) return 'loading';
  if (state.live.showEndedAt !== null) return 'ended';
  if (state.live.currentSegmentId !== null) return 'live';
  return state.live.showStartedAt === null ? 'notStarted' : 'between';
};
