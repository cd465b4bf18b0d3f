import ExcelJS from 'exceljs';
import type { Segment, ShowState } from '../../shared/model.js';
import { reportTable } from '../../shared/reportExport.js';
import type { ShowReport } from '../../shared/showReport.js';
import { wallClockAt } from '../../shared/rundownImport/zonedWallClock.js';

/**
 * The rundown and the show report as .xlsx workbooks (exceljs), for a producer who opens them
 * in Excel. Instants are real Excel dates showing the show's local time (Excel dates carry no
 * zone; the zone is in the header and on the Show sheet), so sorting, filtering and =B2+C2/1440
 * work. Text is always written as text, never as a formula, so a chat message like
 * `=HYPERLINK(…)` stays what it was. The rundown's columns are the import's, so an exported
 * rundown imports back as the same rundown.
 */

const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/** An instant as the Excel date that shows its wall clock in `timeZone` (a Date whose UTC fields are it). */
export function excelDateInZone(epochMs: number, timeZone: string): Date {
  return new Date(wallClockAt(epochMs, timeZone));
}

const minutes = (ms: number) => Number((ms / 60_000).toPrecision(15));

/** The import's columns (shared/rundownImport/columns.ts), in the order the CSV docs list them. */
const RUNDOWN_COLUMNS: {
  header: string;
  width: number;
  value: (s: Segment, zone: string) => ExcelJS.CellValue;
}[] = [
  { header: 'session', width: 14, value: (s) => s.session },
  {
    header: 'start_utc',
    width: 20,
    value: (s, zone) => (s.plannedStart === null ? null : excelDateInZone(s.plannedStart, zone)),
  },
  { header: 'duration_min', width: 12, value: (s) => minutes(s.durationMs) },
  { header: 'kind', width: 10, value: (s) => s.kind },
  { header: 'speaker', width: 24, value: (s) => s.speakers.join(' & ') },
  { header: 'title', width: 40, value: (s) => s.title },
  { header: 'notes', width: 30, value: (s) => s.notes },
  { header: 'warning_min', width: 12, value: (s) => minutes(s.warningMs) },
  { header: 'danger_min', width: 12, value: (s) => minutes(s.dangerMs) },
  { header: 'id', width: 12, value: (s) => s.id },
  { header: 'obs_scene', width: 16, value: (s) => s.obs?.scene ?? null },
  { header: 'lower_third_input', width: 18, value: (s) => s.obs?.lowerThird?.inputName ?? null },
  { header: 'lower_third_template', width: 22, value: (s) => s.obs?.lowerThird?.template ?? null },
  { header: 'obs_media', width: 16, value: (s) => s.obs?.media?.inputName ?? null },
  { header: 'start_mode', width: 12, value: (s) => s.startMode ?? null },
  { header: 'end_action', width: 12, value: (s) => s.endAction ?? null },
  { header: 'timer', width: 10, value: (s) => s.timer ?? null },
  {
    header: 'min_duration_min',
    width: 16,
    value: (s) => (s.minDurationMs === undefined ? null : minutes(s.minDurationMs)),
  },
];

async function bytesOf(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Showcaller';
  // Fixed, so the same show gives the same workbook (and no clock leaks into the file).
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  return workbook;
}

/** Sheet "Rundown" (the import's columns; start_utc is a date in the show's zone) and sheet "Show". */
export async function rundownWorkbook(state: ShowState): Promise<Buffer> {
  const zone = state.show.timezone;
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet('Rundown', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = RUNDOWN_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getCell('B1').note = `Local times in ${zone}, the show's zone: an import reads date cells in it.`;
  for (const segment of state.segments) sheet.addRow(RUNDOWN_COLUMNS.map((c) => c.value(segment, zone)));
  sheet.getColumn(2).numFmt = DATE_FORMAT;
  const show = workbook.addWorksheet('Show');
  show.columns = [
    { header: 'setting', width: 20 },
    { header: 'value', width: 40 },
  ];
  show.getRow(1).font = { bold: true };
  show.addRows([
    ['name', state.show.name],
    ['timezone', zone],
    ['display timezones', state.show.displayTimezones.join(', ')],
  ]);
  return bytesOf(workbook);
}

/** The show report's table (the CSV's columns), its times as dates in the show's zone. */
export async function reportWorkbook(report: ShowReport): Promise<Buffer> {
  const zone = report.timezone;
  const { header, rows } = reportTable(report, (ms) => excelDateInZone(ms, zone));
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet('Report', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  sheet.addRows(rows);
  header.forEach((name, index) => {
    const column = sheet.getColumn(index + 1);
    column.width = Math.min(40, Math.max(10, name.length + 2));
    if (rows.some((row) => row[index] instanceof Date)) column.numFmt = DATE_FORMAT;
  });
  return bytesOf(workbook);
}
