import type { CoreMode } from './protocol.js';

/**
 * Backup takeover: a follower core keeps the primary's records in its own journal, and can be
 * promoted to primary with a higher term. See docs/backup.md for the runbook; the messages
 * are in protocol.ts and docs/protocol.md.
 */

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
