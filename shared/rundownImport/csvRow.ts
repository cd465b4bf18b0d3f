// Turns one CSV row into a segment, with every problem in its cells (by line and column) and its warnings.
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
import type { CsvRecord } from './csvRecords.js';
import { parseInstant } from './instant.js';

/** What the rows of one file share while they are read in order. */
export interface RowContext {
  indexOf: ReadonlyMap<Column, number>;
  idPrefix: string;
  /** The line each id was first used on, filled in as rows are read. */
  idLines: Map<string, number>;
  /** The import's warnings, appended to. */
  warnings: string[];
}

/**
 * The segment the `index`-th row (0-based, header not counted) describes, and its errors. The
 * segment is returned even when there are errors, so the caller can go on checking the rest.
 */
export function readRow(
  row: CsvRecord,
  index: number,
  { indexOf, idPrefix, idLines, warnings }: RowContext,
): { segment: Segment; errors: ImportError[] } {
  const cell = (column: Column): string => {
    const i = indexOf.get(column);
    return i === undefined ? '' : (row.fields[i] ?? '').trim();
  };
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

  const startRaw = cell('start_utc');
  const plannedStart =
    startRaw === ''
      ? (fail('start_utc', 'required: the start time, e.g. 2022-12-15T12:30:00Z'), 0)
      : take('start_utc', parseInstant(startRaw), 0);
  const durationRaw = cell('duration_min');
  const durationMs =
    durationRaw === ''
      ? (fail('duration_min', 'required: the length in minutes, e.g. 30 or 7.5'), 60_000)
      : take('duration_min', parseMinutes(durationRaw, 'duration', false), 60_000);
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
    minDurationRaw === ''
      ? undefined
      : take('min_duration_min', parseMinutes(minDurationRaw, 'shortest length', false), undefined);
  const speakers = splitSpeakers(textOf('speaker'));
  const title = textOf('title');
  if (title === '' && speakers.length === 0)
    fail('title', 'required: a title (it may be empty only when a speaker is given)');

  const optionalMinutes = (column: 'warning_min' | 'danger_min', what: string): number | undefined => {
    const raw = cell(column);
    return raw === '' ? undefined : take(column, parseMinutes(raw, what, true), undefined);
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
      `line ${row.line}, column warning_min: ${formatMinutes(explicitWarning)} is not less than the segment's ${formatMinutes(durationMs)}, so its timer will be amber from the start`,
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
  if (firstLine !== undefined) fail('id', `duplicate id ${shown(id)} (first used on line ${firstLine})`);
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
