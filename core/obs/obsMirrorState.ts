// The mirror's pure reducer: how OBS events, reads and polls change the mirrored ObsState (no I/O, no timers).
import type { z } from 'zod';
import type { ObsOutputPhase, ObsState } from '../../shared/obs.js';
import type {
  CurrentTransition,
  GetSceneListResponse,
  InputList,
  RecordStatus,
  SceneCollectionList,
  Stats,
  StreamStatus,
  TransitionCursor,
  TransitionList,
} from './obsPayloads.js';
import {
  InputCreated,
  InputRemoved,
  InputRenamed,
  OutputStateChanged,
  SceneCollectionName,
  SceneCreatedOrRemoved,
  SceneListPayload,
  SceneName,
  SceneRenamed,
  StudioMode,
  TransitionDuration,
  TransitionName,
} from './obsPayloads.js';

/**
 * Everything here takes a state (a plain ObsState) and OBS's payloads as obs-websocket 5 sends
 * them, and returns a new state; core/obs/obsMirror.ts does the talking to OBS and feeds it.
 * Payloads are parsed, not trusted: obs-websocket 5.1 lacks fields the library's typings promise.
 */

/** Scene names top-first as OBS's scene list shows them; obs-websocket numbers them from the bottom. */
export function scenesInObsOrder(scenes: z.infer<typeof SceneListPayload>['scenes']): string[] {
  return [...scenes].sort((a, b) => b.sceneIndex - a.sceneIndex).map((scene) => scene.sceneName);
}

// ---------------------------------------------------------------------------------------------
// Events → state

/** The events the mirror follows. */
export const MIRRORED_EVENTS = [
  'CurrentProgramSceneChanged',
  'CurrentPreviewSceneChanged',
  'StudioModeStateChanged',
  'SceneListChanged',
  'SceneCreated',
  'SceneRemoved',
  'SceneNameChanged',
  'CurrentSceneTransitionChanged',
  'CurrentSceneTransitionDurationChanged',
  'SceneTransitionStarted',
  'SceneTransitionEnded',
  'StreamStateChanged',
  'RecordStateChanged',
  'InputCreated',
  'InputRemoved',
  'InputNameChanged',
  'CurrentSceneCollectionChanging',
  'CurrentSceneCollectionChanged',
  'ExitStarted',
] as const;
export type MirroredEvent = (typeof MIRRORED_EVENTS)[number];

const renamed = (name: string | null, from: string, to: string): string | null => (name === from ? to : name);

/**
 * One OBS event applied to the mirror. Returns the same object when nothing changed (or the
 * payload does not parse: a malformed event must not break the show).
 */
export function applyObsEvent(
  state: ObsState,
  eventType: MirroredEvent,
  data: unknown,
  now: number,
): ObsState {
  switch (eventType) {
    case 'CurrentProgramSceneChanged': {
      const e = SceneName.safeParse(data);
      return e.success && e.data.sceneName !== state.programScene
        ? { ...state, programScene: e.data.sceneName }
        : state;
    }
    case 'CurrentPreviewSceneChanged': {
      const e = SceneName.safeParse(data);
      return e.success && e.data.sceneName !== state.previewScene
        ? { ...state, previewScene: e.data.sceneName }
        : state;
    }
    case 'StudioModeStateChanged': {
      const e = StudioMode.safeParse(data);
      if (!e.success) return state;
      // Leaving studio mode drops the preview; entering it, OBS sends the preview right after.
      return {
        ...state,
        studioMode: e.data.studioModeEnabled,
        previewScene: e.data.studioModeEnabled ? state.previewScene : null,
      };
    }
    case 'SceneListChanged': {
      const e = SceneListPayload.safeParse(data);
      return e.success ? { ...state, scenes: scenesInObsOrder(e.data.scenes) } : state;
    }
    case 'SceneCreated': {
      const e = SceneCreatedOrRemoved.safeParse(data);
      if (!e.success || e.data.isGroup || state.scenes.includes(e.data.sceneName)) return state;
      return { ...state, scenes: [...state.scenes, e.data.sceneName] };
    }
    case 'SceneRemoved': {
      const e = SceneCreatedOrRemoved.safeParse(data);
      if (!e.success || !state.scenes.includes(e.data.sceneName)) return state;
      return { ...state, scenes: state.scenes.filter((name) => name !== e.data.sceneName) };
    }
    case 'SceneNameChanged': {
      const e = SceneRenamed.safeParse(data);
      if (!e.success) return state;
      const { oldSceneName: from, sceneName: to } = e.data;
      return {
        ...state,
        scenes: state.scenes.map((name) => (name === from ? to : name)),
        programScene: renamed(state.programScene, from, to),
        previewScene: renamed(state.previewScene, from, to),
      };
    }
    case 'CurrentSceneTransitionChanged': {
      const e = TransitionName.safeParse(data);
      return e.success ? { ...state, currentTransition: e.data.transitionName } : state;
    }
    case 'CurrentSceneTransitionDurationChanged': {
      const e = TransitionDuration.safeParse(data);
      return e.success ? { ...state, transitionDurationMs: e.data.transitionDuration } : state;
    }
    case 'SceneTransitionStarted':
      return state.transitionActive ? state : { ...state, transitionActive: true };
    case 'SceneTransitionEnded':
      return state.transitionActive ? { ...state, transitionActive: false } : state;
    case 'StreamStateChanged': {
      const e = OutputStateChanged.safeParse(data);
      return e.success
        ? { ...state, stream: streamAfter(state.stream, e.data.outputState, e.data.outputActive, now) }
        : state;
    }
    case 'RecordStateChanged': {
      const e = OutputStateChanged.safeParse(data);
      return e.success
        ? { ...state, record: recordAfter(state.record, e.data.outputState, e.data.outputActive) }
        : state;
    }
    case 'InputCreated': {
      const e = InputCreated.safeParse(data);
      if (!e.success) return state;
      const inputs = state.inputs.filter((input) => input.name !== e.data.inputName);
      return { ...state, inputs: [...inputs, { name: e.data.inputName, kind: e.data.inputKind }] };
    }
    case 'InputRemoved': {
      const e = InputRemoved.safeParse(data);
      if (!e.success || !state.inputs.some((input) => input.name === e.data.inputName)) return state;
      return { ...state, inputs: state.inputs.filter((input) => input.name !== e.data.inputName) };
    }
    case 'InputNameChanged': {
      const e = InputRenamed.safeParse(data);
      if (!e.success) return state;
      return {
        ...state,
        inputs: state.inputs.map((input) =>
          input.name === e.data.oldInputName ? { ...input, name: e.data.inputName } : input,
        ),
      };
    }
    case 'CurrentSceneCollectionChanging':
      // Until the resync after …Changed, what we hold is half of one collection and half of another.
      return { ...state, switchingCollection: true, synced: false, transitionActive: false };
    case 'CurrentSceneCollectionChanged': {
      const e = SceneCollectionName.safeParse(data);
      return e.success ? { ...state, sceneCollection: e.data.sceneCollectionName } : state;
    }
    case 'ExitStarted':
      return state;
    default:
      return eventType satisfies never;
  }
}

