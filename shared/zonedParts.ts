const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar fields of an instant in a time zone, from Intl (DST-correct, no tables of our
 * own): year, month, day, hour (00–23), minute and second, each as two or four digits.
 */
export function zonedParts(epochMs: number, timeZone: string): Record<string, string> {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return Object.fromEntries(formatter.formatToParts(epochMs).map((p) => [p.type, p.value]));
}
