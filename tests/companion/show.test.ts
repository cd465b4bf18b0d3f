import { describe, expect, it } from 'vitest';
import {
  FEEDBACK_IDS,
  commandFor,
  feedbackValue,
  moveSelection,
  redact,
  selectedSegmentOf,
  variableValues,
} from '../../companion-module/src/show.js';
import type { ShowView, ACTION_IDS } from '../../companion-module/src/show.js';
import type { ShowState } from '../../shared/model.js';
import { initialObsState } from '../../shared/obs.js';
import { applyEvent } from '../../shared/reducer.js';
import { MIN, T0, fixtureShow, liveShow, message } from '../shared/fixtures.js';

/** What the module shows and sends, as pure functions of the show (companion-module/src/show.ts). */

const view = (state: ShowState | null, now = T0, obs: ShowView['obs'] = null): ShowView => ({
  state,
  obs,
  now,
});

describe('variables', () => {
  it('reads remaining time, titles, speakers, offset and queue from the show', () => {
    // The talk planned at T0+30 started 5 minutes late, 10 minutes ago.
    const state = liveShow('talk', T0 + 35 * MIN);
    const values = variableValues(view(state, T0 + 45 * MIN), 'Connected');
    expect(values).toMatchObject({
      remaining: '15:00',
      phase: 'On time',
      current_title: 'Group-by statements that save the day',
      current_speakers: 'Vincent D. Warmerdam',
      next_title: 'Coffee break',
      next_speakers: '',
      schedule_offset: '+5:00',
      questions_queued: '0',
      connection: 'Connected',
    });
  });

  it('reads the schedule offset as the console does: same rounding, ASCII sign', () => {
    const offset = (startedAt: number) =>
      variableValues(view(liveShow('talk', startedAt), startedAt + 60_000), '').schedule_offset;
    // 5 min 0.4 s late reads as the console's "+5:00", not a countdown's rounded-up "+05:01".
    expect(offset(T0 + 35 * MIN + 400)).toBe('+5:00');
    expect(offset(T0 + 28 * MIN)).toBe('-2:00');
    expect(offset(T0 + 30 * MIN)).toBe('0:00');
  });

  it('shows overtime with a plus and blanks without a live segment', () => {
    const state = liveShow('keynote', T0);
    expect(variableValues(view(state, T0 + 31 * MIN + 5_000), '').remaining).toBe('+01:05');
    expect(variableValues(view(state, T0 + 31 * MIN + 5_000), '').phase).toBe('Overtime');
    const idle = variableValues(view(fixtureShow()), '');
    expect(idle).toMatchObject({ remaining: '--:--', current_title: '', next_title: 'Opening keynote' });
    expect(variableValues(view(null), 'Connecting…')).toMatchObject({
      remaining: '--:--',
      connection: 'Connecting…',
    });
  });
});

describe('feedbacks', () => {
  it('follows the timer phase and pause', () => {
    const state = liveShow('keynote', T0);
    const at = (ms: number) => view(state, T0 + ms);
    expect(feedbackValue('timerPhase', { phase: 'normal' }, at(MIN))).toBe(true);
    expect(feedbackValue('timerPhase', { phase: 'warning' }, at(26 * MIN))).toBe(true);
    expect(feedbackValue('timerPhase', { phase: 'danger' }, at(29.5 * MIN))).toBe(true);
    expect(feedbackValue('timerPhase', { phase: 'overtime' }, at(31 * MIN))).toBe(true);
    expect(feedbackValue('timerPhase', { phase: 'overtime' }, at(MIN))).toBe(false);
    const paused = applyEvent(state, { type: 'timerPaused', at: T0 + MIN });
    expect(feedbackValue('paused', {}, view(paused, T0 + 2 * MIN))).toBe(true);
    expect(feedbackValue('paused', {}, at(MIN))).toBe(false);
  });

  it('says when a message is unacknowledged, OBS is away or on air, a signal waits, and who holds control', () => {
    const state = liveShow('keynote', T0);
    const withMessage: ShowState = { ...state, activeMessage: message('m1') };
    expect(feedbackValue('messageUnacknowledged', {}, view(withMessage))).toBe(true);
    const acked: ShowState = {
      ...state,
      activeMessage: { ...message('m1'), acks: [{ by: { role: 'mc', name: 'Cleo' }, at: T0 }] },
    };
    expect(feedbackValue('messageUnacknowledged', {}, view(acked))).toBe(false);

    expect(feedbackValue('obsDisconnected', {}, view(state))).toBe(true);
    const obs = initialObsState(T0);
    const live = { ...obs, connection: { ...obs.connection, status: 'connected' as const } };
    expect(feedbackValue('obsDisconnected', {}, view(state, T0, live))).toBe(false);
    expect(feedbackValue('onAir', {}, view(state, T0, live))).toBe(false);
    const streaming = { ...live, stream: { ...live.stream, active: true } };
    expect(feedbackValue('onAir', {}, view(state, T0, streaming))).toBe(true);

    const signalled = applyEvent(state, {
      type: 'crewSignalRaised',
      signal: { id: 'sig-1', kind: 'audioProblem', from: { role: 'mc', name: 'Cleo' }, at: T0, ack: null },
    });
    expect(feedbackValue('crewSignal', { kind: 'audioProblem' }, view(signalled))).toBe(true);
    expect(feedbackValue('crewSignal', { kind: 'filler' }, view(signalled))).toBe(false);

    const me = { role: 'producer' as const, name: 'Stream Deck' };
    expect(feedbackValue('controlHolder', { who: 'nobody' }, view(state), me)).toBe(true);
    const mine: ShowState = { ...state, control: { ...me, since: T0 } };
    expect(feedbackValue('controlHolder', { who: 'me' }, view(mine), me)).toBe(true);
    expect(feedbackValue('controlHolder', { who: 'someoneElse' }, view(mine), me)).toBe(false);
    const theirs: ShowState = { ...state, control: { role: 'backup', name: null, since: T0 } };
    expect(feedbackValue('controlHolder', { who: 'someoneElse' }, view(theirs), me)).toBe(true);
  });

  it('reads false for every feedback before the module has a show', () => {
    for (const id of FEEDBACK_IDS.filter((f) => f !== 'obsDisconnected' && f !== 'controlHolder'))
      expect(feedbackValue(id, {}, view(null))).toBe(false);
  });
});

