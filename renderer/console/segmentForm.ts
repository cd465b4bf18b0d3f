import type { Segment, SegmentKind } from '../../shared/model.js';
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
  };
}

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
  const speakers = values.speakers
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
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
  return { changes };
}
