import { describe, expect, it } from 'vitest';
import type { MediaObservation } from '../../shared/mediaTimer.js';
import { MEDIA_END_GRACE_MS, mediaSyncEvents, playbackOf, remainingOf } from '../../shared/mediaTimer.js';
import type { Segment, ShowState } from '../../shared/model.js';
import { obsNeedsOf, preflight, initialObsState } from '../../shared/obs.js';
import { applyEvents } from '../../shared/reducer.js';
import { automaticEvents, dueAction, nextActionAt } from '../../shared/scheduleActions.js';
import { startEvents } from '../../shared/segmentStart.js';
import { ShowEventSchema } from '../../shared/stateSchema.js';
import { readTimer } from '../../shared/timer.js';
import { importRundownCsv } from '../../shared/rundownImport.js';
import { fixtureShow, MIN, segment, T0 } from './fixtures.js';

/** A pre-recorded talk (media "Talk", planned 10 min) that advances to a live Q&A when it ends. */
function show(extra: Partial<Segment> = {}): ShowState {
  return {
    ...fixtureShow(),
    segments: [
      segment({
        id: 'rec',
        durationMs: 10 * MIN,
        endAction: 'next',
        obs: { media: { inputName: 'Talk' } },
        ...extra,
      }),
      segment({ id: 'qa', durationMs: 5 * MIN }),
    ],
  };
}

function started(state = show(), at = T0): ShowState {
  return applyEvents(state, startEvents(state, 'rec', at));
}

const seen = (
  obsState: string,
  cursorMs: number | null,
  at: number,
  durationMs = 8_000,
): MediaObservation => ({
  inputName: 'Talk',
  obsState: `OBS_MEDIA_STATE_${obsState}`,
  durationMs,
  cursorMs,
  at,
});

function sync(state: ShowState, observation: MediaObservation): ShowState {
  return applyEvents(state, mediaSyncEvents(state, 'rec', observation));
}

const remaining = (state: ShowState, now: number): number =>
  readTimer(state.live.timer!, state.segments[0]!, now).remainingMs;

describe('the timer of a segment that plays media', () => {
  it('follows OBS: remaining = duration − cursor, running on the core clock', () => {
    const state = sync(started(), seen('PLAYING', 300, T0 + 500));
    expect(remaining(state, T0 + 500)).toBe(7_700);
    expect(remaining(state, T0 + 2_500)).toBe(5_700);
    expect(state.live.timer!.media).toEqual({
      inputName: 'Talk',
      state: 'playing',
      at: T0 + 500,
      cursorMs: 300,
      durationMs: 8_000,
    });
    // The segment's own start is what the show report keeps.
    expect(state.actuals.rec!.startedAt).toBe(T0);
  });

  it('journals only a change of playback state or a drift above 100 ms', () => {
    const state = sync(started(), seen('PLAYING', 0, T0 + 100));
    expect(mediaSyncEvents(state, 'rec', seen('PLAYING', 1_000, T0 + 1_150))).toEqual([]);
    expect(mediaSyncEvents(state, 'rec', seen('PLAYING', 1_000, T0 + 1_000 + 100 + 101))).toHaveLength(1);
    const paused = sync(state, seen('PAUSED', 2_000, T0 + 2_100));
    expect(paused.live.timer!.pausedAt).toBe(T0 + 2_100);
    expect(remaining(paused, T0 + 60_000)).toBe(6_000);
    expect(mediaSyncEvents(paused, 'rec', seen('PAUSED', 2_000, T0 + 9_000))).toEqual([]);
    const resumed = sync(paused, seen('PLAYING', 2_000, T0 + 9_000));
    expect(remaining(resumed, T0 + 10_000)).toBe(5_000);
  });

  it('ignores readings it cannot follow, of another input, or after the segment is over', () => {
    const state = started();
    expect(mediaSyncEvents(state, 'rec', seen('OPENING', 0, T0))).toEqual([]);
    expect(mediaSyncEvents(state, 'rec', seen('STOPPED', null, T0))).toEqual([]);
    expect(mediaSyncEvents(state, 'rec', seen('PLAYING', 0, T0, 0))).toEqual([]);
    expect(mediaSyncEvents(state, 'rec', { ...seen('PLAYING', 0, T0), inputName: 'Other' })).toEqual([]);
    expect(mediaSyncEvents(state, 'qa', seen('PLAYING', 0, T0))).toEqual([]);
    const moved = applyEvents(state, startEvents(state, 'qa', T0 + 1_000));
    expect(mediaSyncEvents(moved, 'rec', seen('PLAYING', 0, T0))).toEqual([]);
  });

  it('reads OBS states and remaining time', () => {
    expect(playbackOf('OBS_MEDIA_STATE_PLAYING')).toBe('playing');
    expect(playbackOf('OBS_MEDIA_STATE_BUFFERING')).toBeNull();
    expect(remainingOf(seen('ENDED', null, T0))).toBe(0);
    expect(remainingOf(seen('PLAYING', 9_000, T0))).toBe(0);
    expect(remainingOf(seen('PLAYING', null, T0))).toBe(8_000);
    // What OBS 29 says of a missing file: playing, for 0 ms. Nothing to follow.
    expect(remainingOf(seen('PLAYING', 0, T0, 0))).toBeNull();
  });

  it('takes an end without a duration (as OBS 29 reports it) as the end of the media it followed', () => {
    const playing = sync(started(), seen('PLAYING', 0, T0));
    const ended = sync(playing, { ...seen('ENDED', null, T0 + 8_050), durationMs: null });
    expect(ended.live.timer!.media).toMatchObject({ state: 'ended', durationMs: 8_000, at: T0 + 8_050 });
    expect(remaining(ended, T0 + 8_050)).toBe(0);
    // Never followed: an end says nothing about this run.
    expect(mediaSyncEvents(started(), 'rec', { ...seen('ENDED', null, T0), durationMs: null })).toEqual([]);
  });

  it('the event is one the journal accepts', () => {
    const events = mediaSyncEvents(started(), 'rec', seen('PLAYING', 40, T0 + 50));
    expect(ShowEventSchema.safeParse(events[0]).success).toBe(true);
  });
});

