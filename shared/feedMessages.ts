import type { ChatMessage } from './chat.js';

/**
 * Every chat message of the show, stored so that a change copies a little, not everything.
 *
 * The state is immutable: the core, the journal's snapshots and every screen's replica keep
 * old states whole. A plain `Record<id, entry>` plus an id array would have to be copied in
 * full for each batch of chat, which at 50,000 messages costs milliseconds per batch on the
 * core and again on every screen. Here entries sit in hash buckets and the arrival order in
 * pages: a batch copies the bucket and page arrays (a few thousand pointers) and only the
 * buckets and pages it touches. It is still plain JSON, so snapshots and the crew protocol
 * carry it as it is.
 */
/** One chat message in the feed, with what the show knows of it. */
export interface FeedEntry extends ChatMessage {
  /** The segment live when it arrived (or, for backfill, when it was sent). */
  segmentId: string | null;
  /** Reaction name → the users who reacted, from the source. */
  reactions: Record<string, string[]>;
  /** Said to be a question by the heuristic, the source's question reaction, or a moderator. */
  looksLikeQuestion: boolean;
  /**
   * A moderator's word on it (true/false), which no later edit or reaction overrules; null
   * until a moderator marks or unmarks it. Optional for entries journaled before it existed.
   */
  moderatorMark?: boolean | null;
  questionId: string | null;
  /** When the core saw it, epoch ms (core clock). */
  receivedAt: number;
}

export interface FeedMessages {
  /** How many messages it holds. */
  size: number;
  /** Message ids in arrival order, in pages of at most PAGE_SIZE (a removal shortens its page). */
  pages: string[][];
  /**
   * Entries by the hash of their id: `buckets[bucketOf(id)]`; `null` is an empty bucket. An
   * empty store has none at all (`[]`), so an empty show's snapshot stays small.
   */
  buckets: (FeedEntry[] | null)[];
}

export const PAGE_SIZE = 1024;
export const BUCKET_COUNT = 2048;

export function emptyMessages(): FeedMessages {
  return { size: 0, pages: [], buckets: [] };
}

/** FNV-1a over the id's UTF-16 code units: the same bucket on every machine and in every replay. */
export function bucketOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % BUCKET_COUNT;
}

function find(buckets: FeedMessages['buckets'], id: string): FeedEntry | undefined {
  const bucket = buckets[bucketOf(id)];
  if (!bucket) return undefined;
  for (const entry of bucket) if (entry.id === id) return entry;
  return undefined;
}

function* inOrder(pages: string[][], buckets: FeedMessages['buckets']): Generator<FeedEntry> {
  for (const page of pages) {
    for (const id of page) {
      const entry = find(buckets, id);
      if (entry) yield entry;
    }
  }
}

export function getMessage(messages: FeedMessages, id: string): FeedEntry | undefined {
  return find(messages.buckets, id);
}

export function hasMessage(messages: FeedMessages, id: string): boolean {
  return getMessage(messages, id) !== undefined;
}

/** All ids in arrival order, as one array (a fresh one; callers may keep it). */
export function messageIds(messages: FeedMessages): string[] {
  return messages.pages.flat();
}

/** Every entry in arrival order. */
export function messageEntries(messages: FeedMessages): Generator<FeedEntry> {
  return inOrder(messages.pages, messages.buckets);
}

/**
 * Changes to a FeedMessages, made in place on copies: each bucket and page is copied at most
 * once however many messages a batch adds or changes, and the original is never touched.
 */
export class MessagesDraft {
  private readonly pages: string[][];
  private readonly buckets: (FeedEntry[] | null)[];
  private size: number;
  /** Buckets and pages already copied in this draft (the rest still belong to the base). */
  private readonly ownBuckets = new Set<number>();
  private readonly ownPages = new Set<number>();
  private changed = false;

  constructor(private readonly base: FeedMessages) {
    this.pages = base.pages.slice();
    // Always all BUCKET_COUNT slots, filled: an array grown by writing far past its end goes
    // into V8's slow dictionary mode, and every later copy and lookup pays for it.
    this.buckets =
      base.buckets.length === BUCKET_COUNT
        ? base.buckets.slice()
        : Array.from({ length: BUCKET_COUNT }, (_, i) => base.buckets[i] ?? null);
    this.size = base.size;
  }

  get(id: string): FeedEntry | undefined {
    return find(this.buckets, id);
  }

  /** Every entry as the draft now has them, in arrival order. */
  entries(): Generator<FeedEntry> {
    return inOrder(this.pages, this.buckets);
  }

  /** Replaces the entry with its id, or appends it as the newest message. */
  put(entry: FeedEntry): void {
    const index = bucketOf(entry.id);
    const bucket = this.writableBucket(index);
    const at = bucket.findIndex((e) => e.id === entry.id);
    this.changed = true;
    if (at >= 0) {
      bucket[at] = entry;
      return;
    }
    bucket.push(entry);
    this.size++;
    const last = this.pages.length - 1;
    if (last < 0 || this.pages[last]!.length >= PAGE_SIZE) {
      this.pages.push([entry.id]);
      this.ownPages.add(last + 1);
    } else {
      this.writablePage(last).push(entry.id);
    }
  }

  /** Removes these messages (ids it does not hold are ignored). */
  remove(ids: ReadonlySet<string>): void {
    let found = 0;
    for (const id of ids) {
      const index = bucketOf(id);
      const bucket = this.buckets[index];
      if (!bucket?.some((e) => e.id === id)) continue;
      const own = this.writableBucket(index);
      own.splice(
        own.findIndex((e) => e.id === id),
        1,
      );
      found++;
    }
    if (found === 0) return;
    this.changed = true;
    this.size -= found;
    for (let p = this.pages.length - 1; p >= 0; p--) {
      const page = this.pages[p]!;
      if (!page.some((id) => ids.has(id))) continue;
      const kept = page.filter((id) => !ids.has(id));
      if (kept.length === 0) this.pages.splice(p, 1);
      else this.pages[p] = kept;
    }
    // Page numbers moved; later appends must not write into a page the base still holds.
    this.ownPages.clear();
  }

  /** The result; the base itself when nothing changed. */
  finish(): FeedMessages {
    if (!this.changed) return this.base;
    return { size: this.size, pages: this.pages, buckets: this.buckets };
  }

  private writableBucket(index: number): FeedEntry[] {
    if (!this.ownBuckets.has(index)) {
      this.buckets[index] = this.buckets[index]?.slice() ?? [];
      this.ownBuckets.add(index);
    }
    return this.buckets[index]!;
  }

  private writablePage(index: number): string[] {
    if (!this.ownPages.has(index)) {
      this.pages[index] = this.pages[index]!.slice();
      this.ownPages.add(index);
    }
    return this.pages[index]!;
  }
}
