import type { AutomaticReason, ShowEvent } from './events.js';
import type { ShowState } from './model.js';
import { automationPaused, endActionOf, liveDeadline, startModeOf } from './schedule.js';
import { startEvents } from './segmentStart.js';
import { MEDIA_END_GRACE_MS, followsPlayingMedia } from './mediaTimer.js';

/**
 * What the scheduler would do now, by itself (docs/schedule.md). Pure: the core's scheduler
 * (core/runtime/scheduler.ts) asks, at the instants `nextActionAt` names and at least once a
 * second, and journals what this says as an automatic start. Because the answer comes from the
 * journaled state, not from a timer that fired, a due moment is acted on exactly once: after it
 * acts, the state no longer calls for it; after a restart or a promotion past the moment, the
 * state still does, once.
 *
 * - Nothing runs by itself before the producer starts the show, after it ends, or while the
 *   show's switch pauses automation.
 * - A hard start is due from its planned time while it has not started and is still ahead of
 *   the live segment in the rundown (one the producer has passed over stays passed over). When
 *   several are due at once (the machine's clock stepped forward by minutes) only the latest
 *   runs and those before it are passed over: one start, never a burst.
 * - The live segment's time being up starts the next segment when its end action is `next`,
 *   or when the next one follows it. A paused segment's time is never up.
 * - A segment whose timer follows media (a pre-recorded talk, mediaTimer.ts) is over when OBS
 *   reports the media ended (`mediaEnded`); its timer's deadline counts only MEDIA_END_GRACE_MS
 *   later, should OBS never say so.
 * - Turning automation back on never fires at once what fell due while it was off: the
 *   producer took those moments by hand (or chose to let them pass).
 */
export interface AutomaticStart {
  segmentId: string;
  /** The live segment this start expects to end (null: none): a producer who moved on first wins. */
  from: string | null;
  reason: AutomaticReason;
}

function liveIndexOf(state: ShowState): number {
  const id = state.live.currentSegmentId;
  return id === null ? -1 : state.segments.findIndex((s) => s.id === id);
}

/** Where the hard starts that may still run begin: after the live segment, or at the first not started. */
function firstCandidate(state: ShowState, liveIndex: number): number {
  if (liveIndex >= 0) return liveIndex + 1;
  const index = state.segments.findIndex((s) => state.actuals[s.id]?.startedAt == null);
  return index < 0 ? state.segments.length : index;
}

const armed = (state: ShowState): boolean =>
  state.live.showStartedAt !== null && state.live.showEndedAt === null && !automationPaused(state);

/** When automation was last turned back on: what fell due before then is not acted on. */
const resumedAt = (state: ShowState): number =>
  state.automation && !state.automation.paused ? state.automation.at : -Infinity;

export function dueAction(state: ShowState, now: number): AutomaticStart | null {
  if (!armed(state)) return null;
  const liveIndex = liveIndexOf(state);
  const from = state.live.currentSegmentId;
  const since = resumedAt(state);
  let hard: AutomaticStart | null = null;
  for (let i = firstCandidate(state, liveIndex); i < state.segments.length; i++) {
    const segment = state.segments[i]!;
    if (startModeOf(segment) !== 'hard' || segment.plannedStart === null) continue;
    if (segment.plannedStart > now) break;
    if (segment.plannedStart < since || state.actuals[segment.id]?.startedAt != null) continue;
    hard = { segmentId: segment.id, from, reason: { kind: 'hardStart', dueAt: segment.plannedStart } };
  }
  if (hard) return hard;
  if (liveIndex < 0) return null;
  const next = state.segments[liveIndex + 1];
  const live = state.segments[liveIndex]!;
  if (!next || !(endActionOf(live) === 'next' || startModeOf(next) === 'follow')) return null;
  const media = state.live.timer?.media;
  if (media?.state === 'ended') {
    if (media.at < since) return null;
    return { segmentId: next.id, from, reason: { kind: 'mediaEnded', dueAt: media.at } };
  }
  const deadline = liveDeadline(state, now);
  // While the timer follows media, the end is OBS's to report; the deadline is the fallback.
  const grace = followsPlayingMedia(state.live.timer) ? MEDIA_END_GRACE_MS : 0;
  if (deadline === null || deadline + grace > now || deadline < since) return null;
  if (endActionOf(live) === 'next')
    return { segmentId: next.id, from, reason: { kind: 'endAction', dueAt: deadline } };
  return { segmentId: next.id, from, reason: { kind: 'follow', dueAt: deadline } };
}

/** The next instant something may fall due (null: nothing is scheduled); the scheduler sleeps until then. */
export function nextActionAt(state: ShowState, now: number): number | null {
  if (!armed(state)) return null;
  const liveIndex = liveIndexOf(state);
  let at: number | null = null;
  for (let i = firstCandidate(state, liveIndex); i < state.segments.length; i++) {
    const segment = state.segments[i]!;
    if (startModeOf(segment) === 'hard' && segment.plannedStart !== null && segment.plannedStart > now) {
      at = segment.plannedStart;
      break;
    }
  }
  if (liveIndex >= 0) {
    const live = state.segments[liveIndex]!;
    const next = state.segments[liveIndex + 1];
    const grace = followsPlayingMedia(state.live.timer) ? MEDIA_END_GRACE_MS : 0;
    const deadline = liveDeadline(state, now);
    const due = deadline === null ? null : deadline + grace;
    const acts = next && (endActionOf(live) === 'next' || startModeOf(next) === 'follow');
    if (acts && due !== null && due > now) at = at === null ? due : Math.min(at, due);
  }
  return at;
}

/**
 * The events of an automatic start, if it is still what the show calls for at `now`; null
 * when not (the producer moved on, paused the show's automation, or started it by hand).
 */
export function automaticEvents(state: ShowState, start: AutomaticStart, now: number): ShowEvent[] | null {
  const due = dueAction(state, now);
  if (!due || due.segmentId !== start.segmentId || due.from !== start.from) return null;
  return startEvents(state, due.segmentId, now, due.reason);
}
