import type { EndAction, Segment, SegmentKind, StartMode, TimerKind } from '../../shared/model.js';
import type { SegmentObsCue } from '../../shared/obs.js';
import { LOWER_THIRD_FIELDS, validateLowerThirdTemplate } from '../../shared/obs.js';
import { minutesToMs, msToMinutesText } from '../format/durations.js';

/** The editor's fields, as typed: minutes and a comma-separated speaker list. */
export interface SegmentFormValues {
  title: string;
  speakers: string;
  kind: SegmentKind;
  durationMin: string;
  warningMin: string;
  dangerMin: string;
  notes: string;
  /** OBS scene to switch to when the segment starts; empty for none. */
  obsScene: string;
  /** Text input that gets the lower third, and its template; both empty for none. */
  lowerThirdInput: string;
  lowerThirdTemplate: string;
  /** How it starts, what happens when its time is up, what the stage shows (docs/schedule.md). */
  startMode: StartMode;
  endAction: EndAction;
  timer: TimerKind;
  /** Media source that plays the talk (its timer then follows the video); empty for none. */
  obsMedia: string;
}

export function formValuesOf(segment: Segment): SegmentFormValues {
  return {
    title: segment.title,
    speakers: segment.speakers.join(', '),
    kind: segment.kind,
    durationMin: msToMinutesText(segment.durationMs),
    warningMin: msToMinutesText(segment.warningMs),
    dangerMin: msToMinutesText(segment.dangerMs),
    notes: segment.notes,
    obsScene: segment.obs?.scene ?? '',
    lowerThirdInput: segment.obs?.lowerThird?.inputName ?? '',
    lowerThirdTemplate: segment.obs?.lowerThird?.template ?? '',
    startMode: segment.startMode ?? 'manual',
    endAction: segment.endAction ?? 'none',
    timer: segment.timer ?? 'countdown',
    obsMedia: segment.obs?.media?.inputName ?? '',
  };
}

/** The speakers as typed, as a list. */
export function speakersOf(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A lower-third template's problem in words, or null when it is fine. */
export function lowerThirdTemplateError(template: string): string | null {
  const unknown = validateLowerThirdTemplate(template);
  if (unknown.length === 0) return null;
  const names = unknown.map((name) => `{${name}}`).join(', ');
  const known = LOWER_THIRD_FIELDS.map((name) => `{${name}}`).join(', ');
  return `Unknown placeholder${unknown.length === 1 ? '' : 's'} ${names}: use ${known}.`;
}

/** The OBS cue the form describes; undefined for "nothing". */
function obsCueFrom(values: SegmentFormValues): { cue: SegmentObsCue | undefined } | { error: string } {
  const scene = values.obsScene.trim();
  const inputName = values.lowerThirdInput.trim();
  const template = values.lowerThirdTemplate.trim();
  const media = values.obsMedia.trim();
  if (inputName && !template) return { error: 'Lower third: write a template, or choose no input.' };
  if (template && !inputName) return { error: 'Lower third: choose the text input it goes to.' };
  const templateError = template ? lowerThirdTemplateError(template) : null;
  if (templateError) return { error: `Lower third: ${templateError}` };
  const cue: SegmentObsCue = {
    ...(scene ? { scene } : {}),
    ...(inputName ? { lowerThird: { inputName, template } } : {}),
    ...(media ? { media: { inputName: media } } : {}),
  };
  return { cue: Object.keys(cue).length > 0 ? cue : undefined };
}

/** An empty cue and no cue mean the same: OBS is left alone. */
const sameCue = (a: SegmentObsCue | undefined, b: SegmentObsCue | undefined): boolean =>
  (a?.scene ?? '') === (b?.scene ?? '') &&
  (a?.lowerThird?.inputName ?? '') === (b?.lowerThird?.inputName ?? '') &&
  (a?.lowerThird?.template ?? '') === (b?.lowerThird?.template ?? '') &&
  (a?.media?.inputName ?? '') === (b?.media?.inputName ?? '');

export type SegmentChanges = Partial<Omit<Segment, 'id'>>;

/**
 * The changes the form asks for, or the first thing wrong with it. Only fields that differ
 * are sent, so two people editing different fields of one segment do not undo each other.
 * The core validates again; this only catches typos before a round trip.
 */
export function segmentChangesFrom(
  segment: Segment,
  values: SegmentFormValues,
): { changes: SegmentChanges } | { error: string } {
  const durationMs = minutesToMs(values.durationMin);
  const warningMs = minutesToMs(values.warningMin);
  const dangerMs = minutesToMs(values.dangerMin);
  if (durationMs === null || durationMs <= 0)
    return { error: 'Duration must be a number of minutes above 0.' };
  if (warningMs === null) return { error: 'Amber at must be a number of minutes (0 or more).' };
  if (dangerMs === null) return { error: 'Red at must be a number of minutes (0 or more).' };
  if (dangerMs > warningMs)
    return { error: 'Red must come at or after amber: its minutes must not be above amber’s.' };
  const speakers = speakersOf(values.speakers);
  const obs = obsCueFrom(values);
  if ('error' in obs) return obs;
  const next: SegmentChanges = {
    title: values.title.trim(),
    speakers,
    kind: values.kind,
    durationMs,
    warningMs,
    dangerMs,
    notes: values.notes,
  };
  const changes: SegmentChanges = {};
  for (const key of Object.keys(next) as (keyof SegmentChanges)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(segment[key]))
      Object.assign(changes, { [key]: next[key] });
  }
  // An absent field means its default, so choosing the default on a segment without one changes nothing.
  if (values.startMode !== (segment.startMode ?? 'manual')) changes.startMode = values.startMode;
  if (values.endAction !== (segment.endAction ?? 'none')) changes.endAction = values.endAction;
  if (values.timer !== (segment.timer ?? 'countdown')) changes.timer = values.timer;
  if (values.startMode === 'hard' && segment.plannedStart === null)
    return { error: 'A hard start needs a planned start time: this segment has none.' };
  // Clearing a cue sends an empty one: a missing key in the changes would leave the old cue.
  if (!sameCue(obs.cue, segment.obs)) changes.obs = obs.cue ?? {};
  return { changes };
}
