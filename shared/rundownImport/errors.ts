// Import errors and warnings: their shape, the `line N, column C: reason` text, and the limit on how many.
import type { z } from 'zod';
import type { Rundown } from '../model.js';

export type ImportResult =
  { ok: true; rundown: Rundown; warnings: string[] } | { ok: false; errors: ImportError[] };

export interface ImportError {
  /** 1-based line in the file; for a CSV row spanning several lines, the line it starts on. */
  line: number | null;
  /** The CSV column name, or for JSON the path of the bad value (e.g. "segments[3].durationMs"). */
  column: string | null;
  message: string;
  /** For a spreadsheet: the sheet's name; `line` is then its row number and `column` its letter. */
  sheet?: string;
}

/** Measured in UTF-8 bytes, i.e. the size of the file the producer picked. */
export const MAX_RUNDOWN_BYTES = 5 * 1024 * 1024;

/** Enough to fix a whole file in one pass without flooding the screen on binary garbage. */
export const MAX_IMPORT_ERRORS = 100;

/** Quotes a user value for a message, cut short so a garbage field cannot swamp the report. */
export function shown(value: string, max = 40): string {
  const chars = Array.from(value);
  return JSON.stringify(chars.length > max ? `${chars.slice(0, max).join('')}…` : value);
}

/** A CSV cell's value, or why it is wrong. */
export type Cell<T> = { ok: true; value: T } | { ok: false; message: string };

/** Keeps the first MAX_IMPORT_ERRORS (by line) and says how many were dropped. */
export function finish(errors: ImportError[], truncated = false): { ok: false; errors: ImportError[] } {
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

export function internalError(err: unknown): { ok: false; errors: ImportError[] } {
  const detail = err instanceof Error ? err.message : String(err);
  return {
    ok: false,
    errors: [{ line: null, column: null, message: `the import failed unexpectedly: ${detail}` }],
  };
}

export function zodIssueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_big' && (issue.origin === 'string' || issue.origin === 'array')) {
    const unit = issue.origin === 'string' ? 'characters' : 'entries';
    return `too long: at most ${String(issue.maximum)} ${unit}`;
  }
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message))
    return `missing (expected ${issue.expected})`;
  return issue.message;
}

export function jsonPath(path: readonly PropertyKey[]): string | null {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? null : out;
}

const SHOWN_ERRORS = 10;

/**
 * One line per error, e.g. `line 5, column start_utc: not a valid ISO 8601 time ("2022-13-45")`,
 * or for a spreadsheet `Sheet1, row 5, column C: …`.
 */
export function formatImportErrors(errors: ImportError[]): string {
  const lines = errors.slice(0, SHOWN_ERRORS).map((error) => {
    const where: string[] = [];
    if (error.sheet !== undefined) {
      where.push(error.sheet);
      if (error.line !== null) where.push(`row ${error.line}`);
      if (error.column !== null)
        where.push(/[.[]/.test(error.column) ? `at ${error.column}` : `column ${error.column}`);
      return `${where.join(', ')}: ${error.message}`;
    }
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
