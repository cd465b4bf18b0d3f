/**
 * What an .xlsx rundown import costs next to the same rows as CSV: 2,000 segments, each
 * imported 7 times (after a warm-up); medians. The xlsx time is the core's whole path (zip
 * check, exceljs, the row importer); the CSV time is the pure CSV importer. Standalone, not part
 * of `npm run bench`: `npx tsx bench/xlsxImport.ts`.
 */
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { readWorkbookSheet } from '../core/xlsx/readWorkbook.js';
import type { ShowInfo } from '../shared/model.js';
import { importRundownCsv, importRundownSheet } from '../shared/rundownImport.js';

const ROWS = 2000;
const RUNS = 7;
const SHOW: ShowInfo = { name: 'Bench', timezone: 'America/New_York', displayTimezones: [] };
const HEADER = ['session', 'start_utc', 'duration_min', 'kind', 'speaker', 'title', 'notes'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  await run();
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    runs.push(performance.now() - start);
  }
  return median(runs);
}

const starts = Array.from({ length: ROWS }, (_, i) => Date.UTC(2022, 11, 15, 14) + i * 5 * 60_000);
const workbook = new ExcelJS.Workbook();
const sheet = workbook.addWorksheet('Rundown');
sheet.addRow(HEADER);
const csvLines = [HEADER.join(',')];
starts.forEach((start, i) => {
  const local = new Date(start - 5 * 3600_000); // New York in December: UTC-5
  sheet.addRow([
    `Session ${Math.floor(i / 100) + 1}`,
    local,
    5,
    'lightning',
    `Speaker ${i + 1}`,
    `Talk ${i + 1}`,
    'Notes',
  ]);
  csvLines.push(
    `Session ${Math.floor(i / 100) + 1},${new Date(start).toISOString()},5,lightning,Speaker ${i + 1},Talk ${i + 1},Notes`,
  );
});
sheet.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm';
const text = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
const csv = csvLines.join('\n');

const xlsxMs = await time(async () => {
  const read = await readWorkbookSheet(text, undefined);
  if (!read.ok) throw new Error(read.error);
  const result = importRundownSheet(read.sheet, { show: SHOW });
  if (!result.ok || result.rundown.segments.length !== ROWS) throw new Error('xlsx import failed');
});
const csvMs = await time(() => {
  const result = importRundownCsv(csv, { show: SHOW });
  if (!result.ok || result.rundown.segments.length !== ROWS) throw new Error('csv import failed');
  return Promise.resolve();
});
console.log(
  `${ROWS} rows: workbook ${Math.round((text.length * 3) / 4 / 1024)} KB, CSV ${Math.round(csv.length / 1024)} KB`,
);
console.log(
  `xlsx import ${xlsxMs.toFixed(1)} ms, CSV import ${csvMs.toFixed(1)} ms (median of ${RUNS}); ratio ${(xlsxMs / csvMs).toFixed(1)}×`,
);
