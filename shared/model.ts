import { z } from 'zod';
import { SegmentObsCue } from './obs.js';
import type { FeedState } from './questions.js';
import { emptyFeed } from './questions.js';
import type { Actor, CrewSignalKind } from './signalCommands.js';
import { hardStartProblems } from './plannedTimes.js';

/**
 * The show model. Every instant is epoch milliseconds on the core's clock; every duration is
 * milliseconds. Clients never receive ticks, only instants, and render from their estimate of
 * the core's clock (see clock.ts).
 */

export const SEGMENT_KINDS = ['keynote', 'talk', 'lightning', 'break', 'panel', 'other'] as const;
export const SegmentKind = z.enum(SEGMENT_KINDS);
export type SegmentKind = z.infer<typeof SegmentKind>;

/**
 * How a segment starts (docs/schedule.md): `manual` when the producer says so; `follow` by itself
 * when the segment before it is over; `hard` at its planned wall-clock time, cutting whatever is
 * live (a session opening, a sponsor slot).
 */
export const START_MODES = ['manual', 'follow', 'hard'] as const;
export const StartMode = z.enum(START_MODES);
export type StartMode = z.infer<typeof StartMode>;

/** What happens when a segment's time is up: `none` counts overtime; `next` starts the next one. */
export const END_ACTIONS = ['none', 'next'] as const;
export const EndAction = z.enum(END_ACTIONS);
export type EndAction = z.infer<typeof EndAction>;

/** What the stage shows: time left, time elapsed (open Q&A, panels), or the time of day. */
export const TIMER_KINDS = ['countdown', 'countup', 'clock'] as const;
export const TimerKind = z.enum(TIMER_KINDS);
export type TimerKind = z.infer<typeof TimerKind>;

export const DEFAULT_WARNING_MS = 5 * 60_000;
export const DEFAULT_DANGER_MS = 60_000;
/** Longest segment we accept: a whole 24-hour day. Anything longer is a typo. */
export const MAX_DURATION_MS = 24 * 3_600_000;

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, { error: 'not an IANA time zone (e.g. "America/New_York", "UTC")' });

export const SegmentId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'segment ids use letters, digits, "-" and "_"');

const Text = (max: number) => z.string().max(max);

export const Segment = z.object({
  id: SegmentId,
  kind: SegmentKind,
  session: Text(120),
  title: Text(300),
  speakers: z.array(Text(120)).max(20),
  /** Planned start, epoch ms; null for "whenever the previous one ends". */
  plannedStart: z.number().int().nullable(),
  durationMs: z.number().int().positive().max(MAX_DURATION_MS),
  /** Remaining time at which the timer turns amber. */
  warningMs: z.number().int().nonnegative().max(MAX_DURATION_MS),
  /** Remaining time at which the timer turns red. */
  dangerMs: z.number().int().nonnegative().max(MAX_DURATION_MS),
  notes: Text(2000),
  /** What OBS does when this segment starts: switch scene, set a lower third. */
  obs: SegmentObsCue.optional(),
  /** Absent: `manual`. */
  startMode: StartMode.optional(),
  /** Absent: `none`. */
  endAction: EndAction.optional(),
  /** Absent: `countdown`. */
  timer: TimerKind.optional(),
  /**
   * The shortest this segment may be made when the show runs behind (scheduleRecovery.ts).
   * Absent: breaks may lose half their length, other segments none.
   */
  minDurationMs: z.number().int().positive().max(MAX_DURATION_MS).optional(),
});
export type Segment = z.infer<typeof Segment>;

export const ShowInfo = z.object({
  name: Text(200).min(1),
  /** The show's own time zone; the rundown is printed in it first. */
  timezone: TimeZone,
  /** Extra zones shown beside it, as NormConf's schedule did for its audience. */
  displayTimezones: z.array(TimeZone).max(6),
  /** OBS scene for break segments that name no scene of their own. */
  breakScene: z.string().min(1).max(256).nullable().optional(),
  /** Whether the speaker's stage screen shows how far the show runs ahead or behind. Absent: no. */
  stageShowsOffset: z.boolean().optional(),
});
export type ShowInfo = z.infer<typeof ShowInfo>;

/** A whole rundown, as imported from JSON or exported by GET /api/state. */
export const Rundown = z
  .object({
    show: ShowInfo,
    segments: z.array(Segment).max(2000),
  })
  .superRefine((rundown, ctx) => {
    const seen = new Set<string>();
    rundown.segments.forEach((segment, index) => {
      if (seen.has(segment.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['segments', index, 'id'],
          message: `duplicate id "${segment.id}"`,
        });
      }
      seen.add(segment.id);
      if (segment.dangerMs > segment.warningMs) {
        ctx.addIssue({
          code: 'custom',
          path: ['segments', index, 'dangerMs'],
          message: 'danger threshold must not be above the warning threshold',
        });
      }
      if (segment.minDurationMs !== undefined && segment.minDurationMs > segment.durationMs) {
        ctx.addIssue({
          code: 'custom',
          path: ['segments', index, 'minDurationMs'],
          message: 'the shortest length must not be above the planned length',
        });
      }
    });
    for (const problem of hardStartProblems(rundown.segments)) {
      ctx.addIssue({
        code: 'custom',
        path: ['segments', problem.index, 'startMode'],
        message: problem.message,
      });
    }
  });
