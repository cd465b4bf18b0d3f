// The rundown importers' public API; the work is done in shared/rundownImport/, one job per file.
export type { ImportError, ImportResult } from './rundownImport/errors.js';
export { formatImportErrors, MAX_IMPORT_ERRORS, MAX_RUNDOWN_BYTES } from './rundownImport/errors.js';
export { defaultThresholds } from './rundownImport/cells.js';
export { DEFAULT_LOWER_THIRD_TEMPLATE } from './rundownImport/columns.js';
export { importRundownCsv } from './rundownImport/csvImport.js';
export { importRundownJson } from './rundownImport/jsonImport.js';
export type { ImportCell } from './rundownImport/rowCells.js';
export type { SheetTable } from './rundownImport/sheetImport.js';
export { columnLetter, importRundownSheet, MAX_XLSX_BYTES } from './rundownImport/sheetImport.js';
