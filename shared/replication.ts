import type { RecordMessage } from './protocol.js';
import type { Role } from './roles.js';

/**
 * Backup takeover: a follower core keeps the primary's records in its own journal, and can be
 * promoted to primary with a higher term. See docs/backup.md for the runbook and
 * docs/protocol.md for the wire.
 */

/** What a core is doing: running the show, following another, or knowing it was replaced. */
export type CoreMode = 'primary' | 'follower' | 'superseded';

/** The socket.io namespace a follower replicates through (backup or producer token). */
export const REPLICATION_NAMESPACE = '/replication';

/** Sent in the replication handshake's `auth`. */
export interface ReplicationAuth {
  token: string;
  /** The show the follower holds, if any; a different one is refused. */
  showId?: string;
  /** The last record the follower has; the primary sends every record after it. */
  lastSeq?: number;
  /**
   * SHA-256 (hex) of that record as JSON ({seq, t, events}): the primary checks it against its
   * own, so a core whose journal went another way (an old primary) is refused, not merged.
   */
  lastDigest?: string;
}

export interface ReplicaHello {
  showId: string;
  term: number;
  /** The primary's durable seq when the follower connected. */
  seq: number;
  /**
   * Every role's token, so the crew's join links work on the backup after a takeover. Only a
   * backup or producer token may replicate, and those roles may run the show anyway.
   */
  tokens: Record<Role, string>;
}

/** Once a second and with every record: how far the primary is, by its clock. */
export interface PrimaryBeat {
  seq: number;
  at: number;
}

export interface ReplicationServerEvents {
  replicaHello: (hello: ReplicaHello) => void;
  record: (record: RecordMessage) => void;
  beat: (beat: PrimaryBeat) => void;
  /** The primary's tokens changed (a role was revoked). */
  tokens: (tokens: Record<Role, string>) => void;
  /** The follower's journal is not a prefix of the primary's; it is disconnected. */
  diverged: (reason: string) => void;
}

export interface FollowerStatus {
  primaryUrl: string;
  connected: boolean;
  /** The last record this follower has. */
  seq: number;
  /** The primary's last record, as of its last beat. */
  primarySeq: number;
  /** Records behind the primary. */
  lagEvents: number;
  /**
   * How far behind, in time: 0 when caught up, else how long ago (by the primary's clock, as
   * the follower estimates it) the oldest record it lacks was written, or since it lost the
   * primary when disconnected.
   */
  lagMs: number;
  /** Why it is not following (refused, wrong show), or null. */
  error: string | null;
}

/** Sent to every crew screen on connect and on change (live, not journaled). */
export interface CoreStatusMessage {
  mode: CoreMode;
  term: number;
  /** For a follower: how it is keeping up. */
  follower: FollowerStatus | null;
  /** For a superseded core: the term that replaced it, and where it was heard of, if known. */
  supersededBy: { term: number; url: string | null } | null;
}

/** What a crew screen learns of a core it can reach (its health), to pick the one to use. */
export interface CoreAnswer {
  url: string;
  term: number;
  mode: CoreMode;
}

const MODE_RANK: Record<CoreMode, number> = { primary: 2, follower: 1, superseded: 0 };

/**
 * The core a crew screen should use, of those that answered (in the join link's order): the
 * primary with the highest term. With no primary, the reachable core with the highest term (a
 * backup that is about to be promoted shows the show read-only, and becomes the primary in
 * place), a follower before a superseded core. Ties go to the earlier address. Null when none
 * answered.
 */
export function pickCore(answers: readonly CoreAnswer[]): CoreAnswer | null {
  let best: CoreAnswer | null = null;
  for (const answer of answers) {
    if (
      !best ||
      MODE_RANK[answer.mode] > MODE_RANK[best.mode] ||
      (MODE_RANK[answer.mode] === MODE_RANK[best.mode] && answer.term > best.term)
    ) {
      best = answer;
    }
  }
  return best;
}
