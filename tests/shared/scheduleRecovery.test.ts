import { describe, expect, it } from 'vitest';
import { ShowCommand } from '../../shared/commands.js';
import { decide } from '../../shared/decide.js';
import type { ShowEvent } from '../../shared/events.js';
import type { Segment, ShowState } from '../../shared/model.js';
import { applyEvents } from '../../shared/reducer.js';
import { projectSchedule } from '../../shared/schedule.js';
import { shortestLength, suggestRecovery } from '../../shared/scheduleRecovery.js';
import { ctx, fixtureShow, MIN, segment, T0 } from './fixtures.js';

/**
 * keynote 30 (T0), break1 10, talk 25 (may lose 5), break2 20, closing 30: back to back, only the
 * first with a planned start, so the day is planned to end at T0 + 115 min.
 */
function day(): Segment[] {
  return [
    segment({ id: 'keynote', kind: 'keynote', plannedStart: T0, durationMs: 30 * MIN }),
    segment({ id: 'break1', kind: 'break', title: 'Break 1', durationMs: 10 * MIN }),
    segment({ id: 'talk', kind: 'talk', durationMs: 25 * MIN, minDurationMs: 20 * MIN }),
    segment({ id: 'break2', kind: 'break', title: 'Break 2', durationMs: 20 * MIN }),
    segment({ id: 'closing', kind: 'talk', durationMs: 30 * MIN }),
  ];
}

function show(segments: Segment[], events: ShowEvent[]): ShowState {
  return applyEvents({ ...fixtureShow(), segments }, events);
}
const started = (segmentId: string, at: number): ShowEvent => ({ type: 'segmentStarted', segmentId, at });
const ended = (segmentId: string, at: number): ShowEvent => ({ type: 'segmentEnded', segmentId, at });

/** The keynote started on time and runs `overMs` past its 30 minutes. */
const keynoteOver = (overMs: number) => ({
  state: show(day(), [started('keynote', T0)]),
  now: T0 + 30 * MIN + overMs,
});

const durations = (s: ReturnType<typeof suggestRecovery>) =>
  s?.changes.map((c) => [c.segmentId, c.fromMs / MIN, c.toMs / MIN]);

/** Applies the suggestion through decide and the reducer, as the core would. */
function applied(state: ShowState, now: number): ShowState {
  const suggestion = suggestRecovery(state, now)!;
  const command = ShowCommand.parse(suggestion.command);
  const decision = decide(state, command, ctx(now));
  if (!decision.ok) throw new Error(decision.error);
  return applyEvents(state, decision.events);
}

describe('shortestLength', () => {
  it('is minDurationMs when given; else half a break and all of anything else', () => {
    expect(shortestLength(segment({ id: 'b', kind: 'break', durationMs: 15 * MIN }))).toBe(7.5 * MIN);
    expect(shortestLength(segment({ id: 't', kind: 'talk', durationMs: 15 * MIN }))).toBe(15 * MIN);
    expect(
      shortestLength(segment({ id: 'b', kind: 'break', durationMs: 15 * MIN, minDurationMs: 12 * MIN })),
    ).toBe(12 * MIN);
  });
});

