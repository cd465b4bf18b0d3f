// From the header row on, one path for every tabular file (CSV records, a sheet's rows): columns, rows, the model's check.
import type { Segment } from '../model.js';
import { Rundown } from '../model.js';
import type { ImportError, ImportResult } from './errors.js';
import { finish, jsonPath, zodIssueMessage } from './errors.js';
import { COLUMN_OF_FIELD, readHeader } from './columns.js';
import type { ImportRow } from './csvRow.js';
import { readRow } from './csvRow.js';
import { cellText, hasValue } from './rowCells.js';

export const SEGMENTS_LIMIT = 2000; // Rundown's own .max(2000)

export interface RecordsOptions {
  /** Errors and warnings found before the header (show settings, the file's structure), kept. */
  errors: ImportError[];
  warnings: string[];
  /** The show the rundown is for, as given (the model checks it last). */
  show: unknown;
  idPrefix: string;
  /** The file was not read to its end (too many structural errors). */
  truncated?: boolean;
  /** The show's zone, for a sheet's date cells. */
  timeZone?: string;
  rowWord?: 'line' | 'row';
}

/**
 * The header row and the rows after it (empty ones skipped) to a rundown, all or nothing, with
 * every error by line (or sheet row) and column name.
 */
export function importRecords(
  headerRecord: ImportRow,
  records: readonly ImportRow[],
  { errors, warnings, show, idPrefix, truncated = false, timeZone, rowWord = 'line' }: RecordsOptions,
): ImportResult {
  const header = readHeader(headerRecord.fields.map(cellText), headerRecord.line);
  const { names, indexOf } = header;
  errors.push(...header.errors);
  warnings.push(...header.warnings);
  if (errors.length > 0) return finish(errors, truncated);

  // Rows. Spreadsheets pad exports with rows of empty cells; those are not segments.
  const rows = records.filter((r) => r.fields.some(hasValue));
  if (rows.length === 0) {
    errors.push({
      line: null,
      column: null,
      message: `no segments: the ${rowWord === 'row' ? 'sheet' : 'file'} has a header but no rows`,
    });
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
    (name, index) => name === '' && rows.some((r) => cellText(r.fields[index]) !== ''),
  );
  if (unnamedWithData)
    warnings.push(`${rowWord} ${headerRecord.line}: ignored values in columns without a header name`);

  const segments: Segment[] = [];
  const idLines = new Map<string, number>();
  rows.forEach((row, index) => {
    const read = readRow(row, index, { indexOf, idPrefix, idLines, warnings, timeZone, rowWord });
    errors.push(...read.errors);
    segments.push(read.segment);
  });
  if (errors.length > 0) return finish(errors);

  // The model has the last word, so nothing it would refuse can get past this importer.
  const rundown = Rundown.safeParse({ show, segments });
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
