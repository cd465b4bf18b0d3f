// Imports a rundown from a CSV schedule: all or nothing, every problem by line and column.
import type { Segment } from '../model.js';
import { Rundown, SegmentId, ShowInfo } from '../model.js';
import type { ImportError, ImportResult } from './errors.js';
import { finish, internalError, jsonPath, shown, zodIssueMessage } from './errors.js';
import { generatedId } from './cells.js';
import { COLUMN_OF_FIELD, readHeader } from './columns.js';
import { parseCsvRecords } from './csvRecords.js';
import { readRow } from './csvRow.js';
import { notTextError, sizeError } from './text.js';

const SEGMENTS_LIMIT = 2000; // Rundown's own .max(2000)

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

  const header = readHeader(headerRecord.fields, headerRecord.line);
  const { names, indexOf } = header;
  errors.push(...header.errors);
  warnings.push(...header.warnings);
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
    const read = readRow(row, index, { indexOf, idPrefix, idLines, warnings });
    errors.push(...read.errors);
    segments.push(read.segment);
  });
  if (errors.length > 0) return finish(errors);

  // The model has the last word, so nothing it would refuse can get past this importer.
  const rundown = Rundown.safeParse({ show: show.success ? show.data : base?.show, segments });
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
