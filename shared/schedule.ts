import { formatDrift } from './durationText.js';
import type { Segment, ShowState } from './model.js';
import { plannedTimes } from './plannedTimes.js';
import { elapsedMs } from './timer.js';

/**
 * Where the show stands against its plan, and when everything still to come will really happen
 * (docs/schedule.md). A pure function of the show state and an instant on the core's clock:
 * no ticks cross the wire, every screen derives it from the same state with its own estimate of
 * the core's clock, so every screen agrees.
 *
 * The rules, in order:
 * - a segment that ran keeps its real start and end; the live one ends when its timer says
 *   (never before now: a talk in overtime ends "now, at the earliest");
 * - every later segment starts when the one before it is projected to end, except a hard start,
 *   which starts at its planned time whatever happens: what would run past it is cut, and
 *   segments that would not start before it at all are squeezed out (cut to nothing);
 * - before the show starts, the first segment starts at its planned time or now, whichever is later
 *   (unless the plan is more than STALE_PLAN_MS old: then the plan is shown as written, no offset);
 * - the offset is how late the live segment will end against its plan (between segments: how
 *   late the next one will start); positive is behind.
 */

export type SegmentRun = 'done' | 'live' | 'ahead' | 'skipped';

export interface SegmentProjection {
  id: string;
  run: SegmentRun;
  plannedStart: number | null;
  plannedEnd: number | null;
  /** Real start (done, live) or projected start (ahead); null when skipped. */
  start: number | null;
  /** Real end (done), projected end (live, ahead); null when skipped. */
  end: number | null;
  /** How much of its planned length a later hard start is projected to cut (0: none). */
  cutMs: number;
}

export interface SessionProjection {
  name: string;
  /** Indexes into the rundown, both inclusive. */
  first: number;
  last: number;
  plannedEnd: number | null;
  /** Real end once its last segment has ended, else projected; null when nothing in it runs. */
  end: number | null;
  ended: boolean;
}

export interface HardStartAhead {
  segmentId: string;
  title: string;
  at: number;
  /** How long the live segment may still run for the plan before the hard start to fit. */
  liveMustEndInMs: number | null;
  /** The projection cuts the segment before it (or squeezes segments out). */
  atRisk: boolean;
}

export interface ScheduleProjection {
  /** Behind (positive) or ahead (negative) of the plan, ms; null when the plan gives no times or the show ended. */
  offsetMs: number | null;
  segments: SegmentProjection[];
  sessions: SessionProjection[];
  day: { plannedEnd: number | null; end: number | null };
  /** The first hard start still to come. */
  nextHardStart: HardStartAhead | null;
  /** Index of the live segment, or of the one "next" would start; -1 when none is left. */
  cursor: number;
}

/** A show not started this long after its planned start is not projected from now (see projectSchedule). */
export const STALE_PLAN_MS = 12 * 60 * 60_000;

/** Within this many ms of the plan, the show is "on schedule". */
export const ON_SCHEDULE_MS = 30_000;

export type OffsetStatus = 'behind' | 'ahead' | 'onSchedule';

export function offsetStatus(offsetMs: number): OffsetStatus {
  if (offsetMs > ON_SCHEDULE_MS) return 'behind';
  if (offsetMs < -ON_SCHEDULE_MS) return 'ahead';
  return 'onSchedule';
}

/** The words every screen (and the Companion module) shows for the offset. */
export function describeOffset(offsetMs: number | null): { status: OffsetStatus | 'unknown'; text: string } {
  if (offsetMs === null) return { status: 'unknown', text: 'No schedule' };
  const status = offsetStatus(offsetMs);
  switch (status) {
    case 'behind':
      return { status, text: `Running ${formatDrift(offsetMs)} behind` };
    case 'ahead':
      return { status, text: `${formatDrift(offsetMs)} ahead` };
    case 'onSchedule':
      return { status, text: 'On schedule' };
    default:
      return status satisfies never;
  }
}

export const startModeOf = (segment: Segment) => segment.startMode ?? 'manual';
export const endActionOf = (segment: Segment) => segment.endAction ?? 'none';
export const timerKindOf = (segment: Segment) => segment.timer ?? 'countdown';
export const automationPaused = (state: ShowState): boolean => state.automation?.paused === true;

/**
 * When the live segment's time is up, on the core's clock: its start plus its length (with the
 * time the producer added) plus its pauses. Null while paused: a paused segment has no deadline.
 */
export function liveDeadline(state: ShowState, now: number): number | null {
  const timer = state.live.timer;
  if (!timer || timer.pausedAt !== null) return null;
  const segment = state.segments.find((s) => s.id === timer.segmentId);
  if (!segment) return null;
  return now - elapsedMs(timer, now) + segment.durationMs + timer.addedMs;
}

/** How long is left of the live segment's planned length at `now` (the paused time counts as not run). */
function liveProjectedEnd(state: ShowState, segment: Segment, now: number): number {
  const timer = state.live.timer!;
  const remaining = segment.durationMs + timer.addedMs - elapsedMs(timer, now);
  return now + Math.max(0, remaining);
}

/** The index "next" would start when nothing is live: the first segment never started. */
function firstNotStarted(state: ShowState): number {
  return state.segments.findIndex((s) => state.actuals[s.id]?.startedAt == null);
}

