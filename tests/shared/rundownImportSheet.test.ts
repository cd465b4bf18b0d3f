// The pure half of the .xlsx import: a sheet's typed cells through the CSV row rules, wall clocks read in a zone.
import { describe, expect, it } from 'vitest';
import type { ImportCell, SheetTable } from '../../shared/rundownImport.js';
import { columnLetter, formatImportErrors, importRundownSheet } from '../../shared/rundownImport.js';
import { instantOfWallClock } from '../../shared/rundownImport/zonedWallClock.js';
import type { ShowInfo } from '../../shared/model.js';

const MIN = 60_000;
const SHOW: ShowInfo = { name: 'Sheet show', timezone: 'Europe/London', displayTimezones: [] };
const HEADER = ['start_utc', 'duration_min', 'title', 'id', 'warning_min'];
const wall = (iso: string) => Date.parse(`${iso}Z`);
const date = (iso: string): ImportCell => ({ kind: 'date', wallClockMs: wall(iso) });

function sheet(rows: ImportCell[][], name = 'Plan'): SheetTable {
  return { name, rows: rows.map((fields, i) => ({ fields, line: i + 1 })) };
}

describe('instantOfWallClock', () => {
  it.each([
    ['Europe/London', '2022-03-27T00:30:00', '2022-03-27T00:30:00Z'],
    ['Europe/London', '2022-03-27T02:30:00', '2022-03-27T01:30:00Z'],
    ['Europe/London', '2022-10-30T01:30:00', '2022-10-30T00:30:00Z'],
    ['Australia/Sydney', '2022-12-15T09:00:00', '2022-12-14T22:00:00Z'],
    ['Australia/Lord_Howe', '2022-04-03T01:45:00', '2022-04-02T14:45:00Z'],
    ['Asia/Kolkata', '2022-12-15T18:00:00', '2022-12-15T12:30:00Z'],
    ['UTC', '2022-12-15T12:30:00.250', '2022-12-15T12:30:00.250Z'],
  ])('reads %s %s as %s', (zone, local, instant) => {
    expect(instantOfWallClock(wall(local), zone)).toEqual({ ok: true, value: Date.parse(instant) });
  });

  it('refuses a time the clocks skip', () => {
    expect(instantOfWallClock(wall('2022-03-27T01:30:00'), 'Europe/London')).toEqual({
      ok: false,
      message:
        '2022-03-27 01:30:00 does not exist in Europe/London (the clocks skip it when they go forward)',
    });
  });
});

describe('importRundownSheet', () => {
  it('names columns by letter, beyond Z too', () => {
    expect([0, 25, 26, 51, 255, 701, 702].map(columnLetter)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'IV',
      'ZZ',
      'AAA',
    ]);
  });

  it('takes time cells as lengths, numbers as minutes, text as CSV text', () => {
    const result = importRundownSheet(
      sheet([
        HEADER,
        [date('2022-12-15T09:00:00'), { kind: 'time', ms: 30 * MIN }, 'Talk', '', 4],
        ['2022-12-15T09:30:00Z', '7.5', 2022, 7, ''],
      ]),
      { show: SHOW },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(
      result.rundown.segments.map((s) => [s.id, s.title, s.plannedStart, s.durationMs, s.warningMs]),
    ).toEqual([
      ['s001', 'Talk', Date.parse('2022-12-15T09:00:00Z'), 30 * MIN, 4 * MIN],
      ['7', '2022', Date.parse('2022-12-15T09:30:00Z'), 7.5 * MIN, 3.75 * MIN],
    ]);
  });

  it('says sheet, row and letter; a cell error once; a duplicate id by its first row', () => {
    const result = importRundownSheet(
      sheet([
        [],
        HEADER,
        [date('2022-12-15T09:00:00'), date('2022-12-15T00:30:00'), 'One', 'x', ''],
        [
          { kind: 'time', ms: 9 * 3600_000 },
          30,
          { kind: 'error', message: 'the cell holds the error #N/A' },
          'x',
          '',
        ],
      ]),
      { show: SHOW },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatImportErrors(result.errors).split('\n')).toEqual([
      'Plan, row 3, column B: duration is a date (2022-12-15 00:30:00), not a number of minutes; format the cell as a number',
      'Plan, row 4, column C: the cell holds the error #N/A',
      'Plan, row 4, column A: a time of day (09:00:00) with no date; give the date too, e.g. 2022-12-15 12:30',
      'Plan, row 4, column D: duplicate id "x" (first used on row 3)',
    ]);
  });

  it('an empty sheet, and a header with no rows, say so with the sheet name', () => {
    const empty = importRundownSheet(sheet([[''], ['  ']]), { show: SHOW });
    const headerOnly = importRundownSheet(sheet([HEADER, ['', '']]), { show: SHOW });
    expect(!empty.ok && formatImportErrors(empty.errors)).toBe('Plan: no segments: the sheet is empty');
    expect(!headerOnly.ok && formatImportErrors(headerOnly.errors)).toBe(
      'Plan: no segments: the sheet has a header but no rows',
    );
  });
});
