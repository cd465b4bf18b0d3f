import { messageEntries } from './feedMessages.js';
import type { Segment, SegmentKind, ShowState } from './model.js';
import type { PlannedTime } from './plannedTimes.js';
import { plannedTimes } from './plannedTimes.js';
import type { FeedState, Question } from './questions.js';

/**
 * The show report ("don't do invisible work"): for each segment, when it was planned and when it
 * really ran, when the schedule expected it to start, how far it ran over, and how busy the
 * audience and the moderators were during it; for each session, its planned and actual end.
 * A pure function of the state, so the core, any screen, or a replay of the journal gives the
 * same report. The exports (CSV, Markdown, chapters) are in reportExport.ts.
 */

export interface SegmentReport {
  id: string;
  title: string;
  kind: SegmentKind;
  speakers: string[];
  session: string;
  /**
   * Planned start and end, epoch ms, as the schedule's plan has them (plannedTimes.ts): a segment
   * with no start of its own ("after the previous") is planned to start when the one before it is
   * planned to end; null only before the rundown's first planned start.
   */
  plannedStart: number | null;
  plannedEnd: number | null;
  plannedMs: number;
  /**
   * The start the schedule projected for it at the moment it started: `expectedAt` of the
   * journaled `segmentStarted`, i.e. projectSchedule of the state before the record that started
   * it, at that record's instant (segmentStart.ts). Null if it never started, was started again
   * after it had run, or was started by a record from before `expectedAt` was journaled.
   */
  expectedStart: number | null;
  actualStart: number | null;
  /** Null while it is live or if it never ran. */
  actualEnd: number | null;
  /** Wall-clock time it ran (pauses count: the audience waited through them). */
  actualMs: number | null;
  /** actualMs − plannedMs: positive ran over, negative finished early; null until it has ended. */
  overrunMs: number | null;
  /** actualStart − plannedStart: how late it started against the plan (negative: early); null without both instants. */
  startDelayMs: number | null;
  /** actualEnd − plannedEnd: how late it ended against the plan (negative: early); null without both instants. */
  endDelayMs: number | null;
  /** Audience chat messages that arrived while it was live. */
  messages: number;
  /** Questions curated for it, whatever became of them (audience and staff). */
  questionsAsked: number;
  questionsAnswered: number;
}

/** Chat and questions that belong to no segment: between talks, and the general filler bank. */
export interface UnassignedReport {
  messages: number;
  questionsAsked: number;
  questionsAnswered: number;
}

/**
 * A session: a run of consecutive segments with the same session name (as the schedule groups
 * them, schedule.ts), planned against real.
 */
export interface SessionReport {
  name: string;
  segmentIds: string[];
  /** The earliest planned start and latest planned end of its segments. */
  plannedStart: number | null;
  plannedEnd: number | null;
  /** When its first segment to run started. */
  actualStart: number | null;
  /**
   * When its last segment to run ended, once the session is over: none of its segments is live
   * or still to come (the show ended, or a segment after it started). Null until then, and
   * when none of its segments ran.
   */
  actualEnd: number | null;
  /** actualEnd − plannedEnd: positive, the session overran; negative, it ended early. */
  endDelayMs: number | null;
}

export interface ReportTotals {
  segments: number;
  /** Segments that started, and that started and ended. */
  segmentsRun: number;
  segmentsFinished: number;
  /** Planned time of every segment in the rundown. */
  plannedMs: number;
  /** Time the finished segments ran, and the sum of their overruns. */
  actualMs: number;
  overrunMs: number;
  /** Every message and question of the day, those of no segment included. */
  messages: number;
  questionsAsked: number;
  questionsAnswered: number;
}

export interface ShowReport {
  showName: string;
  timezone: string;
  /** When the first segment started and when the show was ended, or null. */
  showStartedAt: number | null;
  showEndedAt: number | null;
  segments: SegmentReport[];
  sessions: SessionReport[];
  unassigned: UnassignedReport;
  totals: ReportTotals;
}

/**
 * Chat messages per segment id (null: none was live). The one place that walks the feed's
 * storage, so a change in how the feed keeps its messages is a change here only.
 */
function countMessagesBySegment(feed: FeedState): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const entry of messageEntries(feed.messages)) {
    counts.set(entry.segmentId, (counts.get(entry.segmentId) ?? 0) + 1);
  }
  return counts;
}

function questionsBySegment(feed: FeedState): Map<string | null, Question[]> {
  const bySegment = new Map<string | null, Question[]>();
  for (const question of Object.values(feed.questions)) {
    const list = bySegment.get(question.segmentId) ?? [];
    list.push(question);
    bySegment.set(question.segmentId, list);
  }
  return bySegment;
}

const answered = (questions: readonly Question[]) => questions.filter((q) => q.status === 'answered').length;

const difference = (a: number | null, b: number | null): number | null =>
  a !== null && b !== null ? a - b : null;

