// Turns one row (a CSV record or a spreadsheet row) into a segment, with every problem in its cells (by line and column) and its warnings.
import { END_ACTIONS, SEGMENT_KINDS, START_MODES, Segment, TIMER_KINDS } from '../model.js';
import type { Cell, ImportError } from './errors.js';
import { shown, zodIssueMessage } from './errors.js';
import {
  defaultThresholds,
  formatMinutes,
  generatedId,
  parseChoice,
  parseMinutes,
  splitSpeakers,
} from './cells.js';
import type { Column } from './columns.js';
import { COLUMN_OF_FIELD, DEFAULT_LOWER_THIRD_TEMPLATE } from './columns.js';
import { parseInstant } from './instant.js';
import type { ImportCell } from './rowCells.js';
import { cellText, numberText } from './rowCells.js';
import { formatWallClock, instantOfWallClock } from './zonedWallClock.js';

/** One row as read from the file: a CSV record's fields (text), or a sheet row's cells. */
export interface ImportRow {
  fields: readonly ImportCell[];
  /** The CSV line it starts on, or the sheet's row number. */
  line: number;
}

/** What the rows of one file share while they are read in order. */
export interface RowContext {
  indexOf: ReadonlyMap<Column, number>;
  idPrefix: string;
  /** The line each id was first used on, filled in as rows are read. */
  idLines: Map<string, number>;
  /** The import's warnings, appended to. */
  warnings: string[];
  /** The show's zone, in which a spreadsheet's date cells (local times, no zone) are read. */
  timeZone?: string;
  /** What the file's rows are called in messages: CSV lines, or a sheet's rows. */
  rowWord?: 'line' | 'row';
}

const DAY_MS = 86_400_000;

/** A typed cell where a number of minutes belongs: a number, or a time cell (0:30) as its length. */
function minutesOf(
  raw: ImportCell | undefined,
  text: string,
  what: string,
  allowZero: boolean,
): Cell<number> {
  if (typeof raw === 'object' && raw.kind === 'time')
    return parseMinutes(numberText(raw.ms / 60_000), what, allowZero);
  if (typeof raw === 'object' && raw.kind === 'date') {
    return {
      ok: false,
      message: `${what} is a date (${formatWallClock(raw.wallClockMs)}), not a number of minutes; format the cell as a number`,
    };
  }
  return parseMinutes(text, what, allowZero);
}

/** A start time: text by the ISO rules, or a date cell read in the show's zone. */
function startOf(
  raw: ImportCell | undefined,
  text: string,
  timeZone: string,
  inSheet: boolean,
): Cell<number> {
  if (typeof raw === 'number') {
    return {
      ok: false,
      message: `a number (${numberText(raw)}), not a date and time; format the cell as a date, or write the time as text like 2022-12-15T12:30:00Z`,
    };
  }
  if (typeof raw === 'object' && raw.kind === 'time' && raw.ms < DAY_MS) {
    return {
      ok: false,
      message: `a time of day (${text}) with no date; give the date too, e.g. 2022-12-15 12:30`,
    };
  }
  if (typeof raw === 'object' && raw.kind === 'date') return instantOfWallClock(raw.wallClockMs, timeZone);
  const parsed = parseInstant(text);
  // In a sheet, a date cell is the other way to give a local time (read in the show's zone).
  if (!parsed.ok && inSheet && parsed.message.includes('has no time zone')) {
    return { ok: false, message: `${parsed.message}, or make the cell a date (read in ${timeZone})` };
  }
  return parsed;
}

/**
 * The segment the `index`-th row (0-based, header not counted) describes, and its errors. The
 * segment is returned even when there are errors, so the caller can go on checking the rest.
 */
