import { formatClockDuration } from '../../shared/durationText.js';
import type { Segment, ShowState } from '../../shared/model.js';
import type { Question } from '../../shared/questions.js';
import { projectSchedule } from '../../shared/schedule.js';
import type { TimerPhase } from '../../shared/timer.js';
import { onAirQuestion } from '../questions/feedView.js';
import { timerDisplayAt } from '../timer/timerDisplay.js';

/**
 * What each OBS overlay shows, as plain data computed from the show, whether this page is live,
 * and the core's clock. Null means the overlay shows nothing. An overlay is on the programme
 * for every viewer, so the rule is stricter than on crew screens, which grey out and say STALE:
 * an overlay that is not live shows nothing at all.
 */
export interface OverlayInput {
  state: ShowState | null;
  /** See `overlayIsLive`. */
  live: boolean;
  /** The core's clock now (epoch ms), from the clock estimate. */
  serverNow: number;
}

export interface OverlayLiveness {
  /** The connection watchdog's verdict: not connected, or the core silent too long. */
  stale: boolean;
  /** Clock samples measured on the current connection (0 until its first pong). */
  clockSamples: number;
  /** The estimate still settling after connect (ClockSync's bounded hold). */
  clockSyncing: boolean;
  hasState: boolean;
}

/**
 * Live = connected, hearing from the core, holding its state, and with a measured clock that
 * has settled (or whose hold ran out with at least one sample). The
 * first pong of a connection comes back after the records it missed (one ordered socket), so
 * requiring it also keeps an overlay dark until it has caught up after a reconnect.
 */
export function overlayIsLive({ stale, clockSamples, clockSyncing, hasState }: OverlayLiveness): boolean {
  return !stale && clockSamples > 0 && !clockSyncing && hasState;
}

const speakerList = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });

/** "Ann Lee", "Ann Lee and Bo Chen", "A, B, and C". */
export function formatSpeakers(speakers: readonly string[]): string {
  return speakerList.format(speakers.map((s) => s.trim()).filter((s) => s.length > 0));
}

function liveSegment(state: ShowState): Segment | null {
  const id = state.live.currentSegmentId;
  if (id === null || state.live.showEndedAt !== null) return null;
  return state.segments.find((s) => s.id === id) ?? null;
}

export interface LowerThird {
  segmentId: string;
  /** Joined for reading ("Ann Lee and Bo Chen"); empty when the segment names nobody. */
  speakers: string;
  title: string;
}

/** The live segment's speakers and title; nothing during a break or between segments. */
export function lowerThirdOf({ state, live }: OverlayInput): LowerThird | null {
  if (!live || !state) return null;
  const segment = liveSegment(state);
  if (!segment || segment.kind === 'break') return null;
  const speakers = formatSpeakers(segment.speakers);
  const title = segment.title.trim();
  if (speakers === '' && title === '') return null;
  return { segmentId: segment.id, speakers, title };
}

export interface NextTalk {
  segmentId: string;
  title: string;
  speakers: string;
  /** Its expected start (projectSchedule at the overlay's estimate of the core's clock), epoch ms. */
  expectedStart: number | null;
  /** "4:12" to its expected start (whole seconds, rounded up); null when it is due or unknown. */
  startsIn: string | null;
  /** What the overlay says: "Starts in 4:12", "Starting now" once it is due, "Up next" without a time. */
  text: string;
}

/**
 * The talk after the break: the first segment that is not a break, from where "next" would
 * start (after the live one, else the first never started).
 */
export function upcomingTalk(state: ShowState): Segment | null {
  const currentId = state.live.currentSegmentId;
  const from =
    currentId !== null
      ? state.segments.findIndex((s) => s.id === currentId) + 1
      : state.segments.findIndex((s) => state.actuals[s.id]?.startedAt == null);
  if (from < 0) return null;
  return state.segments.slice(from).find((s) => s.kind !== 'break') ?? null;
}

/**
 * When the overlay says the talk starts, from its expected start at `serverNow`. The projection
 * never puts a start still to come before now, so an expected start at now is "due" (the break
 * has run its time, or the plan's time has come and the producer has yet to start it); one
 * before now only comes from a stale plan (schedule.ts, STALE_PLAN_MS), which says nothing about
 * when the talk will really start: "Up next", with no time.
 */
export function nextTalkWhen(
  expectedStart: number | null,
  serverNow: number,
): Pick<NextTalk, 'startsIn' | 'text'> {
  if (expectedStart === null || expectedStart < serverNow) return { startsIn: null, text: 'Up next' };
  const seconds = Math.ceil((expectedStart - serverNow) / 1000);
  if (seconds <= 0) return { startsIn: null, text: 'Starting now' };
  const startsIn = formatClockDuration(seconds * 1000);
  return { startsIn, text: `Starts in ${startsIn}` };
}

/**
 * "Next talk · Starts in 4:12", shown only while nothing is live or a break is: the next talk's
 * title and a countdown to its EXPECTED start (not its planned one): the break's end as its timer
 * says, then the segments between back to back, or a hard start's time (docs/schedule.md).
 */
export function nextTalkOf({ state, live, serverNow }: OverlayInput): NextTalk | null {
  if (!live || !state || state.live.showEndedAt !== null) return null;
  const current = liveSegment(state);
  if (current && current.kind !== 'break') return null;
  const next = upcomingTalk(state);
  if (!next) return null;
  const index = state.segments.indexOf(next);
  const projected = projectSchedule(state, serverNow).segments[index];
  const expectedStart = projected?.run === 'ahead' ? projected.start : null;
  return {
    segmentId: next.id,
    title: next.title.trim(),
    speakers: formatSpeakers(next.speakers),
    expectedStart,
    ...nextTalkWhen(expectedStart, serverNow),
  };
}

export interface CleanCountdown {
  segmentId: string;
  /** By the segment's timer kind: "29:59" / "+00:12" left, "12:34" elapsed, or "14:05:09" of the day. */
  text: string;
  phase: TimerPhase;
  paused: boolean;
}

/** The live segment's timer, with its phase, from the timer's instants and the core's clock. */
export function countdownOf({ state, live, serverNow }: OverlayInput): CleanCountdown | null {
  if (!live || !state) return null;
  const segment = liveSegment(state);
  const timer = state.live.timer;
  if (!segment || !timer || timer.segmentId !== segment.id) return null;
  const display = timerDisplayAt(timer, segment, serverNow, state.show.timezone);
  return { segmentId: segment.id, text: display.text, phase: display.phase, paused: display.paused };
}

/** The question on air, while this page is live. */
export function questionOf({ state, live }: OverlayInput): Question | null {
  if (!live || !state) return null;
  return onAirQuestion(state.feed);
}
