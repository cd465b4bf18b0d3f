// Imports a rundown from JSON in the model's own units, with errors by JSON path and warnings for unknown fields.
import type { z } from 'zod';
import { END_ACTIONS, Rundown, Segment, ShowInfo, START_MODES, TIMER_KINDS } from '../model.js';
import type { ImportResult } from './errors.js';
import { finish, internalError, jsonPath, shown, zodIssueMessage } from './errors.js';
import { lineOfOffset, sizeError } from './text.js';

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

/** The segment fields that are one of a few words, said as the CSV import says them (cells.ts). */
const CHOICES: Record<string, { what: string; choices: readonly string[]; absent: string }> = {
  startMode: { what: 'start mode', choices: START_MODES, absent: 'manual' },
  endAction: { what: 'end action', choices: END_ACTIONS, absent: 'none' },
  timer: { what: 'timer', choices: TIMER_KINDS, absent: 'countdown' },
};

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** "unknown timer "stopwatch"; use one of countdown, countup, clock (absent means countdown)". */
function issueMessage(issue: z.core.$ZodIssue, value: unknown): string {
  const field = issue.path.length === 3 && issue.path[0] === 'segments' ? issue.path[2] : undefined;
  const choice = typeof field === 'string' ? CHOICES[field] : undefined;
  if (choice && issue.code === 'invalid_value') {
    const bad = valueAt(value, issue.path);
    const said = typeof bad === 'string' ? shown(bad) : JSON.stringify(bad);
    return `unknown ${choice.what} ${said}; use one of ${choice.choices.join(', ')} (absent means ${choice.absent})`;
  }
  return zodIssueMessage(issue);
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
/**
 * A saved `GET /api/state` answer is `{ seq, state }`: its rundown is the state's show and
 * segments (the live timer, feed and the rest are that show's run, not its plan). Anything else
 * is read as it is.
 */
function unwrapSavedState(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  if ('segments' in value || !('state' in value) || !('seq' in value)) return value;
  const { state } = value;
  if (typeof state !== 'object' || state === null || !('segments' in state) || !('show' in state))
    return value;
  return { show: state.show, segments: state.segments };
}

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
    value = unwrapSavedState(value);
    const result = Rundown.safeParse(value);
    if (!result.success) {
      return finish(
        result.error.issues.map((issue) => ({
          line: null,
          column: jsonPath(issue.path),
          message: issueMessage(issue, value),
        })),
      );
    }
    return { ok: true, rundown: result.data, warnings: unknownKeyWarnings(value) };
  } catch (err) {
    return internalError(err);
  }
}
