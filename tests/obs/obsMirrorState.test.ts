// Unit tests of the OBS mirror's pure reducer (core/obs/obsMirrorState.ts) on plain objects: no OBS.
import { describe, expect, it } from 'vitest';
import type { ObsFullRead } from '../../core/obs/obsMirrorState.js';
import {
  applyObsEvent,
  freezeState,
  pickStats,
  recordFromStatus,
  scenesInObsOrder,
  stateFromFullRead,
  streamFromStatus,
} from '../../core/obs/obsMirrorState.js';
import { ObsState as ObsStateSchema, initialObsState } from '../../shared/obs.js';
import { syncedState } from './obsStates.js';

/** GetStreamStatus as obs-websocket 5 answers it while idle. */
const streamIdle = {
  outputActive: false,
  outputReconnecting: false,
  outputTimecode: '00:00:00.000',
  outputDuration: 0,
  outputCongestion: 0,
  outputBytes: 0,
  outputSkippedFrames: 0,
  outputTotalFrames: 0,
};
/** GetRecordStatus as obs-websocket 5 answers it while idle. */
const recordIdle = {
  outputActive: false,
  outputPaused: false,
  outputTimecode: '00:00:00.000',
  outputDuration: 0,
  outputBytes: 0,
};
/** GetStats as obs-websocket 5 answers it. */
const obsStats = {
  activeFps: 30,
  averageFrameRenderTime: 1.2,
  cpuUsage: 8.5,
  memoryUsage: 420,
  availableDiskSpace: 50_000,
  renderSkippedFrames: 10,
  renderTotalFrames: 1_000,
  outputSkippedFrames: 0,
  outputTotalFrames: 1_000,
  webSocketSessionIncomingMessages: 12,
  webSocketSessionOutgoingMessages: 12,
};

describe('applyObsEvent', () => {
  const now = 1_000;

  it('follows program, preview, studio mode and renames', () => {
    let state = syncedState({ studioMode: true, previewScene: 'Break' });
    state = applyObsEvent(state, 'CurrentProgramSceneChanged', { sceneName: 'Speaker' }, now);
    expect(state.programScene).toBe('Speaker');
    state = applyObsEvent(state, 'SceneNameChanged', { oldSceneName: 'Speaker', sceneName: 'Talk' }, now);
    expect(state.programScene).toBe('Talk');
    expect(state.scenes).toEqual(['Main', 'Break', 'Talk']);
    state = applyObsEvent(state, 'StudioModeStateChanged', { studioModeEnabled: false }, now);
    expect(state.previewScene).toBeNull();
  });

  it('orders scenes as OBS lists them (obs-websocket numbers them from the bottom)', () => {
    const state = applyObsEvent(
      syncedState(),
      'SceneListChanged',
      {
        scenes: [
          { sceneIndex: 0, sceneName: 'Speaker' },
          { sceneIndex: 1, sceneName: 'Break' },
          { sceneIndex: 2, sceneName: 'Main' },
        ],
      },
      now,
    );
    expect(state.scenes).toEqual(['Main', 'Break', 'Speaker']);
  });

  it('tracks the stream through its phases, with an absolute start time', () => {
    let state = syncedState();
    state = applyObsEvent(
      state,
      'StreamStateChanged',
      { outputActive: false, outputState: 'OBS_WEBSOCKET_OUTPUT_STARTING' },
      now,
    );
    expect(state.stream.phase).toBe('starting');
    state = applyObsEvent(
      state,
      'StreamStateChanged',
      { outputActive: true, outputState: 'OBS_WEBSOCKET_OUTPUT_STARTED' },
      now,
    );
    expect(state.stream).toMatchObject({ active: true, phase: 'on', startedAt: now });
    state = applyObsEvent(
      state,
      'StreamStateChanged',
      { outputActive: true, outputState: 'OBS_WEBSOCKET_OUTPUT_RECONNECTING' },
      now,
    );
    expect(state.stream.reconnecting).toBe(true);
    state = applyObsEvent(
      state,
      'StreamStateChanged',
      { outputActive: false, outputState: 'OBS_WEBSOCKET_OUTPUT_STOPPED' },
      now,
    );
    expect(state.stream).toMatchObject({ active: false, reconnecting: false, phase: 'off', startedAt: null });
  });

  it('ignores payloads that do not parse, leaving the state as it was', () => {
    const state = syncedState();
    expect(applyObsEvent(state, 'CurrentProgramSceneChanged', { scene: 42 }, now)).toBe(state);
    expect(applyObsEvent(state, 'InputCreated', null, now)).toBe(state);
  });

  it('keeps its output a valid ObsState', () => {
    const state = applyObsEvent(
      syncedState(),
      'InputCreated',
      { inputName: 'Clip', inputKind: 'ffmpeg_source' },
      now,
    );
    expect(ObsStateSchema.safeParse(state).success).toBe(true);
    expect(state.inputs.map((i) => i.name)).toEqual(['LowerThird', 'Clip']);
  });
});

