import { z } from 'zod';
import { ObsStats } from '../../shared/obs.js';

/**
 * The obs-websocket 5 payloads the core reads, parsed with zod rather than trusted: OBS 29 is
 * older than obs-websocket-js's types, and a missing field must fail loudly, not render as
 * "undefined" on the producer's screen. `.loose()` keeps fields newer servers add.
 */
export const SceneListPayload = z.object({
  scenes: z.array(z.object({ sceneName: z.string(), sceneIndex: z.number() }).loose()),
});
export const GetSceneListResponse = SceneListPayload.extend({
  currentProgramSceneName: z.string().nullable(),
  currentPreviewSceneName: z.string().nullable(),
});
export const SceneName = z.object({ sceneName: z.string() }).loose();
export const SceneCreatedOrRemoved = z
  .object({ sceneName: z.string(), isGroup: z.boolean().optional() })
  .loose();
export const SceneRenamed = z.object({ oldSceneName: z.string(), sceneName: z.string() }).loose();
export const StudioMode = z.object({ studioModeEnabled: z.boolean() }).loose();
export const TransitionName = z.object({ transitionName: z.string() }).loose();
export const TransitionDuration = z.object({ transitionDuration: z.number().nullable() }).loose();
export const CurrentTransition = z
  .object({
    transitionName: z.string(),
    transitionDuration: z.number().nullable(),
    transitionFixed: z.boolean(),
  })
  .loose();
export const TransitionList = z
  .object({ transitions: z.array(z.object({ transitionName: z.string() }).loose()) })
  .loose();
export const TransitionCursor = z.object({ transitionCursor: z.number() }).loose();
export const OutputStateChanged = z.object({ outputActive: z.boolean(), outputState: z.string() }).loose();
export const StreamStatus = z
  .object({
    outputActive: z.boolean(),
    outputReconnecting: z.boolean(),
    outputTimecode: z.string(),
    outputDuration: z.number(),
    outputCongestion: z.number().nullable(),
    outputSkippedFrames: z.number(),
    outputTotalFrames: z.number(),
  })
  .loose();
export const RecordStatus = z
  .object({
    outputActive: z.boolean(),
    outputPaused: z.boolean(),
    outputTimecode: z.string(),
    outputDuration: z.number(),
  })
  .loose();
/** GetStats: the readings the mirror keeps, before it adds its own `recent` and `at`. */
export const Stats = ObsStats.omit({ recent: true, at: true }).loose();
export const InputList = z.object({
  inputs: z.array(z.object({ inputName: z.string(), inputKind: z.string() }).loose()),
});
export const InputCreated = z.object({ inputName: z.string(), inputKind: z.string() }).loose();
export const InputRemoved = z.object({ inputName: z.string() }).loose();
export const InputRenamed = z.object({ oldInputName: z.string(), inputName: z.string() }).loose();
export const SceneCollectionList = z.object({ currentSceneCollectionName: z.string() }).loose();
export const SceneCollectionName = z.object({ sceneCollectionName: z.string() }).loose();
export const ProgramScene = z.object({ currentProgramSceneName: z.string() }).loose();
export const PreviewScene = z.object({ currentPreviewSceneName: z.string() }).loose();
export const OutputActive = z.object({ outputActive: z.boolean() }).loose();
export const InputSettings = z.object({ inputKind: z.string() }).loose();
export const SceneItemId = z.object({ sceneItemId: z.number() }).loose();
export const SceneList = z.object({ scenes: z.array(z.object({ sceneName: z.string() }).loose()) }).loose();
export const Screenshot = z.object({ imageData: z.string() }).loose();

export const MediaInputStatus = z
  .object({
    mediaState: z.string(),
    mediaDuration: z.number().nullable(),
    mediaCursor: z.number().nullable(),
  })
  .loose();
export const MediaInputEvent = z.object({ inputName: z.string() }).loose();
