import type { Command } from '../../shared/commands.js';
import type { MessagePreset, Segment, ShowState } from '../../shared/model.js';
import type { ObsState } from '../../shared/obs.js';
import { formatSignedDrift } from '../../shared/durationText.js';
import { nextSegmentOf } from '../../shared/rundownOrder.js';
import { projectSchedule } from '../../shared/schedule.js';
import type { TimerPhase } from '../../shared/timer.js';
import type { Actor } from '../../shared/signalCommands.js';
import { sameActor } from '../../shared/control.js';
import { formatCountdown, readTimer } from '../../shared/timer.js';

/**
 * What the Companion module shows, as pure functions of the show: feedback booleans, variable
 * values, and the crew command each action sends. No socket and no Companion here, so the
 * tests check them with plain states and the glue (instance.ts) stays thin.
 */

/** Everything the module knows at one moment: the replica's state, OBS as the core sees it, the core's clock. */
export interface ShowView {
  state: ShowState | null;
  obs: ObsState | null;
  /**
   * The deck's own pick for "start selected" (select up/down keys), or null to follow the
   * segment "next" would start. Local to the module, like a console's selected row.
   */
  selectedId?: string | null;
  /** Now on the core's clock (ClockOffsetEstimator.serverNow). */
  now: number;
}

/** Timer phases a feedback can test for, as Companion's dropdown names them. */
export const PHASE_CHOICES: ReadonlyArray<{ id: TimerPhase; label: string }> = [
  { id: 'normal', label: 'On time' },
  { id: 'warning', label: 'Wrap up' },
  { id: 'danger', label: 'Last minute' },
  { id: 'overtime', label: 'Overtime' },
];

export function liveReading(view: ShowView) {
  const { state } = view;
  const timer = state?.live.timer;
  if (!state || !timer) return null;
  const segment = state.segments.find((s) => s.id === timer.segmentId);
  return segment ? { segment, reading: readTimer(timer, segment, view.now) } : null;
}

/** The deck's selection while it is in the rundown, else the segment "next" would start. */
export function selectedSegmentOf(view: ShowView): Segment | null {
  const { state } = view;
  if (!state) return null;
  const picked = state.segments.find((s) => s.id === view.selectedId);
  return picked ?? nextSegmentOf(state) ?? null;
}

/** The selection one row down (1) or up (-1) the rundown, stopping at either end. */
export function moveSelection(view: ShowView, step: 1 | -1): string | null {
  const segments = view.state?.segments ?? [];
  if (segments.length === 0) return null;
  const current = selectedSegmentOf(view);
  const index = current ? segments.findIndex((s) => s.id === current.id) : step === 1 ? -1 : segments.length;
  return segments[Math.min(segments.length - 1, Math.max(0, index + step))]?.id ?? null;
}

export function previousSegmentOf(state: ShowState) {
  const liveId = state.live.currentSegmentId;
  if (liveId === null) return null;
  const index = state.segments.findIndex((s) => s.id === liveId);
  return index > 0 ? (state.segments[index - 1] ?? null) : null;
}

export const FEEDBACK_IDS = [
  'timerPhase',
  'paused',
  'onAir',
  'messageUnacknowledged',
  'obsDisconnected',
  'crewSignal',
  'controlHolder',
] as const;
export type FeedbackId = (typeof FEEDBACK_IDS)[number];

export const SIGNAL_CHOICES = [
  { id: 'audioProblem', label: 'Speaker audio problem' },
  { id: 'filler', label: 'Filler question requested' },
  { id: 'ready', label: 'MC ready' },
] as const;

export type FeedbackOptions = Readonly<Record<string, unknown>>;