describe('the end of the media runs the end action, once', () => {
  it('starts the next segment when OBS reports the end, and not again after', () => {
    const playing = sync(started(), seen('PLAYING', 0, T0 + 100));
    // Its timer's deadline (T0 + 8.1 s) waits for OBS, with the deadline as a late fallback.
    expect(dueAction(playing, T0 + 8_100)).toBeNull();
    expect(nextActionAt(playing, T0 + 1_000)).toBe(T0 + 8_100 + MEDIA_END_GRACE_MS);
    expect(dueAction(playing, T0 + 8_100 + MEDIA_END_GRACE_MS)).toMatchObject({
      segmentId: 'qa',
      reason: { kind: 'endAction' },
    });
    const ended = sync(playing, seen('ENDED', null, T0 + 8_150));
    expect(remaining(ended, T0 + 8_150)).toBe(0);
    const due = dueAction(ended, T0 + 8_200);
    expect(due).toEqual({ segmentId: 'qa', from: 'rec', reason: { kind: 'mediaEnded', dueAt: T0 + 8_150 } });
    const events = automaticEvents(ended, due!, T0 + 8_200)!;
    expect(events.map((e) => e.type)).toEqual(['segmentEnded', 'segmentStarted']);
    const next = applyEvents(ended, events);
    expect(next.live.currentSegmentId).toBe('qa');
    expect(dueAction(next, T0 + 20_000)).toBeNull();
    // An end is final: a later reading changes nothing.
    expect(mediaSyncEvents(ended, 'rec', seen('PLAYING', 0, T0 + 9_000))).toEqual([]);
  });

  it('with no end action the ended talk counts overtime, and nothing starts', () => {
    const ended = sync(
      sync(started(show({ endAction: 'none' })), seen('PLAYING', 0, T0)),
      seen('ENDED', 8_000, T0 + 8_000),
    );
    expect(dueAction(ended, T0 + 60_000)).toBeNull();
    expect(remaining(ended, T0 + 9_000)).toBe(-1_000);
  });

  it('a media segment that never synced keeps its normal timer and deadline', () => {
    const state = started();
    expect(remaining(state, T0 + MIN)).toBe(9 * MIN);
    expect(dueAction(state, T0 + 10 * MIN)).toMatchObject({ reason: { kind: 'endAction' } });
  });
});

describe('preflight of media cues', () => {
  const obs = {
    ...initialObsState(T0),
    connection: { ...initialObsState(T0).connection, status: 'connected' as const },
    synced: true,
    inputs: [
      { name: 'Talk', kind: 'ffmpeg_source' },
      { name: 'LowerThird', kind: 'text_ft2_source_v2' },
    ],
  };

  it('lists a missing media input and one that plays no media', () => {
    const segments = [
      segment({ id: 'a', obs: { media: { inputName: 'Talk' } } }),
      segment({ id: 'b', obs: { media: { inputName: 'Keynote.mp4' } } }),
      segment({ id: 'c', obs: { media: { inputName: 'LowerThird' } } }),
    ];
    const needs = obsNeedsOf(segments);
    expect(needs.mediaInputs).toEqual(['Talk', 'Keynote.mp4', 'LowerThird']);
    const result = preflight(needs, obs);
    expect(result.ok).toBe(false);
    expect(result.missingInputs).toEqual(['Keynote.mp4']);
    expect(result.notMediaInputs).toEqual(['LowerThird']);
    expect(result.problems).toEqual([
      'OBS has no input "Keynote.mp4"',
      'OBS input "LowerThird" is a text_ft2_source_v2, not a media source, so it cannot play a talk',
    ]);
    expect(preflight(obsNeedsOf([segments[0]!]), obs).ok).toBe(true);
  });
});

describe('the obs_media CSV column', () => {
  it('names the media a segment plays', () => {
    const csv =
      'start_utc,duration_min,title,obs_scene,obs_media\r\n' +
      '2022-12-15T12:30:00Z,30,Recorded keynote,Speaker,Keynote video\r\n' +
      '2022-12-15T13:00:00Z,30,Live talk,,\r\n';
    const result = importRundownCsv(csv, { show: { name: 'Show', timezone: 'UTC', displayTimezones: [] } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rundown.segments[0]!.obs).toEqual({
      scene: 'Speaker',
      media: { inputName: 'Keynote video' },
    });
    expect(result.rundown.segments[1]!.obs).toBeUndefined();
  });
});
