import type { ChatSource } from '../../shared/chat.js';
import { getMessage, messageEntries } from '../../shared/feedMessages.js';
import type { FeedMessages } from '../../shared/feedMessages.js';

/**
 * What the feed holds (the core's state as journaled), for a source's catch-up: a promoted
 * backup's feed has messages its own sources never saw (the primary ingested them), and a
 * catch-up reconciles them against the platform's history (deleted there: removed; edited:
 * changed), and holds live events for messages the feed does not have yet.
 */
export interface FeedMessageView {
  id: string;
  text: string;
  threadId: string | null;
  /** When the platform says it was sent (ms). */
  sentAt: number;
  /** Reaction → who reacted, when the feed keeps them. */
  reactions?: Readonly<Record<string, readonly string[]>>;
}

export interface FeedView {
  /** The feed's messages from this source and channel. */
  messages(source: ChatSource, channel: string): Iterable<FeedMessageView>;
  has(id: string): boolean;
}

/** A view of whatever feed `read` returns when asked (the current state each time). */
export function feedViewOf(read: () => FeedMessages): FeedView {
  return {
    *messages(source, channel) {
      for (const entry of messageEntries(read())) {
        if (entry.source === source && entry.channel === channel) yield entry;
      }
    },
    has: (id) => getMessage(read(), id) !== undefined,
  };
}
