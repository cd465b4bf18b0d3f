import { describe, expect, it } from 'vitest';
import type { ShowState } from '../../shared/model.js';
import type { Question } from '../../shared/questions.js';
import { applyEvent } from '../../shared/reducer.js';
import type { OverlayInput } from '../../renderer/overlays/overlayModel.js';
import {
  countdownOf,
  formatSpeakers,
  lowerThirdOf,
  nextTalkOf,
  nextTalkWhen,
  overlayIsLive,
  questionOf,
  upcomingTalk,
} from '../../renderer/overlays/overlayModel.js';
import { deepFreeze, fixtureShow, liveShow, MIN, T0 } from '../shared/fixtures.js';

const at = (state: ShowState, serverNow: number, live = true): OverlayInput => ({
  state: deepFreeze(state),
  live,
  serverNow,
});

/** Ends the live segment and starts the next one, as decide() does for "next". */
function startNext(state: ShowState, segmentId: string, at: number): ShowState {
  const live = state.live.currentSegmentId;
  const ended = live === null ? state : applyEvent(state, { type: 'segmentEnded', segmentId: live, at });
  return applyEvent(ended, { type: 'segmentStarted', segmentId, at });
}

/** keynote → talk → break → lightning; the keynote and talk ran, the break is live from `breakAt`. */
function breakShow(breakAt = T0 + 56 * MIN): ShowState {
  const talk = startNext(liveShow('keynote', T0), 'talk', T0 + 30 * MIN);
  return startNext(talk, 'break', breakAt);
}

function withQuestionOnAir(state: ShowState): ShowState {
  const question: Question = {
    id: 'q1',
    text: 'How do you version training data?',
    origins: [{ messageId: 'm1', source: 'slack', authorName: 'Ada', permalink: null }],
    segmentId: 'keynote',
    status: 'onAir',
    staff: false,
    moderatorVotes: 0,
    createdAt: T0,
    updatedAt: T0,
  };
  return { ...state, feed: { ...state.feed, questions: { q1: question }, onAir: 'q1' } };
}

describe('whether an overlay is live', () => {
  it('needs a fresh connection, a measured clock and a state', () => {
    expect(overlayIsLive({ stale: false, clockSamples: 3, clockSyncing: false, hasState: true })).toBe(true);
    expect(overlayIsLive({ stale: true, clockSamples: 3, clockSyncing: false, hasState: true })).toBe(false);
    // Only the hello's guess (or an estimate left over from the last connection): not yet.
    expect(overlayIsLive({ stale: false, clockSamples: 0, clockSyncing: false, hasState: true })).toBe(false);
    expect(overlayIsLive({ stale: false, clockSamples: 3, clockSyncing: false, hasState: false })).toBe(
      false,
    );
    // Measured, but still settling after connect (samples that waited behind the snapshot).
    expect(overlayIsLive({ stale: false, clockSamples: 3, clockSyncing: true, hasState: true })).toBe(false);
  });
});

describe('the lower third', () => {
  it("shows the live talk's speakers and title", () => {
    const state = liveShow('talk', T0 + 30 * MIN);
    expect(lowerThirdOf(at(state, T0 + 31 * MIN))).toEqual({
      segmentId: 'talk',
      speakers: 'Vincent D. Warmerdam',
      title: 'Group-by statements that save the day',
    });
  });

  it('joins several speakers the way a caption reads', () => {
    expect(formatSpeakers(['Ann Lee'])).toBe('Ann Lee');
    expect(formatSpeakers(['Ann Lee', ' Bo Chen '])).toBe('Ann Lee and Bo Chen');
    expect(formatSpeakers(['A', 'B', '', 'C'])).toBe('A, B, and C');
    expect(formatSpeakers([])).toBe('');
  });

  it('shows nothing between segments, during a break, after the show, or with nothing to say', () => {
    expect(lowerThirdOf(at(fixtureShow(), T0))).toBeNull();
    expect(lowerThirdOf(at(breakShow(), T0 + 57 * MIN))).toBeNull();
    const ended = applyEvent(liveShow('talk', T0), { type: 'showEnded', at: T0 + MIN });
    expect(lowerThirdOf(at(ended, T0 + 2 * MIN))).toBeNull();
    const blank = liveShow('talk', T0);
    const segments = blank.segments.map((s) => (s.id === 'talk' ? { ...s, title: ' ', speakers: [] } : s));
    expect(lowerThirdOf(at({ ...blank, segments }, T0))).toBeNull();
  });

  it('shows nothing when the page is not live, rather than the old talk', () => {
    expect(lowerThirdOf(at(liveShow('talk', T0), T0, false))).toBeNull();
  });
});

