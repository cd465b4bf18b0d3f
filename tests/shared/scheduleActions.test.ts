import { describe, expect, it } from 'vitest';
import type { Segment, ShowState } from '../../shared/model.js';
import { applyEvents } from '../../shared/reducer.js';
import { automaticEvents, dueAction, nextActionAt } from '../../shared/scheduleActions.js';
import { startEvents } from '../../shared/segmentStart.js';
import { fixtureShow, MIN, segment, T0 } from './fixtures.js';

/** Starts segments by hand, one after another, as the producer's start command would. */
function run(state: ShowState, ...starts: [string, number][]): ShowState {
  return starts.reduce((s, [id, at]) => applyEvents(s, startEvents(s, id, at)), state);
}
const producer = { role: 'producer' as const, name: 'Pat' };

/** A session opening (hard, T0), three 5-minute lightning talks that advance, a hard sponsor slot at T0+20. */
function lightningShow(extra: Partial<Segment>[] = []): ShowState {
  const segments: Segment[] = [
    segment({ id: 'open', plannedStart: T0, durationMs: 5 * MIN, startMode: 'hard' }),
    segment({ id: 'l1', plannedStart: T0 + 5 * MIN, durationMs: 5 * MIN, endAction: 'next' }),
    segment({ id: 'l2', plannedStart: T0 + 10 * MIN, durationMs: 5 * MIN, endAction: 'next' }),
    segment({ id: 'l3', plannedStart: T0 + 15 * MIN, durationMs: 5 * MIN }),
    segment({ id: 'sponsor', plannedStart: T0 + 20 * MIN, durationMs: 5 * MIN, startMode: 'hard' }),
    segment({ id: 'after', plannedStart: T0 + 25 * MIN, durationMs: 5 * MIN, startMode: 'follow' }),
    ...extra.map((e, i) => segment({ id: `x${i}`, ...e })),
  ];
  return { ...fixtureShow(), segments };
}