export type Rundown = z.infer<typeof Rundown>;

/**
 * The running clock of the live segment. All instants are absolute so any screen, with any
 * clock offset, computes the same remaining time (timer.ts).
 */
export interface Timer {
  segmentId: string;
  startedAt: number;
  /** Set while paused; the timer is frozen at this instant. */
  pausedAt: number | null;
  /** Sum of completed pauses. */
  pausedTotalMs: number;
  /** Time added (positive) or removed (negative) by the producer. */
  addedMs: number;
  /**
   * Set while the timer follows the segment's media in OBS (a pre-recorded talk,
   * shared/mediaTimer.ts): the last position OBS reported that the journal took. The fields above
   * are then derived from it, so remaining = media duration − cursor on every screen.
   */
  media?: TimerMedia;
}

/** Where a segment's media was, by OBS's report at `at` (core clock). */
export interface TimerMedia {
  inputName: string;
  state: MediaPlayback;
  at: number;
  cursorMs: number;
  durationMs: number;
}

export type MediaPlayback = 'playing' | 'paused' | 'ended';

export interface SegmentActual {
  startedAt: number | null;
  endedAt: number | null;
  /** The start the schedule projected for it at the moment it started (its start delay is against the plan). */
  expectedAt?: number;
}

/** The show-wide switch for the scheduler's automatic starts (scheduleActions.ts), journaled. */
export interface AutomationSwitch {
  paused: boolean;
  by: Actor;
  at: number;
}

/** Who holds show control (control.ts), and since when on the core's clock. */
export interface ControlHolder extends Actor {
  since: number;
}

/** A receiver saw a message or a signal (signals.ts). */
export interface Acknowledgement {
  by: Actor;
  at: number;
}

/** An MC's signal to the producer, up until cleared. At most one per kind: asking again renews it. */
export interface CrewSignal {
  id: string;
  kind: CrewSignalKind;
  from: Actor;
  at: number;
  /** The producer (or backup) saw it; it stays up until cleared. */
  ack: Acknowledgement | null;
}

/** One stretch of streaming, from OBS going live to it stopping (null while still live; streamRecord.ts). */
export interface StreamRun {
  startedAt: number;
  endedAt: number | null;
}

export const MESSAGE_PRESETS = {
  wrapUp: 'Wrap up',
  oneMinute: '1 minute',
  stretch: 'Stretch',
} as const;
export type MessagePreset = keyof typeof MESSAGE_PRESETS | 'custom';

/** A message as the producer sent it (the messageSent event). */
export interface SentMessage {
  id: string;
  text: string;
  preset: MessagePreset;
  sentAt: number;
  /** Role that sent it. */
  from: string;
  /** The sending client's name, when it gave one. */
  fromName?: string | null;
}

/** A message as the crew sees it: who has acknowledged it so far (MC, stage). */
export interface CrewMessage extends SentMessage {
  acks: Acknowledgement[];
}

export interface LiveState {
  currentSegmentId: string | null;
  timer: Timer | null;
  showStartedAt: number | null;
  showEndedAt: number | null;
}

export interface ShowState {
  showId: string;
  show: ShowInfo;
  segments: Segment[];
  live: LiveState;
  actuals: Record<string, SegmentActual>;
  /** The message on the MC and stage screens, if any. */
  activeMessage: CrewMessage | null;
  /** Recent messages, newest last (bounded; the journal has them all). */
  messages: CrewMessage[];
  /** Audience chat from Slack and YouTube, and the questions curated from it. */
  feed: FeedState;
  /** Who may run the show now (control.ts); null until someone takes it. */
  control: ControlHolder | null;
  /** The MC's signals to the producer that are up (signals.ts). */
  crewSignals: CrewSignal[];
  /** When the stream was live, as OBS reported it (absent in states from before it was recorded). */
  streamRuns?: StreamRun[];
  /**
   * Which primary wrote the latest records: 1 for the core the show began on, raised by one
   * each time a backup is promoted. Crew screens follow the reachable core with the highest.
   */
  term: number;
  /** Absent: automatic starts are on. */
  automation?: AutomationSwitch;
}

export const MESSAGE_HISTORY_LIMIT = 50;

/**
 * The stored shape of ShowState, for the journal's snapshots: raise it when that shape changes
 * (2: the feed's messages moved into hash buckets and pages; 3: the term), and older snapshots
 * are passed over for a replay of the journal's records, which do not change.
 */
export const STATE_VERSION = 3;

export function emptyShowState(showId: string, show?: Partial<ShowInfo>): ShowState {
  return {
    showId,
    show: { name: 'Untitled show', timezone: 'UTC', displayTimezones: [], ...show },
    segments: [],
    live: { currentSegmentId: null, timer: null, showStartedAt: null, showEndedAt: null },
    actuals: {},
    activeMessage: null,
    messages: [],
    feed: emptyFeed(),
    control: null,
    crewSignals: [],
    term: 1,
  };
}
