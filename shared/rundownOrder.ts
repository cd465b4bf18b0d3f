import type { Segment, ShowState } from './model.js';

/** The segment "next" would start: the one after the live one, or the first never started. */
export function nextSegmentOf(state: ShowState): Segment | undefined {
  const { currentSegmentId } = state.live;
  if (currentSegmentId !== null) {
    const index = state.segments.findIndex((s) => s.id === currentSegmentId);
    return state.segments[index + 1];
  }
  return state.segments.find((s) => state.actuals[s.id]?.startedAt == null);
}
