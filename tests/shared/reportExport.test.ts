import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { reportCsv, reportJson, reportMarkdown } from '../../shared/reportExport.js';
import type { ShowReport } from '../../shared/showReport.js';
import { buildShowReport } from '../../shared/showReport.js';
import { MIN, scheduleReportShow, T0 } from './reportFixtures.js';

/**
 * The schedule columns of the report's files (expected start, start and end delays, sessions),
 * for the show of scheduleReportRecords: welcome started early, talk-a late, Morning overran,
 * qa never started. The columns of the older scripted show are checked in showReport.test.ts.
 */

const Z = 'America/New_York';
const report = buildShowReport(scheduleReportShow());

describe('the report CSV', () => {
  const rows: string[][] = parse(reportCsv(report), { bom: true });
  const header = rows[0]!;
  const column = (name: string) => header.indexOf(name);
  const cells = (title: string, ...names: string[]) => {
    const row = rows.find((r) => r[0] === title || r[1] === title)!;
    return names.map((name) => row[column(name)]);
  };

  it('has the expected start, start delay and end delay of each segment', () => {
    const names = [`Expected start (${Z})`, `Actual start (${Z})`, 'Start delay (s)', 'End delay (s)'];
    expect(cells('welcome', ...names)).toEqual(['2022-12-15 07:30:00', '2022-12-15 07:29:00', '-60', '60']);
    expect(cells('talk-a', ...names)).toEqual(['2022-12-15 07:42:00', '2022-12-15 07:41:00', '60', '600']);
    expect(cells('panel', ...names)).toEqual(['2022-12-15 08:10:00', '2022-12-15 08:10:00', '0', '-300']);
    expect(cells('qa', ...names)).toEqual(['', '', '', '']);
  });

  it('ends with a row per session: planned and actual end, and the difference', () => {
    const names = [`Planned end (${Z})`, `Actual end (${Z})`, 'End delay (s)', 'Session'];
    expect(rows.slice(-2).map((r) => r[1])).toEqual(['Session: Morning', 'Session: Afternoon']);
    expect(cells('Session: Morning', ...names)).toEqual([
      '2022-12-15 08:00:00',
      '2022-12-15 08:10:00',
      '600',
      'Morning',
    ]);
    expect(cells('Session: Afternoon', ...names)).toEqual([
      '2022-12-15 08:50:00',
      '2022-12-15 08:35:00',
      '-900',
      'Afternoon',
    ]);
    expect(rows.every((r) => r.length === header.length)).toBe(true);
  });
});

describe('the report Markdown', () => {
  const markdown = reportMarkdown(report);

  it('shows the expected start and the start delay beside the planned and actual starts', () => {
    const line = (id: string) => markdown.split('\n').find((l) => l.startsWith(`| Title of ${id} |`));
    expect(line('welcome')).toBe(
      '| Title of welcome | 07:30:00 | 07:30:00 | 07:29:00 | −1:00 | 07:40:00 | 07:41:00 | 12:00 | +2:00 | 0 | 0 | 0 |',
    );
    expect(line('talk-a')).toBe(
      '| Title of talk-a | 07:40:00 | 07:42:00 | 07:41:00 | +1:00 | 08:00:00 | 08:10:00 | 29:00 | +9:00 | 0 | 0 | 0 |',
    );
    expect(line('qa')).toBe('| Title of qa | 08:40:00 |  |  |  | 08:50:00 |  |  |  | 0 | 0 | 0 |');
  });

  it('has a sessions table', () => {
    expect(markdown).toContain(
      [
        '## Sessions',
        '',
        '| Session | Planned end | Actual end | Difference |',
        '| --- | --- | --- | ---: |',
        '| Morning | 08:00:00 | 08:10:00 | +10:00 |',
        '| Afternoon | 08:50:00 | 08:35:00 | −15:00 |',
        '',
      ].join('\n'),
    );
  });
});

describe('the report JSON', () => {
  const json = JSON.parse(reportJson(report)) as ShowReport;

  it('is the report as built, instants in epoch ms', () => {
    expect(json).toEqual(report);
    expect(json.segments.map((s) => [s.id, s.expectedStart, s.startDelayMs])).toEqual([
      ['welcome', T0, -MIN],
      ['talk-a', T0 + 12 * MIN, MIN],
      ['panel', T0 + 40 * MIN, 0],
      ['qa', null, null],
    ]);
    expect(json.sessions.map((s) => [s.name, s.plannedEnd, s.actualEnd, s.endDelayMs])).toEqual([
      ['Morning', T0 + 30 * MIN, T0 + 40 * MIN, 10 * MIN],
      ['Afternoon', T0 + 80 * MIN, T0 + 65 * MIN, -15 * MIN],
    ]);
  });
});
