import type { ShowState } from './model.js';
import type { RecordMessage, SnapshotMessage } from './protocol.js';
import { applyEvents } from './reducer.js';

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