describe('applyObsEvent on scenes and inputs', () => {
  const now = 1_000;

  it('adds created scenes once, ignores groups, and drops removed ones', () => {
    let state = syncedState();
    state = applyObsEvent(state, 'SceneCreated', { sceneName: 'Sponsors', isGroup: false }, now);
    expect(state.scenes).toEqual(['Main', 'Break', 'Speaker', 'Sponsors']);
    expect(applyObsEvent(state, 'SceneCreated', { sceneName: 'Sponsors', isGroup: false }, now)).toBe(state);
    expect(applyObsEvent(state, 'SceneCreated', { sceneName: 'Cams', isGroup: true }, now)).toBe(state);
    state = applyObsEvent(state, 'SceneRemoved', { sceneName: 'Break', isGroup: false }, now);
    expect(state.scenes).toEqual(['Main', 'Speaker', 'Sponsors']);
    expect(applyObsEvent(state, 'SceneRemoved', { sceneName: 'Nope', isGroup: false }, now)).toBe(state);
  });

  it('renames the preview too, and leaves other names alone', () => {
    const state = applyObsEvent(
      syncedState({ studioMode: true, previewScene: 'Break' }),
      'SceneNameChanged',
      { sceneUuid: 'b-1', oldSceneName: 'Break', sceneName: 'Pause' },
      now,
    );
    expect(state).toMatchObject({ previewScene: 'Pause', programScene: 'Main' });
    expect(state.scenes).toEqual(['Main', 'Pause', 'Speaker']);
  });

  it('returns the same object when program or preview did not change', () => {
    const state = syncedState({ studioMode: true, previewScene: 'Break' });
    expect(applyObsEvent(state, 'CurrentProgramSceneChanged', { sceneName: 'Main' }, now)).toBe(state);
    expect(applyObsEvent(state, 'CurrentPreviewSceneChanged', { sceneName: 'Break' }, now)).toBe(state);
    expect(
      applyObsEvent(state, 'CurrentPreviewSceneChanged', { sceneName: 'Speaker', sceneUuid: 's-1' }, now)
        .previewScene,
    ).toBe('Speaker');
  });

  it('replaces an input created under an existing name, removes and renames inputs', () => {
    let state = applyObsEvent(
      syncedState(),
      'InputCreated',
      {
        inputName: 'LowerThird',
        inputKind: 'text_gdiplus_v3',
        unversionedInputKind: 'text_gdiplus',
        inputSettings: {},
        defaultInputSettings: {},
      },
      now,
    );
    expect(state.inputs).toEqual([{ name: 'LowerThird', kind: 'text_gdiplus_v3' }]);
    state = applyObsEvent(state, 'InputNameChanged', { oldInputName: 'LowerThird', inputName: 'L3' }, now);
    expect(state.inputs).toEqual([{ name: 'L3', kind: 'text_gdiplus_v3' }]);
    expect(applyObsEvent(state, 'InputRemoved', { inputName: 'Nope' }, now)).toBe(state);
    expect(applyObsEvent(state, 'InputRemoved', { inputName: 'L3' }, now).inputs).toEqual([]);
  });
});

describe('applyObsEvent on transitions and collections', () => {
  const now = 1_000;

  it('follows the transition, its duration and whether one is running', () => {
    let state = syncedState({ currentTransition: 'Fade', transitionDurationMs: 300 });
    state = applyObsEvent(state, 'CurrentSceneTransitionChanged', { transitionName: 'Cut' }, now);
    state = applyObsEvent(state, 'CurrentSceneTransitionDurationChanged', { transitionDuration: 500 }, now);
    expect(state).toMatchObject({ currentTransition: 'Cut', transitionDurationMs: 500 });
    state = applyObsEvent(state, 'SceneTransitionStarted', { transitionName: 'Cut' }, now);
    expect(state.transitionActive).toBe(true);
    expect(applyObsEvent(state, 'SceneTransitionStarted', { transitionName: 'Cut' }, now)).toBe(state);
    state = applyObsEvent(state, 'SceneTransitionEnded', { transitionName: 'Cut' }, now);
    expect(state.transitionActive).toBe(false);
    expect(applyObsEvent(state, 'SceneTransitionEnded', { transitionName: 'Cut' }, now)).toBe(state);
  });

  it('is unsynced while the scene collection switches, and takes the new name after', () => {
    let state = syncedState({ transitionActive: true, sceneCollection: 'Day 1' });
    state = applyObsEvent(state, 'CurrentSceneCollectionChanging', { sceneCollectionName: 'Day 1' }, now);
    expect(state).toMatchObject({ switchingCollection: true, synced: false, transitionActive: false });
    state = applyObsEvent(state, 'CurrentSceneCollectionChanged', { sceneCollectionName: 'Day 2' }, now);
    expect(state.sceneCollection).toBe('Day 2');
  });

  it('changes nothing on ExitStarted', () => {
    const state = syncedState();
    expect(applyObsEvent(state, 'ExitStarted', undefined, now)).toBe(state);
  });
});

