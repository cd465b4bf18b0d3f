import ExcelJS from 'exceljs';
import type { CellValue, Worksheet } from 'exceljs';
import type { ImportCell, SheetTable } from '../../shared/rundownImport.js';
import { MAX_XLSX_BYTES } from '../../shared/rundownImport.js';
import { hasValue } from '../../shared/rundownImport/rowCells.js';
import type { ImportRow } from '../../shared/rundownImport/csvRow.js';
import { checkZip } from './zipGuard.js';

/**
 * Reads one sheet of an .xlsx workbook (exceljs) into plain rows of cells for the pure importer
 * (shared/rundownImport/sheetImport.ts), which applies the CSV rules. Zone-free on purpose: a
 * date cell stays a wall clock here and is read in the show's zone when the import is decided.
 * Refuses, with the reason, anything that is not a workbook or is far too big to be a rundown.
 */

export type WorkbookRead = { ok: true; sheet: SheetTable } | { ok: false; error: string };

/**
 * Rows that hold anything: up to 5 title rows, the header, a rundown's 2,000 segments and one
 * more, so the importer can say "too many" (rows of blanks do not count).
 */
const MAX_ROWS_READ = 5 + 1 + 2000 + 1;
/** Column IV: a rundown has 18 columns; a cell far to the right is a mistake, not a segment. */
const MAX_COLUMNS = 256;
const DAY_MS = 86_400_000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const refuse = (error: string): { ok: false; error: string } => ({
  ok: false,
  error: `not imported: ${error}`,
});

/** Text (UTF-8 or a legacy code page) has no control bytes but tab, CR and LF; binary has many. */
function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4096);
  return head.length > 0 && head.every((byte) => byte >= 32 || byte === 9 || byte === 10 || byte === 13);
}

/** Why these bytes are not an .xlsx workbook, or null when they may be one. */
function notAWorkbook(bytes: Buffer): string | null {
  if (bytes.length === 0) return 'the file is empty';
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    return 'this is an old Excel 97–2003 (.xls) workbook, or a protected one; save it as "Excel Workbook (.xlsx)" and import that';
  }
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return null;
  if (looksLikeText(bytes)) {
    return 'this file is text, not an Excel workbook (.xlsx); if it is a CSV, name it .csv and import it as CSV';
  }
  return 'this file is not an Excel workbook (.xlsx): it is not a zip archive';
}

/** The workbook's bytes from the command's base64 text. */
export function decodeWorkbook(text: string): { ok: true; bytes: Buffer } | { ok: false; error: string } {
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) {
    return { ok: false, error: 'not imported: an xlsx import carries the workbook as base64 text' };
  }
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length > MAX_XLSX_BYTES) {
    return {
      ok: false,
      error: `not imported: the workbook is ${(bytes.length / (1024 * 1024)).toFixed(1)} MB; an xlsx rundown may be at most ${MAX_XLSX_BYTES / (1024 * 1024)} MB`,
    };
  }
  return { ok: true, bytes };
}

function chooseSheet(workbook: ExcelJS.Workbook, name: string | undefined): Worksheet | string {
  const sheets = workbook.worksheets;
  const list = sheets.map((s) => JSON.stringify(s.name)).join(', ');
  if (name === undefined) {
    const first = sheets.find((s) => s.state === 'visible') ?? sheets[0];
    return first ?? 'the workbook has no sheets';
  }
  const wanted = name.trim().toLowerCase();
  // Excel's sheet names are unique regardless of case.
  const found =
    sheets.find((s) => s.name === name) ?? sheets.find((s) => s.name.trim().toLowerCase() === wanted);
  return found ?? `the workbook has no sheet ${JSON.stringify(name)}; its sheets are ${list}`;
}

interface CellContext {
  date1904: boolean;
}

/** A date cell's value: a wall clock, or (no date part) a time of day or a length. */
function dateCell(value: Date, { date1904 }: CellContext): ImportCell {
  const wallClockMs = value.getTime();
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const serial = (wallClockMs - epoch) / DAY_MS;
  if (serial >= 0 && serial < 1) return { kind: 'time', ms: Math.round(wallClockMs - epoch) };
  return { kind: 'date', wallClockMs };
}

