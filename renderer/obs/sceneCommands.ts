import type { Command } from '../../shared/commands.js';
import type { ObsState } from '../../shared/obs.js';

/**
 * What picking a scene means right now: in studio mode it goes to preview (the Transition
 * button takes it to program), otherwise straight to program, as in OBS itself.
 */
export function pickSceneCommand(obs: Pick<ObsState, 'studioMode'>, sceneName: string): Command {
  return obs.studioMode
    ? { type: 'obsSetPreviewScene', sceneName }
    : { type: 'obsSetProgramScene', sceneName };
}

/**
 * Keys 1–9. With no such scene there is nothing to send, so the reason is shown instead. While
 * OBS is down the last known scenes still map, and the core's "OBS is not connected" answers.
 */
export function sceneShortcutCommand(
  obs: ObsState | null,
  digit: number,
): { command: Command } | { why: string } {
  if (!obs || obs.scenes.length === 0) {
    return { why: `Key ${digit} picks OBS scene ${digit}, but OBS has not been connected yet.` };
  }
  const sceneName = obs.scenes[digit - 1];
  if (sceneName === undefined) {
    const count = obs.scenes.length;
    return { why: `Key ${digit}: OBS has only ${count} scene${count === 1 ? '' : 's'}.` };
  }
  return { command: pickSceneCommand(obs, sceneName) };
}
