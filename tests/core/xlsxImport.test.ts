// Importing .xlsx rundowns through a real core over HTTP: workbooks written here with exceljs, dates in a zone with DST, refusals that change nothing.
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import type { ShowInfo } from '../../shared/model.js';
import { httpApiOf, journalText, startTestCore, tempDir } from './harness.js';

const MIN = 60_000;
const NEW_YORK: ShowInfo = { name: 'Spring show', timezone: 'America/New_York', displayTimezones: [] };
const HEADER = ['session', 'start_utc', 'duration_min', 'kind', 'speaker', 'title'];

let data: ReturnType<typeof tempDir>;
let running: RunningCore;
const { post, state } = httpApiOf(() => running);

beforeEach(async () => {
  data = tempDir('showcaller-xlsx-');
  running = await startTestCore(data.dir);
});

afterEach(async () => {
  await running.close();
  data.remove();
});

async function base64Of(workbook: ExcelJS.Workbook): Promise<string> {
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

/** A workbook with one sheet of these rows (a Date is a date cell, formatted as Excel does). */
function sheetWith(rows: unknown[][], name = 'Sheet1', workbook = new ExcelJS.Workbook()): ExcelJS.Workbook {
  const sheet = workbook.addWorksheet(name);
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm';
  return workbook;
}

/** Excel's wall clock (no zone) as exceljs takes it: a Date whose UTC fields are the local time. */
const wall = (iso: string) => new Date(`${iso}Z`);

function importXlsx(text: string, sheet?: string) {
  return post({ type: 'importRundown', format: 'xlsx', text, show: NEW_YORK, ...(sheet ? { sheet } : {}) });
}

/** A refusal: a 400 with the reason, and the show and its journal exactly as before. */
async function expectRefused(send: () => Promise<{ status: number; body: { error?: string } }>) {
  const before = await state();
  const result = await send();
  expect(result.status).toBe(400);
  const after = await state();
  expect(after.seq).toBe(before.seq);
  expect(after.state).toEqual(before.state);
  return result.body.error ?? '';
}

describe('xlsx import', () => {
  it('reads date cells in the show zone across a DST change, text times by the CSV rules, formulas by their result', async () => {
    const workbook = sheetWith([
      HEADER,
      ['Morning', wall('2022-03-12T09:00:00'), 30, 'talk', 'Ada Lovelace', 'Before the change'],
      [
        'Morning',
        wall('2022-03-13T01:30:00'),
        { formula: '15*2', result: 30 },
        'talk',
        'Grace Hopper',
        'Just before',
      ],
      ['Morning', wall('2022-03-13T03:30:00'), 7.5, 'lightning', '', 'Just after'],
      ['Evening', '2022-03-13T20:00:00-04:00', 45, 'talk', 'Alan Kay', 'Text time'],
      ['Evening', wall('2022-11-06T01:30:00'), 10, 'break', '', 'Twice on the clock'],
    ]);
    // A length typed as a time (0:40) is a time cell: 40 minutes.
    const sheet = workbook.getWorksheet('Sheet1');
    if (sheet) {
      sheet.getCell('C5').value = new Date(Date.UTC(1899, 11, 30, 0, 40));
      sheet.getCell('C5').numFmt = 'h:mm';
    }
    const imported = await importXlsx(await base64Of(workbook));
    expect(imported.body.error).toBeUndefined();
    expect(imported.status).toBe(200);
    const { state: after } = await state();
    expect(after.show).toEqual(NEW_YORK);
    expect(after.segments.map((s) => [s.title, s.plannedStart, s.durationMs])).toEqual([
      ['Before the change', Date.parse('2022-03-12T14:00:00Z'), 30 * MIN],
      ['Just before', Date.parse('2022-03-13T06:30:00Z'), 30 * MIN],
      ['Just after', Date.parse('2022-03-13T07:30:00Z'), 7.5 * MIN],
      ['Text time', Date.parse('2022-03-14T00:00:00Z'), 40 * MIN],
      // 01:30 happens twice on 6 November: the first, still daylight time (UTC-4).
      ['Twice on the clock', Date.parse('2022-11-06T05:30:00Z'), 10 * MIN],
    ]);
    expect(after.segments[0]).toMatchObject({ id: 's001', session: 'Morning', speakers: ['Ada Lovelace'] });
  });

  it('journals the imported rundown, not the workbook: a restart replays it as it was', async () => {
    const workbook = sheetWith([HEADER, ['S1', wall('2022-12-15T09:00:00'), 30, 'talk', 'Ada', 'One']]);
    expect((await importXlsx(await base64Of(workbook))).status).toBe(200);
    const before = await state();
    const journal = journalText(data.dir, before.showId);
    const last = JSON.parse(journal.trim().split('\n').at(-1) ?? '{}') as { events: { type: string }[] };
    expect(last.events.map((e) => e.type)).toContain('rundownImported');
    expect(journal).not.toContain('UEsDB'); // no workbook bytes (base64 of "PK\x03\x04")
    await running.close();
    running = await startTestCore(data.dir);
    const after = await state();
    expect(after.seq).toBe(before.seq);
    expect(after.state.segments).toEqual(before.state.segments);
  });

  it('takes a merged header cell once, and ignores empty trailing rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Run of show');
    sheet.addRow(['session', 'start_utc', 'duration_min', 'title', '', 'notes']);
    // "title" spans D:E; exceljs gives the merged cells the first one's value, Excel shows it once.
    sheet.mergeCells('D1:E1');
    sheet.addRow(['S1', '2022-12-15T12:30:00Z', '30', 'Keynote', '', 'Doors at 12:00']);
    sheet.addRow(['S1', '2022-12-15T13:00:00Z', 25, 'Second talk']);
    // Trailing rows that only look used: blanks, spaces and formatting.
    sheet.addRow(['', '  ', '']);
    sheet.getRow(10).getCell(1).numFmt = '0.00';
    sheet.getRow(11).getCell(2).value = '';
    const imported = await importXlsx(await base64Of(workbook));
    expect(imported.body.error).toBeUndefined();
    const { state: after } = await state();
    expect(after.segments.map((s) => [s.title, s.notes])).toEqual([
      ['Keynote', 'Doors at 12:00'],
      ['Second talk', ''],
    ]);
  });

  it('reads a named sheet, and names the sheets when the name is wrong', async () => {
    const workbook = sheetWith([['Just notes, no rundown here']], 'Notes');
    sheetWith(
      [HEADER, ['Day 1', wall('2022-12-15T09:00:00'), 30, 'talk', 'Ada', 'Opening']],
      'Day 1',
      workbook,
    );
    const text = await base64Of(workbook);
    const wrong = await expectRefused(() => importXlsx(text, 'Day 2'));
    expect(wrong).toBe('not imported: the workbook has no sheet "Day 2"; its sheets are "Notes", "Day 1"');
    const first = await expectRefused(() => importXlsx(text));
    expect(first).toContain('Notes, row 1, column start_utc: missing required column start_utc');
    expect((await importXlsx(text, 'day 1')).status).toBe(200);
    expect((await state()).state.segments.map((s) => s.plannedStart)).toEqual([
      Date.parse('2022-12-15T14:00:00Z'),
    ]);
  });

  it("lists a workbook's sheets for the picker, for those who may import only", async () => {
    const workbook = sheetWith([['notes']], 'Notes');
    sheetWith([HEADER], 'Day 1', workbook);
    workbook.addWorksheet('Hidden').state = 'hidden';
    const text = await base64Of(workbook);
    const ask = (role: 'producer' | 'mc', body: unknown) =>
      fetch(`${running.url}/api/workbook-sheets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${running.tokens[role]}` },
        body: JSON.stringify(body),
      });
    const listed = await ask('producer', { text });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ ok: true, sheets: ['Notes', 'Day 1'] });
    expect((await ask('mc', { text })).status).toBe(403);
    const bad = await ask('producer', { text: randomBytes(100).toString('base64') });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe(
      'not imported: this file is not an Excel workbook (.xlsx): it is not a zip archive',
    );
    expect((await ask('producer', { text, extra: 1 })).status).toBe(400);
  });

  it('reports every bad cell by sheet, row and column letter, and changes nothing', async () => {
    const workbook = sheetWith([
      ['Planning sheet', '', '', '', '', ''],
      [],
      HEADER,
      ['S1', wall('2022-12-15T09:00:00'), 'half an hour', 'talk', 'Ada', 'One'],
      ['S1', '2022-12-15 09:30', 30, 'keynote', 'Bob', 'Two'],
      ['S1', 44910.5, { formula: 'B4+1' }, 'talk', 'Cy', 'Three'],
      [
        'S1',
        wall('2022-03-13T02:30:00'),
        { formula: '1/0', result: { error: '#DIV/0!' } },
        'workshop',
        'Di',
        'Four',
      ],
    ]);
    // Above the header, a title row merged across the columns: skipped; the rows keep their numbers.
    const sheet = workbook.getWorksheet('Sheet1');
    sheet?.mergeCells('A1:F1');
    const titled = await expectRefused(async () => importXlsx(await base64Of(workbook)));
    expect(titled.split('\n')[0]).toBe(
      'Sheet1, row 4, column C: duration is not a number of minutes ("half an hour")',
    );

    sheet?.unMergeCells('A1:F1');
    sheet?.spliceRows(1, 2);
    // A plain number where a time belongs (the column is date-formatted; this cell is not).
    if (sheet) sheet.getCell('B4').numFmt = 'General';
    const error = await expectRefused(async () => importXlsx(await base64Of(workbook)));
    expect(error.split('\n')).toEqual([
      'Sheet1, row 2, column C: duration is not a number of minutes ("half an hour")',
      'Sheet1, row 3, column B: "2022-12-15 09:30" has no time zone; add Z for UTC or an offset such as +01:00, or make the cell a date (read in America/New_York)',
      'Sheet1, row 4, column C: the formula =B4+1 has no saved result (the workbook was never calculated); open it in Excel or LibreOffice, save it, and import it again',
      'Sheet1, row 4, column B: a number (44910.5), not a date and time; format the cell as a date, or write the time as text like 2022-12-15T12:30:00Z',
      'Sheet1, row 5, column C: the formula =1/0 gives the error #DIV/0!',
      'Sheet1, row 5, column B: 2022-03-13 02:30:00 does not exist in America/New_York (the clocks skip it when they go forward)',
      'Sheet1, row 5, column D: unknown kind "workshop"; use one of keynote, talk, lightning, break, panel, other (empty means talk)',
    ]);
  });

  it('imports a 2,000-row sheet, and refuses 2,001 rows by the row that is too many', async () => {
    const rows = (count: number) => [
      HEADER,
      ...Array.from({ length: count }, (_, i) => [
        `Session ${Math.floor(i / 100) + 1}`,
        wall(new Date(Date.UTC(2022, 11, 15, 9) + i * 5 * MIN).toISOString().slice(0, 19)),
        5,
        'lightning',
        `Speaker ${i + 1}`,
        `Talk ${i + 1}`,
      ]),
    ];
    // Title rows above the header do not hide the row that is one too many.
    const titled = [['Run of show'], ['Day 1'], ['  '], ...rows(2001)];
    const big = await expectRefused(async () => importXlsx(await base64Of(sheetWith(titled))));
    expect(big).toBe('Sheet1, row 2005: too many segments: a rundown holds at most 2000');
    const imported = await importXlsx(await base64Of(sheetWith(rows(2000))));
    expect(imported.status).toBe(200);
    const { state: after } = await state();
    expect(after.segments).toHaveLength(2000);
    expect(after.segments[1999]).toMatchObject({
      id: 's2000',
      title: 'Talk 2000',
      plannedStart: Date.parse('2022-12-15T14:00:00Z') + 1999 * 5 * MIN,
    });
  }, 60_000);

  it('refuses what is not an xlsx workbook, with the reason, and changes nothing', async () => {
    const csv = Buffer.from(`${HEADER.join(',')}\nS1,2022-12-15T12:30:00Z,30,talk,Ada,One\n`).toString(
      'base64',
    );
    expect(await expectRefused(() => importXlsx(csv))).toBe(
      'not imported: this file is text, not an Excel workbook (.xlsx); if it is a CSV, name it .csv and import it as CSV',
    );
    expect(await expectRefused(() => importXlsx(randomBytes(5000).toString('base64')))).toBe(
      'not imported: this file is not an Excel workbook (.xlsx): it is not a zip archive',
    );
    expect(await expectRefused(() => importXlsx('this is not base64!'))).toBe(
      'not imported: an xlsx import carries the workbook as base64 text',
    );
    expect(await expectRefused(() => importXlsx('UEsD'))).toBe(
      'not imported: this file is not an Excel workbook (.xlsx): it is not a zip archive',
    );
    expect(await expectRefused(() => importXlsx(''))).toBe('not imported: the file is empty');
    // A zip that is not a workbook, and one cut short.
    const real = Buffer.from(await base64Of(sheetWith([HEADER])), 'base64');
    const cut = real.subarray(0, Math.floor(real.length / 2)).toString('base64');
    expect(await expectRefused(() => importXlsx(cut))).toBe(
      'not imported: the file is damaged: its zip directory is missing',
    );
  });

  it('refuses a zip bomb-sized sheet before reading it', async () => {
    // 40 MB of one repeated cell packs into a few hundred KB.
    const workbook = sheetWith([
      HEADER,
      ['S1', '2022-12-15T12:30:00Z', 30, 'talk', 'Ada', 'x'.repeat(40 * 1024 * 1024)],
    ]);
    const text = await base64Of(workbook);
    expect(text.length).toBeLessThan(1024 * 1024);
    expect(await expectRefused(() => importXlsx(text))).toMatch(
      /^not imported: the workbook unpacks to more than 16 MB \(its parts say \d+ MB\); a rundown sheet is far smaller/,
    );
  }, 60_000);
});

