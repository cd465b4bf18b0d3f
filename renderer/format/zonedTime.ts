/**
 * Times of day in named IANA zones, the way NormConf printed its schedule: one column per
 * zone, 24-hour clock, and a "+1" when the talk falls on the next calendar day there.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are costly to build and a rundown re-renders often: one per zone and shape. */
function formatter(timeZone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone ?? ''}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-GB', { ...options, ...(timeZone ? { timeZone } : {}) });
    formatters.set(key, cached);
  }
  return cached;
}

/** "07:30" in the zone. */
export function formatTimeInZone(epochMs: number, timeZone: string): string {
  return formatter(timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(epochMs);
}

/** "07:30:05"; without a zone, in this machine's own. */
export function formatClockTime(epochMs: number, timeZone?: string): string {
  return formatter(timeZone, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(epochMs);
}

/** The calendar date in a zone as a day number, for comparing days across zones. */
export function dayNumberInZone(epochMs: number, timeZone: string): number {
  const parts = formatter(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    epochMs,
  );
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Math.round(Date.UTC(part('year'), part('month') - 1, part('day')) / 86_400_000);
}

/**
 * Days between the show's day (the date of `showDayAt` in the show's zone) and the date of
 * `epochMs` in `timeZone`: 0 on the show's day, 1 for the next calendar day there.
 */
export function dayOffset(
  epochMs: number,
  timeZone: string,
  showDayAt: number,
  showTimeZone: string,
): number {
  return dayNumberInZone(epochMs, timeZone) - dayNumberInZone(showDayAt, showTimeZone);
}

export function formatDayOffset(days: number): string {
  if (days === 0) return '';
  return days > 0 ? `+${days}` : `−${-days}`;
}

/** "Los Angeles" for America/Los_Angeles; "UTC" stays "UTC". */
export function zoneCity(timeZone: string): string {
  const last = timeZone.split('/').pop() ?? timeZone;
  return last.replace(/_/g, ' ');
}

/** The zone's short name at an instant ("EST", "GMT", "PST"), which changes with daylight saving. */
export function zoneAbbreviation(timeZone: string, atEpochMs: number): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(
    atEpochMs,
  );
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** Column heading for a zone: "New York" and "EST"; no abbreviation when it repeats the city ("UTC"). */
export function zoneHeadingParts(
  timeZone: string,
  atEpochMs: number,
): { city: string; abbreviation: string | null } {
  const city = zoneCity(timeZone);
  const abbreviation = zoneAbbreviation(timeZone, atEpochMs);
  return { city, abbreviation: abbreviation === city ? null : abbreviation };
}
