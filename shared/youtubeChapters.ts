import type { Segment, ShowState } from './model.js';
import { formatClockDuration } from './durationText.js';
import type { StreamRun } from './model.js';

/**
 * A YouTube chapter list for the stream's recording: one "0:00 Title" line per segment, with
 * times counted from when OBS went live (journaled as streamStateRecorded). YouTube only turns
 * timestamps in a description into chapters when the first is 0:00, they go up, there are at
 * least three, and each chapter lasts at least ten seconds; this list keeps those rules or says
 * why it cannot.
 */

export const MIN_CHAPTERS = 3;
export const MIN_CHAPTER_SECONDS = 10;
/** The first chapter, for what the stream showed before the first segment (a holding slide). */
export const INTRO_CHAPTER_TITLE = 'Intro';

export interface Chapter {
  /** Seconds from the stream's start. */
  seconds: number;
  title: string;
}

export type ChaptersResult =
  | {
      ok: true;
      /** 1-based, of `runs`. */
      run: number;
      runs: number;
      chapters: Chapter[];
      /** The lines to paste into the video's description. */
      text: string;
    }
  | { ok: false; error: string };

/** "0:00", "4:05", "1:02:03": the forms YouTube reads in a description. */
export function formatChapterTime(totalSeconds: number): string {
  return formatClockDuration(totalSeconds * 1000);
}

function chapterTitle(segment: Segment): string {
  const title = segment.title.replace(/\s+/g, ' ').trim() || segment.id;
  const speakers = segment.speakers.map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return speakers.length > 0 ? `${title} – ${speakers.join(', ')}` : title;
}

/**
 * Chapters for one run of the stream (the first unless `run` says otherwise: a stream that
 * stopped and started again is a second video on YouTube).
 */
export function youtubeChapters(state: ShowState, options: { run?: number } = {}): ChaptersResult {
  const runs: readonly StreamRun[] = state.streamRuns ?? [];
  if (runs.length === 0) {
    return {
      ok: false,
      error:
        'the stream never went live: no stream start was recorded from OBS, so there is nothing to count chapters from',
    };
  }
  const runNumber = options.run ?? 1;
  const run = runs[runNumber - 1];
  if (!Number.isInteger(runNumber) || !run) {
    return {
      ok: false,
      error: `there is no stream run ${runNumber}; the stream went live ${runs.length} time(s)`,
    };
  }
  const runEnd = run.endedAt ?? Infinity;
  const secondsOf = (at: number) => Math.floor((at - run.startedAt) / 1000);

  // Segments on air during the run, by when they started; one already live as the stream went
  // live opens the video.
  const onAir = state.segments
    .map((segment) => ({
      segment,
      actual: Object.hasOwn(state.actuals, segment.id) ? state.actuals[segment.id] : undefined,
    }))
    .filter(({ actual }) => {
      const start = actual?.startedAt;
      if (start == null || start >= runEnd) return false;
      return actual?.endedAt == null || actual.endedAt > run.startedAt;
    })
    .sort((a, b) => (a.actual?.startedAt ?? 0) - (b.actual?.startedAt ?? 0));

  const chapters: Chapter[] = onAir.map(({ segment, actual }) => ({
    seconds: Math.max(0, secondsOf(actual?.startedAt ?? run.startedAt)),
    title: chapterTitle(segment),
  }));
  // The first chapter is 0:00: the first segment itself if it began within ten seconds of the
  // stream, otherwise an intro chapter for what came before it.
  if (chapters.length > 0 && chapters[0]!.seconds < MIN_CHAPTER_SECONDS) chapters[0]!.seconds = 0;
  else chapters.unshift({ seconds: 0, title: INTRO_CHAPTER_TITLE });

  // A chapter shorter than ten seconds (a segment started by mistake and skipped) gives way to
  // the one after it; at 0:00 the later one takes its place there.
  for (let i = 0; i + 1 < chapters.length;) {
    if (chapters[i + 1]!.seconds - chapters[i]!.seconds >= MIN_CHAPTER_SECONDS) {
      i += 1;
    } else if (i === 0) {
      chapters.splice(0, 2, { seconds: 0, title: chapters[1]!.title });
    } else {
      chapters.splice(i, 1);
    }
  }
  // The last chapter runs to the end of the recording, which must leave it ten seconds too.
  if (run.endedAt !== null) {
    const length = secondsOf(run.endedAt);
    while (chapters.length > 1 && length - chapters.at(-1)!.seconds < MIN_CHAPTER_SECONDS) chapters.pop();
  }

  if (chapters.length < MIN_CHAPTERS) {
    return {
      ok: false,
      error: `YouTube needs at least ${MIN_CHAPTERS} chapters of ${MIN_CHAPTER_SECONDS} s or more; this stream has ${chapters.length}`,
    };
  }
  const text = chapters.map((c) => `${formatChapterTime(c.seconds)} ${c.title}\n`).join('');
  return { ok: true, run: runNumber, runs: runs.length, chapters, text };
}