describe('"next talk · starts in m:ss" (to its expected start)', () => {
  it('counts down to when the live break will end, not to the planned start', () => {
    // The break went live at T0 + 56 min for 15 min: it ends at T0 + 71, a minute after the
    // lightning talk's planned T0 + 70.
    const state = breakShow();
    expect(nextTalkOf(at(state, T0 + 66 * MIN))).toEqual({
      segmentId: 'lightning',
      title: 'Config files for fast and reproducible ML experiments',
      speakers: 'Anuvabh Dutt',
      expectedStart: T0 + 71 * MIN,
      startsIn: '5:00',
      text: 'Starts in 5:00',
    });
    expect(nextTalkOf(at(state, T0 + 66 * MIN + 48_000))?.text).toBe('Starts in 4:12');
    expect(nextTalkOf(at(state, T0 + 71 * MIN - 1))?.text).toBe('Starts in 0:01');
  });

  it('follows the break timer: time added to it moves the countdown', () => {
    const longer = applyEvent(breakShow(), { type: 'timeAdjusted', deltaMs: 2 * MIN });
    expect(nextTalkOf(at(longer, T0 + 66 * MIN))).toMatchObject({
      expectedStart: T0 + 73 * MIN,
      text: 'Starts in 7:00',
    });
  });

  it('says "Starting now" once it is due: the break has run its time, or its planned time has come', () => {
    const state = breakShow();
    expect(nextTalkOf(at(state, T0 + 71 * MIN))).toMatchObject({ startsIn: null, text: 'Starting now' });
    // The break in overtime: the talk is still due now, never "in -2:00".
    expect(nextTalkOf(at(state, T0 + 80 * MIN))).toMatchObject({
      segmentId: 'lightning',
      expectedStart: T0 + 80 * MIN,
      text: 'Starting now',
    });
    // Nothing live, its planned time passed: due now.
    const talk = startNext(liveShow('keynote', T0), 'talk', T0 + 30 * MIN);
    const between = applyEvent(talk, { type: 'segmentEnded', segmentId: 'talk', at: T0 + 55 * MIN });
    const skipBreak = { ...between, segments: between.segments.filter((s) => s.id !== 'break') };
    expect(nextTalkOf(at(skipBreak, T0 + 72 * MIN))?.text).toBe('Starting now');
    expect(nextTalkOf(at(skipBreak, T0 + 69 * MIN))?.text).toBe('Starts in 1:00');
  });

  it('says "Up next" with no time for a plan too old to project from', () => {
    expect(nextTalkOf(at(fixtureShow(), T0 + 13 * 60 * MIN))).toMatchObject({
      segmentId: 'keynote',
      startsIn: null,
      text: 'Up next',
    });
  });

  it('words the time as the overlay shows it (pure: expected start and clock)', () => {
    expect(nextTalkWhen(T0 + 252_000, T0)).toEqual({ startsIn: '4:12', text: 'Starts in 4:12' });
    expect(nextTalkWhen(T0 + 90 * MIN, T0)).toEqual({ startsIn: '1:30:00', text: 'Starts in 1:30:00' });
    expect(nextTalkWhen(T0 + 1, T0)).toEqual({ startsIn: '0:01', text: 'Starts in 0:01' });
    expect(nextTalkWhen(T0, T0)).toEqual({ startsIn: null, text: 'Starting now' });
    expect(nextTalkWhen(T0 - 1, T0)).toEqual({ startsIn: null, text: 'Up next' });
    expect(nextTalkWhen(null, T0)).toEqual({ startsIn: null, text: 'Up next' });
  });

  it('shows the first talk before the show starts, and skips a break to reach the next talk', () => {
    expect(nextTalkOf(at(fixtureShow(), T0 - 90 * MIN))).toMatchObject({
      segmentId: 'keynote',
      text: 'Starts in 1:30:00',
    });
    // Between segments after the talk ended, the break comes next in the rundown: the overlay
    // announces the talk after it.
    const talk = startNext(liveShow('keynote', T0), 'talk', T0 + 30 * MIN);
    const between = applyEvent(talk, { type: 'segmentEnded', segmentId: 'talk', at: T0 + 55 * MIN });
    expect(upcomingTalk(between)?.id).toBe('lightning');
    expect(nextTalkOf(at(between, T0 + 56 * MIN))?.segmentId).toBe('lightning');
  });

  it('shows nothing while a talk is live, after the last talk, after the show, or when not live', () => {
    expect(nextTalkOf(at(liveShow('talk', T0 + 30 * MIN), T0 + 31 * MIN))).toBeNull();
    const last = startNext(breakShow(), 'lightning', T0 + 70 * MIN);
    const afterLast = applyEvent(last, { type: 'segmentEnded', segmentId: 'lightning', at: T0 + 75 * MIN });
    expect(nextTalkOf(at(afterLast, T0 + 76 * MIN))).toBeNull();
    const ended = applyEvent(breakShow(), { type: 'showEnded', at: T0 + 60 * MIN });
    expect(nextTalkOf(at(ended, T0 + 61 * MIN))).toBeNull();
    expect(nextTalkOf(at(breakShow(), T0 + 60 * MIN, false))).toBeNull();
  });
});

