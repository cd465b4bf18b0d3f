import { describe, expect, it } from 'vitest';
import type { ShowCommand as Command } from '../../shared/commands.js';
import { ShowCommand as CommandSchema } from '../../shared/commands.js';
import type { Decision } from '../../shared/decision.js';
import { decide, nextSegmentOf } from '../../shared/decide.js';
import type { ShowEvent } from '../../shared/events.js';
import type { Segment, ShowState } from '../../shared/model.js';
import { MESSAGE_PRESETS } from '../../shared/model.js';
import { applyEvents } from '../../shared/reducer.js';
import {
  ctx,
  deepFreeze,
  fixtureSegments,
  fixtureShow,
  liveShow,
  MIN,
  segment,
  segmentById,
  SHOW_INFO,
  T0,
} from './fixtures.js';

/** Decides on a frozen state, so decide() is proven not to mutate it. */
function decideOn(state: ShowState, command: Command, now = T0): Decision {
  return decide(deepFreeze(structuredClone(state)), command, ctx(now));
}

function accepted(state: ShowState, command: Command, now = T0): ShowEvent[] {
  const decision = decideOn(state, command, now);
  if (!decision.ok)
    throw new Error(`expected ${command.type} to be accepted, got ${decision.code}: ${decision.error}`);
  // Whatever decide accepts, the reducer must be able to apply.
  expect(() => applyEvents(state, decision.events)).not.toThrow();
  return decision.events;
}

function refused(state: ShowState, command: Command, now = T0): { code: string; error: string } {
  const decision = decideOn(state, command, now);
  if (decision.ok)
    throw new Error(`expected ${command.type} to be refused, got ${JSON.stringify(decision.events)}`);
  return { code: decision.code, error: decision.error };
}

/** Runs commands in order on the state, as the core does, and returns the final state. */
function runAll(state: ShowState, steps: [Command, number][]): ShowState {
  return steps.reduce((s, [command, now]) => applyEvents(s, accepted(s, command, now)), state);
}

const CSV = [
  'session,start_utc,duration_min,kind,speaker,title',
  'Session 1,2022-12-15T12:30:00Z,30,keynote,Vicki Boykis,Keynote',
  'Session 1,2022-12-15T13:00:00Z,30,talk,Vincent D. Warmerdam,Group-by statements that save the day',
  'Session 3,2022-12-15T22:00:00Z,30,break,,Coffee Break',
  'Lightning,2022-12-16T03:30:00Z,5,lightning,Anna Godwin,Intro to PDF Text & Table Extraction',
].join('\n');

