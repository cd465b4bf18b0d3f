import type { Actor } from './signalCommands.js';
import type { ControlHolder, CrewSignal, MediaPlayback, SentMessage, Segment, ShowInfo } from './model.js';
import type { ChatIngest } from './chat.js';
import type { CrewActor } from './crew.js';
import type { ObsCommand } from './obs.js';
import type { Question } from './questions.js';
import type { Role } from './roles.js';

/**
 * Why the scheduler (not a person) started or ended a segment (scheduleActions.ts):
 * - `hardStart`: a hard-start segment's planned time came;
 * - `endAction`: the live segment's time was up and its end action is `next`;
 * - `follow`: the live segment's time was up and the next one follows it;
 * - `mediaEnded`: the live segment's media (a pre-recorded talk) ended in OBS.
 */
export interface AutomaticReason {
  kind: 'hardStart' | 'endAction' | 'follow' | 'mediaEnded';
  /** The instant the action was due (the planned start, the deadline); `at` is when it ran. */
  dueAt: number;
}

/** Show control changed hands (control.ts). */
export type ControlEvent = {
  type: 'controlTaken';
  holder: ControlHolder;
  previous: ControlHolder | null;
  /** True when a producer's first show command took it, false for takeControl. */
  implicit: boolean;
};

/** Signals between people (signals.ts): acknowledgements and the MC's signals to the producer. */
export type SignalEvent =
  | { type: 'messageAcknowledged'; messageId: string; by: Actor; at: number }
  | { type: 'crewSignalRaised'; signal: CrewSignal }
  | { type: 'crewSignalAcknowledged'; signalId: string; by: Actor; at: number }
  | { type: 'crewSignalCleared'; signalId: string; by: Actor; at: number };

/**
 * Crew actions (crew.ts): who did what to whom, and when. Never the token itself. They change
 * nothing in the show state; the journal is the audit trail.
 */
export type CrewEvent =
  | { type: 'tokenRevoked'; role: Role; by: CrewActor; at: number; disconnected: number }
  | { type: 'clientKicked'; clientId: string; name: string; role: Role; by: CrewActor; at: number };

/**
 * Facts recorded in the journal. Each carries everything needed to apply it, so replaying the
 * journal on any machine (a restart, a backup's replica) gives the same state.
 */
export type ShowEvent =
  | { type: 'rundownImported'; show: ShowInfo; segments: Segment[] }
  | { type: 'showUpdated'; show: ShowInfo }
  | { type: 'segmentUpdated'; segment: Segment }
  | { type: 'segmentInserted'; segment: Segment; index: number }
  | { type: 'segmentRemoved'; segmentId: string }
  /**
   * `expectedAt`: the start the schedule projected for it just before (schedule.ts), kept for the
   * show report; `auto`: set when the scheduler started it. Both absent in older records.
   */
  | { type: 'segmentStarted'; segmentId: string; at: number; expectedAt?: number; auto?: AutomaticReason }
  | { type: 'segmentEnded'; segmentId: string; at: number; auto?: AutomaticReason }
  | { type: 'timerPaused'; at: number }
  | { type: 'timerResumed'; at: number }
  | { type: 'timeAdjusted'; deltaMs: number }
  /**
   * The live segment's media, as OBS reported it at `at`: the timer now follows it
   * (shared/mediaTimer.ts). Journaled only when the playback state changes or the timer drifted.
   */
  | {
      type: 'mediaTimerSynced';
      segmentId: string;
      inputName: string;
      state: MediaPlayback;
      at: number;
      cursorMs: number;
      durationMs: number;
    }
  | { type: 'showEnded'; at: number }
  | { type: 'messageSent'; message: SentMessage }
  /** `by`: who cleared it (absent in records from before it was recorded). */
  | { type: 'messageCleared'; messageId: string; at: number; by?: Actor }
  /** An OBS command that OBS carried out: the journal is the show's log of what went on air. */
  | { type: 'obsCommandApplied'; command: ObsCommand; at: number }
  /** A batch from the chat sources; `questionReaction` is the Slack reaction that marks a question. */
  | { type: 'chatIngested'; operations: ChatIngest[]; questionReaction: string; at: number }
  | { type: 'messageMarked'; messageId: string; question: boolean }
  /** A question created or changed: the event carries the whole question as it now is. */
  | { type: 'questionSaved'; question: Question }
  | { type: 'questionRemoved'; questionId: string }
  | { type: 'questionQueueSet'; queue: string[]; onAir: string | null }
  | { type: 'fillerRequested'; at: number | null }
  /** OBS went live (`at` = when, by OBS's own count) or stopped streaming (streamRecord.ts). */
  | { type: 'streamStateRecorded'; active: boolean; at: number }
  | ControlEvent
  | SignalEvent
  /** Crew actions (revoke, kick): the audit trail, no change to the show. */
  | CrewEvent
  /** A backup core was promoted and became the primary with this (higher) term. */
  | { type: 'termStarted'; term: number; at: number }
  /** The show-wide switch for automatic starts and ends (scheduleActions.ts). */
  | { type: 'automationSet'; paused: boolean; by: Actor; at: number };

export type ShowEventType = ShowEvent['type'];
