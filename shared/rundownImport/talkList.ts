// Reads a lightning-talk list (speaker,title[,duration_min] and no times) into talks: all or nothing, errors by line and column.
import type { ImportError } from './errors.js';
import { finish, internalError, shown } from './errors.js';
import { parseMinutes, splitSpeakers } from './cells.js';
import { TALK_LIST_COLUMNS, separatorHint } from './columns.js';
import { parseCsvRecords } from './csvRecords.js';
import { notTextError, sizeError } from './text.js';

/** More talks than this in one block is a whole conference, not a lightning session. */
export const MAX_TALKS = 500;
/** Minutes each talk gets when the list gives none (the producer may pick 1..180). */
export const DEFAULT_TALK_MIN = 5;
export const MIN_TALK_MIN = 1;
export const MAX_TALK_MIN = 180;

const REQUIRED = ['speaker', 'title'] as const;
/** The model's limits (Segment in model.ts), checked here to name the line. */
const MAX_TITLE = 300;
const MAX_SPEAKER = 120;
const MAX_SPEAKERS = 20;
const MAX_NOTES = 2000;

export interface Talk {
  title: string;
  speakers: string[];
  durationMs: number;
  notes: string;
  /** The line of the file it came from. */
  line: number;
}

export type TalkListResult =
  { ok: true; talks: Talk[]; warnings: string[] } | { ok: false; errors: ImportError[] };

/**
 * Parses a talk list: a CSV whose header has at least `speaker` and `title` (any order and case),
 * optionally `duration_min` (empty cells take `defaultDurationMin`) and `notes`. Other columns
 * are ignored with a warning. Speakers split on " & " and ";" as in a rundown CSV.
 */
export function parseTalkList(text: string, defaultDurationMin = DEFAULT_TALK_MIN): TalkListResult {
  try {
    return parse(text, defaultDurationMin);
  } catch (err) {
    return internalError(err);
  }
}

function durationError(min: number): string | null {
  if (!Number.isFinite(min) || min < MIN_TALK_MIN || min > MAX_TALK_MIN)
    return `the default duration must be ${MIN_TALK_MIN} to ${MAX_TALK_MIN} minutes (got ${String(min)})`;
  return null;
}

function parse(input: string, defaultDurationMin: number): TalkListResult {
  const badDefault = durationError(defaultDurationMin);
  if (badDefault) return finish([{ line: null, column: null, message: badDefault }]);
  const tooBig = sizeError(input);
  if (tooBig) return finish([tooBig]);
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  if (text.trim() === '')
    return finish([{ line: null, column: null, message: 'no talks: the list is empty' }]);
  const notText = notTextError(text);
  if (notText) return finish([notText]);

  const parsed = parseCsvRecords(text, MAX_TALKS + 1);
  const errors: ImportError[] = [...parsed.errors];
  const [header, ...records] = parsed.records;
  if (!header || parsed.errors.some((e) => e.line !== null && e.line <= header.line))
    return finish(errors, parsed.truncated);

  const names = header.fields.map((f) => f.trim().normalize('NFC').toLowerCase());
  const indexOf = new Map<string, number>();
  const warnings: string[] = [];
  const unknown: string[] = [];
  names.forEach((name, index) => {
    if (!TALK_LIST_COLUMNS.has(name)) {
      if (name !== '') unknown.push(shown(header.fields[index]?.trim() ?? name, 30));
      return;
    }
    const previous = indexOf.get(name);
    if (previous === undefined) indexOf.set(name, index);
    else
      errors.push({
        line: header.line,
        column: name,
        message: `column ${name} appears twice (columns ${previous + 1} and ${index + 1})`,
      });
  });
  const hint = separatorHint(header.fields, TALK_LIST_COLUMNS);
  for (const column of REQUIRED.filter((c) => !indexOf.has(c))) {
    const found = header.fields.map((f) => shown(f.trim(), 30)).join(', ');
    errors.push({
      line: header.line,
      column,
      message: `missing required column ${column}: a talk list needs speaker and title (the header has ${found})${hint}`,
    });
  }
  if (unknown.length > 0)
    warnings.push(
      `line ${header.line}: ignored unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`,
    );
  if (errors.length > parsed.errors.length) return finish(errors, parsed.truncated);

  const rows = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  // Rows that failed to parse are already reported: "no rows" would only contradict them.
  if (rows.length === 0 && errors.length > 0) return finish(errors);
  if (rows.length === 0)
    return finish([
      ...errors,
      { line: null, column: null, message: 'no talks: the list has a header but no rows' },
    ]);
  if (rows.length > MAX_TALKS) {
    return finish([
      ...errors,
      {
        line: rows[MAX_TALKS]?.line ?? null,
        column: null,
        message: `too many talks: a talk list holds at most ${MAX_TALKS}`,
      },
    ]);
  }

  const talks: Talk[] = [];
  for (const row of rows) {
    const cell = (column: string): string => {
      const index = indexOf.get(column);
      return index === undefined ? '' : (row.fields[index]?.trim().normalize('NFC') ?? '');
    };
    const fail = (column: string, message: string) => errors.push({ line: row.line, column, message });
    const title = cell('title');
    const speakers = splitSpeakers(cell('speaker'));
    const notes = cell('notes');
    if (title === '') fail('title', 'required: every talk needs a title');
    else if (title.length > MAX_TITLE) fail('title', `too long: at most ${MAX_TITLE} characters`);
    if (speakers.length > MAX_SPEAKERS) fail('speaker', `too many speakers: at most ${MAX_SPEAKERS}`);
    const longSpeaker = speakers.find((s) => s.length > MAX_SPEAKER);
    if (longSpeaker !== undefined)
      fail('speaker', `the name ${shown(longSpeaker)} is too long: at most ${MAX_SPEAKER} characters`);
    if (notes.length > MAX_NOTES) fail('notes', `too long: at most ${MAX_NOTES} characters`);
    let durationMs = Math.round(defaultDurationMin * 60_000);
    const rawDuration = cell('duration_min');
    if (rawDuration !== '') {
      const minutes = parseMinutes(rawDuration, 'duration_min', false);
      if (!minutes.ok) fail('duration_min', minutes.message);
      else if (minutes.value > MAX_TALK_MIN * 60_000)
        fail('duration_min', `a talk may be at most ${MAX_TALK_MIN} minutes (${shown(rawDuration)})`);
      else if (minutes.value < MIN_TALK_MIN * 60_000)
        fail('duration_min', `a talk is at least ${MIN_TALK_MIN} minute (${shown(rawDuration)})`);
      else durationMs = minutes.value;
    }
    talks.push({ title, speakers, durationMs, notes, line: row.line });
  }
  if (errors.length > 0) return finish(errors);
  return { ok: true, talks, warnings };
}