const OUTPUT = 'OBS_WEBSOCKET_OUTPUT_';

function streamAfter(
  stream: ObsState['stream'],
  outputState: string,
  active: boolean,
  now: number,
): ObsState['stream'] {
  switch (outputState) {
    case `${OUTPUT}STARTING`:
      return { ...stream, active, phase: 'starting' };
    case `${OUTPUT}STARTED`:
      return { ...stream, active: true, reconnecting: false, phase: 'on', startedAt: now, durationMs: 0 };
    case `${OUTPUT}STOPPING`:
      return { ...stream, active, phase: 'stopping' };
    case `${OUTPUT}STOPPED`:
      return { ...stream, active: false, reconnecting: false, phase: 'off', startedAt: null, congestion: 0 };
    case `${OUTPUT}RECONNECTING`:
      return { ...stream, active, reconnecting: true, phase: 'reconnecting' };
    case `${OUTPUT}RECONNECTED`:
      return { ...stream, active, reconnecting: false, phase: 'on' };
    default:
      return { ...stream, active };
  }
}

function recordAfter(record: ObsState['record'], outputState: string, active: boolean): ObsState['record'] {
  const phases: Record<string, ObsOutputPhase> = {
    [`${OUTPUT}STARTING`]: 'starting',
    [`${OUTPUT}STARTED`]: 'on',
    [`${OUTPUT}STOPPING`]: 'stopping',
    [`${OUTPUT}STOPPED`]: 'off',
    [`${OUTPUT}PAUSED`]: 'paused',
    [`${OUTPUT}RESUMED`]: 'on',
  };
  const phase = phases[outputState] ?? record.phase;
  const stopped = phase === 'off';
  return {
    ...record,
    active: stopped ? false : active,
    paused: phase === 'paused' ? true : phase === 'on' || stopped ? false : record.paused,
    phase,
    durationMs: stopped ? 0 : record.durationMs,
  };
}

// ---------------------------------------------------------------------------------------------
// Reads and polls → state

type StreamStatusRead = z.infer<typeof StreamStatus>;
type RecordStatusRead = z.infer<typeof RecordStatus>;

/** Output status as polled. During start/stop, a poll must not undo the phase an event set. */
export function streamFromStatus(
  stream: ObsState['stream'],
  s: StreamStatusRead,
  now: number,
  literal: boolean,
): ObsState['stream'] {
  const keepPhase =
    !literal &&
    ((stream.phase === 'starting' && !s.outputActive) || (stream.phase === 'stopping' && s.outputActive));
  const phase: ObsOutputPhase = keepPhase
    ? stream.phase
    : s.outputActive
      ? s.outputReconnecting
        ? 'reconnecting'
        : 'on'
      : 'off';
  const startedAt = s.outputActive ? now - s.outputDuration : null;
  return {
    active: s.outputActive,
    reconnecting: s.outputReconnecting,
    phase,
    // Only move the start instant when it is really off, so screens counting from it do not jitter.
    startedAt:
      startedAt !== null && stream.startedAt !== null && Math.abs(stream.startedAt - startedAt) < 1_000
        ? stream.startedAt
        : startedAt,
    durationMs: s.outputDuration,
    timecode: s.outputTimecode,
    congestion: s.outputCongestion ?? 0,
    skippedFrames: s.outputSkippedFrames,
    totalFrames: s.outputTotalFrames,
    measuredAt: now,
  };
}

