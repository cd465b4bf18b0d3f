import type { ShowEvent } from './events.js';
import { applyControlEvent } from './control.js';
import { applyFeedEvent } from './feedReducer.js';
import { applySignalEvent } from './signals.js';
import type { Segment, ShowState, Timer } from './model.js';
import { MESSAGE_HISTORY_LIMIT } from './model.js';
import { applyStreamRecorded } from './streamRecord.js';
import { mediaTimer } from './mediaTimer.js';

/** An event that cannot apply to the state it meets: a bug or a corrupt journal, never user input. */
export class EventMismatchError extends Error {
  constructor(event: ShowEvent, reason: string) {
    super(`cannot apply ${event.type}: ${reason}`);
    this.name = 'EventMismatchError';
  }
}

function requireSegment(state: ShowState, event: ShowEvent, segmentId: string): Segment {
  const segment = state.segments.find((s) => s.id === segmentId);
  if (!segment) throw new EventMismatchError(event, `no segment "${segmentId}"`);
  return segment;
}

function requireTimer(state: ShowState, event: ShowEvent): Timer {
  if (!state.live.timer) throw new EventMismatchError(event, 'no timer is running');
  return state.live.timer;
}

/** The pure reducer: state + one event → next state. Never mutates its input. */
export function applyEvent(state: ShowState, event: ShowEvent): ShowState {
  switch (event.type) {
    case 'rundownImported':
      return {
        ...state,
        show: event.show,
        segments: event.segments,
        actuals: {},
        live: { currentSegmentId: null, timer: null, showStartedAt: null, showEndedAt: null },
      };
    case 'showUpdated':
      return { ...state, show: event.show };
    case 'segmentUpdated':
      requireSegment(state, event, event.segment.id);
      return {
        ...state,
        segments: state.segments.map((s) => (s.id === event.segment.id ? event.segment : s)),
      };
    case 'segmentInserted': {
      if (state.segments.some((s) => s.id === event.segment.id)) {
        throw new EventMismatchError(event, `segment "${event.segment.id}" exists`);
      }
      // splice() would quietly clamp a bad index (or count a negative one from the end) and put
      // the segment somewhere nobody asked for.
      if (!Number.isInteger(event.index) || event.index < 0 || event.index > state.segments.length) {
        throw new EventMismatchError(event, `index ${event.index} is outside 0..${state.segments.length}`);
      }
      const segments = [...state.segments];
      segments.splice(event.index, 0, event.segment);
      return { ...state, segments };
    }
    case 'segmentRemoved': {
      requireSegment(state, event, event.segmentId);
      // Removing the live segment would leave the timer pointing at nothing.
      if (state.live.currentSegmentId === event.segmentId) throw new EventMismatchError(event, 'it is live');
      const { [event.segmentId]: _removed, ...actuals } = state.actuals;
      return { ...state, segments: state.segments.filter((s) => s.id !== event.segmentId), actuals };
    }
    case 'segmentStarted':
      requireSegment(state, event, event.segmentId);
      // decide() always ends the live segment first; starting over it would lose its end time.
      if (state.live.currentSegmentId !== null) {
        throw new EventMismatchError(event, `segment "${state.live.currentSegmentId}" is still live`);
      }
      return {
        ...state,
        live: {
          currentSegmentId: event.segmentId,
          timer: {
            segmentId: event.segmentId,
            startedAt: event.at,
            pausedAt: null,
            pausedTotalMs: 0,
            addedMs: 0,
          },
          showStartedAt: state.live.showStartedAt ?? event.at,
          showEndedAt: null,
        },
        actuals: {
          ...state.actuals,
          [event.segmentId]:
            event.expectedAt === undefined
              ? { startedAt: event.at, endedAt: null }
              : { startedAt: event.at, endedAt: null, expectedAt: event.expectedAt },
        },
      };
    case 'segmentEnded': {
      requireSegment(state, event, event.segmentId);
      const actual = state.actuals[event.segmentId] ?? { startedAt: null, endedAt: null };
      const wasLive = state.live.currentSegmentId === event.segmentId;
      return {
        ...state,
        live: wasLive ? { ...state.live, currentSegmentId: null, timer: null } : state.live,
        actuals: { ...state.actuals, [event.segmentId]: { ...actual, endedAt: event.at } },
      };
    }
    case 'timerPaused': {
      const timer = requireTimer(state, event);
      if (timer.pausedAt !== null) throw new EventMismatchError(event, 'already paused');
      return { ...state, live: { ...state.live, timer: { ...timer, pausedAt: event.at } } };
    }
    case 'timerResumed': {
      const timer = requireTimer(state, event);
      if (timer.pausedAt === null) throw new EventMismatchError(event, 'not paused');
      const pausedTotalMs = timer.pausedTotalMs + Math.max(0, event.at - timer.pausedAt);
      return { ...state, live: { ...state.live, timer: { ...timer, pausedAt: null, pausedTotalMs } } };
    }
    case 'timeAdjusted': {
      const timer = requireTimer(state, event);
      return {
        ...state,
        live: { ...state.live, timer: { ...timer, addedMs: timer.addedMs + event.deltaMs } },
      };
    }
    case 'mediaTimerSynced': {
      const timer = requireTimer(state, event);
      if (timer.segmentId !== event.segmentId)
        throw new EventMismatchError(event, `segment "${timer.segmentId}" is live, not "${event.segmentId}"`);
      const segment = requireSegment(state, event, event.segmentId);
      return { ...state, live: { ...state.live, timer: mediaTimer(timer, segment, event) } };
    }
    case 'showEnded':
      return {
        ...state,
        live: { ...state.live, currentSegmentId: null, timer: null, showEndedAt: event.at },
      };
    case 'messageSent': {
      const message = { ...event.message, acks: [] };
      return {
        ...state,
        activeMessage: message,
        messages: [...state.messages, message].slice(-MESSAGE_HISTORY_LIMIT),
      };
    }
    case 'messageCleared':
      return state.activeMessage?.id === event.messageId ? { ...state, activeMessage: null } : state;
    case 'chatIngested':
    case 'messageMarked':
    case 'questionSaved':
    case 'questionRemoved':
    case 'questionQueueSet':
    case 'fillerRequested':
      return { ...state, feed: applyFeedEvent(state, event) };
    case 'controlTaken':
      return applyControlEvent(state, event);
    case 'messageAcknowledged':
    case 'crewSignalRaised':
    case 'crewSignalAcknowledged':
    case 'crewSignalCleared':
      return applySignalEvent(state, event);
    case 'streamStateRecorded':
      return { ...state, streamRuns: applyStreamRecorded(state.streamRuns ?? [], event) };
    case 'termStarted':
      return { ...state, term: event.term };
    case 'automationSet':
      return { ...state, automation: { paused: event.paused, by: event.by, at: event.at } };
    case 'obsCommandApplied':
      // OBS's own state is mirrored live, not replayed; the record is the audit trail.
      return state;
    case 'tokenRevoked':
    case 'clientKicked':
      // Who is connected is live state; the journal keeps who removed whom.
      return state;
    default:
      return event satisfies never;
  }
}

export function applyEvents(state: ShowState, events: readonly ShowEvent[]): ShowState {
  return events.reduce(applyEvent, state);
}
