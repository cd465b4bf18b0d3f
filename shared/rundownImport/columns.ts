// The CSV columns: which exist, which are required, which segment field each fills, and reading the header row.
import type { Segment } from '../model.js';
import type { ImportError } from './errors.js';
import { shown } from './errors.js';

export const REQUIRED_COLUMNS = ['start_utc', 'duration_min', 'title'] as const;
export const OPTIONAL_COLUMNS = [
  'session',
  'kind',
  'speaker',
  'notes',
  'warning_min',
  'danger_min',
  'id',
  'obs_scene',
  'lower_third_input',
  'lower_third_template',
  'obs_media',
  'start_mode',
  'end_action',
  'timer',
  'min_duration_min',
] as const;
/** The template a lower third uses when the file names an input but no template. */
export const DEFAULT_LOWER_THIRD_TEMPLATE = '{speakers} — {title}';
export type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
/** A header of only these (with speaker and title) is a lightning-talk list (talkList.ts), not a rundown. */
export const TALK_LIST_COLUMNS: ReadonlySet<string> = new Set(['speaker', 'title', 'duration_min', 'notes']);
export const KNOWN_COLUMNS: ReadonlySet<string> = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);

export const COLUMN_OF_FIELD: Record<keyof Segment, Column> = {
  id: 'id',
  kind: 'kind',
  session: 'session',
  title: 'title',
  speakers: 'speaker',
  plannedStart: 'start_utc',
  durationMs: 'duration_min',
  warningMs: 'warning_min',
  dangerMs: 'danger_min',
  notes: 'notes',
  obs: 'obs_scene',
  startMode: 'start_mode',
  endAction: 'end_action',
  timer: 'timer',
  minDurationMs: 'min_duration_min',
};

/** The header row, read: where each known column is, and what is wrong or ignored in it. */
export interface CsvHeader {
  /** Each field's name, trimmed, NFC and lower case ('' for a column without a name). */
  names: string[];
  indexOf: Map<Column, number>;
  errors: ImportError[];
  warnings: string[];
}

/** Reads the header row (`fields` as parsed, starting on `line`): columns in any order and case. */
export function readHeader(fields: readonly string[], line: number): CsvHeader {
  const errors: ImportError[] = [];
  const warnings: string[] = [];
  const names = fields.map((f) => f.trim().normalize('NFC').toLowerCase());
  const indexOf = new Map<Column, number>();
  const unknown: string[] = [];
  names.forEach((name, index) => {
    if (KNOWN_COLUMNS.has(name)) {
      const column = name as Column;
      const previous = indexOf.get(column);
      if (previous !== undefined) {
        errors.push({
          line,
          column,
          message: `column ${column} appears twice (columns ${previous + 1} and ${index + 1})`,
        });
      } else indexOf.set(column, index);
    } else if (name !== '') unknown.push(fields[index]?.trim() ?? name);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !indexOf.has(c));
  const found = fields.map((f) => shown(f.trim(), 30));
  const list =
    found.length > 12 ? `${found.slice(0, 12).join(', ')} and ${found.length - 12} more` : found.join(', ');
  const talkListOnly = [...indexOf.keys()].every((c) => TALK_LIST_COLUMNS.has(c));
  if (!indexOf.has('start_utc') && indexOf.has('speaker') && indexOf.has('title') && talkListOnly) {
    // A lightning-talk list (NormConf's was speaker,title): a block of talks, not a whole rundown.
    errors.push({
      line,
      column: 'start_utc',
      message:
        `this looks like a talk list (the header has ${list}: speakers and titles, no start times), not a rundown; ` +
        'use the talk list import ("Import talk list…" in the console, importTalkList over HTTP) to add it as a block of talks',
    });
  } else if (missing.length > 0) {
    const hint = separatorHint(fields, KNOWN_COLUMNS);
    for (const column of missing) {
      errors.push({
        line,
        column,
        message: `missing required column ${column} (the header has ${list})${hint}`,
      });
    }
  }
  if (unknown.length > 0) {
    warnings.push(
      `line ${line}: ignored unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => shown(u, 30)).join(', ')}`,
    );
  }
  return { names, indexOf, errors, warnings };
}

/**
 * A semicolon- or tab-separated export reads as one column whose name holds the real ones:
 * "; the columns seem to be separated by ";", but this importer needs commas", or "".
 */
export function separatorHint(fields: readonly string[], known: ReadonlySet<string>): string {
  const only = fields.length === 1 ? (fields[0] ?? '').toLowerCase() : '';
  const separator = [';', '\t', '|'].find((sep) => only.split(sep).some((part) => known.has(part.trim())));
  return separator === undefined
    ? ''
    : `; the columns seem to be separated by ${shown(separator)}, but this importer needs commas`;
}
