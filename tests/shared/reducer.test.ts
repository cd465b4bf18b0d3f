import { describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../shared/events.js';
import type { ShowState } from '../../shared/model.js';
import { emptyShowState, MESSAGE_HISTORY_LIMIT } from '../../shared/model.js';
import { applyEvent, applyEvents, EventMismatchError } from '../../shared/reducer.js';
import {
  deepFreeze,
  fixtureSegments,
  fixtureShow,
  liveShow,
  message,
  MIN,
  segment,
  segmentById,
  SHOW_ID,
  SHOW_INFO,
  T0,
} from './fixtures.js';

/** Applies events to a frozen copy of the state, so any mutation of the input throws. */
function apply(state: ShowState, ...events: ShowEvent[]): ShowState {
  return applyEvents(deepFreeze(structuredClone(state)), events);
}

const ids = (state: ShowState) => state.segments.map((s) => s.id);

describe('applyEvent: rundown', () => {
  it('rundownImported replaces show and segments and resets live state and actuals', () => {
    const before = applyEvents(fixtureShow(), [
      { type: 'segmentStarted', segmentId: 'keynote', at: T0 },
      { type: 'segmentEnded', segmentId: 'keynote', at: T0 + 30 * MIN },
      { type: 'showEnded', at: T0 + 31 * MIN },
    ]);
    const show = { name: 'Other Conf', timezone: 'Europe/London', displayTimezones: [] };
    const segments = [segment({ id: 'only' })];
    const after = apply(before, { type: 'rundownImported', show, segments });
    expect(after.show).toEqual(show);
    expect(after.segments).toEqual(segments);
    expect(after.actuals).toEqual({});
    expect(after.live).toEqual({
      currentSegmentId: null,
      timer: null,
      showStartedAt: null,
      showEndedAt: null,
    });
    expect(after.showId).toBe(SHOW_ID);
  });

  it('showUpdated replaces the show info only', () => {
    const state = fixtureShow();
    const show = { ...SHOW_INFO, name: 'Renamed' };
    const after = apply(state, { type: 'showUpdated', show });
    expect(after.show).toEqual(show);
    expect(after.segments).toEqual(state.segments);
  });

  it('segmentUpdated replaces the segment in place', () => {
    const updated = { ...segmentById(fixtureShow(), 'talk'), title: 'New title', durationMs: 20 * MIN };
    const after = apply(fixtureShow(), { type: 'segmentUpdated', segment: updated });
    expect(ids(after)).toEqual(['keynote', 'talk', 'break', 'lightning']);
    expect(segmentById(after, 'talk')).toEqual(updated);
    expect(segmentById(after, 'keynote')).toEqual(fixtureSegments()[0]);
  });

  it('segmentUpdated of an unknown segment throws', () => {
    expect(() => apply(fixtureShow(), { type: 'segmentUpdated', segment: segment({ id: 'ghost' }) })).toThrow(
      EventMismatchError,
    );
  });

  it('segmentInserted puts the segment at the index (start, middle, end)', () => {
    const a = apply(fixtureShow(), { type: 'segmentInserted', segment: segment({ id: 'a' }), index: 0 });
    expect(ids(a)).toEqual(['a', 'keynote', 'talk', 'break', 'lightning']);
    const b = apply(fixtureShow(), { type: 'segmentInserted', segment: segment({ id: 'b' }), index: 2 });
    expect(ids(b)).toEqual(['keynote', 'talk', 'b', 'break', 'lightning']);
    const c = apply(fixtureShow(), { type: 'segmentInserted', segment: segment({ id: 'c' }), index: 4 });
    expect(ids(c)).toEqual(['keynote', 'talk', 'break', 'lightning', 'c']);
  });

  it('segmentInserted with an existing id or an index out of range throws', () => {
    const show = fixtureShow();
    expect(() =>
      apply(show, { type: 'segmentInserted', segment: segment({ id: 'talk' }), index: 0 }),
    ).toThrow(EventMismatchError);
    for (const index of [-1, 5, 1.5]) {
      expect(() => apply(show, { type: 'segmentInserted', segment: segment({ id: 'x' }), index })).toThrow(
        EventMismatchError,
      );
    }
  });

  it('segmentRemoved drops the segment and its actuals', () => {
    const before = applyEvents(fixtureShow(), [
      { type: 'segmentStarted', segmentId: 'keynote', at: T0 },
      { type: 'segmentEnded', segmentId: 'keynote', at: T0 + MIN },
    ]);
    const after = apply(before, { type: 'segmentRemoved', segmentId: 'keynote' });
    expect(ids(after)).toEqual(['talk', 'break', 'lightning']);
    expect(after.actuals).toEqual({});
  });

  it('segmentRemoved of an unknown or the live segment throws', () => {
    expect(() => apply(fixtureShow(), { type: 'segmentRemoved', segmentId: 'ghost' })).toThrow(
      EventMismatchError,
    );
    expect(() => apply(liveShow('talk'), { type: 'segmentRemoved', segmentId: 'talk' })).toThrow(/live/);
  });
});

describe('applyEvent: running the show', () => {
  it('segmentStarted sets the live segment, a fresh timer, its actual start and the show start', () => {
    const after = apply(fixtureShow(), { type: 'segmentStarted', segmentId: 'talk', at: T0 + 5 });
    expect(after.live).toEqual({
      currentSegmentId: 'talk',
      timer: { segmentId: 'talk', startedAt: T0 + 5, pausedAt: null, pausedTotalMs: 0, addedMs: 0 },
      showStartedAt: T0 + 5,
      showEndedAt: null,
    });
    expect(after.actuals).toEqual({ talk: { startedAt: T0 + 5, endedAt: null } });
  });

  it('segmentStarted keeps the first show start and clears showEndedAt (the show resumes)', () => {
    const ended = applyEvents(fixtureShow(), [
      { type: 'segmentStarted', segmentId: 'keynote', at: T0 },
      { type: 'segmentEnded', segmentId: 'keynote', at: T0 + 30 * MIN },
      { type: 'showEnded', at: T0 + 30 * MIN },
    ]);
    expect(ended.live.showEndedAt).toBe(T0 + 30 * MIN);
    const after = apply(ended, { type: 'segmentStarted', segmentId: 'talk', at: T0 + 40 * MIN });
    expect(after.live.showStartedAt).toBe(T0);
    expect(after.live.showEndedAt).toBeNull();
    expect(after.live.currentSegmentId).toBe('talk');
    expect(after.actuals['keynote']).toEqual({ startedAt: T0, endedAt: T0 + 30 * MIN });
  });

  it('segmentStarted again resets the timer and the actual of a segment that ran before', () => {
    const after = apply(
      liveShow('keynote', T0),
      { type: 'timeAdjusted', deltaMs: MIN },
      { type: 'segmentEnded', segmentId: 'keynote', at: T0 + MIN },
      { type: 'segmentStarted', segmentId: 'keynote', at: T0 + 2 * MIN },
    );
    expect(after.live.timer).toEqual({
      segmentId: 'keynote',
      startedAt: T0 + 2 * MIN,
      pausedAt: null,
      pausedTotalMs: 0,
      addedMs: 0,
    });
    expect(after.actuals['keynote']).toEqual({ startedAt: T0 + 2 * MIN, endedAt: null });
  });

  it('segmentStarted of an unknown segment, or while another is live, throws', () => {
    expect(() => apply(fixtureShow(), { type: 'segmentStarted', segmentId: 'ghost', at: T0 })).toThrow(
      EventMismatchError,
    );
    expect(() =>
      apply(liveShow('keynote'), { type: 'segmentStarted', segmentId: 'talk', at: T0 + 1 }),
    ).toThrow(/still live/);
  });

  it('segmentEnded of the live segment clears the timer and records the end', () => {
    const after = apply(liveShow('keynote', T0), {
      type: 'segmentEnded',
      segmentId: 'keynote',
      at: T0 + 29 * MIN,
    });
    expect(after.live.currentSegmentId).toBeNull();
    expect(after.live.timer).toBeNull();
    expect(after.live.showStartedAt).toBe(T0);
    expect(after.live.showEndedAt).toBeNull();
    expect(after.actuals['keynote']).toEqual({ startedAt: T0, endedAt: T0 + 29 * MIN });
  });

  it('segmentEnded of a segment that is not live records the end and leaves the live one alone', () => {
    const before = liveShow('talk', T0);
    const after = apply(before, { type: 'segmentEnded', segmentId: 'keynote', at: T0 + 1 });
    expect(after.live).toEqual(before.live);
    expect(after.actuals['keynote']).toEqual({ startedAt: null, endedAt: T0 + 1 });
  });

  it('segmentEnded of an unknown segment throws', () => {
    expect(() => apply(liveShow(), { type: 'segmentEnded', segmentId: 'ghost', at: T0 })).toThrow(
      EventMismatchError,
    );
  });

  it('timerPaused freezes the timer at its instant', () => {
    const after = apply(liveShow('keynote', T0), { type: 'timerPaused', at: T0 + 10_000 });
    expect(after.live.timer).toMatchObject({ pausedAt: T0 + 10_000, pausedTotalMs: 0, startedAt: T0 });
  });

  it('timerResumed adds the pause to pausedTotalMs, across several pauses', () => {
    const after = apply(
      liveShow('keynote', T0),
      { type: 'timerPaused', at: T0 + 10_000 },
      { type: 'timerResumed', at: T0 + 25_000 }, // 15 s
      { type: 'timerPaused', at: T0 + 60_000 },
      { type: 'timerResumed', at: T0 + 62_500 }, // 2.5 s
      { type: 'timerPaused', at: T0 + 100_000 },
      { type: 'timerResumed', at: T0 + 100_000 }, // 0 s
    );
    expect(after.live.timer).toMatchObject({ pausedAt: null, pausedTotalMs: 17_500, startedAt: T0 });
  });

  it('timerResumed earlier than the pause (clock stepped back) never subtracts time', () => {
    const after = apply(
      liveShow('keynote', T0),
      { type: 'timerPaused', at: T0 + 10_000 },
      { type: 'timerResumed', at: T0 + 9_000 },
    );
    expect(after.live.timer?.pausedTotalMs).toBe(0);
  });

  it('pause/resume without a timer, pausing twice and resuming a running timer throw', () => {
    expect(() => apply(fixtureShow(), { type: 'timerPaused', at: T0 })).toThrow(/no timer/);
    expect(() => apply(fixtureShow(), { type: 'timerResumed', at: T0 })).toThrow(/no timer/);
    const paused = applyEvent(liveShow(), { type: 'timerPaused', at: T0 + 1 });
    expect(() => apply(paused, { type: 'timerPaused', at: T0 + 2 })).toThrow(/already paused/);
    expect(() => apply(liveShow(), { type: 'timerResumed', at: T0 + 2 })).toThrow(/not paused/);
  });

  it('timeAdjusted accumulates added and removed time', () => {
    const after = apply(
      liveShow(),
      { type: 'timeAdjusted', deltaMs: 2 * MIN },
      { type: 'timeAdjusted', deltaMs: -30_000 },
      { type: 'timeAdjusted', deltaMs: 5_000 },
    );
    expect(after.live.timer?.addedMs).toBe(95_000);
  });

  it('timeAdjusted without a timer throws', () => {
    expect(() => apply(fixtureShow(), { type: 'timeAdjusted', deltaMs: MIN })).toThrow(EventMismatchError);
  });

  it('showEnded clears the live segment and timer and records the end, keeping the start', () => {
    const after = apply(liveShow('talk', T0), { type: 'showEnded', at: T0 + 3 * MIN });
    expect(after.live).toEqual({
      currentSegmentId: null,
      timer: null,
      showStartedAt: T0,
      showEndedAt: T0 + 3 * MIN,
    });
  });
});

describe('applyEvent: crew messages', () => {
  it('messageSent shows the message and appends it to the history', () => {
    const first = message('m1');
    const second = message('m2', { preset: 'wrapUp', text: 'Wrap up' });
    const after = apply(
      fixtureShow(),
      { type: 'messageSent', message: first },
      { type: 'messageSent', message: second },
    );
    expect(after.activeMessage).toEqual(second);
    expect(after.messages).toEqual([first, second]);
  });

  it('keeps only the newest MESSAGE_HISTORY_LIMIT messages', () => {
    const events: ShowEvent[] = Array.from({ length: MESSAGE_HISTORY_LIMIT + 7 }, (_, i) => ({
      type: 'messageSent',
      message: message(`m${i}`),
    }));
    const after = apply(fixtureShow(), ...events);
    expect(after.messages).toHaveLength(MESSAGE_HISTORY_LIMIT);
    expect(after.messages[0]?.id).toBe('m7');
    expect(after.messages.at(-1)?.id).toBe(`m${MESSAGE_HISTORY_LIMIT + 6}`);
    expect(after.activeMessage?.id).toBe(`m${MESSAGE_HISTORY_LIMIT + 6}`);
  });

  it('messageCleared of the active message hides it but keeps the history', () => {
    const shown = applyEvent(fixtureShow(), { type: 'messageSent', message: message('m1') });
    const after = apply(shown, { type: 'messageCleared', messageId: 'm1', at: T0 + 1 });
    expect(after.activeMessage).toBeNull();
    expect(after.messages.map((m) => m.id)).toEqual(['m1']);
  });

  it('messageCleared of a message that is not showing is a no-op', () => {
    const shown = deepFreeze(
      applyEvents(fixtureShow(), [
        { type: 'messageSent', message: message('m1') },
        { type: 'messageSent', message: message('m2') },
      ]),
    );
    const after = applyEvent(shown, { type: 'messageCleared', messageId: 'm1', at: T0 + 1 });
    expect(after).toBe(shown);
    expect(after.activeMessage?.id).toBe('m2');
    const empty = deepFreeze(fixtureShow());
    expect(applyEvent(empty, { type: 'messageCleared', messageId: 'm1', at: T0 })).toBe(empty);
  });
});

describe('purity', () => {
  /** One of every event type, in an order that applies cleanly. */
  const everyEvent: ShowEvent[] = [
    { type: 'rundownImported', show: SHOW_INFO, segments: fixtureSegments() },
    { type: 'showUpdated', show: { ...SHOW_INFO, name: 'Renamed' } },
    { type: 'segmentUpdated', segment: { ...fixtureSegments()[1]!, title: 'x' } },
    { type: 'segmentInserted', segment: segment({ id: 'extra' }), index: 1 },
    { type: 'segmentRemoved', segmentId: 'extra' },
    { type: 'segmentStarted', segmentId: 'keynote', at: T0 },
    { type: 'timerPaused', at: T0 + 1000 },
    { type: 'timerResumed', at: T0 + 2000 },
    { type: 'timeAdjusted', deltaMs: 60_000 },
    { type: 'messageSent', message: message('m1') },
    { type: 'messageCleared', messageId: 'm1', at: T0 + 3000 },
    { type: 'segmentEnded', segmentId: 'keynote', at: T0 + 4000 },
    { type: 'showEnded', at: T0 + 5000 },
  ];

  it('never mutates the state it is given, for every event type', () => {
    let state = deepFreeze(emptyShowState(SHOW_ID));
    const seen = new Set<string>();
    for (const event of everyEvent) {
      const snapshot = structuredClone(state);
      const next = applyEvent(state, deepFreeze(structuredClone(event)));
      expect(state).toEqual(snapshot);
      seen.add(event.type);
      state = deepFreeze(next);
    }
    expect(seen.size).toBe(13);
  });

  it('gives the same state for the same events (replay is deterministic)', () => {
    const a = applyEvents(emptyShowState(SHOW_ID), everyEvent);
    const b = applyEvents(emptyShowState(SHOW_ID), everyEvent);
    expect(a).toEqual(b);
    expect(a.live.showEndedAt).toBe(T0 + 5000);
    expect(a.actuals['keynote']).toEqual({ startedAt: T0, endedAt: T0 + 4000 });
  });

  it('a failed event throws EventMismatchError with its type in the message', () => {
    const error = (() => {
      try {
        applyEvent(fixtureShow(), { type: 'timerPaused', at: T0 });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(EventMismatchError);
    expect((error as Error).name).toBe('EventMismatchError');
    expect((error as Error).message).toMatch(/^cannot apply timerPaused: /);
  });
});
