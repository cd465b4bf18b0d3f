import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPORT_PATHS } from '../../core/reportDownloads.js';
import { excelDateInZone } from '../../core/xlsx/writeWorkbook.js';
import type { RunningCore } from '../../core/server.js';
import {
  questionsCsv,
  reportCsv,
  reportJson,
  reportMarkdown,
  reportTable,
} from '../../shared/reportExport.js';
import type { Role } from '../../shared/roles.js';
import { buildShowReport } from '../../shared/showReport.js';
import {
  MIN,
  REPORT_CHAPTERS,
  REPORT_SHOW_ID,
  reportShow,
  scheduleReportShow,
  T0,
} from '../shared/reportFixtures.js';
import { startTestCore, tempDir } from './harness.js';
import { writeScheduleJournal, writeScriptedJournal } from './reportJournal.js';

/**
 * The report downloads over HTTP from a real core, whose journal holds the scripted show of
 * tests/shared/reportFixtures.ts: the core restores it, and serves the same bytes the shared
 * exports give for it (those are checked byte for byte in tests/shared/showReport.test.ts).
 */

let data: ReturnType<typeof tempDir>;
let running: RunningCore;

beforeEach(async () => {
  data = tempDir('showcaller-report-');
  await writeScriptedJournal(data.dir);
  running = await startTestCore(data.dir, { showId: REPORT_SHOW_ID });
});

afterEach(async () => {
  await running.close();
  data.remove();
});

function get(pathAndQuery: string, role?: Role, method = 'GET') {
  return fetch(`${running.url}${pathAndQuery}`, {
    method,
    headers: role ? { authorization: `Bearer ${running.tokens[role]}` } : {},
  });
}

/** The body as bytes: `text()` would drop the BOM that Excel needs. */
async function bytes(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer());
}

describe('report downloads over HTTP', () => {
  const state = reportShow();

  it.each([
    [
      '/api/report.csv',
      'text/csv; charset=utf-8',
      'report-show-report.csv',
      () => reportCsv(buildShowReport(state)),
    ],
    [
      '/api/report.md',
      'text/markdown; charset=utf-8',
      'report-show-report.md',
      () => reportMarkdown(buildShowReport(state)),
    ],
    [
      '/api/report.json',
      'application/json; charset=utf-8',
      'report-show-report.json',
      () => reportJson(buildShowReport(state)),
    ],
    [
      '/api/questions.csv',
      'text/csv; charset=utf-8',
      'report-show-questions.csv',
      () => questionsCsv(state, { questionReaction: 'question' }),
    ],
  ])(
    'serves %s as a download, the same bytes as the export of the journaled show',
    async (url, type, file, expected) => {
      for (const role of ['producer', 'backup'] as const) {
        const res = await get(url, role);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(type);
        expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${file}"`);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect((await bytes(res)).equals(Buffer.from(expected(), 'utf8'))).toBe(true);
      }
      const csvBom = url.endsWith('.csv');
      const body = await bytes(await get(url, 'producer'));
      expect(body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(csvBom);
    },
  );

  it('serves the report as an .xlsx workbook: the CSV columns, times as dates in the show zone', async () => {
    const res = await get('/api/report.xlsx', 'producer');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="report-show-report.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await bytes(res)) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.getWorksheet('Report');
    const report = buildShowReport(state);
    const zone = report.timezone;
    const expected = reportTable(report, (ms) => excelDateInZone(ms, zone));
    const values = (row: number) =>
      Array.from(
        { length: expected.header.length },
        (_, i) => sheet?.getRow(row).getCell(i + 1).value ?? null,
      );
    expect(values(1)).toEqual(expected.header);
    expected.rows.forEach((row, index) => {
      expect(values(index + 2)).toEqual(row);
    });
    // Dates show the wall clock of the show's zone, the same text as the CSV's.
    const csvRows = reportCsv(report).split('\r\n');
    const firstStart = sheet?.getRow(2).getCell(5).value;
    expect(firstStart).toBeInstanceOf(Date);
    expect(csvRows[1]).toContain((firstStart as Date).toISOString().slice(0, 19).replace('T', ' '));
  });

  it('serves the YouTube chapters counted from the journaled stream start', async () => {
    const res = await get('/api/chapters.txt', 'producer');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="report-show-chapters.txt"');
    expect(await res.text()).toBe(REPORT_CHAPTERS);
  });

  it('says why there are no chapters (409), and refuses a bad run number (400)', async () => {
    const missing = await get('/api/chapters.txt?run=2', 'producer');
    expect(missing.status).toBe(409);
    expect(await missing.json()).toEqual({
      ok: false,
      status: 409,
      error: 'there is no stream run 2; the stream went live 1 time(s)',
    });
    for (const run of ['0', 'abc', '1.5', '-1', '']) {
      const bad = await get(`/api/chapters.txt?run=${run}`, 'producer');
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/run must be a stream run number/);
    }
  });

  it('is for the producer and the backup only; a missing or bad token is 401', async () => {
    for (const url of REPORT_PATHS) {
      expect((await get(url)).status).toBe(401);
      for (const role of ['mc', 'moderator', 'viewer'] as const) {
        const res = await get(url, role);
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({
          ok: false,
          status: 403,
          error: `the ${role} role may not download the show report`,
        });
      }
      expect((await get(url, 'producer', 'POST')).status).toBe(405);
    }
  });
});

describe('chapters of a show that never went live', () => {
  it('is a 409 with the reason, not an empty list', async () => {
    const fresh = tempDir('showcaller-report-');
    const core = await startTestCore(fresh.dir);
    try {
      const res = await fetch(`${core.url}/api/chapters.txt`, {
        headers: { authorization: `Bearer ${core.tokens.producer}` },
      });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: string }).error).toMatch(/^the stream never went live/);
    } finally {
      await core.close();
      fresh.remove();
    }
  });
});

describe('the report of a journal written command by command (expected starts, sessions)', () => {
  let scheduled: RunningCore;
  let dir: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    dir = tempDir('showcaller-report-schedule-');
    await writeScheduleJournal(dir.dir);
    scheduled = await startTestCore(dir.dir, { showId: REPORT_SHOW_ID });
  });

  afterEach(async () => {
    await scheduled.close();
    dir.remove();
  });

  it('serves the expected starts journaled with each start, and each session against its plan', async () => {
    const res = await fetch(`${scheduled.url}/api/report.json`, {
      headers: { authorization: `Bearer ${scheduled.tokens.producer}` },
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toBe(reportJson(buildShowReport(scheduleReportShow())));
    const report = JSON.parse(body) as ReturnType<typeof buildShowReport>;
    expect(report.segments.map((s) => [s.id, s.expectedStart, s.startDelayMs])).toEqual([
      ['welcome', T0, -MIN],
      ['talk-a', T0 + 12 * MIN, MIN],
      ['panel', T0 + 40 * MIN, 0],
      ['qa', null, null],
    ]);
    expect(report.sessions.map((s) => [s.name, s.endDelayMs])).toEqual([
      ['Morning', 10 * MIN],
      ['Afternoon', -15 * MIN],
    ]);
  });
});