describe('suggestRecovery', () => {
  it('suggests nothing on time or ahead', () => {
    const { state } = keynoteOver(0);
    expect(suggestRecovery(state, T0 + 10 * MIN)).toBeNull();
    expect(suggestRecovery(state, T0 + 30 * MIN + 20_000)).toBeNull(); // within 30 s: on schedule
    const early = show(day(), [started('keynote', T0), ended('keynote', T0 + 25 * MIN)]);
    expect(suggestRecovery(early, T0 + 25 * MIN)).toBeNull();
    expect(suggestRecovery(fixtureShow(), T0 - 5 * MIN)).toBeNull();
  });

  it('takes the time from the breaks ahead, latest first, and projects the day end back on plan', () => {
    const { state, now } = keynoteOver(12 * MIN);
    const suggestion = suggestRecovery(state, now)!;
    expect(suggestion.behindMs).toBe(12 * MIN);
    expect(suggestion.boundary).toEqual({ kind: 'dayEnd', plannedEnd: T0 + 115 * MIN });
    expect(suggestion.candidates.map((c) => [c.segmentId, c.canGiveMs / MIN])).toEqual([
      ['break1', 5],
      ['talk', 5],
      ['break2', 10],
    ]);
    expect(durations(suggestion)).toEqual([
      ['break1', 10, 8],
      ['break2', 20, 10],
    ]);
    expect(suggestion.recoveredMs).toBe(12 * MIN);
    expect(suggestion.endBefore).toBe(T0 + 127 * MIN);
    expect(suggestion.endAfter).toBe(T0 + 115 * MIN);
    // A break shortened under the default rule keeps its floor: half its length before.
    expect(suggestion.command).toEqual({
      type: 'updateSegments',
      updates: [
        { segmentId: 'break1', changes: { durationMs: 8 * MIN, minDurationMs: 5 * MIN } },
        { segmentId: 'break2', changes: { durationMs: 10 * MIN, minDurationMs: 10 * MIN } },
      ],
    });
    const after = applied(state, now);
    expect(projectSchedule(after, now).day.end).toBe(T0 + 115 * MIN);
    // Nothing more to take from break2 after that; only break1's last 3 minutes and the talk's 5.
    const again = suggestRecovery(show(after.segments, [started('keynote', T0)]), now + 10 * MIN)!;
    expect(again.candidates.map((c) => [c.segmentId, c.canGiveMs / MIN])).toEqual([
      ['break1', 3],
      ['talk', 5],
    ]);
  });

  it('then flexible segments down to their minDurationMs, and as much as it can when not enough', () => {
    const some = keynoteOver(18 * MIN);
    expect(durations(suggestRecovery(some.state, some.now))).toEqual([
      ['break1', 10, 5],
      ['talk', 25, 22],
      ['break2', 20, 10],
    ]);
    const { state, now } = keynoteOver(30 * MIN + 20_000);
    const suggestion = suggestRecovery(state, now)!;
    expect(suggestion.behindMs).toBe(30 * MIN + 20_000);
    expect(durations(suggestion)).toEqual([
      ['break1', 10, 5],
      ['talk', 25, 20],
      ['break2', 20, 10],
    ]);
    expect(suggestion.recoveredMs).toBe(20 * MIN);
    expect(suggestion.endAfter - suggestion.endBefore).toBe(-20 * MIN);
    expect(projectSchedule(applied(state, now), now).day.end).toBe(T0 + 125 * MIN + 20_000);
  });

  it('rounds the time to take back up to the second', () => {
    const { state, now } = keynoteOver(7 * MIN + 40_500);
    const suggestion = suggestRecovery(state, now)!;
    expect(suggestion.recoveredMs).toBe(7 * MIN + 41_000);
    expect(durations(suggestion)).toEqual([['break2', 20, 20 - (7 * MIN + 41_000) / MIN]]);
  });

  it('stops at the next hard start: only what runs before it gives, against its time', () => {
    const segments = [
      segment({ id: 'keynote', kind: 'keynote', plannedStart: T0, durationMs: 30 * MIN }),
      segment({ id: 'break1', kind: 'break', durationMs: 10 * MIN }),
      segment({ id: 'talk', kind: 'talk', durationMs: 20 * MIN, minDurationMs: 17 * MIN }),
      segment({ id: 'sponsor', startMode: 'hard', plannedStart: T0 + 60 * MIN, durationMs: 10 * MIN }),
      segment({ id: 'lunch', kind: 'break', durationMs: 60 * MIN }),
    ];
    const state = show(segments, [started('keynote', T0)]);
    const now = T0 + 39 * MIN;
    // The hard start cuts the talk by 9 minutes; lunch, after it, is not touched.
    expect(projectSchedule(state, now).segments[2]!.cutMs).toBe(9 * MIN);
    const suggestion = suggestRecovery(state, now)!;
    expect(suggestion.boundary).toEqual({
      kind: 'hardStart',
      segmentId: 'sponsor',
      title: 'Title of sponsor',
      at: T0 + 60 * MIN,
    });
    expect(suggestion.behindMs).toBe(9 * MIN);
    expect(durations(suggestion)).toEqual([
      ['break1', 10, 5],
      ['talk', 20, 17],
    ]);
    expect(suggestion.recoveredMs).toBe(8 * MIN);
    expect([suggestion.endBefore, suggestion.endAfter]).toEqual([T0 + 69 * MIN, T0 + 61 * MIN]);
    // A talk's minDurationMs goes unchanged; only a default break floor is written down.
    expect(suggestion.command.updates.map((u) => u.changes)).toEqual([
      { durationMs: 5 * MIN, minDurationMs: 5 * MIN },
      { durationMs: 17 * MIN },
    ]);
    const after = projectSchedule(applied(state, now), now);
    expect(after.segments[2]!.cutMs).toBe(1 * MIN);
    // Between the hard start and lunch there is nothing: the next to start is the hard start.
    const atSponsor = show(segments, [
      started('keynote', T0),
      ended('keynote', T0 + 30 * MIN),
      started('break1', T0 + 30 * MIN),
      ended('break1', T0 + 40 * MIN),
      started('talk', T0 + 40 * MIN),
      ended('talk', T0 + 62 * MIN),
    ]);
    expect(suggestRecovery(atSponsor, T0 + 62 * MIN)).toBeNull();
  });

  it('never shortens the live segment, even a break', () => {
    const state = show(day(), [
      started('keynote', T0),
      ended('keynote', T0 + 30 * MIN),
      started('break1', T0 + 30 * MIN),
    ]);
    const now = T0 + 46 * MIN; // break1 six minutes over
    const suggestion = suggestRecovery(state, now)!;
    expect(suggestion.candidates.map((c) => c.segmentId)).toEqual(['talk', 'break2']);
    expect(durations(suggestion)).toEqual([['break2', 20, 14]]);
    // Between segments, the one "next" would start may give.
    const between = show(day(), [started('keynote', T0), ended('keynote', T0 + 36 * MIN)]);
    expect(suggestRecovery(between, T0 + 36 * MIN)!.candidates.map((c) => c.segmentId)).toEqual([
      'break1',
      'talk',
      'break2',
    ]);
  });

  it('suggests nothing when nothing ahead can give', () => {
    const talks = day().map((s) => (s.kind === 'break' ? { ...s, kind: 'talk' as const } : s));
    delete talks[2]!.minDurationMs;
    expect(suggestRecovery(show(talks, [started('keynote', T0)]), T0 + 45 * MIN)).toBeNull();
  });
});
