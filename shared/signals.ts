import type { CommandOf } from './commands.js';
import { actorOf, sameActor } from './control.js';
import type { Actor } from './signalCommands.js';
import type { Decision, DecideContext } from './decision.js';
import { accept, conflict } from './decision.js';
import type { ShowEvent, SignalEvent } from './events.js';
import type { Acknowledgement, CrewMessage, CrewSignal, ShowState } from './model.js';

/**
 * Signals between people. The producer's message to the MC and the stage (sendMessage, in
 * decide.ts) is acknowledged by its receivers; the MC's signals to the producer ("need a filler
 * question", "speaker audio problem", "ready") stay up until the producer clears them. Every
 * signal and every acknowledgement is journaled with who and when.
 */

export type SignalCommand = CommandOf<
  | 'acknowledgeMessage'
  | 'signalProducer'
  | 'acknowledgeSignal'
  | 'clearSignal'
  | 'requestFiller'
  | 'clearFillerRequest'
>;

/** A snapshot written before signals existed has no `crewSignals`: none are up. */
export function crewSignalsOf(state: ShowState): CrewSignal[] {
  // Read as possibly absent: a snapshot restored from disk is not checked against the type.
  return (state as Partial<ShowState>).crewSignals ?? [];
}

/** A message journaled before acknowledgements existed has none. */
export function acksOf(message: CrewMessage): Acknowledgement[] {
  return (message as Partial<CrewMessage>).acks ?? [];
}

/** Has a receiver of this role acknowledged the message? (Each screen flashes until its own role has.) */
export function acknowledgedBy(message: CrewMessage, role: Actor['role']): Acknowledgement | null {
  return acksOf(message).find((ack) => ack.by.role === role) ?? null;
}

/**
 * The filler request is one signal seen in two places: moderators find a question (the feed's
 * fillerRequestedAt) and the producer sees it with the other signals. Raising or clearing it in
 * either place does both, so nobody is left answering a request that is gone.
 */
function clearFillerEvents(state: ShowState, by: Actor, at: number): ShowEvent[] {
  const events: ShowEvent[] = [];
  if (state.feed.fillerRequestedAt !== null) events.push({ type: 'fillerRequested', at: null });
  const signal = crewSignalsOf(state).find((s) => s.kind === 'filler');
  if (signal) events.push({ type: 'crewSignalCleared', signalId: signal.id, by, at });
  return events;
}

export function decideSignal(state: ShowState, cmd: SignalCommand, ctx: DecideContext): Decision {
  const by = actorOf(ctx);
  const { now } = ctx;
  switch (cmd.type) {
    case 'acknowledgeMessage': {
      const message = state.activeMessage;
      if (!message || message.id !== cmd.messageId) return conflict('that message is no longer showing');
      // A second click, or a second screen with the same name: already recorded.
      if (acksOf(message).some((ack) => sameActor(ack.by, by))) return accept();
      return accept({ type: 'messageAcknowledged', messageId: message.id, by, at: now });
    }
    case 'requestFiller':
    case 'signalProducer': {
      const kind = cmd.type === 'requestFiller' ? 'filler' : cmd.kind;
      const signal: CrewSignal = { id: ctx.newId(), kind, from: by, at: now, ack: null };
      const events: ShowEvent[] = [{ type: 'crewSignalRaised', signal }];
      if (kind === 'filler') events.unshift({ type: 'fillerRequested', at: now });
      return accept(...events);
    }
    case 'clearFillerRequest':
      return accept(...clearFillerEvents(state, by, now));
    case 'acknowledgeSignal': {
      const signal = crewSignalsOf(state).find((s) => s.id === cmd.signalId);
      if (!signal) return conflict('that signal is no longer up');
      // The first acknowledgement is the one the MC needs to see; a second changes nothing.
      if (signal.ack !== null) return accept();
      return accept({ type: 'crewSignalAcknowledged', signalId: signal.id, by, at: now });
    }
    case 'clearSignal': {
      const signal = crewSignalsOf(state).find((s) => s.id === cmd.signalId);
      if (!signal) return conflict('that signal is no longer up');
      if (signal.kind === 'filler') return accept(...clearFillerEvents(state, by, now));
      return accept({ type: 'crewSignalCleared', signalId: signal.id, by, at: now });
    }
    default:
      return cmd satisfies never;
  }
}

function withAck(message: CrewMessage, ack: Acknowledgement): CrewMessage {
  return { ...message, acks: [...acksOf(message), ack] };
}

export function applySignalEvent(state: ShowState, event: SignalEvent): ShowState {
  switch (event.type) {
    case 'messageAcknowledged': {
      const ack = { by: event.by, at: event.at };
      const active = state.activeMessage;
      return {
        ...state,
        activeMessage: active?.id === event.messageId ? withAck(active, ack) : active,
        messages: state.messages.map((m) => (m.id === event.messageId ? withAck(m, ack) : m)),
      };
    }
    case 'crewSignalRaised':
      return {
        ...state,
        crewSignals: [...crewSignalsOf(state).filter((s) => s.kind !== event.signal.kind), event.signal],
      };
    case 'crewSignalAcknowledged':
      return {
        ...state,
        crewSignals: crewSignalsOf(state).map((s) =>
          s.id === event.signalId ? { ...s, ack: { by: event.by, at: event.at } } : s,
        ),
      };
    case 'crewSignalCleared':
      return { ...state, crewSignals: crewSignalsOf(state).filter((s) => s.id !== event.signalId) };
    default:
      return event satisfies never;
  }
}