describe('actions', () => {
  it('sends the crew command of each key', () => {
    const state = liveShow('talk', T0 + 30 * MIN);
    const sent = (id: (typeof ACTION_IDS)[number], options = {}) => commandFor(id, options, view(state));
    expect(sent('next')).toEqual({ ok: true, command: { type: 'nextSegment' } });
    expect(sent('previous')).toEqual({ ok: true, command: { type: 'startSegment', segmentId: 'keynote' } });
    expect(sent('startSegment', { segmentId: 'break' })).toEqual({
      ok: true,
      command: { type: 'startSegment', segmentId: 'break' },
    });
    expect(sent('togglePause')).toEqual({ ok: true, command: { type: 'pauseTimer' } });
    expect(sent('addMinute')).toEqual({ ok: true, command: { type: 'adjustTime', deltaMs: 60_000 } });
    expect(sent('removeMinute')).toEqual({ ok: true, command: { type: 'adjustTime', deltaMs: -60_000 } });
    expect(sent('sendPreset', { preset: 'wrapUp' })).toEqual({
      ok: true,
      command: { type: 'sendMessage', preset: 'wrapUp' },
    });
    expect(sent('sendCustom', { text: '  Mic 2 is live  ' })).toEqual({
      ok: true,
      command: { type: 'sendMessage', preset: 'custom', text: 'Mic 2 is live' },
    });
    expect(sent('obsScene', { scene: 'Speaker' })).toEqual({
      ok: true,
      command: { type: 'obsSetProgramScene', sceneName: 'Speaker' },
    });
    const studio = { ...initialObsState(T0), studioMode: true };
    expect(commandFor('obsScene', { scene: 'Speaker' }, view(state, T0, studio))).toEqual({
      ok: true,
      command: { type: 'obsSetPreviewScene', sceneName: 'Speaker' },
    });
    expect(commandFor('obsStudioMode', {}, view(state, T0, studio))).toEqual({
      ok: true,
      command: { type: 'obsSetStudioMode', enabled: false },
    });
    const paused = applyEvent(state, { type: 'timerPaused', at: T0 + 31 * MIN });
    expect(commandFor('togglePause', {}, view(paused))).toEqual({
      ok: true,
      command: { type: 'resumeTimer' },
    });
  });

  it('starts the deck’s own pick, moved with select up/down, else what next would start', () => {
    const state = liveShow('talk', T0 + 30 * MIN);
    expect(selectedSegmentOf(view(state))?.id).toBe('break');
    const down = moveSelection(view(state), 1);
    expect(down).toBe('lightning');
    expect(moveSelection({ ...view(state), selectedId: down }, 1)).toBe('lightning'); // stops at the end
    expect(moveSelection({ ...view(state), selectedId: 'keynote' }, -1)).toBe('keynote');
    expect(commandFor('startSelected', {}, { ...view(state), selectedId: 'keynote' })).toEqual({
      ok: true,
      command: { type: 'startSegment', segmentId: 'keynote' },
    });
    // A pick that left the rundown falls back to next.
    expect(selectedSegmentOf({ ...view(state), selectedId: 'gone' })?.id).toBe('break');
    expect(variableValues({ ...view(state), selectedId: 'lightning' }, '').selected_title).toBe(
      'Config files for fast and reproducible ML experiments',
    );
    const empty: ShowState = { ...state, segments: [] };
    expect(commandFor('startSelected', {}, view(empty))).toEqual({
      ok: false,
      error: 'nothing to start: the rundown is empty',
    });
  });

  it('refuses a key that makes no sense now, saying why', () => {
    const idle = view(fixtureShow());
    expect(commandFor('previous', {}, idle)).toEqual({ ok: false, error: 'no segment before the live one' });
    expect(commandFor('startSegment', { segmentId: 'nope' }, idle)).toEqual({
      ok: false,
      error: 'no segment "nope" in this show',
    });
    expect(commandFor('sendCustom', { text: '   ' }, idle)).toEqual({
      ok: false,
      error: 'the message is empty',
    });
    expect(commandFor('sendPreset', { preset: 'shout' }, idle)).toEqual({
      ok: false,
      error: 'choose a preset message',
    });
    expect(commandFor('obsScene', {}, idle)).toEqual({ ok: false, error: 'choose a scene' });
  });
});

it('redacts a token from links and free text', () => {
  const token = 'Zx9-secret_token';
  expect(redact(`http://10.0.0.2:4747/#token=${token}&cores=http://10.0.0.2:4747`)).toBe(
    'http://10.0.0.2:4747/#token=…&cores=http://10.0.0.2:4747',
  );
  expect(redact(`refused ${token} here`, token)).toBe('refused … here');
});