describe('applyObsEvent on the recording', () => {
  const now = 1_000;
  const recordEvent = (outputState: string, outputActive: boolean) => ({
    outputActive,
    outputState: `OBS_WEBSOCKET_OUTPUT_${outputState}`,
    outputPath: outputState === 'STOPPED' ? '/home/crew/Videos/2024-05-01 10-00-00.mkv' : null,
  });

  it('goes starting → on → paused → on → stopping → off', () => {
    let state = syncedState();
    const phases: string[] = [];
    for (const [outputState, active] of [
      ['STARTING', false],
      ['STARTED', true],
      ['PAUSED', true],
      ['RESUMED', true],
      ['STOPPING', true],
      ['STOPPED', false],
    ] as const) {
      state = applyObsEvent(state, 'RecordStateChanged', recordEvent(outputState, active), now);
      phases.push(`${state.record.phase}${state.record.paused ? ' (paused)' : ''}`);
    }
    expect(phases).toEqual(['starting', 'on', 'paused (paused)', 'on', 'stopping', 'off']);
    expect(state.record).toMatchObject({ active: false, paused: false, durationMs: 0 });
  });

  it('keeps the phase on an output state it does not know', () => {
    const state = syncedState();
    const next = applyObsEvent(state, 'RecordStateChanged', recordEvent('UNKNOWN', false), now);
    expect(next.record.phase).toBe(state.record.phase);
  });
});

describe('streamFromStatus and recordFromStatus', () => {
  const now = 100_000;
  const live = { ...streamIdle, outputActive: true, outputDuration: 5_000, outputTimecode: '00:00:05.000' };

  it('takes a literal read as it is', () => {
    const stream = streamFromStatus(initialObsState(0).stream, live, now, true);
    expect(stream).toEqual({
      active: true,
      reconnecting: false,
      phase: 'on',
      startedAt: now - 5_000,
      durationMs: 5_000,
      timecode: '00:00:05.000',
      congestion: 0,
      skippedFrames: 0,
      totalFrames: 0,
      measuredAt: now,
    });
  });

  it('does not let a poll undo the starting or stopping phase an event set, unless literal', () => {
    const starting = { ...initialObsState(0).stream, phase: 'starting' as const };
    expect(streamFromStatus(starting, streamIdle, now, false).phase).toBe('starting');
    expect(streamFromStatus(starting, streamIdle, now, true).phase).toBe('off');
    const stopping = { ...initialObsState(0).stream, active: true, phase: 'stopping' as const };
    expect(streamFromStatus(stopping, live, now, false).phase).toBe('stopping');
    expect(streamFromStatus(stopping, live, now, true).phase).toBe('on');
  });

  it('keeps the start instant unless it moved by a second or more, and reads null congestion as 0', () => {
    const first = streamFromStatus(initialObsState(0).stream, live, now, true);
    const jitter = streamFromStatus(first, { ...live, outputDuration: 7_400 }, now + 2_000, false);
    expect(jitter.startedAt).toBe(first.startedAt);
    const moved = streamFromStatus(first, { ...live, outputDuration: 1_000 }, now + 2_000, false);
    expect(moved.startedAt).toBe(now + 1_000);
    expect(streamFromStatus(first, { ...live, outputCongestion: null }, now, false).congestion).toBe(0);
    expect(streamFromStatus(first, { ...live, outputReconnecting: true }, now, false).phase).toBe(
      'reconnecting',
    );
  });

  it('reads the recording as on, paused or off', () => {
    const record = initialObsState(0).record;
    const recording = { ...recordIdle, outputActive: true, outputDuration: 3_000 };
    expect(recordFromStatus(record, recording, now, true)).toEqual({
      active: true,
      paused: false,
      phase: 'on',
      durationMs: 3_000,
      timecode: '00:00:00.000',
      measuredAt: now,
    });
    expect(recordFromStatus(record, { ...recording, outputPaused: true }, now, true).phase).toBe('paused');
    expect(recordFromStatus({ ...record, phase: 'starting' }, recordIdle, now, false).phase).toBe('starting');
    expect(recordFromStatus(record, recordIdle, now, true).phase).toBe('off');
  });
});

