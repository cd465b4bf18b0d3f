/**
 * The journal's public types. Durable, event-sourced journal: every command's events are
 * appended as one CRC-protected NDJSON record and fsync'd before the command is acknowledged;
 * periodic snapshots bound the restore time. The journal is generic and knows nothing about
 * the show's types.
 */

export interface JournalRecord<E> {
  seq: number;
  t: number;
  events: E[];
}

export interface JournalOptions<S, E> {
  dir: string;
  initialState: () => S;
  apply: (state: S, events: readonly E[]) => S;
  snapshotEvery?: number;
  /**
   * The shape of the state in snapshots. A snapshot written with another version is passed
   * over (the journal's records are replayed instead), so changing how the state is stored
   * needs only a new number here, never a migration. Snapshots without one are version 1.
   */
  stateVersion?: number;
  windowSize?: number;
  log?: (line: string) => void;
  now?: () => number;
}

export interface JournalStats {
  /** Successful write+fsync batches; fewer than appended records means group commit worked. */
  flushes: number;
  /** Records made durable since open. */
  appended: number;
  /** Snapshots written since open. */
  snapshots: number;
  /** Seq of the snapshot the state was restored from, or null for a full replay. */
  restoredFromSnapshot: number | null;
  /** Records applied during open. */
  replayed: number;
}