export function projectSchedule(state: ShowState, now: number): ScheduleProjection {
  const { segments, actuals, live } = state;
  const times = plannedTimes(segments);
  const liveIndex =
    live.currentSegmentId === null ? -1 : segments.findIndex((s) => s.id === live.currentSegmentId);
  const ended = live.showEndedAt !== null;
  const cursor = liveIndex >= 0 ? liveIndex : ended ? -1 : firstNotStarted(state);

  // A show not started half a day after its plan said (a rehearsal, last year's demo): the
  // plan is shown as written, with no offset, rather than "running 34,000 hours behind".
  const firstPlanned = cursor >= 0 ? times[cursor]?.start : null;
  const stalePlan = live.showStartedAt === null && firstPlanned != null && now - firstPlanned > STALE_PLAN_MS;

  const projections = new Array<SegmentProjection>(segments.length);
  // The projected segments since the last fixed point, so a hard start can cut back into them.
  let open: SegmentProjection[] = [];
  let t: number | null = null;

  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const plan = times[i]!;
    const actual = actuals[segment.id];
    const p: SegmentProjection = {
      id: segment.id,
      run: 'skipped',
      plannedStart: plan.start,
      plannedEnd: plan.end,
      start: null,
      end: null,
      cutMs: 0,
    };
    projections[i] = p;
    if (i === liveIndex) {
      p.run = 'live';
      p.start = actual?.startedAt ?? now;
      p.end = liveProjectedEnd(state, segment, now);
      t = p.end;
      open = [p];
      continue;
    }
    if (actual?.startedAt != null) {
      p.run = 'done';
      p.start = actual.startedAt;
      p.end = actual.endedAt ?? actual.startedAt;
      continue;
    }
    if (cursor < 0 || i < cursor) continue; // passed over, or the show is over
    p.run = 'ahead';
    if (t === null) t = stalePlan ? (plan.start ?? now) : Math.max(now, plan.start ?? now);
    if (startModeOf(segment) === 'hard' && segment.plannedStart !== null) {
      const at = segment.plannedStart;
      if (t > at) cutBack(open, at);
      t = at;
      open = [];
    }
    p.start = t;
    p.end = t + segment.durationMs;
    t = p.end;
    open.push(p);
  }

  return {
    offsetMs: ended || stalePlan ? null : offsetOf(projections, cursor),
    segments: projections,
    sessions: sessionsOf(segments, projections),
    day: dayOf(projections),
    nextHardStart: hardStartAhead(state, projections, cursor, liveIndex, now),
    cursor,
  };
}

/** A hard start at `at` cuts what the projection put past it, latest first. */
function cutBack(open: SegmentProjection[], at: number): void {
  for (let k = open.length - 1; k >= 0; k--) {
    const p = open[k]!;
    if (p.end! <= at) return;
    if (p.run === 'live' || p.start! < at) {
      p.cutMs += p.end! - Math.max(at, p.start!);
      p.end = Math.max(at, p.start!);
      return;
    }
    p.cutMs += p.end! - p.start!;
    p.start = at;
    p.end = at;
  }
}

function offsetOf(projections: SegmentProjection[], cursor: number): number | null {
  const at = projections[cursor];
  if (!at) return null;
  if (at.run === 'live' && at.plannedEnd !== null) return at.end! + at.cutMs - at.plannedEnd;
  if (at.run === 'live') {
    const next = projections[cursor + 1];
    return next?.plannedStart != null && next.start !== null ? next.start - next.plannedStart : null;
  }
  return at.plannedStart === null || at.start === null ? null : at.start - at.plannedStart;
}

function sessionsOf(segments: readonly Segment[], projections: SegmentProjection[]): SessionProjection[] {
  const sessions: SessionProjection[] = [];
  let current: SessionProjection | null = null;
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i]!.session;
    const p = projections[i]!;
    if (current === null || current.name !== name) {
      current = { name, first: i, last: i, plannedEnd: null, end: null, ended: true };
      sessions.push(current);
    }
    current.last = i;
    if (p.plannedEnd !== null)
      current.plannedEnd = Math.max(current.plannedEnd ?? p.plannedEnd, p.plannedEnd);
    if (p.end !== null) current.end = Math.max(current.end ?? p.end, p.end);
    if (p.run === 'live' || p.run === 'ahead') current.ended = false;
  }
  return sessions;
}

function dayOf(projections: SegmentProjection[]): ScheduleProjection['day'] {
  let plannedEnd: number | null = null;
  let end: number | null = null;
  for (const p of projections) {
    if (p.plannedEnd !== null) plannedEnd = Math.max(plannedEnd ?? p.plannedEnd, p.plannedEnd);
    if (p.end !== null) end = Math.max(end ?? p.end, p.end);
  }
  return { plannedEnd, end };
}

function hardStartAhead(
  state: ShowState,
  projections: SegmentProjection[],
  cursor: number,
  liveIndex: number,
  now: number,
): HardStartAhead | null {
  if (cursor < 0) return null;
  let between = 0;
  for (let i = cursor; i < projections.length; i++) {
    const segment = state.segments[i]!;
    const p = projections[i]!;
    if (p.run !== 'ahead' && p.run !== 'live') continue;
    if (p.run === 'ahead' && startModeOf(segment) === 'hard' && segment.plannedStart !== null) {
      const before = projections.slice(cursor, i).some((q) => q.cutMs > 0);
      return {
        segmentId: segment.id,
        title: segment.title,
        at: segment.plannedStart,
        liveMustEndInMs: liveIndex >= 0 ? segment.plannedStart - now - between : null,
        atRisk: before,
      };
    }
    if (p.run === 'ahead') between += segment.durationMs;
  }
  return null;
}
