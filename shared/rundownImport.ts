// The browser build of csv-parse bundles its own Buffer shim; plain `csv-parse/sync` calls the
// global Buffer, which exists in Node but not in the renderer, so it would only fail there.
import { parse as parseCsv } from 'csv-parse/browser/esm/sync';
import type { CsvError, InfoRecord } from 'csv-parse/browser/esm/sync';
import type { z } from 'zod';
import {
  DEFAULT_DANGER_MS,
  DEFAULT_WARNING_MS,
  MAX_DURATION_MS,
  Rundown,
  END_ACTIONS,
  SEGMENT_KINDS,
  START_MODES,
  Segment,
  SegmentId,
  ShowInfo,
  TIMER_KINDS,
} from './model.js';

export type ImportResult =
  { ok: true; rundown: Rundown; warnings: string[] } | { ok: false; errors: ImportError[] };

export interface ImportError {
  /** 1-based line in the file; for a CSV row spanning several lines, the line it starts on. */
  line: number | null;
  /** The CSV column name, or for JSON the path of the bad value (e.g. "segments[3].durationMs"). */
  column: string | null;
  message: string;
}

/** Measured in UTF-8 bytes, i.e. the size of the file the producer picked. */
export const MAX_RUNDOWN_BYTES = 5 * 1024 * 1024;

/** Enough to fix a whole file in one pass without flooding the screen on binary garbage. */
export const MAX_IMPORT_ERRORS = 100;

const SEGMENTS_LIMIT = 2000; // Rundown's own .max(2000)

/** No real row comes close (notes ≤ 2000 chars); a runaway quoted field in garbage fails fast. */
const MAX_RECORD_BYTES = 64 * 1024;

const REQUIRED_COLUMNS = ['start_utc', 'duration_min', 'title'] as const;
const OPTIONAL_COLUMNS = [
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
  'start_mode',
  'end_action',
  'timer',
  'min_duration_min',
] as const;
/** The template a lower third uses when the file names an input but no template. */
export const DEFAULT_LOWER_THIRD_TEMPLATE = '{speakers} — {title}';
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const KNOWN_COLUMNS: ReadonlySet<string> = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);

const COLUMN_OF_FIELD: Record<keyof Segment, Column> = {
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

/** Quotes a user value for a message, cut short so a garbage field cannot swamp the report. */
function shown(value: string, max = 40): string {
  const chars = Array.from(value);
  return JSON.stringify(chars.length > max ? `${chars.slice(0, max).join('')}…` : value);
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function sizeError(text: string): ImportError | null {
  const limit = `a rundown may be at most ${MAX_RUNDOWN_BYTES / (1024 * 1024)} MB`;
  // Every UTF-16 unit is at least one UTF-8 byte, so a long string is refused without a scan.
  if (text.length > MAX_RUNDOWN_BYTES)
    return { line: null, column: null, message: `the file is too big; ${limit}` };
  const bytes = utf8Length(text);
  if (bytes <= MAX_RUNDOWN_BYTES) return null;
  // Rounded up, so a file just over the limit never reads as "5.0 MB".
  const mb = Math.ceil((bytes / (1024 * 1024)) * 10) / 10;
  return { line: null, column: null, message: `the file is ${mb.toFixed(1)} MB; ${limit}` };
}

function countLineBreaks(value: string): number {
  return value.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function countCrLf(value: string): number {
  return value.match(/\r\n/g)?.length ?? 0;
}

function lineOfOffset(text: string, offset: number): number {
  return countLineBreaks(text.slice(0, Math.max(0, Math.min(offset, text.length)))) + 1;
}

/** Keeps the first MAX_IMPORT_ERRORS (by line) and says how many were dropped. */
function finish(errors: ImportError[], truncated = false): { ok: false; errors: ImportError[] } {
  const sorted = errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => (a.error.line ?? 0) - (b.error.line ?? 0) || a.index - b.index)
    .map(({ error }) => error);
  if (sorted.length <= MAX_IMPORT_ERRORS && !truncated) return { ok: false, errors: sorted };
  const kept = sorted.slice(0, MAX_IMPORT_ERRORS);
  kept.push({
    line: null,
    column: null,
    message: `stopped after ${MAX_IMPORT_ERRORS} problems; fix these and import again to see the rest`,
  });
  return { ok: false, errors: kept };
}

function internalError(err: unknown): { ok: false; errors: ImportError[] } {
  const detail = err instanceof Error ? err.message : String(err);
  return {
    ok: false,
    errors: [{ line: null, column: null, message: `the import failed unexpectedly: ${detail}` }],
  };
}

function zodIssueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_big' && (issue.origin === 'string' || issue.origin === 'array')) {
    const unit = issue.origin === 'string' ? 'characters' : 'entries';
    return `too long: at most ${String(issue.maximum)} ${unit}`;
  }
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message))
    return `missing (expected ${issue.expected})`;
  return issue.message;
}

