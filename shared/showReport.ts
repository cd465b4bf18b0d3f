import { messageEntries } from './feedMessages.js';
import type { Segment, SegmentKind, ShowState } from './model.js';
import type { FeedState, Question } from './questions.js';

/**
 * The show report ("don't do invisible work"): for each segment, when it was planned and when it
 * really ran, how far it ran over, and how busy the audience and the moderators were during it.
 * A pure function of the state, so the core, any screen, or a replay of the journal gives the
 * same report. The exports (CSV, Markdown, chapters) are in reportExport.ts.
 */

export interface SegmentReport {
  id: string;
  title: string;
  kind: SegmentKind;
  speakers: string[];
  /** Planned start and end, epoch ms; null when the rundown gives no start ("after the previous"). */
  plannedStart: number | null;
  plannedEnd: number | null;
  plannedMs: number;
  actualStart: number | null;
  /** Null while it is live or if it never ran. */
  actualEnd: number | null;
  /** Wall-clock time it ran (pauses count: the audience waited through them). */
  actualMs: number | null;
  /** actualMs − plannedMs: positive ran over, negative finished early; null until it has ended. */
  overrunMs: number | null;
  /** How late it started against the plan (negative: early); null without both instants. */
  startDelayMs: number | null;
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

function segmentReport(
  segment: Segment,
  state: ShowState,
  messages: number,
  questions: readonly Question[],
): SegmentReport {
  const actual = Object.hasOwn(state.actuals, segment.id) ? state.actuals[segment.id] : undefined;
  const actualStart = actual?.startedAt ?? null;
  const actualEnd = actualStart !== null ? (actual?.endedAt ?? null) : null;
  const actualMs = actualStart !== null && actualEnd !== null ? actualEnd - actualStart : null;
  return {
    id: segment.id,
    title: segment.title,
    kind: segment.kind,
    speakers: segment.speakers,
    plannedStart: segment.plannedStart,
    plannedEnd: segment.plannedStart !== null ? segment.plannedStart + segment.durationMs : null,
    plannedMs: segment.durationMs,
    actualStart,
    actualEnd,
    actualMs,
    overrunMs: actualMs !== null ? actualMs - segment.durationMs : null,
    startDelayMs:
      actualStart !== null && segment.plannedStart !== null ? actualStart - segment.plannedStart : null,
    messages,
    questionsAsked: questions.length,
    questionsAnswered: answered(questions),
  };
}

export function buildShowReport(state: ShowState): ShowReport {
  const messageCounts = countMessagesBySegment(state.feed);
  const questions = questionsBySegment(state.feed);
  const segments = state.segments.map((segment) =>
    segmentReport(segment, state, messageCounts.get(segment.id) ?? 0, questions.get(segment.id) ?? []),
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
    unassigned,
    totals,
  };
}
