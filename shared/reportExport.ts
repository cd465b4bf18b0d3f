// The browser build, as for csv-parse in rundownImport/csvRecords.ts: it needs no Node Buffer or stream.
import { stringify } from 'csv-stringify/browser/esm/sync';
import { formatClockDuration, formatSignedDrift } from './durationText.js';
import type { ShowState } from './model.js';
import type { Question } from './questions.js';
import { votesOf } from './questions.js';
import type { SegmentReport, ShowReport } from './showReport.js';
import { zonedParts } from './zonedParts.js';

/**
 * The show report as files: CSV for spreadsheets, Markdown for a post-show write-up, JSON for
 * tools, and the questions as CSV for speakers to follow up. Times are in the show's own zone
 * (CSV, Markdown) or epoch ms (JSON).
 *
 * CSV is written by csv-stringify with `escape_formulas`: a text cell that starts with `=`, `+`,
 * `-`, `@`, tab or CR (or their full-width forms) gets a leading `'`, so a chat message like
 * `=HYPERLINK(…)` stays text in Excel or Sheets (OWASP, "CSV Injection"). Numbers we compute
 * (a negative overrun) are numbers, not text, and are left as they are.
 */

type Cell = string | number | null;

function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return stringify([header, ...rows], {
    escape_formulas: true,
    // RFC 4180 line ends, and a BOM so Excel reads the names in UTF-8.
    record_delimiter: 'windows',
    // …and still quote a cell holding a lone \n or \r (a multi-line chat message): giving
    // record_delimiter turns that off by default, and readers would split the row there.
    quote_record_delimiter: true,
    bom: true,
  });
}

/** "2022-12-15 07:30:00" in the zone: what spreadsheets read as a date and time. */
export function formatDateTimeInZone(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

function formatTimeOfDay(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  return `${p.hour}:${p.minute}:${p.second}`;
}

const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 1000));

const difference = (a: number | null, b: number | null): number | null =>
  a !== null && b !== null ? a - b : null;

const UNASSIGNED_LABEL = 'Between segments / filler bank';
const TOTAL_LABEL = 'Total';
const SESSION_LABEL = 'Session';

export function reportCsv(report: ShowReport): string {
  const zone = report.timezone;
  const { header, rows } = reportTable(report, (ms) => formatDateTimeInZone(ms, zone));
  return toCsv(header, rows);
}

/**
 * The report's table (reportCsv's columns and rows), with each instant as `time` writes it: text
 * in the show's zone for CSV, a spreadsheet date for .xlsx (core/xlsx/writeWorkbook.ts).
 */
export function reportTable<T>(
  report: ShowReport,
  time: (epochMs: number) => T,
): { header: string[]; rows: (Cell | T)[][] } {
  const zone = report.timezone;
  const at = (ms: number | null) => (ms === null ? null : time(ms));
  const header = [
    'Segment',
    'Title',
    'Kind',
    'Speakers',
    `Planned start (${zone})`,
    `Planned end (${zone})`,
    `Actual start (${zone})`,
    `Actual end (${zone})`,
    'Planned (s)',
    'Actual (s)',
    'Overrun (s)',
    'Start delay (s)',
    'Messages',
    'Questions asked',
    'Questions answered',
    'Session',
    `Expected start (${zone})`,
    'End delay (s)',
  ];
  const rows: (Cell | T)[][] = report.segments.map((s) => [
    s.id,
    s.title,
    s.kind,
    s.speakers.join('; '),
    at(s.plannedStart),
    at(s.plannedEnd),
    at(s.actualStart),
    at(s.actualEnd),
    seconds(s.plannedMs),
    seconds(s.actualMs),
    seconds(s.overrunMs),
    seconds(s.startDelayMs),
    s.messages,
    s.questionsAsked,
    s.questionsAnswered,
    s.session,
    at(s.expectedStart),
    seconds(s.endDelayMs),
  ]);
  const { unassigned, totals } = report;
  rows.push([
    null,
    UNASSIGNED_LABEL,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    unassigned.messages,
    unassigned.questionsAsked,
    unassigned.questionsAnswered,
    null,
    null,
    null,
  ]);
  rows.push([
    null,
    TOTAL_LABEL,
    null,
    null,
    null,
    null,
    at(report.showStartedAt),
    at(report.showEndedAt),
    seconds(totals.plannedMs),
    seconds(totals.actualMs),
    seconds(totals.overrunMs),
    null,
    totals.messages,
    totals.questionsAsked,
    totals.questionsAnswered,
    null,
    null,
    null,
  ]);
  // A row per session after the total: its planned and actual span, and how late it ended.
  for (const session of report.sessions) {
    rows.push([
      null,
      `${SESSION_LABEL}: ${session.name}`,
      null,
      null,
      at(session.plannedStart),
      at(session.plannedEnd),
      at(session.actualStart),
      at(session.actualEnd),
      null,
      null,
      null,
      seconds(difference(session.actualStart, session.plannedStart)),
      null,
      null,
      null,
      session.name,
      null,
      seconds(session.endDelayMs),
    ]);
  }
  return { header, rows };
}