function segmentReport(
  segment: Segment,
  planned: PlannedTime,
  state: ShowState,
  messages: number,
  questions: readonly Question[],
): SegmentReport {
  const actual = Object.hasOwn(state.actuals, segment.id) ? state.actuals[segment.id] : undefined;
  const actualStart = actual?.startedAt ?? null;
  const actualEnd = actualStart !== null ? (actual?.endedAt ?? null) : null;
  const actualMs = difference(actualEnd, actualStart);
  return {
    id: segment.id,
    title: segment.title,
    kind: segment.kind,
    speakers: segment.speakers,
    session: segment.session,
    plannedStart: planned.start,
    plannedEnd: planned.end,
    plannedMs: segment.durationMs,
    expectedStart: actualStart !== null ? (actual?.expectedAt ?? null) : null,
    actualStart,
    actualEnd,
    actualMs,
    overrunMs: actualMs !== null ? actualMs - segment.durationMs : null,
    startDelayMs: difference(actualStart, planned.start),
    endDelayMs: difference(actualEnd, planned.end),
    messages,
    questionsAsked: questions.length,
    questionsAnswered: answered(questions),
  };
}

const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const latest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/**
 * The sessions in rundown order. A session is over when none of its segments is live or still
 * to come: the show ended, or a segment after its last one started (what it passed over stays
 * passed over, as in the schedule).
 */
function sessionReports(state: ShowState, segments: readonly SegmentReport[]): SessionReport[] {
  const { live } = state;
  const liveIndex =
    live.currentSegmentId === null ? -1 : segments.findIndex((s) => s.id === live.currentSegmentId);
  let lastStarted = -1;
  segments.forEach((s, i) => {
    if (s.actualStart !== null) lastStarted = i;
  });
  const sessions: SessionReport[] = [];
  let first = 0;
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i]!.session;
    if (i + 1 < segments.length && segments[i + 1]!.session === name) continue;
    const own = segments.slice(first, i + 1);
    const over = (liveIndex < first || liveIndex > i) && (live.showEndedAt !== null || lastStarted > i);
    let plannedStart: number | null = null;
    let plannedEnd: number | null = null;
    let actualStart: number | null = null;
    let actualEnd: number | null = null;
    for (const s of own) {
      plannedStart = earliest(plannedStart, s.plannedStart);
      plannedEnd = latest(plannedEnd, s.plannedEnd);
      actualStart = earliest(actualStart, s.actualStart);
      actualEnd = latest(actualEnd, s.actualEnd);
    }
    if (!over) actualEnd = null;
    sessions.push({
      name,
      segmentIds: own.map((s) => s.id),
      plannedStart,
      plannedEnd,
      actualStart,
      actualEnd,
      endDelayMs: difference(actualEnd, plannedEnd),
    });
    first = i + 1;
  }
  return sessions;
}

export function buildShowReport(state: ShowState): ShowReport {
  const messageCounts = countMessagesBySegment(state.feed);
  const questions = questionsBySegment(state.feed);
  const planned = plannedTimes(state.segments);
  const segments = state.segments.map((segment, i) =>
    segmentReport(
      segment,
      planned[i]!,
      state,
      messageCounts.get(segment.id) ?? 0,
      questions.get(segment.id) ?? [],
    ),
  );
  // Chat or questions tagged with a segment since removed from the rundown count as unassigned,
  // so the day's totals still add up.
  const known = new Set(state.segments.map((s) => s.id));
  let unassignedMessages = 0;
  for (const [segmentId, count] of messageCounts)
    if (segmentId === null || !known.has(segmentId)) unassignedMessages += count;
  const unassignedQuestions: Question[] = [];
  for (const [segmentId, list] of questions)
    if (segmentId === null || !known.has(segmentId)) unassignedQuestions.push(...list);
  const unassigned: UnassignedReport = {
    messages: unassignedMessages,
    questionsAsked: unassignedQuestions.length,
    questionsAnswered: answered(unassignedQuestions),
  };

  const finished = segments.filter((s) => s.actualMs !== null);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const totals: ReportTotals = {
    segments: segments.length,
    segmentsRun: segments.filter((s) => s.actualStart !== null).length,
    segmentsFinished: finished.length,
    plannedMs: sum(segments.map((s) => s.plannedMs)),
    actualMs: sum(finished.map((s) => s.actualMs ?? 0)),
    overrunMs: sum(finished.map((s) => s.overrunMs ?? 0)),
    messages: sum(segments.map((s) => s.messages)) + unassigned.messages,
    questionsAsked: sum(segments.map((s) => s.questionsAsked)) + unassigned.questionsAsked,
    questionsAnswered: sum(segments.map((s) => s.questionsAnswered)) + unassigned.questionsAnswered,
  };

  return {
    showName: state.show.name,
    timezone: state.show.timezone,
    showStartedAt: state.live.showStartedAt,
    showEndedAt: state.live.showEndedAt,
    segments,
    sessions: sessionReports(state, segments),
    unassigned,
    totals,
  };
}
