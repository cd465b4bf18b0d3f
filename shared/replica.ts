import type { ShowState } from './model.js';
import type { FeedState } from './questions.js';
import type { RecordMessage, SnapshotMessage } from './protocol.js';
import { emptyMessages } from './feedMessages.js';
import { applyEvents } from './reducer.js';
import type { Role } from './roles.js';

/** `diverged`: the record does not fit this copy (it missed something); resync like a gap. */
export type RecordOutcome = 'applied' | 'duplicate' | 'gap' | 'diverged';

/**
 * A client's copy of the show: a snapshot, then records in sequence. A record that skips a
 * number means something was lost; the client must resync (reconnect with its last seq)
 * instead of rendering a state the core never had.
 */
export class ShowReplica {
  state: ShowState | null = null;
  showId: string | null = null;
  seq = 0;

  applySnapshot(snapshot: SnapshotMessage): void {
    this.state = snapshot.state;
    this.showId = snapshot.showId;
    this.seq = snapshot.seq;
  }

  applyRecord(record: RecordMessage): RecordOutcome {
    if (!this.state || record.seq > this.seq + 1) return 'gap';
    if (record.seq <= this.seq) return 'duplicate';
    try {
      this.state = applyEvents(this.state, record.events);
    } catch {
      return 'diverged';
    }
    this.seq = record.seq;
    return 'applied';
  }
}

/**
 * Roles whose screens show no audience chat: the stage timer and the OBS overlays (viewer
 * links). They get the show without the feed's messages, and records without chat batches:
 * with 50,000 messages that is megabytes less to parse on every reconnect, and no chat
 * decoding on the machine that runs OBS. Questions, the queue and the question on air (which
 * the question overlay shows) stay: they carry their own text and askers.
 */
export const ROLES_WITHOUT_CHAT: readonly Role[] = ['viewer'];

export function stateWithoutChat(state: ShowState): ShowState {
  return { ...state, feed: { ...state.feed, messages: emptyMessages() } };
}

/**
 * The record as a screen without chat gets it: same seq and time, chat batches left out. A
 * chat batch can change questions too (a message deleted at the source, or a banned author,
 * takes its question with it, off the queue and off the air), so those changes come instead as
 * the question events they amount to, from the feed before and after the record.
 */
export function recordWithoutChat(record: RecordMessage, before: FeedState, after: FeedState): RecordMessage {
  if (!record.events.some((event) => event.type === 'chatIngested')) return record;
  const events = record.events.filter((event) => event.type !== 'chatIngested');
  for (const [id, question] of Object.entries(after.questions)) {
    if (!Object.hasOwn(before.questions, id) || before.questions[id] !== question) {
      events.push({ type: 'questionSaved', question });
    }
  }
  for (const id of Object.keys(before.questions)) {
    if (!Object.hasOwn(after.questions, id)) events.push({ type: 'questionRemoved', questionId: id });
  }
  if (before.queue !== after.queue || before.onAir !== after.onAir) {
    events.push({ type: 'questionQueueSet', queue: after.queue, onAir: after.onAir });
  }
  return { ...record, events };
}
