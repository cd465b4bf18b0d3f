import type { ShowEvent } from './events.js';
import type { MediaPlayback, Segment, ShowState, Timer } from './model.js';
import { readTimer } from './timer.js';

/**
 * Pre-recorded talks (docs/schedule.md): a segment whose OBS cue names a media source plays it
 * from the beginning when it starts, and its timer follows the media as OBS reports it
 * (GetMediaInputStatus, polled by core/runtime/mediaSegments.ts). Pure: what an OBS reading
 * means for the show, and how the timer is derived from the journaled reading.
 *
 * The timer keeps its usual shape (startedAt, pausedAt, pausedTotalMs, addedMs), set so that
 * readTimer gives remaining = media duration − cursor, running while the media plays and frozen
 * while it is paused; every screen computes it from the state and its clock, as for any timer.
 * A reading is journaled only when it matters: the playback state changed, or the timer would
 * be more than MEDIA_DRIFT_MS off OBS's own remaining time.
 */

/** Drift between the journaled timer and OBS's remaining time that is worth a record. */
export const MEDIA_DRIFT_MS = 100;
/**
 * OBS must report the media playing this long after the segment started, or the producer is told
 * and the segment keeps its normal timer (the notice is up within 2 s of the start).
 */
export const MEDIA_PLAY_DEADLINE_MS = 1_500;
/**
 * While the timer follows media, a `next` end action waits for OBS to report the end; if OBS
 * never does (it went away), the ordinary deadline applies this much later.
 */
export const MEDIA_END_GRACE_MS = 2_000;

/** What GetMediaInputStatus answered, and when (core clock; the middle of the request). */
export interface MediaObservation {
  inputName: string;
  /** OBS's mediaState: OBS_MEDIA_STATE_PLAYING, …_PAUSED, …_ENDED, …_STOPPED, …_OPENING, … */
  obsState: string;
  /** ms; null when OBS does not know (nothing loaded). */
  durationMs: number | null;
  cursorMs: number | null;
  at: number;
}

/** The playback states the timer follows; the others (opening, buffering, stopped, error, none) are not. */
export function playbackOf(obsState: string): MediaPlayback | null {
  switch (obsState) {
    case 'OBS_MEDIA_STATE_PLAYING':
      return 'playing';
    case 'OBS_MEDIA_STATE_PAUSED':
      return 'paused';
    case 'OBS_MEDIA_STATE_ENDED':
      return 'ended';
    default:
      return null;
  }
}

/** The media input a segment plays, if any. */
export function mediaInputOf(segment: Pick<Segment, 'obs'> | undefined): string | null {
  return segment?.obs?.media?.inputName ?? null;
}

/** The live segment, when it plays media; null otherwise. */
export function liveMediaSegment(
  state: ShowState,
): { segment: Segment; timer: Timer; inputName: string } | null {
  const timer = state.live.timer;
  if (!timer) return null;
  const segment = state.segments.find((s) => s.id === timer.segmentId);
  const inputName = mediaInputOf(segment);
  return segment && inputName ? { segment, timer, inputName } : null;
}

/**
 * OBS's remaining time in a reading (ms), or null when the reading says nothing the timer
 * follows. OBS 29 reports an input whose file is missing as PLAYING with a duration of 0, and an
 * ended one with no duration or cursor at all.
 */
export function remainingOf(observation: MediaObservation): number | null {
  const playback = playbackOf(observation.obsState);
  if (playback === 'ended') return 0;
  const duration = observation.durationMs;
  if (playback === null || duration === null || !Number.isFinite(duration) || duration <= 0) return null;
  return duration - clampCursor(observation.cursorMs, duration);
}

const clampCursor = (cursor: number | null, duration: number): number =>
  Math.min(duration, Math.max(0, cursor ?? 0));

/**
 * The record a reading calls for: none when the segment is no longer live, the reading says
 * nothing followable, the media already ended (an end is final: the end action ran on it), or
 * the timer already agrees (same playback state, within MEDIA_DRIFT_MS).
 */
export function mediaSyncEvents(
  state: ShowState,
  segmentId: string,
  observation: MediaObservation,
): ShowEvent[] {
  const live = liveMediaSegment(state);
  if (!live || live.segment.id !== segmentId || live.inputName !== observation.inputName) return [];
  const playback = playbackOf(observation.obsState);
  const remaining = remainingOf(observation);
  const media = live.timer.media;
  if (playback === null || remaining === null || media?.state === 'ended') return [];
  // An end names no duration: it is the one the timer followed (none followed: nothing to end).
  const observed = playback === 'ended' ? (media?.durationMs ?? null) : observation.durationMs;
  if (observed === null) return [];
  if (media?.state === playback) {
    const ours = readTimer(live.timer, live.segment, observation.at).remainingMs;
    if (Math.abs(ours - remaining) <= MEDIA_DRIFT_MS) return [];
  }
  const durationMs = Math.round(observed);
  return [
    {
      type: 'mediaTimerSynced',
      segmentId,
      inputName: observation.inputName,
      state: playback,
      at: observation.at,
      cursorMs: Math.round(durationMs - remaining),
      durationMs,
    },
  ];
}

/** The timer a journaled reading makes (the reducer's half of mediaTimerSynced). */
export function mediaTimer(
  timer: Timer,
  segment: Pick<Segment, 'durationMs'>,
  event: Extract<ShowEvent, { type: 'mediaTimerSynced' }>,
): Timer {
  const cursorMs = event.state === 'ended' ? event.durationMs : event.cursorMs;
  return {
    segmentId: timer.segmentId,
    startedAt: event.at - cursorMs,
    pausedAt: event.state === 'paused' ? event.at : null,
    pausedTotalMs: 0,
    addedMs: event.durationMs - segment.durationMs,
    media: {
      inputName: event.inputName,
      state: event.state,
      at: event.at,
      cursorMs,
      durationMs: event.durationMs,
    },
  };
}

/** Whether the live timer follows media that has not ended yet (its `next` waits for OBS's end). */
export function followsPlayingMedia(timer: Timer | null): boolean {
  return timer?.media !== undefined && timer.media.state !== 'ended';
}
