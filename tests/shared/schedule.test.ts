import { describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../shared/events.js';
import type { Segment, ShowState } from '../../shared/model.js';
import { Rundown } from '../../shared/model.js';
import { hardStartProblems, plannedTimes } from '../../shared/plannedTimes.js';
import { applyEvents } from '../../shared/reducer.js';
import {
  describeOffset,
  liveDeadline,
  offsetStatus,
  ON_SCHEDULE_MS,
  projectSchedule,
  STALE_PLAN_MS,
} from '../../shared/schedule.js';
import { fixtureSegments, fixtureShow, MIN, segment, SHOW_INFO, T0 } from './fixtures.js';

/** keynote T0 30 min, talk T0+30 25 min, break T0+55 15 min, lightning T0+70 5 min. */
function run(events: ShowEvent[], segments: Segment[] = fixtureSegments()): ShowState {
  return applyEvents({ ...fixtureShow(), segments }, events);
}
const started = (segmentId: string, at: number): ShowEvent => ({ type: 'segmentStarted', segmentId, at });
const ended = (segmentId: string, at: number): ShowEvent => ({ type: 'segmentEnded', segmentId, at });

describe('plannedTimes', () => {
  it('chains segments without a planned start onto the one before, and knows nothing before the first', () => {
    const times = plannedTimes([
      { plannedStart: null, durationMs: 5 },
      { plannedStart: 100, durationMs: 10 },
      { plannedStart: null, durationMs: 20 },
      { plannedStart: 200, durationMs: 1 },
    ]);
    expect(times).toEqual([
      { start: null, end: null },
      { start: 100, end: 110 },
      { start: 110, end: 130 },
      { start: 200, end: 201 },
    ]);
  });
});

describe('hard starts in the plan', () => {
  it('needs a planned start, and room for it after the segment before', () => {
    const segments = fixtureSegments();
    segments[1] = { ...segments[1]!, startMode: 'hard', plannedStart: T0 + 25 * MIN };
    segments[2] = { ...segments[2]!, startMode: 'hard', plannedStart: null };
    const problems = hardStartProblems(segments);
    expect(problems.map((p) => p.index)).toEqual([1, 2]);
    expect(problems[0]?.message).toMatch(/overlaps the segment before it \("Opening keynote"/);
    expect(problems[1]?.message).toBe('a hard start needs a planned start time');
    const parsed = Rundown.safeParse({ show: SHOW_INFO, segments });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'segments.1.startMode',
      'segments.2.startMode',
    ]);
  });

  it('accepts a hard start right at the end of the segment before, or after a gap', () => {
    const segments = fixtureSegments().map((s) => ({ ...s, startMode: 'hard' as const }));
    expect(hardStartProblems(segments)).toEqual([]);
  });
});

