// Splits CSV text into records with the line each starts on, and reports structural errors (quotes, field counts).
// The browser build of csv-parse bundles its own Buffer shim; plain `csv-parse/sync` calls the
// global Buffer, which exists in Node but not in the renderer, so it would only fail there.
import { parse as parseCsv } from 'csv-parse/browser/esm/sync';
import type { CsvError, InfoRecord } from 'csv-parse/browser/esm/sync';
import type { ImportError } from './errors.js';
import { MAX_IMPORT_ERRORS } from './errors.js';
import { KNOWN_COLUMNS } from './columns.js';
import { countCrLf, countLineBreaks } from './text.js';

/** No real row comes close (notes ≤ 2000 chars); a runaway quoted field in garbage fails fast. */
const MAX_RECORD_BYTES = 64 * 1024;

export interface CsvRecord {
  fields: string[];
  line: number;
}

const QUOTE_HINT =
  'wrap a field that holds commas, quotes or line breaks in double quotes and double each quote inside it, e.g. "The ""best"" talk, part 2"';

export interface ParsedCsv {
  records: CsvRecord[];
  errors: ImportError[];
  truncated: boolean;
}

export function parseCsvRecords(text: string, maxRecords: number): ParsedCsv {
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

  let filled = 0;
  const onRecord = (fields: string[], info: InfoRecord): null => {
    const breaks = fields.reduce((n, f) => n + countLineBreaks(f), 0);
    overCounted += fields.reduce((n, f) => n + countCrLf(f), 0);
    const end = info.lines - overCounted;
    records.push({ fields, line: end - breaks });
    lastEnd = end;
    lastEmptyLines = info.empty_lines;
    // Rows of empty cells (",,,") are dropped by the importers: only real rows count toward the
    // limit, or a list padded with them would be cut short without a word.
    if (fields.some((field) => field !== '')) filled += 1;
    if (filled > maxRecords) throw new StopParsing();
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