/** The report as it is built (showReport.ts): instants in epoch ms, durations in ms, null for "none". */
export function reportJson(report: ShowReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Text in a Markdown table cell: on one line, with Markdown's own characters taken literally. */
function mdCell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\|*_`[\]<>#~]/g, (c) => `\\${c}`);
}

function segmentLabel(s: SegmentReport): string {
  const title = s.title.trim() || s.id;
  return s.speakers.length > 0 ? `${title} (${s.speakers.join(', ')})` : title;
}

export function reportMarkdown(report: ShowReport): string {
  const zone = report.timezone;
  const time = (ms: number | null) => (ms === null ? '' : formatTimeOfDay(ms, zone));
  const drift = (ms: number | null) => (ms === null ? '' : formatSignedDrift(ms));
  const { totals, unassigned } = report;
  const lines: string[] = [];
  lines.push(`# Show report: ${mdCell(report.showName)}`, '');
  const started =
    report.showStartedAt === null ? 'not started' : formatDateTimeInZone(report.showStartedAt, zone);
  const ended = report.showEndedAt === null ? 'not ended' : formatDateTimeInZone(report.showEndedAt, zone);
  lines.push(`Times in ${zone}. Show started: ${started}; ended: ${ended}.`, '');
  lines.push(
    '| Segment | Planned start | Expected start | Actual start | Start delay | Planned end | Actual end | Ran | Overrun | Messages | Questions | Answered |',
    '| --- | --- | --- | --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const s of report.segments) {
    lines.push(
      `| ${[
        mdCell(segmentLabel(s)),
        time(s.plannedStart),
        time(s.expectedStart),
        time(s.actualStart),
        drift(s.startDelayMs),
        time(s.plannedEnd),
        time(s.actualEnd),
        s.actualMs === null ? '' : formatClockDuration(s.actualMs),
        drift(s.overrunMs),
        s.messages,
        s.questionsAsked,
        s.questionsAnswered,
      ].join(' | ')} |`,
    );
  }
  lines.push(
    `| ${UNASSIGNED_LABEL} |  |  |  |  |  |  |  |  | ${unassigned.messages} | ${unassigned.questionsAsked} | ${unassigned.questionsAnswered} |`,
    '',
    '## Sessions',
    '',
    '| Session | Planned end | Actual end | Difference |',
    '| --- | --- | --- | ---: |',
    ...report.sessions.map(
      (session) =>
        `| ${[mdCell(session.name), time(session.plannedEnd), time(session.actualEnd), drift(session.endDelayMs)].join(' | ')} |`,
    ),
    '',
    '## Totals',
    '',
    `- Segments: ${totals.segments} in the rundown, ${totals.segmentsRun} started, ${totals.segmentsFinished} finished`,
    `- Planned time: ${formatClockDuration(totals.plannedMs)}; the finished segments ran ${formatClockDuration(totals.actualMs)} (${formatSignedDrift(totals.overrunMs)} against their plan)`,
    `- Chat messages: ${totals.messages} (${unassigned.messages} between segments)`,
    `- Questions: ${totals.questionsAsked} asked, ${totals.questionsAnswered} answered`,
    '',
  );
  return lines.join('\n');
}

const FILLER_BANK_LABEL = 'Filler bank';

/** Oldest first, then by id, so the file is the same on every run. */
const byCreation = (a: Question, b: Question) =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Every question of the day, for speakers to follow up: grouped by talk in rundown order, then
 * the filler bank (and questions of segments since removed). Votes count like the MC's screen
 * does (source reactions other than the question-marking one, plus moderators' +1s).
 */
export function questionsCsv(state: ShowState, options: { questionReaction: string }): string {
  const header = [
    'Talk',
    'Speakers',
    'Segment',
    'Question',
    'Asked by',
    'Sources',
    'Status',
    'Votes',
    'Permalinks',
  ];
  const questions = Object.values(state.feed.questions).sort(byCreation);
  const rank = new Map(state.segments.map((s, index) => [s.id, index]));
  const groupOf = (q: Question) => (q.segmentId !== null ? (rank.get(q.segmentId) ?? Infinity) : Infinity);
  const ordered = [...questions].sort((a, b) => groupOf(a) - groupOf(b) || byCreation(a, b));
  const segments = new Map(state.segments.map((s) => [s.id, s]));
  const rows: Cell[][] = ordered.map((q) => {
    const segment = q.segmentId !== null ? segments.get(q.segmentId) : undefined;
    const sources = [...new Set(q.origins.map((o) => o.source))];
    return [
      segment ? segment.title : FILLER_BANK_LABEL,
      segment ? segment.speakers.join('; ') : null,
      q.segmentId,
      q.text,
      q.staff ? 'staff' : q.origins.map((o) => o.authorName).join('; '),
      q.staff ? 'staff' : sources.join('; '),
      q.status,
      votesOf(state.feed, q, options.questionReaction),
      q.origins.flatMap((o) => (o.permalink ? [o.permalink] : [])).join(' '),
    ];
  });
  return toCsv(header, rows);
}