describe('dueAction', () => {
  it('does nothing before the producer starts the show, or after it ends', () => {
    const show = lightningShow();
    expect(dueAction(show, T0 + 30 * MIN)).toBeNull();
    expect(nextActionAt(show, T0)).toBeNull();
    const ended = applyEvents(run(show, ['open', T0]), [{ type: 'showEnded', at: T0 + MIN }]);
    expect(dueAction(ended, T0 + 30 * MIN)).toBeNull();
  });

  it('advances a talk whose end action is next when its time is up, not a moment before', () => {
    const state = run(lightningShow(), ['open', T0], ['l1', T0 + 5 * MIN]);
    expect(dueAction(state, T0 + 10 * MIN - 1)).toBeNull();
    expect(nextActionAt(state, T0 + 9 * MIN)).toBe(T0 + 10 * MIN);
    expect(dueAction(state, T0 + 10 * MIN)).toEqual({
      segmentId: 'l2',
      from: 'l1',
      reason: { kind: 'endAction', dueAt: T0 + 10 * MIN },
    });
  });

  it('counts added time and pauses: a paused talk is never up', () => {
    const state = applyEvents(run(lightningShow(), ['l1', T0 + 5 * MIN]), [
      { type: 'timeAdjusted', deltaMs: MIN },
      { type: 'timerPaused', at: T0 + 6 * MIN },
    ]);
    expect(dueAction(state, T0 + 20 * MIN - 1)).toBeNull();
    const resumed = applyEvents(state, [{ type: 'timerResumed', at: T0 + 8 * MIN }]);
    expect(nextActionAt(resumed, T0 + 8 * MIN)).toBe(T0 + 13 * MIN);
  });

  it('stops at a talk with no end action; the segment after it follows when that one ends', () => {
    const state = run(lightningShow(), ['l3', T0 + 15 * MIN]);
    expect(dueAction(state, T0 + 20 * MIN - 1)).toBeNull();
    // At T0+20 the sponsor's hard start is due, not an end action of l3 (it has none).
    expect(dueAction(state, T0 + 20 * MIN)?.reason).toEqual({ kind: 'hardStart', dueAt: T0 + 20 * MIN });
    const sponsor = run(state, ['sponsor', T0 + 20 * MIN]);
    expect(dueAction(sponsor, T0 + 25 * MIN)).toEqual({
      segmentId: 'after',
      from: 'sponsor',
      reason: { kind: 'follow', dueAt: T0 + 25 * MIN },
    });
  });

  it('fires a hard start at its planned time, cutting a live talk that runs over', () => {
    const state = run(lightningShow(), ['l3', T0 + 17 * MIN]);
    expect(nextActionAt(state, T0 + 18 * MIN)).toBe(T0 + 20 * MIN);
    const due = dueAction(state, T0 + 20 * MIN)!;
    expect(due.segmentId).toBe('sponsor');
    const events = automaticEvents(state, due, T0 + 20 * MIN)!;
    expect(events).toEqual([
      { type: 'segmentEnded', segmentId: 'l3', at: T0 + 20 * MIN, auto: due.reason },
      {
        type: 'segmentStarted',
        segmentId: 'sponsor',
        at: T0 + 20 * MIN,
        expectedAt: T0 + 20 * MIN,
        auto: due.reason,
      },
    ]);
    // Once journaled, it is no longer due: acted on exactly once.
    expect(dueAction(applyEvents(state, events), T0 + 20 * MIN)?.segmentId).not.toBe('sponsor');
  });

  it('after a clock step past several hard starts, runs only the latest: one start, not a burst', () => {
    const show = lightningShow([
      { plannedStart: T0 + 40 * MIN, durationMs: 5 * MIN, startMode: 'hard' },
      { plannedStart: T0 + 60 * MIN, durationMs: 5 * MIN, startMode: 'hard' },
    ]);
    const state = run(show, ['open', T0]);
    const due = dueAction(state, T0 + 62 * MIN)!;
    expect(due).toMatchObject({ segmentId: 'x1', reason: { kind: 'hardStart', dueAt: T0 + 60 * MIN } });
    const after = applyEvents(state, automaticEvents(state, due, T0 + 62 * MIN)!);
    // The hard starts passed over stay passed over.
    expect(dueAction(after, T0 + 62 * MIN)).toBeNull();
    expect(nextActionAt(after, T0 + 62 * MIN)).toBeNull();
  });

  it('leaves a hard start the producer has moved past alone', () => {
    const state = run(lightningShow(), ['after', T0 + 18 * MIN]);
    expect(dueAction(state, T0 + 21 * MIN)).toBeNull();
  });

  it('does nothing while automation is paused, and never fires at once what fell due meanwhile', () => {
    const live = run(lightningShow(), ['l1', T0 + 5 * MIN]);
    const paused = applyEvents(live, [
      { type: 'automationSet', paused: true, by: producer, at: T0 + 6 * MIN },
    ]);
    expect(dueAction(paused, T0 + 11 * MIN)).toBeNull();
    expect(nextActionAt(paused, T0 + 7 * MIN)).toBeNull();
    const resumed = applyEvents(paused, [
      { type: 'automationSet', paused: false, by: producer, at: T0 + 12 * MIN },
    ]);
    expect(dueAction(resumed, T0 + 12 * MIN)).toBeNull();
    // The sponsor slot ahead still fires.
    expect(nextActionAt(resumed, T0 + 12 * MIN)).toBe(T0 + 20 * MIN);
    expect(dueAction(resumed, T0 + 20 * MIN)?.segmentId).toBe('sponsor');
  });
});

describe('automaticEvents', () => {
  it('is null when a producer moved on first: a manual command wins', () => {
    const state = run(lightningShow(), ['l1', T0 + 5 * MIN]);
    const due = dueAction(state, T0 + 10 * MIN)!;
    const moved = run(state, ['l3', T0 + 10 * MIN]);
    expect(automaticEvents(moved, due, T0 + 10 * MIN)).toBeNull();
    const added = applyEvents(state, [{ type: 'timeAdjusted', deltaMs: MIN }]);
    expect(automaticEvents(added, due, T0 + 10 * MIN)).toBeNull();
  });
});
