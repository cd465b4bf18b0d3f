import type { Segment, ShowInfo } from '../../shared/model.js';
import type { ObsState, PreflightResult } from '../../shared/obs.js';
import { obsNeedsOf, preflight } from '../../shared/obs.js';

export interface MissingName {
  kind: 'scene' | 'input';
  name: string;
  /** The segments that name it, so the producer knows what to fix (or to create in OBS). */
  usedBy: { id: string; title: string }[];
}

export interface PreflightReport {
  result: PreflightResult;
  sceneCount: number;
  inputCount: number;
  missing: MissingName[];
  /** One line for the toolbar and the panel's head. */
  summary: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The scene a segment sends OBS to when it starts: its own, else the break scene for a break. */
export function sceneOfSegment(segment: Segment, breakScene: string | null | undefined): string | null {
  return segment.obs?.scene ?? (segment.kind === 'break' ? (breakScene ?? null) : null);
}

/** Every scene and input the rundown names that OBS lacks, and who names it. */
export function preflightReport(
  segments: readonly Segment[],
  show: ShowInfo | null,
  obs: ObsState | null,
): PreflightReport | null {
  if (!obs) return null;
  const breakScene = show?.breakScene ?? null;
  const needs = obsNeedsOf(segments, { breakScene });
  const result = preflight(needs, obs);
  const usedBy = (kind: MissingName['kind'], name: string) =>
    segments
      .filter((segment) =>
        kind === 'scene'
          ? sceneOfSegment(segment, breakScene) === name
          : segment.obs?.lowerThird?.inputName === name,
      )
      .map((segment) => ({ id: segment.id, title: segment.title }));
  const missing: MissingName[] = [
    ...result.missingScenes.map((name) => ({ kind: 'scene' as const, name, usedBy: usedBy('scene', name) })),
    ...result.missingInputs.map((name) => ({ kind: 'input' as const, name, usedBy: usedBy('input', name) })),
  ];
  const sceneCount = needs.scenes.length;
  const inputCount = needs.inputs.length;
  const summary = !result.checked
    ? 'OBS not connected — cannot check'
    : result.ok
      ? sceneCount + inputCount === 0
        ? 'The rundown names no OBS scenes or inputs'
        : `All ${plural(sceneCount, 'scene')} and ${plural(inputCount, 'input')} found`
      : `OBS lacks ${[
          result.missingScenes.length ? plural(result.missingScenes.length, 'scene') : '',
          result.missingInputs.length ? plural(result.missingInputs.length, 'input') : '',
        ]
          .filter(Boolean)
          .join(' and ')} the rundown names`;
  return { result, sceneCount, inputCount, missing, summary };
}