describe('the clean countdown', () => {
  it("shows the live segment's timer with its phase, from instants and the core clock", () => {
    const state = liveShow('keynote', T0);
    expect(countdownOf(at(state, T0 + 1_000))).toEqual({
      segmentId: 'keynote',
      text: '29:59',
      phase: 'normal',
      paused: false,
    });
    expect(countdownOf(at(state, T0 + 25 * MIN))).toMatchObject({ text: '05:00', phase: 'warning' });
    expect(countdownOf(at(state, T0 + 29 * MIN + 1))).toMatchObject({ text: '01:00', phase: 'danger' });
    expect(countdownOf(at(state, T0 + 31 * MIN))).toMatchObject({ text: '+01:00', phase: 'overtime' });
  });

  it('freezes while paused and counts a break like any segment', () => {
    const paused = applyEvent(liveShow('keynote', T0), { type: 'timerPaused', at: T0 + MIN });
    expect(countdownOf(at(paused, T0 + 10 * MIN))).toMatchObject({ text: '29:00', paused: true });
    expect(countdownOf(at(breakShow(T0 + 56 * MIN), T0 + 57 * MIN))).toMatchObject({
      segmentId: 'break',
      text: '14:00',
    });
  });

  it("follows the segment's timer kind: elapsed for a count-up, the show zone's time for a clock", () => {
    const withKind = (timer: 'countup' | 'clock'): ShowState => {
      const state = liveShow('keynote', T0);
      return {
        ...state,
        segments: state.segments.map((s) => (s.id === 'keynote' ? { ...s, timer } : s)),
      };
    };
    expect(countdownOf(at(withKind('countup'), T0 + 61_000))).toMatchObject({
      text: '01:01',
      phase: 'normal',
    });
    const clock = withKind('clock');
    expect(countdownOf(at(clock, T0 + 1_000))?.text).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(countdownOf(at(clock, T0 + 1_000))?.text).toBe(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: clock.show.timezone,
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }).format(T0 + 1_000),
    );
  });

  it('shows nothing with nothing live, and nothing (not a frozen or running clock) when not live', () => {
    expect(countdownOf(at(fixtureShow(), T0))).toBeNull();
    expect(countdownOf(at(liveShow('keynote', T0), T0 + MIN, false))).toBeNull();
    expect(countdownOf({ state: null, live: true, serverNow: T0 })).toBeNull();
  });
});

describe('the on-air question', () => {
  it('shows the question on air only while live', () => {
    const state = withQuestionOnAir(liveShow('keynote', T0));
    expect(questionOf(at(state, T0))?.text).toBe('How do you version training data?');
    expect(questionOf(at(state, T0, false))).toBeNull();
    expect(questionOf(at(liveShow('keynote', T0), T0))).toBeNull();
  });
});