describe('importRundown', () => {
  it('imports a CSV for the show given with it', () => {
    const show = { name: 'NormConf 2022', timezone: 'America/New_York', displayTimezones: ['UTC'] };
    const events = accepted(fixtureShow(), { type: 'importRundown', format: 'csv', text: CSV, show });
    expect(events).toHaveLength(1);
    const event = events[0]!;
    if (event.type !== 'rundownImported') throw new Error(`got ${event.type}`);
    expect(event.show).toEqual(show);
    expect(event.segments.map((s) => [s.id, s.kind, s.durationMs])).toEqual([
      ['s001', 'keynote', 30 * MIN],
      ['s002', 'talk', 30 * MIN],
      ['s003', 'break', 30 * MIN],
      ['s004', 'lightning', 5 * MIN],
    ]);
    expect(event.segments[0]).toMatchObject({
      session: 'Session 1',
      title: 'Keynote',
      speakers: ['Vicki Boykis'],
      plannedStart: Date.UTC(2022, 11, 15, 12, 30),
      warningMs: 5 * MIN,
      dangerMs: 1 * MIN,
    });
    expect(event.segments[2]?.speakers).toEqual([]);
    expect(event.segments[3]?.plannedStart).toBe(Date.UTC(2022, 11, 16, 3, 30));
    // A 5-minute lightning talk must not start amber: its thresholds shrink with it.
    expect(event.segments[3]!.warningMs).toBeLessThan(5 * MIN);
    expect(event.segments[3]!.dangerMs).toBeLessThanOrEqual(event.segments[3]!.warningMs);

    const state = applyEvents(liveShow('keynote'), [
      { type: 'segmentEnded', segmentId: 'keynote', at: T0 + 1 },
      ...events,
    ]);
    expect(state.segments).toHaveLength(4);
    expect(state.actuals).toEqual({});
    expect(state.live.showStartedAt).toBeNull();
  });

  it('keeps the show info it has when a CSV comes without one', () => {
    const events = accepted(fixtureShow(), { type: 'importRundown', format: 'csv', text: CSV });
    expect(events[0]).toMatchObject({ type: 'rundownImported', show: SHOW_INFO });
  });

  it('imports JSON in the model’s own shape', () => {
    const segments: Segment[] = [segment({ id: 'opening', durationMs: 10 * MIN }), ...fixtureSegments()];
    const show = { name: 'Exported', timezone: 'Europe/London', displayTimezones: [] };
    const text = JSON.stringify({ show, segments }, null, 2);
    const events = accepted(fixtureShow(), { type: 'importRundown', format: 'json', text });
    expect(events).toEqual([{ type: 'rundownImported', show, segments }]);
  });

  it('refuses while a segment is live (conflict), even a paused one', () => {
    const live = liveShow('talk');
    expect(refused(live, { type: 'importRundown', format: 'csv', text: CSV })).toMatchObject({
      code: 'conflict',
    });
    const paused = applyEvents(live, [{ type: 'timerPaused', at: T0 + 1 }]);
    expect(refused(paused, { type: 'importRundown', format: 'json', text: '{}' }).code).toBe('conflict');
  });

  it('refuses a bad CSV as invalid, naming the line and column', () => {
    const bad = CSV.replace('2022-12-15T13:00:00Z', '2022-13-45T13:00:00Z');
    const result = refused(fixtureShow(), { type: 'importRundown', format: 'csv', text: bad });
    expect(result.code).toBe('invalid');
    expect(result.error).toMatch(/line 3/);
    expect(result.error).toMatch(/start_utc/);
  });

  it('refuses a CSV missing a required column, an empty CSV, and broken JSON as invalid', () => {
    const noDuration = 'session,start_utc,title\nS,2022-12-15T12:30:00Z,Talk';
    const missing = refused(fixtureShow(), { type: 'importRundown', format: 'csv', text: noDuration });
    expect(missing.code).toBe('invalid');
    expect(missing.error).toMatch(/duration_min/);
    expect(refused(fixtureShow(), { type: 'importRundown', format: 'csv', text: '' }).code).toBe('invalid');
    expect(refused(fixtureShow(), { type: 'importRundown', format: 'json', text: '{"show": ' }).code).toBe(
      'invalid',
    );
    const dup = JSON.stringify({ show: SHOW_INFO, segments: [segment({ id: 'a' }), segment({ id: 'a' })] });
    const duplicate = refused(fixtureShow(), { type: 'importRundown', format: 'json', text: dup });
    expect(duplicate.code).toBe('invalid');
    expect(duplicate.error).toMatch(/duplicate/);
  });
});

describe('updateShow', () => {
  it('merges the changes into the show info', () => {
    const events = accepted(fixtureShow(), {
      type: 'updateShow',
      changes: { name: 'Renamed', displayTimezones: [] },
    });
    expect(events).toEqual([
      { type: 'showUpdated', show: { name: 'Renamed', timezone: SHOW_INFO.timezone, displayTimezones: [] } },
    ]);
  });
});