describe('xlsx export', () => {
  async function download(path: string) {
    const res = await fetch(`${running.url}${path}`, {
      headers: { authorization: `Bearer ${running.tokens.producer}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    return Buffer.from(await res.arrayBuffer());
  }

  it('exports the rundown with local-time dates that import back as the same rundown', async () => {
    // A rundown using every column, in a zone with DST, to start from.
    const workbook = sheetWith([
      [
        ...HEADER,
        'notes',
        'warning_min',
        'danger_min',
        'id',
        'obs_scene',
        'lower_third_input',
        'obs_media',
        'start_mode',
        'end_action',
        'timer',
        'min_duration_min',
      ],
      [
        'Day 1',
        wall('2022-03-13T01:30:00'),
        30,
        'keynote',
        'Ada & Grace',
        'Opening',
        'Doors 9:00',
        4,
        0.5,
        'open',
        'Stage',
        'Lower third',
        '',
        'hard',
        'next',
        'countup',
        20,
      ],
      [
        'Day 1',
        wall('2022-03-13T03:30:00'),
        7.25,
        'lightning',
        'Bob',
        'Lightning',
        '',
        '',
        '',
        '',
        '',
        '',
        'Intro clip',
        'follow',
        '',
        '',
        '',
      ],
      [
        'Day 1',
        wall('2022-03-13T04:00:00'),
        15,
        'break',
        '',
        '=Coffee',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        'clock',
        '',
      ],
    ]);
    expect((await importXlsx(await base64Of(workbook))).status).toBe(200);
    const before = (await state()).state;

    const bytes = await download('/api/rundown.xlsx');
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(bytes as unknown as Parameters<typeof read.xlsx.load>[0]);
    const sheet = read.getWorksheet('Rundown');
    // What a producer sees in Excel: New York wall clock, as a real date.
    expect(sheet?.getCell('B2').value).toEqual(wall('2022-03-13T01:30:00'));
    expect(sheet?.getCell('B3').value).toEqual(wall('2022-03-13T03:30:00'));
    expect(sheet?.getCell('F4').value).toBe('=Coffee');
    expect(read.getWorksheet('Show')?.getCell('B3').value).toBe('America/New_York');

    // Wipe it with a CSV, then import the export back.
    const csv = `${HEADER.join(',')}\nS,2022-01-01T00:00:00Z,5,talk,X,Placeholder\n`;
    expect((await post({ type: 'importRundown', format: 'csv', text: csv })).status).toBe(200);
    const again = await importXlsx(bytes.toString('base64'));
    expect(again.body.error).toBeUndefined();
    expect((await state()).state.segments).toEqual(before.segments);
  });
});
