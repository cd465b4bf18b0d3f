import type { CommandOf } from './commands.js';
import type { Segment, SegmentKind, ShowState } from './model.js';
import { plannedTimes } from './plannedTimes.js';
import { offsetStatus, ON_SCHEDULE_MS, projectSchedule, startModeOf } from './schedule.js';

/**
 * Where the time can come back from when the show runs behind (docs/schedule.md, "Recovering the
 * schedule"). Pure, from the show state and an instant on the core's clock, like the projection.
 *
 * - The **stretch** is what has not started yet, after the live segment (or from the one "next"
 *   would start), up to the next hard start; with no hard start ahead, to the end of the day.
 *   The live segment is never shortened: its speaker is on stage with a clock.
 * - The **lateness** is how far past its target the stretch is projected to end, uncut: past the
 *   hard start (what the hard start would otherwise cut), or past the day's planned end.
 * - What a segment **can give** is its length less its shortest (`minDurationMs`; absent: half a
 *   break, nothing of anything else).
 * - The **order**: breaks first (nobody is on stage, nobody's talk is cut), then flexible
 *   segments; in each, latest first. Latest first, not proportionally, because the segments
 *   about to start have been announced and their people are waiting, the later ones leave time to
 *   tell the speakers (and may not be needed if the show catches up by itself), it changes as few
 *   segments as it can, and it is the order the projection itself cuts in at a hard start.
 * - The suggestion takes back the lateness, rounded up to the second, or as much as the stretch
 *   can give. Applying it is one `updateSegments` command, journaled like any edit (undone by
 *   editing again). A break shortened under the default rule has its shortest written down with
 *   it (half its length before), so a second recovery cannot halve it again.
 */

export interface RecoveryCandidate {
  segmentId: string;
  title: string;
  kind: SegmentKind;
  durationMs: number;
  /** The shortest it may be made (see shortestLength). */
  minMs: number;
  /** durationMs − minMs, > 0. */
  canGiveMs: number;
}

export interface RecoveryChange {
  segmentId: string;
  title: string;
  kind: SegmentKind;
  fromMs: number;
  toMs: number;
}

export type RecoveryBoundary =
  | { kind: 'hardStart'; segmentId: string; title: string; at: number }
  | { kind: 'dayEnd'; plannedEnd: number };

export interface RecoverySuggestion {
  /** How late the stretch is projected to end against its target (> ON_SCHEDULE_MS). */
  behindMs: number;
  /** What the changes take back: behindMs rounded up to the second, or all the stretch can give. */
  recoveredMs: number;
  /** Everything in the stretch that can give time, in rundown order. */
  candidates: RecoveryCandidate[];
  /** The proposed shortening, in rundown order. */
  changes: RecoveryChange[];
  boundary: RecoveryBoundary;
  /** When the stretch is projected to end (uncut by the hard start), now and with the changes. */
  endBefore: number;
  endAfter: number;
  /** The one command that applies it. */
  command: CommandOf<'updateSegments'>;
}

/** The shortest a segment may be made when the show runs behind. */
export function shortestLength(segment: Segment): number {
  if (segment.minDurationMs !== undefined) return Math.min(segment.minDurationMs, segment.durationMs);
  return segment.kind === 'break' ? Math.ceil(segment.durationMs / 2) : segment.durationMs;
}

const isHardStart = (segment: Segment) => startModeOf(segment) === 'hard' && segment.plannedStart !== null;

/**
 * When the stretch [from, to) is projected to end if the hard start at `to` did not cut it: the
 * projection of the same show with that segment's start made manual.
 */
function uncutEnd(state: ShowState, now: number, cursor: number, to: number): number | null {
  const segments =
    to < state.segments.length
      ? state.segments.map((s, i) => (i === to ? { ...s, startMode: 'manual' as const } : s))
      : state.segments;
  const projection = projectSchedule({ ...state, segments }, now);
  let end: number | null = null;
  for (let i = cursor; i < to; i++) {
    const p = projection.segments[i]!;
    if ((p.run === 'live' || p.run === 'ahead') && p.end !== null) end = Math.max(end ?? p.end, p.end);
  }
  return end;
}