describe('updateSegment', () => {
  it('merges the changes into the segment', () => {
    const events = accepted(fixtureShow(), {
      type: 'updateSegment',
      segmentId: 'talk',
      changes: { title: 'Retitled', durationMs: 20 * MIN },
    });
    expect(events).toEqual([
      {
        type: 'segmentUpdated',
        segment: { ...segmentById(fixtureShow(), 'talk'), title: 'Retitled', durationMs: 20 * MIN },
      },
    ]);
  });

  it('can change the live segment (the timer reads the new duration)', () => {
    const events = accepted(liveShow('talk'), {
      type: 'updateSegment',
      segmentId: 'talk',
      changes: { durationMs: MIN },
    });
    expect(events[0]).toMatchObject({ type: 'segmentUpdated', segment: { id: 'talk', durationMs: MIN } });
  });

  it('refuses an unknown segment as a conflict', () => {
    expect(
      refused(fixtureShow(), { type: 'updateSegment', segmentId: 'ghost', changes: { title: 'x' } }),
    ).toEqual({
      code: 'conflict',
      error: 'no segment "ghost"',
    });
  });

  it('refuses a danger threshold above the warning threshold as invalid', () => {
    // The talk warns at 5 min; a 6-minute danger threshold would be above it.
    const result = refused(fixtureShow(), {
      type: 'updateSegment',
      segmentId: 'talk',
      changes: { dangerMs: 6 * MIN },
    });
    expect(result.code).toBe('invalid');
    expect(result.error).toMatch(/danger/);
    expect(
      refused(fixtureShow(), { type: 'updateSegment', segmentId: 'talk', changes: { warningMs: 1 * MIN } })
        .code,
    ).toBe('invalid');
    // Equal thresholds are fine.
    accepted(fixtureShow(), { type: 'updateSegment', segmentId: 'talk', changes: { dangerMs: 5 * MIN } });
  });
});

