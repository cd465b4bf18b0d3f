import type { Segment, ShowInfo } from '../../shared/model.js';

/** The zones the rundown prints planned starts in: the show's own first, then each extra one once. */
export function rundownZones(show: ShowInfo): string[] {
  return [show.timezone, ...show.displayTimezones].filter((zone, i, all) => all.indexOf(zone) === i);
}

/** The instant that fixes "the show's day" for the +1 markers: the first planned start. */
export function showDayAnchor(segments: readonly Segment[]): number | null {
  return segments.find((s) => s.plannedStart !== null)?.plannedStart ?? null;
}