export function suggestRecovery(state: ShowState, now: number): RecoverySuggestion | null {
  const projection = projectSchedule(state, now);
  const { offsetMs, cursor } = projection;
  if (offsetMs === null || cursor < 0 || offsetStatus(offsetMs) !== 'behind') return null;
  const segments = state.segments;
  const live = projection.segments[cursor]!.run === 'live';
  const from = live ? cursor + 1 : cursor;

  let to = from;
  while (to < segments.length && !isHardStart(segments[to]!)) to++;
  if (to === from) return null; // the next to start is the hard start: nothing to give before it

  const boundary: RecoveryBoundary | null =
    to < segments.length
      ? {
          kind: 'hardStart',
          segmentId: segments[to]!.id,
          title: segments[to]!.title,
          at: segments[to]!.plannedStart!,
        }
      : planEnd(segments);
  if (boundary === null) return null;
  const target = boundary.kind === 'hardStart' ? boundary.at : boundary.plannedEnd;

  const endBefore = uncutEnd(state, now, cursor, to);
  if (endBefore === null) return null;
  const behindMs = endBefore - target;
  if (behindMs <= ON_SCHEDULE_MS) return null;

  const candidates: RecoveryCandidate[] = [];
  for (let i = from; i < to; i++) {
    const segment = segments[i]!;
    if (state.actuals[segment.id]?.startedAt != null) continue; // ran already (out of order)
    const minMs = shortestLength(segment);
    if (segment.durationMs > minMs) {
      candidates.push({
        segmentId: segment.id,
        title: segment.title,
        kind: segment.kind,
        durationMs: segment.durationMs,
        minMs,
        canGiveMs: segment.durationMs - minMs,
      });
    }
  }
  if (candidates.length === 0) return null;

  const order = [
    ...candidates.filter((c) => c.kind === 'break').reverse(),
    ...candidates.filter((c) => c.kind !== 'break').reverse(),
  ];
  let left = Math.ceil(behindMs / 1000) * 1000;
  const cuts = new Map<string, number>();
  for (const candidate of order) {
    if (left <= 0) break;
    const cut = Math.min(left, candidate.canGiveMs);
    cuts.set(candidate.segmentId, cut);
    left -= cut;
  }
  const changes: RecoveryChange[] = candidates
    .filter((c) => cuts.has(c.segmentId))
    .map((c) => ({
      segmentId: c.segmentId,
      title: c.title,
      kind: c.kind,
      fromMs: c.durationMs,
      toMs: c.durationMs - cuts.get(c.segmentId)!,
    }));

  const byId = new Map(changes.map((c) => [c.segmentId, c]));
  const changed = segments.map((s) => {
    const change = byId.get(s.id);
    return change ? { ...s, durationMs: change.toMs } : s;
  });
  const endAfter = uncutEnd({ ...state, segments: changed }, now, cursor, to) ?? endBefore;

  const command: CommandOf<'updateSegments'> = {
    type: 'updateSegments',
    updates: changes.map((change) => {
      const segment = segments.find((s) => s.id === change.segmentId)!;
      const pinMinimum = segment.minDurationMs === undefined;
      return {
        segmentId: change.segmentId,
        changes: pinMinimum
          ? { durationMs: change.toMs, minDurationMs: shortestLength(segment) }
          : { durationMs: change.toMs },
      };
    }),
  };

  return {
    behindMs,
    recoveredMs: [...cuts.values()].reduce((a, b) => a + b, 0),
    candidates,
    changes,
    boundary,
    endBefore,
    endAfter,
    command,
  };
}

/** The day's planned end as the rundown states it, or null when the plan gives no times. */
function planEnd(segments: readonly Segment[]): RecoveryBoundary | null {
  let end: number | null = null;
  for (const time of plannedTimes(segments)) if (time.end !== null) end = Math.max(end ?? time.end, time.end);
  return end === null ? null : { kind: 'dayEnd', plannedEnd: end };
}
