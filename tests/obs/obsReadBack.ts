import type { OBSWebSocket } from 'obs-websocket-js/json';
import { z } from 'zod';
import type { ObsMirror } from '../../core/obs/obsMirror.js';
import type { ObsState } from '../../shared/obs.js';

/** What a test compares between the mirror and OBS itself. */
export interface ObsView {
  sceneCollection: string | null;
  scenes: string[];
  programScene: string | null;
  previewScene: string | null;
  studioMode: boolean;
  currentTransition: string | null;
  transitionDurationMs: number | null;
  transitions: string[];
  inputs: string[];
  streamActive: boolean;
  recordActive: boolean;
}

export function viewOf(state: ObsState): ObsView {
  return {
    sceneCollection: state.sceneCollection,
    scenes: [...state.scenes],
    programScene: state.programScene,
    previewScene: state.previewScene,
    studioMode: state.studioMode,
    currentTransition: state.currentTransition,
    transitionDurationMs: state.transitionDurationMs,
    transitions: [...state.transitions],
    inputs: state.inputs.map((input) => `${input.name}:${input.kind}`).sort(),
    streamActive: state.stream.active,
    recordActive: state.record.active,
  };
}

// The library types list entries as JsonObject; parse them, as the code under test does.
const Scenes = z.array(z.object({ sceneName: z.string(), sceneIndex: z.number() }).loose());
const Transitions = z.array(z.object({ transitionName: z.string() }).loose());
const Inputs = z.array(z.object({ inputName: z.string(), inputKind: z.string() }).loose());

/** The same picture read straight from OBS with a separate client, not through the code under test. */
export async function freshView(client: OBSWebSocket): Promise<ObsView> {
  const [list, studio, transition, transitions, inputs, stream, record, collections] = await Promise.all([
    client.call('GetSceneList'),
    client.call('GetStudioModeEnabled'),
    client.call('GetCurrentSceneTransition'),
    client.call('GetSceneTransitionList'),
    client.call('GetInputList'),
    client.call('GetStreamStatus'),
    client.call('GetRecordStatus'),
    client.call('GetSceneCollectionList'),
  ]);
  const scenes = Scenes.parse(list.scenes)
    .sort((a, b) => b.sceneIndex - a.sceneIndex)
    .map((scene) => scene.sceneName);
  // OBS sends null for a scene it has none of (no preview outside studio mode), whatever the
  // library's typings say.
  const sceneNames = list as {
    currentProgramSceneName?: string | null;
    currentPreviewSceneName?: string | null;
  };
  return {
    sceneCollection: collections.currentSceneCollectionName,
    scenes,
    programScene: sceneNames.currentProgramSceneName ?? null,
    previewScene: studio.studioModeEnabled ? (sceneNames.currentPreviewSceneName ?? null) : null,
    studioMode: studio.studioModeEnabled,
    currentTransition: transition.transitionName,
    transitionDurationMs: transition.transitionFixed ? null : transition.transitionDuration,
    transitions: Transitions.parse(transitions.transitions).map((t) => t.transitionName),
    inputs: Inputs.parse(inputs.inputs)
      .map((input) => `${input.inputName}:${input.inputKind}`)
      .sort(),
    streamActive: stream.outputActive,
    recordActive: record.outputActive,
  };
}

/** Resolves once the mirror's state satisfies `check` (now or after a later 'change'). */
export function mirrorReaches(
  mirror: ObsMirror,
  check: (state: ObsState) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<ObsState> {
  if (check(mirror.state)) return Promise.resolve(mirror.state);
  return new Promise((resolve, reject) => {
    const onChange = (state: ObsState): void => {
      if (!check(state)) return;
      clearTimeout(timer);
      mirror.off('change', onChange);
      resolve(state);
    };
    const timer = setTimeout(() => {
      mirror.off('change', onChange);
      reject(new Error(`the mirror did not reach "${what}" within ${timeoutMs} ms`));
    }, timeoutMs);
    mirror.on('change', onChange);
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