export function recordFromStatus(
  record: ObsState['record'],
  r: RecordStatusRead,
  now: number,
  literal: boolean,
): ObsState['record'] {
  const keepPhase =
    !literal &&
    ((record.phase === 'starting' && !r.outputActive) || (record.phase === 'stopping' && r.outputActive));
  const phase: ObsOutputPhase = keepPhase
    ? record.phase
    : r.outputActive
      ? r.outputPaused
        ? 'paused'
        : 'on'
      : 'off';
  return {
    active: r.outputActive,
    paused: r.outputPaused,
    phase,
    durationMs: r.outputDuration,
    timecode: r.outputTimecode,
    measuredAt: now,
  };
}

/** Freezes a state and the objects it holds (one level down, and each input). */
export function freezeState(state: ObsState): ObsState {
  for (const value of Object.values(state)) {
    if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) Object.freeze(value);
  }
  for (const input of state.inputs) Object.freeze(input);
  return Object.freeze(state);
}

/**
 * OBS's frame counters run from OBS's own start, so a rough first minute (or Xvfb warming up)
 * would colour the health strip for hours; `recent` is what happened since the previous reading.
 */
export function pickStats(
  stats: z.infer<typeof Stats>,
  previous: ObsState['stats'],
): Omit<NonNullable<ObsState['stats']>, 'at'> {
  const since = (now: number, before: number | undefined) =>
    before === undefined || now < before ? null : now - before;
  const renderTotal = since(stats.renderTotalFrames, previous?.renderTotalFrames);
  const renderSkipped = since(stats.renderSkippedFrames, previous?.renderSkippedFrames);
  const outputTotal = since(stats.outputTotalFrames, previous?.outputTotalFrames);
  const outputSkipped = since(stats.outputSkippedFrames, previous?.outputSkippedFrames);
  const recent =
    renderTotal === null || renderSkipped === null || outputTotal === null || outputSkipped === null
      ? null // no earlier reading, or OBS restarted and its counters began again
      : { renderSkipped, renderTotal, outputSkipped, outputTotal };
  return {
    recent,
    activeFps: stats.activeFps,
    cpuUsage: stats.cpuUsage,
    renderSkippedFrames: stats.renderSkippedFrames,
    renderTotalFrames: stats.renderTotalFrames,
    outputSkippedFrames: stats.outputSkippedFrames,
    outputTotalFrames: stats.outputTotalFrames,
    availableDiskSpace: stats.availableDiskSpace,
  };
}

/** One full read of OBS, as parsed; `null` where this OBS lacks the request. */
export interface ObsFullRead {
  sceneList: z.infer<typeof GetSceneListResponse>;
  studio: z.infer<typeof StudioMode>;
  transition: z.infer<typeof CurrentTransition>;
  transitions: z.infer<typeof TransitionList> | null;
  cursor: z.infer<typeof TransitionCursor> | null;
  stream: StreamStatusRead;
  record: RecordStatusRead;
  inputs: z.infer<typeof InputList>;
  stats: z.infer<typeof Stats> | null;
  collection: z.infer<typeof SceneCollectionList> | null;
}

/** What a full read of OBS makes of the state: everything OBS said, taken literally. */
export function stateFromFullRead(current: ObsState, read: ObsFullRead, now: number): Partial<ObsState> {
  const { sceneList, studio, transition, transitions, cursor, stream, record, inputs, stats, collection } =
    read;
  return {
    scenes: scenesInObsOrder(sceneList.scenes),
    programScene: sceneList.currentProgramSceneName,
    // GetSceneList carries the preview (null outside studio mode): no GetCurrentPreviewScene needed.
    previewScene: studio.studioModeEnabled ? sceneList.currentPreviewSceneName : null,
    studioMode: studio.studioModeEnabled,
    currentTransition: transition.transitionName,
    transitionDurationMs: transition.transitionFixed ? null : transition.transitionDuration,
    transitionActive: cursor ? cursor.transitionCursor < 1 : false,
    transitions: transitions
      ? transitions.transitions.map((t) => t.transitionName)
      : [transition.transitionName],
    stream: streamFromStatus(current.stream, stream, now, true),
    record: recordFromStatus(current.record, record, now, true),
    inputs: inputs.inputs.map((input) => ({ name: input.inputName, kind: input.inputKind })),
    stats: stats ? { ...pickStats(stats, current.stats), at: now } : current.stats,
    sceneCollection: collection ? collection.currentSceneCollectionName : current.sceneCollection,
  };
}
