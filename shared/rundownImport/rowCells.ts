// The cells one row importer reads: CSV text, or a spreadsheet's typed values (numbers, dates, times, errors).
import { formatWallClock } from './zonedWallClock.js';

/**
 * A spreadsheet cell as the core read it from the workbook (core/xlsx/), as plain data:
 * - text, or a number (a formula's saved result counts as its value);
 * - `date`: a date-formatted cell, its local date and time with no zone (Excel stores none),
 *   the wall clock's fields read as if UTC; the importer reads it in the show's zone;
 * - `time`: a time-formatted cell with no date (0:30), its length in ms;
 * - `error`: a cell that holds no usable value (#N/A, a formula never calculated), and why.
 * A CSV field is always text.
 */
export type ImportCell =
  | string
  | number
  | { kind: 'date'; wallClockMs: number }
  | { kind: 'time'; ms: number }
  | { kind: 'error'; message: string };

/** A number as a producer would type it: at most 15 significant digits, as Excel keeps them. */
export function numberText(value: number): string {
  return String(Number(value.toPrecision(15)));
}

/** The cell as text, trimmed: what the text rules (the CSV rules) read. Errors read as empty. */
export function cellText(cell: ImportCell | undefined): string {
  if (cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return numberText(cell);
  switch (cell.kind) {
    case 'date':
      return formatWallClock(cell.wallClockMs);
    case 'time':
      return formatWallClock(cell.ms).slice(11);
    case 'error':
      return '';
    default:
      return cell satisfies never;
  }
}

/** Whether a cell holds anything: text that is not blank, a number, a date, or an error to report. */
export function hasValue(cell: ImportCell | undefined): boolean {
  return typeof cell === 'object' || cellText(cell) !== '';
}