function jsonPath(path: readonly PropertyKey[]): string | null {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? null : out;
}

// ---------------------------------------------------------------------------------------------
// CSV cells

/**
 * ISO 8601 / RFC 3339 instant. A space may stand for "T" because spreadsheets write it that
 * way; the zone is mandatory because a bare local time is ambiguous across the audience's zones.
 */
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

type Cell<T> = { ok: true; value: T } | { ok: false; message: string };

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function parseInstant(raw: string): Cell<number> {
  const invalid: Cell<number> = {
    ok: false,
    message: `not a valid ISO 8601 time (${shown(raw)}); write it like 2022-12-15T12:30:00Z`,
  };
  const m = INSTANT.exec(raw);
  if (!m) return invalid;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const daysInMonth = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (daysInMonth === undefined || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    return invalid;
  }
  if (zone === undefined) {
    return {
      ok: false,
      message: `${shown(raw)} has no time zone; add Z for UTC or an offset such as +01:00`,
    };
  }
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const offH = Number(digits.slice(0, 2));
    const offM = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (offH > 23 || offM > 59) return invalid;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (offH * 60 + offM);
  }
  // Date.UTC maps years 0–99 to 19xx; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000));
  return { ok: true, value: date.getTime() - offsetMinutes * 60_000 };
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Minutes (possibly fractional) to whole milliseconds. */
function parseMinutes(raw: string, what: string, allowZero: boolean): Cell<number> {
  if (!DECIMAL.test(raw)) {
    const hint = /^\d+,\d+$/.test(raw) ? '; use a point for decimals, e.g. 7.5' : '';
    return { ok: false, message: `${what} is not a number of minutes (${shown(raw)})${hint}` };
  }
  const ms = Math.round(Number(raw) * 60_000);
  if (ms < 0 || (ms === 0 && !allowZero)) {
    return {
      ok: false,
      message: `${what} must be ${allowZero ? 'zero or more' : 'more than zero'} (${shown(raw)})`,
    };
  }
  if (ms > MAX_DURATION_MS) {
    return { ok: false, message: `${what} is longer than 24 hours (${shown(raw)} minutes)` };
  }
  return { ok: true, value: ms };
}

/** One of a fixed list of words, case-insensitive; empty means the given default. */
function parseChoice<T extends string>(
  raw: string,
  choices: readonly T[],
  what: string,
  empty: string,
): Cell<T | undefined> {
  if (raw === '') return { ok: true, value: undefined };
  const lower = raw.toLowerCase();
  const value = choices.find((c) => c === lower);
  if (value !== undefined) return { ok: true, value };
  return {
    ok: false,
    message: `unknown ${what} ${shown(raw)}; use one of ${choices.join(', ')} (empty means ${empty})`,
  };
}