/** One boolean feedback, by id and its options. Unknown ids and options read false. */
export function feedbackValue(
  id: FeedbackId,
  options: FeedbackOptions,
  view: ShowView,
  /** Who this module is to the core (its hello), for "this deck holds control". */
  me: Actor | null = null,
): boolean {
  const { state, obs } = view;
  switch (id) {
    case 'timerPhase': {
      const live = liveReading(view);
      return live !== null && live.reading.phase === options.phase;
    }
    case 'paused':
      return liveReading(view)?.reading.paused === true;
    case 'onAir':
      return obs?.stream.active === true;
    case 'messageUnacknowledged': {
      const message = state?.activeMessage;
      return message != null && message.acks.length === 0;
    }
    case 'obsDisconnected':
      return obs === null || obs.connection.status !== 'connected';
    case 'crewSignal': {
      if (!state) return false;
      const kind = options.kind;
      const waiting = state.crewSignals.some((signal) => signal.kind === kind && signal.ack === null);
      // A filler request also arrives from the question feed (requestFiller).
      return waiting || (kind === 'filler' && state.feed.fillerRequestedAt !== null);
    }
    case 'controlHolder': {
      const holder = state?.control ?? null;
      if (!holder) return options.who === 'nobody';
      if (options.who === 'me') return sameActor(holder, me);
      if (options.who === 'someoneElse') return !sameActor(holder, me);
      return false;
    }
  }
}

export const VARIABLES = [
  { variableId: 'remaining', name: 'Remaining time (mm:ss, +mm:ss in overtime)' },
  { variableId: 'phase', name: 'Timer phase (On time, Wrap up, Last minute, Overtime)' },
  { variableId: 'current_title', name: 'Live segment title' },
  { variableId: 'current_speakers', name: 'Live segment speakers' },
  { variableId: 'next_title', name: 'Next segment title' },
  { variableId: 'next_speakers', name: 'Next segment speakers' },
  { variableId: 'selected_title', name: 'Segment "start selected" starts (select up/down)' },
  { variableId: 'selected_speakers', name: 'Speakers of the selected segment' },
  { variableId: 'schedule_offset', name: 'Behind (+) or ahead (-) of plan, m:ss' },
  { variableId: 'questions_queued', name: 'Questions queued for the MC' },
  { variableId: 'control_holder', name: 'Who holds show control' },
  { variableId: 'message', name: 'Message on the MC and stage screens' },
  { variableId: 'connection', name: 'Connection to the core' },
] as const;
export type VariableId = (typeof VARIABLES)[number]['variableId'];

/**
 * The schedule offset as the console's badge and the screens read it (the same rounding, so the
 * deck never says a second more than the console), in ASCII: "+5:00", "-2:00", "0:00". A plain
 * hyphen, since a deck's font and Companion's expressions both know it.
 */
function signedOffset(ms: number): string {
  return formatSignedDrift(ms).replace('−', '-').replace('±', '');
}

/** Every variable's value, as text (Companion shows variables as strings on buttons). */
export function variableValues(view: ShowView, connection: string): Record<VariableId, string> {
  const { state } = view;
  const live = liveReading(view);
  const next = state ? nextSegmentOf(state) : null;
  const selected = selectedSegmentOf(view);
  const projection = state ? projectSchedule(state, view.now) : null;
  const holder = state?.control ?? null;
  return {
    remaining: live ? formatCountdown(live.reading.remainingMs) : '--:--',
    phase: live ? (PHASE_CHOICES.find((p) => p.id === live.reading.phase)?.label ?? '') : '',
    current_title: live?.segment.title ?? '',
    current_speakers: live?.segment.speakers.join(', ') ?? '',
    next_title: next?.title ?? '',
    next_speakers: next?.speakers.join(', ') ?? '',
    selected_title: selected?.title ?? '',
    selected_speakers: selected?.speakers.join(', ') ?? '',
    schedule_offset:
      projection?.offsetMs === null || projection === null ? '' : signedOffset(projection.offsetMs),
    questions_queued: String(state?.feed.queue.length ?? 0),
    control_holder: holder ? (holder.name ?? holder.role) : '',
    message: state?.activeMessage?.text ?? '',
    connection,
  };
}