describe('projectSchedule', () => {
  it('before the show, projects the plan, and a late start moves everything', () => {
    const onTime = projectSchedule(fixtureShow(), T0 - 10 * MIN);
    expect(onTime.offsetMs).toBe(0);
    expect(onTime.segments.map((p) => [p.run, p.start, p.end])).toEqual([
      ['ahead', T0, T0 + 30 * MIN],
      ['ahead', T0 + 30 * MIN, T0 + 55 * MIN],
      ['ahead', T0 + 55 * MIN, T0 + 70 * MIN],
      ['ahead', T0 + 70 * MIN, T0 + 75 * MIN],
    ]);
    const late = projectSchedule(fixtureShow(), T0 + 4 * MIN);
    expect(late.offsetMs).toBe(4 * MIN);
    expect(late.day).toEqual({ plannedEnd: T0 + 75 * MIN, end: T0 + 79 * MIN });
  });

  it('a talk in overtime pushes everything after it, minute by minute', () => {
    const state = run([started('keynote', T0)]);
    const at = (now: number) => projectSchedule(state, now);
    expect(at(T0 + 10 * MIN).offsetMs).toBe(0);
    const over = at(T0 + 37 * MIN + 40_000);
    expect(over.offsetMs).toBe(7 * MIN + 40_000);
    expect(over.segments[0]).toMatchObject({ run: 'live', start: T0, end: T0 + 37 * MIN + 40_000 });
    expect(over.segments[1]!.start).toBe(T0 + 37 * MIN + 40_000);
    expect(over.segments[3]!.end).toBe(T0 + 82 * MIN + 40_000);
    expect(over.sessions).toEqual([
      {
        name: 'Session 1',
        first: 0,
        last: 3,
        plannedEnd: T0 + 75 * MIN,
        end: T0 + 82 * MIN + 40_000,
        ended: false,
      },
    ]);
    expect(offsetStatus(over.offsetMs!)).toBe('behind');
  });

  it('counts pauses and added time into the live segment, and being early as ahead', () => {
    const state = run([
      started('keynote', T0),
      { type: 'timerPaused', at: T0 + 5 * MIN },
      { type: 'timerResumed', at: T0 + 7 * MIN },
      { type: 'timeAdjusted', deltaMs: 3 * MIN },
    ]);
    expect(projectSchedule(state, T0 + 10 * MIN).offsetMs).toBe(5 * MIN);
    expect(liveDeadline(state, T0 + 10 * MIN)).toBe(T0 + 35 * MIN);
    const paused = applyEvents(state, [{ type: 'timerPaused', at: T0 + 10 * MIN }]);
    // While paused the segment's end moves with the clock: a minute of pause is a minute later.
    expect(projectSchedule(paused, T0 + 11 * MIN).offsetMs).toBe(6 * MIN);
    expect(liveDeadline(paused, T0 + 11 * MIN)).toBeNull();

    const early = run([
      started('keynote', T0),
      ended('keynote', T0 + 26 * MIN),
      started('talk', T0 + 26 * MIN),
    ]);
    const projection = projectSchedule(early, T0 + 27 * MIN);
    expect(projection.offsetMs).toBe(-4 * MIN);
    expect(offsetStatus(projection.offsetMs!)).toBe('ahead');
    expect(projection.segments[0]).toMatchObject({ run: 'done', start: T0, end: T0 + 26 * MIN });
  });

  it('a hard start holds its time: the segment before it is cut and later ones squeezed out', () => {
    const segments = fixtureSegments();
    segments[3] = { ...segments[3]!, startMode: 'hard' };
    const state = run([started('keynote', T0)], segments);
    const projection = projectSchedule(state, T0 + 50 * MIN);
    // The keynote ends at 50 at the earliest; talk 50–75 and break 75–90 would run past 70.
    expect(projection.segments.map((p) => [p.start, p.end, p.cutMs])).toEqual([
      [T0, T0 + 50 * MIN, 0],
      [T0 + 50 * MIN, T0 + 70 * MIN, 5 * MIN],
      [T0 + 70 * MIN, T0 + 70 * MIN, 15 * MIN],
      [T0 + 70 * MIN, T0 + 75 * MIN, 0],
    ]);
    expect(projection.day.end).toBe(T0 + 75 * MIN);
    expect(projection.nextHardStart).toEqual({
      segmentId: 'lightning',
      title: segments[3].title,
      at: T0 + 70 * MIN,
      liveMustEndInMs: 20 * MIN - 40 * MIN,
      atRisk: true,
    });
    const onTime = projectSchedule(state, T0 + 10 * MIN).nextHardStart!;
    expect(onTime).toMatchObject({ atRisk: false, liveMustEndInMs: 60 * MIN - 40 * MIN });
  });

  it('passed-over segments are skipped, and an ended show projects nothing', () => {
    const state = run([
      started('keynote', T0),
      ended('keynote', T0 + 30 * MIN),
      started('break', T0 + 30 * MIN),
    ]);
    const projection = projectSchedule(state, T0 + 31 * MIN);
    expect(projection.segments.map((p) => p.run)).toEqual(['done', 'skipped', 'live', 'ahead']);
    expect(projection.cursor).toBe(2);
    const over = applyEvents(state, [
      ended('break', T0 + 40 * MIN),
      { type: 'showEnded', at: T0 + 40 * MIN },
    ]);
    const after = projectSchedule(over, T0 + 41 * MIN);
    expect(after.offsetMs).toBeNull();
    expect(after.segments.map((p) => p.run)).toEqual(['done', 'skipped', 'done', 'skipped']);
    expect(after.sessions[0]!.ended).toBe(true);
  });

  it('groups sessions and projects each one’s end', () => {
    const segments = [
      segment({ id: 'a', session: 'Morning', plannedStart: T0, durationMs: 10 * MIN }),
      segment({ id: 'b', session: 'Morning', durationMs: 10 * MIN }),
      segment({
        id: 'c',
        session: 'Afternoon',
        durationMs: 10 * MIN,
        startMode: 'hard',
        plannedStart: T0 + 30 * MIN,
      }),
    ];
    const state = run([started('a', T0 + 2 * MIN)], segments);
    const projection = projectSchedule(state, T0 + 3 * MIN);
    expect(projection.sessions.map((s) => [s.name, s.plannedEnd, s.end])).toEqual([
      ['Morning', T0 + 20 * MIN, T0 + 22 * MIN],
      ['Afternoon', T0 + 40 * MIN, T0 + 40 * MIN],
    ]);
    expect(projection.offsetMs).toBe(2 * MIN);
    expect(offsetStatus(ON_SCHEDULE_MS)).toBe('onSchedule');
  });

  it('every screen gets the same answer from the same state and instant', () => {
    const state = run([started('keynote', T0)]);
    expect(projectSchedule(structuredClone(state), T0 + 33 * MIN)).toEqual(
      projectSchedule(state, T0 + 33 * MIN),
    );
  });
});

describe('a plan long past', () => {
  it('is shown as written, with no offset, when the show has not started half a day after it', () => {
    const stale = projectSchedule(fixtureShow(), T0 + STALE_PLAN_MS + 1);
    expect(stale.offsetMs).toBeNull();
    expect(stale.segments[0]).toMatchObject({ run: 'ahead', start: T0, end: T0 + 30 * MIN });
    expect(projectSchedule(fixtureShow(), T0 + STALE_PLAN_MS).offsetMs).toBe(STALE_PLAN_MS);
  });
});

describe('describeOffset', () => {
  it('says behind, ahead or on schedule in words, to the second', () => {
    expect(describeOffset(7 * MIN + 40_000)).toEqual({ status: 'behind', text: 'Running 7:40 behind' });
    expect(describeOffset(-(2 * MIN + 10_000))).toEqual({ status: 'ahead', text: '2:10 ahead' });
    expect(describeOffset(ON_SCHEDULE_MS)).toEqual({ status: 'onSchedule', text: 'On schedule' });
    expect(describeOffset(67 * MIN + 40_000).text).toBe('Running 1:07:40 behind');
    expect(describeOffset(null)).toEqual({ status: 'unknown', text: 'No schedule' });
  });
});