export function readRow(
  row: ImportRow,
  index: number,
  { indexOf, idPrefix, idLines, warnings, timeZone = 'UTC', rowWord = 'line' }: RowContext,
): { segment: Segment; errors: ImportError[] } {
  const raw = (column: Column): ImportCell | undefined => {
    const i = indexOf.get(column);
    return i === undefined ? undefined : row.fields[i];
  };
  const cell = (column: Column): string => cellText(raw(column));
  const textOf = (column: Column): string => cell(column).normalize('NFC');
  const flagged = new Set<Column>();
  const rowErrors: ImportError[] = [];
  const fail = (column: Column, message: string) => {
    flagged.add(column);
    rowErrors.push({ line: row.line, column, message });
  };
  const take = <T>(column: Column, result: Cell<T>, fallback: T): T => {
    if (result.ok) return result.value;
    fail(column, result.message);
    return fallback;
  };
  // A cell with no usable value (#N/A, a formula never calculated) is an error wherever it is used.
  for (const column of indexOf.keys()) {
    const value = raw(column);
    if (typeof value === 'object' && value.kind === 'error') fail(column, value.message);
  }
  const failed = (column: Column) => flagged.has(column);

  const startRaw = cell('start_utc');
  const plannedStart = failed('start_utc')
    ? 0
    : startRaw === ''
      ? (fail('start_utc', 'required: the start time, e.g. 2022-12-15T12:30:00Z'), 0)
      : take('start_utc', startOf(raw('start_utc'), startRaw, timeZone, rowWord === 'row'), 0);
  const durationRaw = cell('duration_min');
  const durationMs = failed('duration_min')
    ? 60_000
    : durationRaw === ''
      ? (fail('duration_min', 'required: the length in minutes, e.g. 30 or 7.5'), 60_000)
      : take('duration_min', minutesOf(raw('duration_min'), durationRaw, 'duration', false), 60_000);
  const kind = take('kind', parseChoice(cell('kind'), SEGMENT_KINDS, 'kind', 'talk'), 'other') ?? 'talk';
  const startMode = take(
    'start_mode',
    parseChoice(cell('start_mode'), START_MODES, 'start mode', 'manual'),
    undefined,
  );
  const endAction = take(
    'end_action',
    parseChoice(cell('end_action'), END_ACTIONS, 'end action', 'none'),
    undefined,
  );
  const timer = take('timer', parseChoice(cell('timer'), TIMER_KINDS, 'timer', 'countdown'), undefined);
  const minDurationRaw = cell('min_duration_min');
  const minDurationMs =
    minDurationRaw === '' || failed('min_duration_min')
      ? undefined
      : take(
          'min_duration_min',
          minutesOf(raw('min_duration_min'), minDurationRaw, 'shortest length', false),
          undefined,
        );
  const speakers = splitSpeakers(textOf('speaker'));
  const title = textOf('title');
  if (title === '' && speakers.length === 0 && !failed('title'))
    fail('title', 'required: a title (it may be empty only when a speaker is given)');

  const optionalMinutes = (column: 'warning_min' | 'danger_min', what: string): number | undefined => {
    const text = cell(column);
    return text === '' || failed(column)
      ? undefined
      : take(column, minutesOf(raw(column), text, what, true), undefined);
  };
  const explicitWarning = optionalMinutes('warning_min', 'warning time');
  const explicitDanger = optionalMinutes('danger_min', 'danger time');
  const { warningMs, dangerMs } = defaultThresholds(durationMs, {
    warningMs: explicitWarning,
    dangerMs: explicitDanger,
  });
  if (explicitWarning !== undefined && explicitDanger !== undefined && explicitDanger > explicitWarning) {
    fail(
      'danger_min',
      `danger time (${formatMinutes(explicitDanger)}) is above the warning time (${formatMinutes(explicitWarning)})`,
    );
  }
  if (explicitWarning !== undefined && !flagged.has('duration_min') && explicitWarning >= durationMs) {
    warnings.push(
      `${rowWord} ${row.line}, column warning_min: ${formatMinutes(explicitWarning)} is not less than the segment's ${formatMinutes(durationMs)}, so its timer will be amber from the start`,
    );
  }

  if (minDurationMs !== undefined && !flagged.has('duration_min') && minDurationMs > durationMs) {
    fail(
      'min_duration_min',
      `the shortest length (${formatMinutes(minDurationMs)}) is above the planned length (${formatMinutes(durationMs)})`,
    );
  }

  const id = cell('id') || generatedId(idPrefix, index);
  const firstLine = idLines.get(id);
  if (firstLine !== undefined)
    fail('id', `duplicate id ${shown(id)} (first used on ${rowWord} ${firstLine})`);
  else idLines.set(id, row.line);

  const scene = textOf('obs_scene');
  const lowerThirdInput = textOf('lower_third_input');
  const lowerThirdTemplate = textOf('lower_third_template');
  const media = textOf('obs_media');
  if (lowerThirdTemplate !== '' && lowerThirdInput === '') {
    fail('lower_third_input', 'a lower-third template needs the name of the OBS text input to put it in');
  }
  const obs = {
    ...(scene !== '' ? { scene } : {}),
    ...(lowerThirdInput !== ''
      ? {
          lowerThird: {
            inputName: lowerThirdInput,
            template: lowerThirdTemplate || DEFAULT_LOWER_THIRD_TEMPLATE,
          },
        }
      : {}),
    ...(media !== '' ? { media: { inputName: media } } : {}),
  };
  const candidate: Segment = {
    id,
    kind,
    session: textOf('session'),
    title,
    speakers,
    plannedStart,
    durationMs,
    warningMs,
    dangerMs,
    notes: textOf('notes'),
    ...(Object.keys(obs).length > 0 ? { obs } : {}),
    ...(startMode !== undefined && startMode !== 'manual' ? { startMode } : {}),
    ...(endAction !== undefined && endAction !== 'none' ? { endAction } : {}),
    ...(timer !== undefined && timer !== 'countdown' ? { timer } : {}),
    ...(minDurationMs !== undefined ? { minDurationMs } : {}),
  };
  // Length limits and the id pattern live in the model; report them here too so one pass
  // shows everything, but skip cells already reported above.
  const checked = Segment.safeParse(candidate);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = issue.path[0] as keyof Segment | undefined;
      const column = field === undefined ? null : COLUMN_OF_FIELD[field];
      if (column !== null && flagged.has(column)) continue;
      if (column !== null) flagged.add(column);
      rowErrors.push({ line: row.line, column, message: zodIssueMessage(issue) });
    }
  }
  return { segment: candidate, errors: rowErrors };
}