export const ACTION_IDS = [
  'startSegment',
  'startSelected',
  'next',
  'previous',
  'pause',
  'resume',
  'togglePause',
  'addMinute',
  'removeMinute',
  'sendPreset',
  'sendCustom',
  'clearMessage',
  'obsScene',
  'obsStudioMode',
  'obsTransition',
  'takeControl',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export type ActionResult = { ok: true; command: Command } | { ok: false; error: string };

/**
 * The crew command an action sends, from its options and the show as the module sees it.
 * An action that makes no sense now (no live segment to pause, no segment before the first)
 * says why and sends nothing.
 */
export function commandFor(id: ActionId, options: FeedbackOptions, view: ShowView): ActionResult {
  const { state, obs } = view;
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  switch (id) {
    case 'startSegment': {
      const segmentId = text(options.segmentId);
      if (!segmentId) return { ok: false, error: 'choose a segment id' };
      if (state && !state.segments.some((s) => s.id === segmentId))
        return { ok: false, error: `no segment "${segmentId}" in this show` };
      return { ok: true, command: { type: 'startSegment', segmentId } };
    }
    case 'startSelected': {
      const selected = selectedSegmentOf(view);
      if (!selected) return { ok: false, error: 'nothing to start: the rundown is empty' };
      return { ok: true, command: { type: 'startSegment', segmentId: selected.id } };
    }
    case 'next':
      return { ok: true, command: { type: 'nextSegment' } };
    case 'previous': {
      const previous = state ? previousSegmentOf(state) : null;
      if (!previous) return { ok: false, error: 'no segment before the live one' };
      return { ok: true, command: { type: 'startSegment', segmentId: previous.id } };
    }
    case 'pause':
      return { ok: true, command: { type: 'pauseTimer' } };
    case 'resume':
      return { ok: true, command: { type: 'resumeTimer' } };
    case 'togglePause':
      return {
        ok: true,
        command: { type: liveReading(view)?.reading.paused ? 'resumeTimer' : 'pauseTimer' },
      };
    case 'addMinute':
      return { ok: true, command: { type: 'adjustTime', deltaMs: 60_000 } };
    case 'removeMinute':
      return { ok: true, command: { type: 'adjustTime', deltaMs: -60_000 } };
    case 'sendPreset': {
      const preset = options.preset;
      if (preset !== 'wrapUp' && preset !== 'oneMinute' && preset !== 'stretch')
        return { ok: false, error: 'choose a preset message' };
      return { ok: true, command: { type: 'sendMessage', preset: preset satisfies MessagePreset } };
    }
    case 'sendCustom': {
      const message = text(options.text);
      if (!message) return { ok: false, error: 'the message is empty' };
      return { ok: true, command: { type: 'sendMessage', preset: 'custom', text: message } };
    }
    case 'clearMessage':
      return { ok: true, command: { type: 'clearMessage' } };
    case 'obsScene': {
      const sceneName = text(options.scene);
      if (!sceneName) return { ok: false, error: 'choose a scene' };
      // In studio mode the scene goes to preview, as the producer's own scene keys do.
      return {
        ok: true,
        command: { type: obs?.studioMode ? 'obsSetPreviewScene' : 'obsSetProgramScene', sceneName },
      };
    }
    case 'obsStudioMode':
      return { ok: true, command: { type: 'obsSetStudioMode', enabled: !(obs?.studioMode ?? false) } };
    case 'obsTransition':
      return { ok: true, command: { type: 'obsTransition' } };
    case 'takeControl':
      return { ok: true, command: { type: 'takeControl' } };
  }
}

/** A join link or address with its token hidden, for logs and status lines. */
export function redact(text: string, token?: string | null): string {
  let out = text.replace(/(token=)[^&#\s]*/gi, '$1…');
  if (token) out = out.split(token).join('…');
  return out;
}