/** " & " and ";" only: a comma may be part of a name ("Smith, Jr."), and "&" alone of a company. */
function splitSpeakers(raw: string): string[] {
  return raw
    .split(/\s+&\s+|;/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function formatMinutes(ms: number): string {
  return `${Number((ms / 60_000).toFixed(3))} min`;
}

/**
 * Thresholds a producer left out. The model's 5 min / 1 min suit a 30-minute talk but would
 * turn a 5-minute lightning talk amber at once, so each is capped by a share of the segment:
 * warning = min(5 min, 50% of the duration), danger = min(1 min, 20% of the duration). A default
 * also yields to an explicit value in the other column so that danger ≤ warning holds unless
 * the producer wrote both and got them the wrong way round.
 */
export function defaultThresholds(
  durationMs: number,
  explicit: { warningMs?: number | undefined; dangerMs?: number | undefined } = {},
): { warningMs: number; dangerMs: number } {
  const warningMs =
    explicit.warningMs ??
    Math.max(Math.min(DEFAULT_WARNING_MS, Math.round(durationMs * 0.5)), explicit.dangerMs ?? 0);
  const dangerMs = explicit.dangerMs ?? Math.min(DEFAULT_DANGER_MS, Math.round(durationMs * 0.2), warningMs);
  return { warningMs, dangerMs };
}

function generatedId(prefix: string, index: number): string {
  return `${prefix}${String(index + 1).padStart(3, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// CSV structure

interface CsvRecord {
  fields: string[];
  line: number;
}

const QUOTE_HINT =
  'wrap a field that holds commas, quotes or line breaks in double quotes and double each quote inside it, e.g. "The ""best"" talk, part 2"';

interface ParsedCsv {
  records: CsvRecord[];
  errors: ImportError[];
  truncated: boolean;
}

function parseCsvRecords(text: string, maxRecords: number): ParsedCsv {
  const records: CsvRecord[] = [];
  const errors: ImportError[] = [];
  let truncated = false;
  // csv-parse counts a CRLF inside a quoted field as two lines; subtract what it over-counted.
  let overCounted = 0;
  // Where the last record (good or bad) ended, to place a bad record on the line it starts on.
  let lastEnd = 0;
  let lastEmptyLines = 0;
  const startOfFailedRecord = (err: CsvError): number => {
    const empty = typeof err['empty_lines'] === 'number' ? err['empty_lines'] : lastEmptyLines;
    return lastEnd + 1 + Math.max(0, empty - lastEmptyLines);
  };

  class StopParsing extends Error {}

  const onSkip = (err: CsvError | undefined): undefined => {
    if (err === undefined) return undefined;
    const reported = typeof err['lines'] === 'number' ? err['lines'] - overCounted : null;
    const fieldIndex = typeof err['column'] === 'number' ? err['column'] : null;
    const header = records[0]?.fields;
    const headerName = fieldIndex === null ? undefined : header?.[fieldIndex]?.trim().toLowerCase();
    const columnName = headerName !== undefined && KNOWN_COLUMNS.has(headerName) ? headerName : null;
    const code: string = err.code;
    if (code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      const got = Array.isArray(err['record']) ? err['record'].length : null;
      const expected = header?.length ?? null;
      errors.push({
        line: startOfFailedRecord(err),
        column: null,
        message:
          got !== null && expected !== null
            ? `this row has ${got} fields but the header has ${expected}` +
              (got > expected ? ` (an unquoted comma? ${QUOTE_HINT})` : '')
            : err.message,
      });
      if (reported !== null) lastEnd = reported;
      if (typeof err['empty_lines'] === 'number') lastEmptyLines = err['empty_lines'];
      // The row is whole and the next one starts cleanly, so keep looking for more.
      if (errors.length <= MAX_IMPORT_ERRORS) return undefined;
      truncated = true;
      throw new StopParsing();
    }
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      errors.push({
        line: startOfFailedRecord(err),
        column: null,
        message: `a quoted field that starts on this row is never closed; ${QUOTE_HINT}`,
      });
    } else if (code === 'CSV_MAX_RECORD_SIZE') {
      errors.push({
        line: startOfFailedRecord(err),
        column: null,
        message: `this row is longer than ${MAX_RECORD_BYTES / 1024} KB; is a quote missing, or is this not a CSV file? The rest of the file was not checked`,
      });
    } else if (
      code === 'INVALID_OPENING_QUOTE' ||
      code === 'CSV_INVALID_CLOSING_QUOTE' ||
      code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE'
    ) {
      // After a stray quote csv-parse cannot tell where the next row begins (it may even drop the
      // rest of the file unreported), so anything it said later would be a guess.
      errors.push({
        line: reported,
        column: columnName,
        message: `misplaced double quote: ${QUOTE_HINT}. The rest of the file was not checked`,
      });
    } else {
      errors.push({ line: reported, column: columnName, message: err.message });
    }
    throw new StopParsing();
  };

  const onRecord = (fields: string[], info: InfoRecord): null => {
    const breaks = fields.reduce((n, f) => n + countLineBreaks(f), 0);
    overCounted += fields.reduce((n, f) => n + countCrLf(f), 0);
    const end = info.lines - overCounted;
    records.push({ fields, line: end - breaks });
    lastEnd = end;
    lastEmptyLines = info.empty_lines;
    if (records.length > maxRecords) throw new StopParsing();
    return null;
  };

  try {
    parseCsv(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: false,
      relax_quotes: false,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
      on_skip: onSkip,
      on_record: onRecord,
    });
  } catch (err) {
    if (!(err instanceof StopParsing)) {
      const lines = (err as { lines?: unknown }).lines;
      const line = typeof lines === 'number' ? lines - overCounted : null;
      errors.push({ line, column: null, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return { records, errors, truncated };
}

/**
 * The caller has already decoded the file, so a NUL means a binary file (an .xlsx picked by
 * mistake) and U+FFFD means bytes that were not UTF-8 (a spreadsheet's "CSV" in Windows-1252):
 * importing either would put mojibake on the crew's screens.
 */
function notTextError(text: string): ImportError | null {
  const nul = text.indexOf('\u0000');
  const replacement = text.indexOf('\uFFFD');
  const at = nul < 0 ? replacement : replacement < 0 ? nul : Math.min(nul, replacement);
  if (at < 0) return null;
  const line = lineOfOffset(text, at);
  if (text.charCodeAt(at) === 0) {
    return {
      line,
      column: null,
      message: 'this is a binary file, not CSV text; if it is a spreadsheet, export it as "CSV UTF-8"',
    };
  }
  return {
    line,
    column: null,
    message:
      'this line has bytes that are not UTF-8 text (shown as \uFFFD); save the file as "CSV UTF-8" and import it again',
  };
}

// ---------------------------------------------------------------------------------------------
// CSV import

/**
 * Turns a CSV schedule (columns session,start_utc,duration_min,kind,speaker,title[,notes,
 * warning_min,danger_min,id], in any order and case) into a rundown for `base.show`. All or
 * nothing: any problem returns every error found (up to MAX_IMPORT_ERRORS) and no rundown.
 * Ids not given in the file are `${idPrefix ?? 's'}001`, `…002`, … by row, so importing the
 * same file twice yields the same ids.
 */
export function importRundownCsv(text: string, base: { show: ShowInfo; idPrefix?: string }): ImportResult {
  try {
    return importCsv(text, base);
  } catch (err) {
    return internalError(err);
  }
}

function importCsv(input: string, base: { show: ShowInfo; idPrefix?: string }): ImportResult {
  if (typeof input !== 'string') return internalError(new TypeError('the CSV text is not a string'));
  const tooBig = sizeError(input);
  if (tooBig) return finish([tooBig]);
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;

  const errors: ImportError[] = [];
  const warnings: string[] = [];

  const show = ShowInfo.safeParse(base?.show);
  if (!show.success) {
    for (const issue of show.error.issues) {
      errors.push({ line: null, column: jsonPath(['show', ...issue.path]), message: zodIssueMessage(issue) });
    }
  }
  const idPrefix = base?.idPrefix ?? 's';
  if (!SegmentId.safeParse(generatedId(idPrefix, SEGMENTS_LIMIT - 1)).success) {
    errors.push({
      line: null,
      column: null,
      message: `the id prefix ${shown(idPrefix)} would make invalid ids; use letters, digits, "-" and "_" (at most 60)`,
    });
  }

  if (text.trim() === '') {
    errors.push({ line: null, column: null, message: 'no segments: the file is empty' });
    return finish(errors);
  }

  const notText = notTextError(text);
  if (notText) {
    errors.push(notText);
    return finish(errors);
  }

  // One more than the header plus the limit, so an oversized file is noticed without parsing it all.
  const parsed = parseCsvRecords(text, SEGMENTS_LIMIT + 1);
  errors.push(...parsed.errors);
  const headerRecord = parsed.records[0];
  // A structural error before the first record means the header itself is broken.
  const headerLine = headerRecord?.line ?? Infinity;
  if (!headerRecord || parsed.errors.some((e) => e.line !== null && e.line <= headerLine)) {
    return finish(errors, parsed.truncated);
  }

  // Header
  const names = headerRecord.fields.map((f) => f.trim().normalize('NFC').toLowerCase());
  const indexOf = new Map<Column, number>();
  const unknown: string[] = [];
  names.forEach((name, index) => {
    if (KNOWN_COLUMNS.has(name)) {
      const column = name as Column;
      const previous = indexOf.get(column);
      if (previous !== undefined) {
        errors.push({
          line: headerRecord.line,
          column,
          message: `column ${column} appears twice (columns ${previous + 1} and ${index + 1})`,
        });
      } else indexOf.set(column, index);
    } else if (name !== '') unknown.push(headerRecord.fields[index]?.trim() ?? name);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !indexOf.has(c));
  if (missing.length > 0) {
    const found = headerRecord.fields.map((f) => shown(f.trim(), 30));
    const list =
      found.length > 12 ? `${found.slice(0, 12).join(', ')} and ${found.length - 12} more` : found.join(', ');
    // A semicolon- or tab-separated export reads as one column whose name holds the real ones.
    const only = headerRecord.fields.length === 1 ? (headerRecord.fields[0] ?? '').toLowerCase() : '';
    const separator = [';', '\t', '|'].find((sep) =>
      only.split(sep).some((part) => KNOWN_COLUMNS.has(part.trim())),
    );
    const separatorHint =
      separator === undefined
        ? ''
        : `; the columns seem to be separated by ${shown(separator)}, but this importer needs commas`;
    for (const column of missing) {
      errors.push({
        line: headerRecord.line,
        column,
        message: `missing required column ${column} (the header has ${list})${separatorHint}`,
      });
    }
  }
  if (unknown.length > 0) {
    warnings.push(
      `line ${headerRecord.line}: ignored unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => shown(u, 30)).join(', ')}`,
    );
  }
  if (errors.length > 0) return finish(errors, parsed.truncated);

  // Rows. Spreadsheets pad exports with rows of empty cells; those are not segments.
  const rows = parsed.records.slice(1).filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (rows.length === 0) {
    errors.push({ line: null, column: null, message: 'no segments: the file has a header but no rows' });
    return finish(errors);
  }
  if (rows.length > SEGMENTS_LIMIT) {
    errors.push({
      line: rows[SEGMENTS_LIMIT]?.line ?? null,
      column: null,
      message: `too many segments: a rundown holds at most ${SEGMENTS_LIMIT}`,
    });
    return finish(errors);
  }

  const unnamedWithData = names.some(
    (name, index) => name === '' && rows.some((r) => (r.fields[index] ?? '').trim() !== ''),
  );
  if (unnamedWithData)
    warnings.push(`line ${headerRecord.line}: ignored values in columns without a header name`);

  const segments: Segment[] = [];
  const idLines = new Map<string, number>();
  rows.forEach((row, index) => {
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
    errors.push(...rowErrors);
    segments.push(candidate);
  });
  if (errors.length > 0) return finish(errors);

  // The model has the last word, so nothing it would refuse can get past this importer.
  const rundown = Rundown.safeParse({ show: show.success ? show.data : base.show, segments });
  if (!rundown.success) {
    return finish(
      rundown.error.issues.map((issue) => {
        const [top, index, field] = issue.path;
        if (top === 'segments' && typeof index === 'number') {
          const column =
            typeof field === 'string' && field in COLUMN_OF_FIELD
              ? COLUMN_OF_FIELD[field as keyof Segment]
              : null;
          return { line: rows[index]?.line ?? null, column, message: zodIssueMessage(issue) };
        }
        return { line: null, column: jsonPath(issue.path), message: zodIssueMessage(issue) };
      }),
    );
  }
  return { ok: true, rundown: rundown.data, warnings };
}

// ---------------------------------------------------------------------------------------------
// JSON import

/**
 * Engines report a JSON syntax error's place differently: "line L column C" (Firefox, newer V8),
 * "at position N" (V8), or in Node 20's V8 only a snippet of ~10 characters either side of the
 * bad token ("...snippet..."). Returns the 1-based line, or null if the message gives no clue.
 */
function syntaxErrorLine(text: string, message: string): number | null {
  const lineCol = /line (\d+) column \d+/.exec(message);
  if (lineCol) return Number(lineCol[1]);
  const position = /at position (\d+)/.exec(message);
  if (position) return lineOfOffset(text, Number(position[1]));
  if (/Unexpected end of JSON input|unexpected end of data/i.test(message))
    return lineOfOffset(text, text.length);
  const snippet = /^Unexpected token '([\s\S]+?)', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(
    message,
  );
  if (snippet) {
    const [, token = '', before, context = '', after] = snippet;
    const CONTEXT = 10;
    if (before && after) {
      const at = text.indexOf(context);
      return at < 0 ? null : lineOfOffset(text, at + CONTEXT);
    }
    if (after) return lineOfOffset(text, context.length - CONTEXT);
    if (before) return lineOfOffset(text, text.length - context.length + CONTEXT);
    const at = text.indexOf(token);
    return at < 0 ? null : lineOfOffset(text, at);
  }
  return null;
}

function unknownKeyWarnings(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const warnings: string[] = [];
  const check = (obj: unknown, allowed: readonly string[], where: string, counts: Map<string, number>) => {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return;
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        const path = where === '' ? key : `${where}.${key}`;
        counts.set(path, (counts.get(path) ?? 0) + 1);
      }
    }
  };
  const counts = new Map<string, number>();
  check(value, ['show', 'segments'], '', counts);
  check((value as { show?: unknown }).show, Object.keys(ShowInfo.shape), 'show', counts);
  const segments = (value as { segments?: unknown }).segments;
  if (Array.isArray(segments)) {
    for (const segment of segments) check(segment, Object.keys(Segment.shape), 'segments[*]', counts);
  }
  for (const [path, count] of counts) {
    warnings.push(
      `ignored unknown field ${path}${path.startsWith('segments[*]') ? ` (in ${count} segment${count > 1 ? 's' : ''})` : ''}`,
    );
  }
  return warnings;
}

/**
 * Reads `{ "show": {...}, "segments": [...] }` in the model's own units (ms, epoch ms), as
 * exported by GET /api/state. Schema problems are reported by JSON path with line null.
 */
export function importRundownJson(text: string): ImportResult {
  try {
    if (typeof text !== 'string') return internalError(new TypeError('the JSON text is not a string'));
    const tooBig = sizeError(text);
    if (tooBig) return finish([tooBig]);
    const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
    if (body.trim() === '')
      return finish([{ line: null, column: null, message: 'no rundown: the file is empty' }]);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return finish([
        { line: syntaxErrorLine(body, message), column: null, message: `not valid JSON: ${message}` },
      ]);
    }
    const result = Rundown.safeParse(value);
    if (!result.success) {
      return finish(
        result.error.issues.map((issue) => ({
          line: null,
          column: jsonPath(issue.path),
          message: zodIssueMessage(issue),
        })),
      );
    }
    return { ok: true, rundown: result.data, warnings: unknownKeyWarnings(value) };
  } catch (err) {
    return internalError(err);
  }
}

// ---------------------------------------------------------------------------------------------

const SHOWN_ERRORS = 10;

/** One line per error, e.g. `line 5, column start_utc: not a valid ISO 8601 time ("2022-13-45")`. */
export function formatImportErrors(errors: ImportError[]): string {
  const lines = errors.slice(0, SHOWN_ERRORS).map((error) => {
    const where: string[] = [];
    if (error.line !== null) where.push(`line ${error.line}`);
    if (error.column !== null) {
      // JSON paths read as places, CSV names as columns.
      where.push(/[.[]/.test(error.column) ? `at ${error.column}` : `column ${error.column}`);
    }
    return where.length > 0 ? `${where.join(', ')}: ${error.message}` : error.message;
  });
  if (errors.length > SHOWN_ERRORS) lines.push(`…and ${errors.length - SHOWN_ERRORS} more`);
  return lines.join('\n');
}