describe('pickStats', () => {
  it('has no recent window before a second reading, then counts since the previous one', () => {
    const first = pickStats(obsStats, null);
    expect(first.recent).toBeNull();
    expect(first).toMatchObject({ activeFps: 30, cpuUsage: 8.5, availableDiskSpace: 50_000 });
    expect(first).not.toHaveProperty('memoryUsage');
    const second = pickStats(
      { ...obsStats, renderSkippedFrames: 13, renderTotalFrames: 1_060, outputTotalFrames: 1_060 },
      { ...first, at: 0 },
    );
    expect(second.recent).toEqual({ renderSkipped: 3, renderTotal: 60, outputSkipped: 0, outputTotal: 60 });
  });

  it('starts over when OBS restarted and its counters went back', () => {
    const before = { ...pickStats(obsStats, null), at: 0 };
    expect(pickStats({ ...obsStats, renderTotalFrames: 5 }, before).recent).toBeNull();
  });
});

describe('stateFromFullRead', () => {
  const read: ObsFullRead = {
    sceneList: {
      currentProgramSceneName: 'Main',
      currentPreviewSceneName: 'Break',
      scenes: [
        { sceneIndex: 0, sceneName: 'Break' },
        { sceneIndex: 1, sceneName: 'Main' },
      ],
    },
    studio: { studioModeEnabled: false },
    transition: { transitionName: 'Fade', transitionDuration: 300, transitionFixed: false },
    transitions: { transitions: [{ transitionName: 'Cut' }, { transitionName: 'Fade' }] },
    cursor: { transitionCursor: 1 },
    stream: streamIdle,
    record: recordIdle,
    inputs: { inputs: [{ inputName: 'LowerThird', inputKind: 'text_ft2_source_v2' }] },
    stats: obsStats,
    collection: { currentSceneCollectionName: 'Conference', sceneCollections: ['Conference'] },
  };

  it('makes a whole state of one read, dropping the preview outside studio mode', () => {
    const patch = stateFromFullRead(initialObsState(0), read, 5_000);
    expect(patch).toMatchObject({
      scenes: ['Main', 'Break'],
      programScene: 'Main',
      previewScene: null,
      studioMode: false,
      currentTransition: 'Fade',
      transitionDurationMs: 300,
      transitionActive: false,
      transitions: ['Cut', 'Fade'],
      inputs: [{ name: 'LowerThird', kind: 'text_ft2_source_v2' }],
      sceneCollection: 'Conference',
    });
    expect(patch.stats).toMatchObject({ at: 5_000, recent: null });
    const state = { ...initialObsState(0), ...patch, synced: true };
    expect(ObsStateSchema.safeParse(state).success).toBe(true);
  });

  it('falls back where this OBS lacks a request, and knows a fixed transition has no duration', () => {
    const current = syncedState({ sceneCollection: 'Old' });
    const patch = stateFromFullRead(
      current,
      {
        ...read,
        studio: { studioModeEnabled: true },
        transition: { transitionName: 'Cut', transitionDuration: null, transitionFixed: true },
        transitions: null,
        cursor: { transitionCursor: 0.4 },
        stats: null,
        collection: null,
      },
      5_000,
    );
    expect(patch).toMatchObject({
      previewScene: 'Break',
      transitionDurationMs: null,
      transitionActive: true,
      transitions: ['Cut'],
      stats: current.stats,
      sceneCollection: 'Old',
    });
  });
});

describe('freezeState', () => {
  it('freezes the state, what it holds, and each input', () => {
    const state = freezeState(syncedState());
    expect(Object.isFrozen(state)).toBe(true);
    expect(Object.isFrozen(state.scenes)).toBe(true);
    expect(Object.isFrozen(state.stream)).toBe(true);
    expect(Object.isFrozen(state.inputs[0])).toBe(true);
  });
});

describe('scenesInObsOrder', () => {
  it('puts the highest sceneIndex first', () => {
    expect(
      scenesInObsOrder([
        { sceneIndex: 1, sceneName: 'B' },
        { sceneIndex: 2, sceneName: 'A' },
        { sceneIndex: 0, sceneName: 'C' },
      ]),
    ).toEqual(['A', 'B', 'C']);
  });
});