function plain(value: CellValue, context: CellContext, formula: string | null): ImportCell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateCell(value, context);
  if ('error' in value) {
    return {
      kind: 'error',
      message:
        formula === null
          ? `the cell holds the error ${value.error}`
          : `the formula =${formula} gives the error ${value.error}`,
    };
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : '';
  if ('formula' in value || 'sharedFormula' in value) {
    const text = 'formula' in value ? value.formula : value.sharedFormula;
    if (value.result === undefined) {
      return {
        kind: 'error',
        message: `the formula =${text} has no saved result (the workbook was never calculated); open it in Excel or LibreOffice, save it, and import it again`,
      };
    }
    return plain(value.result, context, text ?? null);
  }
  return '';
}

function readRows(sheet: Worksheet, context: CellContext): ImportRow[] | string {
  const rows: ImportRow[] = [];
  // Set inside exceljs's callbacks, which TypeScript's flow analysis does not follow.
  const found: { problem: string | null } = { problem: null };
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (found.problem !== null || rows.length >= MAX_ROWS_READ) return;
    const fields: ImportCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (found.problem !== null) return;
      if (column > MAX_COLUMNS) {
        found.problem = `row ${rowNumber} of sheet ${JSON.stringify(sheet.name)} has a value in column ${cell.address.replace(/\d+$/, '')}, beyond the ${MAX_COLUMNS} columns this importer reads`;
        return;
      }
      // A merged range's value is its first cell's; the others repeat it in exceljs and are blank in Excel.
      if (cell.isMerged && cell.master !== cell) return;
      while (fields.length < column - 1) fields.push('');
      fields[column - 1] = plain(cell.value, context, null);
    });
    if (fields.some(hasValue)) rows.push({ fields, line: rowNumber });
  });
  return found.problem ?? rows;
}

async function openWorkbook(
  text: string,
): Promise<{ ok: true; workbook: ExcelJS.Workbook } | { ok: false; error: string }> {
  const decoded = decodeWorkbook(text);
  if (!decoded.ok) return decoded;
  const { bytes } = decoded;
  const notWorkbook = notAWorkbook(bytes);
  if (notWorkbook !== null) return refuse(notWorkbook);
  const zip = checkZip(bytes);
  if (!zip.ok) return refuse(zip.error);
  if (!zip.names.includes('xl/workbook.xml')) {
    return refuse(
      'this zip archive is not an Excel workbook (.xlsx) (it has no xl/workbook.xml); an .ods or .numbers file must be saved as .xlsx first',
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings name an older Buffer type; the bytes are what it reads.
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    return refuse(
      `the workbook could not be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return { ok: true, workbook };
}

/** The names of a workbook's sheets in tab order (hidden ones left out), for a sheet picker. */
export async function listWorkbookSheets(
  text: string,
): Promise<{ ok: true; sheets: string[] } | { ok: false; error: string }> {
  const opened = await openWorkbook(text);
  if (!opened.ok) return opened;
  const all = opened.workbook.worksheets;
  const visible = all.filter((s) => s.state === 'visible');
  return { ok: true, sheets: (visible.length > 0 ? visible : all).map((s) => s.name) };
}

/** Reads the named sheet (or the first one) of a workbook sent as base64, refusing what is not one. */
export async function readWorkbookSheet(text: string, sheetName: string | undefined): Promise<WorkbookRead> {
  try {
    return await readSheet(text, sheetName);
  } catch (error) {
    // The command path never throws: whatever exceljs did, the import is refused with its words.
    return refuse(
      `the workbook could not be read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

async function readSheet(text: string, sheetName: string | undefined): Promise<WorkbookRead> {
  const opened = await openWorkbook(text);
  if (!opened.ok) return opened;
  const { workbook } = opened;
  const sheet = chooseSheet(workbook, sheetName);
  if (typeof sheet === 'string') return refuse(sheet);
  const rows = readRows(sheet, { date1904: workbook.properties.date1904 });
  if (typeof rows === 'string') return refuse(rows);
  return { ok: true, sheet: { name: sheet.name, rows } };
}
