// Imports a rundown from a CSV schedule: all or nothing, every problem by line and column.
import { SegmentId, ShowInfo } from '../model.js';
import type { ImportError, ImportResult } from './errors.js';
import { finish, internalError, jsonPath, shown, zodIssueMessage } from './errors.js';
import { generatedId } from './cells.js';
import { parseCsvRecords } from './csvRecords.js';
import { importRecords, SEGMENTS_LIMIT } from './rowsImport.js';
import { notTextError, sizeError } from './text.js';

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

// Typed as what untyped callers may really pass: importRundownCsv never throws, even when called wrongly.
function importCsv(input: unknown, base: { show: ShowInfo; idPrefix?: string } | undefined): ImportResult {
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

  return importRecords(headerRecord, parsed.records.slice(1), {
    errors,
    warnings,
    show: show.success ? show.data : base?.show,
    idPrefix,
    truncated: parsed.truncated,
  });
}
