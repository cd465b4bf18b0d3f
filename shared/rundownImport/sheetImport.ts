// Imports a rundown from one spreadsheet sheet (read from the workbook by the core): the CSV rules, errors by sheet, row and column letter.
import { SegmentId, ShowInfo } from '../model.js';
import type { ImportError, ImportResult } from './errors.js';
import { finish, internalError, jsonPath, shown, zodIssueMessage } from './errors.js';
import { generatedId } from './cells.js';
import { KNOWN_COLUMNS, REQUIRED_COLUMNS } from './columns.js';
import type { ImportRow } from './csvRow.js';
import { cellText, hasValue } from './rowCells.js';
import { importRecords, SEGMENTS_LIMIT } from './rowsImport.js';

/** An .xlsx workbook may be at most this big (its bytes travel as base64 inside the 5 MB command). */
export const MAX_XLSX_BYTES = 3 * 1024 * 1024;

/** Title rows a sheet may have above its header. */
const MAX_ROWS_ABOVE_HEADER = 5;

/** One sheet of a workbook as plain data: its name and its rows that hold anything, top to bottom. */
export interface SheetTable {
  name: string;
  /** `line` is the sheet's row number (1-based, as Excel shows it); `fields[0]` is column A. */
  rows: ImportRow[];
}

/** "A", "B", … "Z", "AA": the spreadsheet's name for a 0-based column index. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    out = String.fromCharCode(65 + rest) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * Turns a sheet into a rundown for `base.show` by the same columns and rules as a CSV file
 * (csvImport.ts), through the same row importer. The header is the first row holding anything,
 * or below up to 5 title rows, the first that names every required column.
 * Date cells are local times and are read in the show's zone; text times follow the CSV rules.
 * All or nothing; every error says `Sheet1, row 5, column C`.
 */
export function importRundownSheet(
  sheet: SheetTable,
  base: { show: ShowInfo; idPrefix?: string },
): ImportResult {
  try {
    return importSheet(sheet, base);
  } catch (err) {
    return internalError(err);
  }
}

function importSheet(sheet: SheetTable, base: { show: ShowInfo; idPrefix?: string }): ImportResult {
  const errors: ImportError[] = [];
  const show = ShowInfo.safeParse(base.show);
  if (!show.success) {
    for (const issue of show.error.issues) {
      errors.push({ line: null, column: jsonPath(['show', ...issue.path]), message: zodIssueMessage(issue) });
    }
  }
  const idPrefix = base.idPrefix ?? 's';
  if (!SegmentId.safeParse(generatedId(idPrefix, SEGMENTS_LIMIT - 1)).success) {
    errors.push({
      line: null,
      column: null,
      message: `the id prefix ${shown(idPrefix)} would make invalid ids; use letters, digits, "-" and "_" (at most 60)`,
    });
  }
  const filled = sheet.rows.filter((r) => r.fields.some(hasValue));
  // A sheet often has a title above its header ("NormConf run of show", merged across the
  // columns): the header is the first of the top rows that names every required column, and
  // failing that the first row, whose missing columns are then reported.
  const headerAt = filled
    .slice(0, MAX_ROWS_ABOVE_HEADER + 1)
    .findIndex((r) => REQUIRED_COLUMNS.every((c) => r.fields.some((f) => cellText(f).toLowerCase() === c)));
  const [headerRow, ...rows] = filled.slice(Math.max(0, headerAt));
  if (headerRow === undefined) {
    errors.push({ line: null, column: null, message: 'no segments: the sheet is empty' });
    return inSheet(finish(errors), sheet, []);
  }
  const result = importRecords(headerRow, rows, {
    errors,
    warnings: [],
    show: show.success ? show.data : base.show,
    idPrefix,
    timeZone: show.success ? show.data.timezone : 'UTC',
    rowWord: 'row',
  });
  const names = headerRow.fields.map((f) => cellText(f).normalize('NFC').toLowerCase());
  return inSheet(result, sheet, names);
}

/** Names the sheet in every error, and each known column by its letter in this sheet. */
function inSheet(result: ImportResult, sheet: SheetTable, headerNames: readonly string[]): ImportResult {
  if (result.ok) return result;
  return {
    ok: false,
    errors: result.errors.map((error) => {
      const { column } = error;
      if (column === null || !KNOWN_COLUMNS.has(column)) return { ...error, sheet: sheet.name };
      const index = headerNames.indexOf(column);
      return { ...error, sheet: sheet.name, column: index < 0 ? column : columnLetter(index) };
    }),
  };
}
