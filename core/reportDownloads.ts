import type { ShowState } from '../shared/model.js';
import { questionsCsv, reportCsv, reportJson, reportMarkdown } from '../shared/reportExport.js';
import { buildShowReport } from '../shared/showReport.js';
import { youtubeChapters } from '../shared/youtubeChapters.js';
import { reportWorkbook, rundownWorkbook } from './xlsx/writeWorkbook.js';

/**
 * The show report's files as the HTTP API serves them (GET /api/report.csv and friends): the
 * exports of shared/reportExport.ts and shared/youtubeChapters.ts with a type and a file name,
 * and the report and the rundown as Excel workbooks (core/xlsx/writeWorkbook.ts).
 */

export const REPORT_PATHS = [
  '/api/report.csv',
  '/api/report.md',
  '/api/report.json',
  '/api/report.xlsx',
  '/api/rundown.xlsx',
  '/api/questions.csv',
  '/api/chapters.txt',
] as const;
export type ReportPath = (typeof REPORT_PATHS)[number];

export function isReportPath(pathname: string): pathname is ReportPath {
  return (REPORT_PATHS as readonly string[]).includes(pathname);
}

export type ReportDownload =
  | { ok: true; contentType: string; filename: string; body: string | Buffer }
  | { ok: false; status: 400 | 409; error: string };

const CSV = 'text/csv; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function reportDownload(
  pathname: ReportPath,
  query: URLSearchParams,
  state: ShowState,
  options: { showId: string; questionReaction: string },
): Promise<ReportDownload> {
  // The show id names the file; keep it to characters every file system and header accepts.
  const base = options.showId.replace(/[^A-Za-z0-9_-]/g, '_');
  switch (pathname) {
    case '/api/report.csv':
      return {
        ok: true,
        contentType: CSV,
        filename: `${base}-report.csv`,
        body: reportCsv(buildShowReport(state)),
      };
    case '/api/report.md':
      return {
        ok: true,
        contentType: 'text/markdown; charset=utf-8',
        filename: `${base}-report.md`,
        body: reportMarkdown(buildShowReport(state)),
      };
    case '/api/report.json':
      return {
        ok: true,
        contentType: 'application/json; charset=utf-8',
        filename: `${base}-report.json`,
        body: reportJson(buildShowReport(state)),
      };
    case '/api/report.xlsx':
      return {
        ok: true,
        contentType: XLSX,
        filename: `${base}-report.xlsx`,
        body: await reportWorkbook(buildShowReport(state)),
      };
    case '/api/rundown.xlsx':
      return {
        ok: true,
        contentType: XLSX,
        filename: `${base}-rundown.xlsx`,
        body: await rundownWorkbook(state),
      };
    case '/api/questions.csv':
      return {
        ok: true,
        contentType: CSV,
        filename: `${base}-questions.csv`,
        body: questionsCsv(state, { questionReaction: options.questionReaction }),
      };
    case '/api/chapters.txt': {
      const runText = query.get('run');
      if (runText !== null && !/^[1-9][0-9]{0,3}$/.test(runText)) {
        return {
          ok: false,
          status: 400,
          error: `run must be a stream run number (1, 2, …), got "${runText}"`,
        };
      }
      const result = youtubeChapters(state, { run: runText === null ? undefined : Number(runText) });
      if (!result.ok) return { ok: false, status: 409, error: result.error };
      const suffix = result.runs > 1 ? `-run${result.run}` : '';
      return {
        ok: true,
        contentType: 'text/plain; charset=utf-8',
        filename: `${base}-chapters${suffix}.txt`,
        body: result.text,
      };
    }
    default:
      return pathname satisfies never;
  }
}