describe('updateSegments', () => {
  it('changes several segments in one decision', () => {
    const events = accepted(fixtureShow(), {
      type: 'updateSegments',
      updates: [
        { segmentId: 'talk', changes: { durationMs: 20 * MIN } },
        { segmentId: 'break', changes: { durationMs: 10 * MIN } },
      ],
    });
    expect(events.map((e) => e.type === 'segmentUpdated' && [e.segment.id, e.segment.durationMs])).toEqual([
      ['talk', 20 * MIN],
      ['break', 10 * MIN],
    ]);
  });

  it('refuses all of them when one is wrong, naming which', () => {
    const result = refused(fixtureShow(), {
      type: 'updateSegments',
      updates: [
        { segmentId: 'talk', changes: { durationMs: 20 * MIN } },
        { segmentId: 'break', changes: { dangerMs: 14 * MIN } },
      ],
    });
    expect(result).toEqual({
      code: 'invalid',
      error: 'segment "break": the danger threshold must not be above the warning threshold',
    });
    expect(
      refused(fixtureShow(), {
        type: 'updateSegments',
        updates: [
          { segmentId: 'talk', changes: { durationMs: 20 * MIN } },
          { segmentId: 'ghost', changes: { durationMs: MIN } },
        ],
      }),
    ).toEqual({ code: 'conflict', error: 'no segment "ghost"' });
  });

  it('refuses a change that makes a hard start overlap the segment before it', () => {
    const state = applyEvents(fixtureShow(), [
      { type: 'segmentUpdated', segment: { ...segmentById(fixtureShow(), 'break'), startMode: 'hard' } },
    ]);
    const result = refused(state, {
      type: 'updateSegments',
      updates: [{ segmentId: 'talk', changes: { durationMs: 30 * MIN } }],
    });
    expect(result.code).toBe('invalid');
    expect(result.error).toMatch(/^segment "break": the hard start overlaps the segment before it/);
    expect(
      refused(state, { type: 'updateSegment', segmentId: 'break', changes: { plannedStart: null } }).error,
    ).toBe('segment "break": a hard start needs a planned start time');
  });

  it('refuses the editor making a segment a hard start that the one before it overlaps', () => {
    const state = applyEvents(fixtureShow(), [
      { type: 'segmentUpdated', segment: { ...segmentById(fixtureShow(), 'talk'), durationMs: 30 * MIN } },
    ]);
    const result = refused(state, {
      type: 'updateSegment',
      segmentId: 'break',
      changes: { startMode: 'hard' },
    });
    expect(result.code).toBe('invalid');
    expect(result.error).toMatch(
      /^segment "break": the hard start overlaps the segment before it \("Group-by/,
    );
    accepted(fixtureShow(), { type: 'updateSegment', segmentId: 'break', changes: { startMode: 'hard' } });
  });

  it('refuses a shortest length above the planned length', () => {
    expect(
      refused(fixtureShow(), {
        type: 'updateSegment',
        segmentId: 'talk',
        changes: { minDurationMs: 26 * MIN },
      }),
    ).toEqual({
      code: 'invalid',
      error: 'segment "talk": the shortest length must not be above the planned length',
    });
  });
});

describe('setAutomation', () => {
  it('pauses and resumes automatic starts, saying who and when', () => {
    const paused = runAll(fixtureShow(), [[{ type: 'setAutomation', paused: true }, T0 + 5]]);
    expect(paused.automation).toEqual({ paused: true, by: { role: 'producer', name: null }, at: T0 + 5 });
    expect(refused(paused, { type: 'setAutomation', paused: true })).toEqual({
      code: 'conflict',
      error: 'automatic starts are already paused',
    });
    const on = runAll(paused, [[{ type: 'setAutomation', paused: false }, T0 + 9]]);
    expect(on.automation?.paused).toBe(false);
    expect(refused(fixtureShow(), { type: 'setAutomation', paused: false }).error).toBe(
      'automatic starts are already on',
    );
  });
});

describe('insertSegment', () => {
  const fresh = (id?: string): Extract<Command, { type: 'insertSegment' }>['segment'] => {
    const { id: _id, ...rest } = segment({ id: 'unused', title: 'Inserted', durationMs: 10 * MIN });
    return id === undefined ? rest : { ...rest, id };
  };
  const ids = (state: ShowState) => state.segments.map((s) => s.id);

  it('inserts at the start with afterSegmentId null, using a new id', () => {
    const events = accepted(fixtureShow(), { type: 'insertSegment', afterSegmentId: null, segment: fresh() });
    expect(events).toEqual([{ type: 'segmentInserted', index: 0, segment: { ...fresh(), id: 'id-1' } }]);
    expect(ids(applyEvents(fixtureShow(), events))).toEqual([
      'id-1',
      'keynote',
      'talk',
      'break',
      'lightning',
    ]);
  });

  it('inserts after a given segment, keeping the id it was given', () => {
    const events = accepted(fixtureShow(), {
      type: 'insertSegment',
      afterSegmentId: 'talk',
      segment: fresh('qa'),
    });
    expect(events[0]).toMatchObject({
      type: 'segmentInserted',
      index: 2,
      segment: { id: 'qa', title: 'Inserted' },
    });
    expect(ids(applyEvents(fixtureShow(), events))).toEqual(['keynote', 'talk', 'qa', 'break', 'lightning']);
    const atEnd = accepted(fixtureShow(), {
      type: 'insertSegment',
      afterSegmentId: 'lightning',
      segment: fresh('closing'),
    });
    expect(ids(applyEvents(fixtureShow(), atEnd))).toEqual([
      'keynote',
      'talk',
      'break',
      'lightning',
      'closing',
    ]);
  });

  it('refuses an unknown afterSegmentId and a duplicate id as conflicts', () => {
    expect(
      refused(fixtureShow(), { type: 'insertSegment', afterSegmentId: 'ghost', segment: fresh('x') }),
    ).toEqual({
      code: 'conflict',
      error: 'no segment "ghost"',
    });
    const dup = refused(fixtureShow(), {
      type: 'insertSegment',
      afterSegmentId: null,
      segment: fresh('break'),
    });
    expect(dup.code).toBe('conflict');
    expect(dup.error).toMatch(/"break" exists/);
  });

  it('refuses a danger threshold above the warning threshold as invalid', () => {
    const segmentWithBadThresholds = { ...fresh('x'), warningMs: MIN, dangerMs: 2 * MIN };
    expect(
      refused(fixtureShow(), {
        type: 'insertSegment',
        afterSegmentId: null,
        segment: segmentWithBadThresholds,
      }).code,
    ).toBe('invalid');
  });

  it('refuses a generated id the model would not accept as invalid', () => {
    const decision = decide(
      fixtureShow(),
      { type: 'insertSegment', afterSegmentId: null, segment: fresh() },
      {
        ...ctx(),
        newId: () => 'not a valid id!',
      },
    );
    expect(decision).toMatchObject({ ok: false, code: 'invalid' });
  });
});

describe('removeSegment', () => {
  it('removes a segment that is not live', () => {
    expect(accepted(liveShow('keynote'), { type: 'removeSegment', segmentId: 'break' })).toEqual([
      { type: 'segmentRemoved', segmentId: 'break' },
    ]);
  });

  it('refuses the live segment and an unknown one as conflicts', () => {
    expect(refused(liveShow('talk'), { type: 'removeSegment', segmentId: 'talk' })).toEqual({
      code: 'conflict',
      error: 'the live segment cannot be removed',
    });
    expect(refused(fixtureShow(), { type: 'removeSegment', segmentId: 'ghost' }).code).toBe('conflict');
  });
});

describe('startSegment', () => {
  it('starts a segment when nothing is live', () => {
    expect(accepted(fixtureShow(), { type: 'startSegment', segmentId: 'talk' }, T0 + 7)).toEqual([
      { type: 'segmentStarted', segmentId: 'talk', at: T0 + 7, expectedAt: T0 + 30 * MIN + 7 },
    ]);
  });

  it('ends the live segment first, at the same instant', () => {
    const now = T0 + 31 * MIN;
    const events = accepted(liveShow('keynote'), { type: 'startSegment', segmentId: 'break' }, now);
    expect(events).toEqual([
      { type: 'segmentEnded', segmentId: 'keynote', at: now },
      // The keynote runs a minute over, so the talk before the break would start a minute late.
      { type: 'segmentStarted', segmentId: 'break', at: now, expectedAt: T0 + 56 * MIN },
    ]);
    const state = applyEvents(liveShow('keynote'), events);
    expect(state.actuals).toEqual({
      keynote: { startedAt: T0, endedAt: now },
      break: { startedAt: now, endedAt: null, expectedAt: T0 + 56 * MIN },
    });
    expect(state.live.timer).toMatchObject({ segmentId: 'break', startedAt: now });
  });

  it('can run a segment again after it ended, and restarts a show that ended', () => {
    const ended = runAll(fixtureShow(), [
      [{ type: 'startSegment', segmentId: 'keynote' }, T0],
      [{ type: 'endShow' }, T0 + MIN],
    ]);
    const events = accepted(ended, { type: 'startSegment', segmentId: 'keynote' }, T0 + 2 * MIN);
    expect(events).toEqual([{ type: 'segmentStarted', segmentId: 'keynote', at: T0 + 2 * MIN }]);
    expect(applyEvents(ended, events).live.showEndedAt).toBeNull();
  });

  it('refuses an unknown segment and the one already live as conflicts', () => {
    expect(refused(fixtureShow(), { type: 'startSegment', segmentId: 'ghost' }).code).toBe('conflict');
    expect(refused(liveShow('talk'), { type: 'startSegment', segmentId: 'talk' })).toEqual({
      code: 'conflict',
      error: 'that segment is already live',
    });
  });
});

describe('nextSegment', () => {
  it('with nothing live, starts the first segment that never started', () => {
    expect(accepted(fixtureShow(), { type: 'nextSegment' }, T0)).toEqual([
      { type: 'segmentStarted', segmentId: 'keynote', at: T0, expectedAt: T0 },
    ]);
    // The keynote ran and ended; the talk was skipped to by hand, and ended too.
    const state = runAll(fixtureShow(), [
      [{ type: 'startSegment', segmentId: 'keynote' }, T0],
      [{ type: 'startSegment', segmentId: 'talk' }, T0 + 30 * MIN],
      [{ type: 'endShow' }, T0 + 55 * MIN],
    ]);
    expect(nextSegmentOf(state)?.id).toBe('break');
    expect(accepted(state, { type: 'nextSegment' }, T0 + 60 * MIN)).toEqual([
      { type: 'segmentStarted', segmentId: 'break', at: T0 + 60 * MIN },
    ]);
  });

  it('skips never-started segments only: a segment run out of order is not run again', () => {
    const state = runAll(fixtureShow(), [
      [{ type: 'startSegment', segmentId: 'talk' }, T0],
      [{ type: 'endShow' }, T0 + MIN],
    ]);
    expect(nextSegmentOf(state)?.id).toBe('keynote');
    const after = runAll(state, [
      [{ type: 'nextSegment' }, T0 + 2 * MIN],
      [{ type: 'endShow' }, T0 + 3 * MIN],
    ]);
    expect(nextSegmentOf(after)?.id).toBe('break');
  });

  it('from a live segment, ends it and starts the following one at the same instant', () => {
    const now = T0 + 30 * MIN;
    expect(nextSegmentOf(liveShow('talk'))?.id).toBe('break');
    expect(accepted(liveShow('talk'), { type: 'nextSegment' }, now)).toEqual([
      { type: 'segmentEnded', segmentId: 'talk', at: now },
      { type: 'segmentStarted', segmentId: 'break', at: now, expectedAt: now },
    ]);
  });

  it('at the last segment, refuses and says to end the show', () => {
    expect(nextSegmentOf(liveShow('lightning'))).toBeUndefined();
    const result = refused(liveShow('lightning'), { type: 'nextSegment' });
    expect(result.code).toBe('conflict');
    expect(result.error).toMatch(/end the show/);
  });

  it('when every segment has run, refuses', () => {
    const state = runAll(fixtureShow(), [
      [{ type: 'nextSegment' }, T0],
      [{ type: 'nextSegment' }, T0 + 1],
      [{ type: 'nextSegment' }, T0 + 2],
      [{ type: 'nextSegment' }, T0 + 3],
      [{ type: 'endShow' }, T0 + 4],
    ]);
    expect(Object.values(state.actuals).every((a) => a.startedAt !== null && a.endedAt !== null)).toBe(true);
    expect(refused(state, { type: 'nextSegment' })).toEqual({
      code: 'conflict',
      error: 'every segment has run',
    });
  });

  it('with an empty rundown, refuses', () => {
    const empty = { ...fixtureShow(), segments: [] };
    expect(refused(empty, { type: 'nextSegment' }).code).toBe('conflict');
  });
});

describe('pauseTimer and resumeTimer', () => {
  it('pauses and resumes at now', () => {
    expect(accepted(liveShow(), { type: 'pauseTimer' }, T0 + 5)).toEqual([
      { type: 'timerPaused', at: T0 + 5 },
    ]);
    const paused = applyEvents(liveShow(), [{ type: 'timerPaused', at: T0 + 5 }]);
    expect(accepted(paused, { type: 'resumeTimer' }, T0 + 9)).toEqual([{ type: 'timerResumed', at: T0 + 9 }]);
  });

  it('refuses with nothing live, pausing a paused timer and resuming a running one', () => {
    expect(refused(fixtureShow(), { type: 'pauseTimer' })).toEqual({
      code: 'conflict',
      error: 'no segment is live',
    });
    expect(refused(fixtureShow(), { type: 'resumeTimer' })).toEqual({
      code: 'conflict',
      error: 'no segment is live',
    });
    const paused = applyEvents(liveShow(), [{ type: 'timerPaused', at: T0 + 5 }]);
    expect(refused(paused, { type: 'pauseTimer' })).toEqual({
      code: 'conflict',
      error: 'the timer is already paused',
    });
    expect(refused(liveShow(), { type: 'resumeTimer' })).toEqual({
      code: 'conflict',
      error: 'the timer is not paused',
    });
  });
});

describe('adjustTime', () => {
  it('adds and removes time', () => {
    expect(accepted(liveShow(), { type: 'adjustTime', deltaMs: 60_000 })).toEqual([
      { type: 'timeAdjusted', deltaMs: 60_000 },
    ]);
    expect(accepted(liveShow(), { type: 'adjustTime', deltaMs: -60_000 })).toEqual([
      { type: 'timeAdjusted', deltaMs: -60_000 },
    ]);
  });

  it('works while paused', () => {
    const paused = applyEvents(liveShow(), [{ type: 'timerPaused', at: T0 + 5 }]);
    expect(accepted(paused, { type: 'adjustTime', deltaMs: 30_000 })).toEqual([
      { type: 'timeAdjusted', deltaMs: 30_000 },
    ]);
  });

  it('refuses with no timer', () => {
    expect(refused(fixtureShow(), { type: 'adjustTime', deltaMs: 60_000 })).toEqual({
      code: 'conflict',
      error: 'no segment is live',
    });
  });

  it('refuses to take the total below zero, counting earlier adjustments', () => {
    // The lightning talk is 5 minutes.
    const live = liveShow('lightning');
    accepted(live, { type: 'adjustTime', deltaMs: -5 * MIN }); // down to exactly zero is allowed
    expect(refused(live, { type: 'adjustTime', deltaMs: -5 * MIN - 1 }).code).toBe('conflict');
    const trimmed = runAll(live, [[{ type: 'adjustTime', deltaMs: -4 * MIN }, T0]]);
    expect(refused(trimmed, { type: 'adjustTime', deltaMs: -MIN - 1 }).error).toBe(
      'cannot remove more time than the segment has',
    );
    const extended = runAll(live, [[{ type: 'adjustTime', deltaMs: 10 * MIN }, T0]]);
    accepted(extended, { type: 'adjustTime', deltaMs: -15 * MIN });
  });
});

describe('endShow', () => {
  it('refuses before the show has started', () => {
    expect(refused(fixtureShow(), { type: 'endShow' })).toEqual({
      code: 'conflict',
      error: 'the show has not started',
    });
  });

  it('ends the live segment and the show at the same instant', () => {
    const now = T0 + 12 * MIN;
    expect(accepted(liveShow('talk'), { type: 'endShow' }, now)).toEqual([
      { type: 'segmentEnded', segmentId: 'talk', at: now },
      { type: 'showEnded', at: now },
    ]);
  });

  it('ends a show with nothing live (between segments)', () => {
    const between = applyEvents(liveShow('talk'), [
      { type: 'segmentEnded', segmentId: 'talk', at: T0 + MIN },
    ]);
    expect(accepted(between, { type: 'endShow' }, T0 + 2 * MIN)).toEqual([
      { type: 'showEnded', at: T0 + 2 * MIN },
    ]);
  });

  it('refuses a show that already ended', () => {
    const ended = runAll(liveShow('talk'), [[{ type: 'endShow' }, T0 + MIN]]);
    expect(refused(ended, { type: 'endShow' })).toEqual({
      code: 'conflict',
      error: 'the show has already ended',
    });
  });
});

describe('sendMessage and clearMessage', () => {
  const parsed = (input: unknown): Command => CommandSchema.parse(input);

  it.each(Object.entries(MESSAGE_PRESETS))('preset %s uses its fixed wording "%s"', (preset, wording) => {
    const command = parsed({ type: 'sendMessage', preset, text: 'ignored for presets' });
    const context = ctx(T0 + 42, 'backup');
    const decision = decide(deepFreeze(fixtureShow()), command, context);
    expect(decision).toEqual({
      ok: true,
      events: [
        {
          type: 'messageSent',
          message: { id: 'id-1', text: wording, preset, sentAt: T0 + 42, from: 'backup' },
        },
      ],
    });
  });

  it('a custom message carries its trimmed text', () => {
    const events = accepted(
      fixtureShow(),
      parsed({ type: 'sendMessage', preset: 'custom', text: '  Take Q&A now  ' }),
    );
    expect(events).toEqual([
      {
        type: 'messageSent',
        message: { id: 'id-1', text: 'Take Q&A now', preset: 'custom', sentAt: T0, from: 'producer' },
      },
    ]);
  });

  it('each message gets a fresh id', () => {
    const context = ctx();
    const first = decide(fixtureShow(), { type: 'sendMessage', preset: 'wrapUp' }, context);
    const second = decide(fixtureShow(), { type: 'sendMessage', preset: 'wrapUp' }, context);
    if (!first.ok || !second.ok) throw new Error('expected both to be accepted');
    expect(first.events[0]).toMatchObject({ message: { id: 'id-1' } });
    expect(second.events[0]).toMatchObject({ message: { id: 'id-2' } });
  });

  it('clearMessage clears the message that is showing', () => {
    const shown = runAll(fixtureShow(), [
      [{ type: 'sendMessage', preset: 'oneMinute' }, T0],
      [{ type: 'sendMessage', preset: 'wrapUp' }, T0 + 1],
    ]);
    const active = shown.activeMessage!;
    expect(active.text).toBe('Wrap up');
    const events = accepted(shown, { type: 'clearMessage' }, T0 + 2);
    expect(events).toEqual([
      { type: 'messageCleared', messageId: active.id, at: T0 + 2, by: { role: 'producer', name: null } },
    ]);
    const cleared = applyEvents(shown, events);
    expect(cleared.activeMessage).toBeNull();
    expect(cleared.messages).toHaveLength(2);
  });

  it('clearMessage with nothing showing is a conflict', () => {
    expect(refused(fixtureShow(), { type: 'clearMessage' })).toEqual({
      code: 'conflict',
      error: 'no message is showing',
    });
    const cleared = runAll(fixtureShow(), [
      [{ type: 'sendMessage', preset: 'stretch' }, T0],
      [{ type: 'clearMessage' }, T0 + 1],
    ]);
    expect(refused(cleared, { type: 'clearMessage' }).code).toBe('conflict');
  });
});

describe('a whole show through commands', () => {
  it('runs keynote → talk → break → lightning with a pause and added time, and replays the same', () => {
    const steps: [Command, number][] = [
      [{ type: 'nextSegment' }, T0],
      [{ type: 'adjustTime', deltaMs: 2 * MIN }, T0 + 20 * MIN],
      [{ type: 'nextSegment' }, T0 + 32 * MIN],
      [{ type: 'pauseTimer' }, T0 + 40 * MIN],
      [{ type: 'resumeTimer' }, T0 + 43 * MIN],
      [{ type: 'sendMessage', preset: 'wrapUp' }, T0 + 55 * MIN],
      [{ type: 'nextSegment' }, T0 + 60 * MIN],
      [{ type: 'clearMessage' }, T0 + 60 * MIN],
      [{ type: 'nextSegment' }, T0 + 75 * MIN],
      [{ type: 'endShow' }, T0 + 81 * MIN],
    ];
    const journal: ShowEvent[] = [];
    let state = fixtureShow();
    for (const [command, now] of steps) {
      const events = accepted(state, command, now);
      journal.push(...events);
      state = applyEvents(state, events);
    }
    expect(state.live).toEqual({
      currentSegmentId: null,
      timer: null,
      showStartedAt: T0,
      showEndedAt: T0 + 81 * MIN,
    });
    expect(state.actuals).toEqual({
      // Each started when the one before it was projected to end: nothing ran early or late of that.
      keynote: { startedAt: T0, endedAt: T0 + 32 * MIN, expectedAt: T0 },
      talk: { startedAt: T0 + 32 * MIN, endedAt: T0 + 60 * MIN, expectedAt: T0 + 32 * MIN },
      break: { startedAt: T0 + 60 * MIN, endedAt: T0 + 75 * MIN, expectedAt: T0 + 60 * MIN },
      lightning: { startedAt: T0 + 75 * MIN, endedAt: T0 + 81 * MIN, expectedAt: T0 + 75 * MIN },
    });
    expect(state.activeMessage).toBeNull();
    // The journal alone rebuilds the same state (restart, backup replica).
    expect(applyEvents(fixtureShow(), journal)).toEqual(state);
  });
});

describe('edits that change nothing', () => {
  it('are refused instead of journaling an empty event', () => {
    expect(decideOn(fixtureShow(), { type: 'updateShow', changes: {} })).toEqual({
      ok: false,
      code: 'invalid',
      error: 'nothing to change',
    });
    expect(
      decideOn(fixtureShow(), { type: 'updateSegment', segmentId: 'keynote', changes: {} }),
    ).toMatchObject({
      ok: false,
      error: 'nothing to change',
    });
  });
});
