import { afterEach, describe, expect, it } from 'vitest';
import type { FeedView } from '../../../core/chat/feedView.js';
import type { ChatIngest, ChatMessage } from '../../../shared/chat.js';
import type { Harness } from './harness.js';
import { harness } from './harness.js';

/**
 * Issue 12: a YouTube source that starts without a page token (a promoted backup: the primary's
 * token stayed on the primary's machine) reads the chat's recent history as its first page, and
 * reconciles the feed with it: what the feed has from inside that stretch that YouTube no longer
 * lists was deleted while no core read the chat.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** The core's feed, as far as these tests need one: upserts by id, deletions applied. */
function feedOf(): { view: FeedView; apply: (batch: ChatIngest[]) => void; texts: () => string[] } {
  const feed = new Map<string, ChatMessage>();
  return {
    view: {
      *messages(source, channel) {
        for (const message of feed.values())
          if (message.source === source && message.channel === channel) yield message;
      },
      has: (id) => feed.has(id),
    },
    apply: (batch) => {
      for (const op of batch) {
        if (op.kind === 'upsert') feed.set(op.message.id, op.message);
        if (op.kind === 'delete') feed.delete(op.id);
      }
    },
    texts: () => [...feed.values()].map((m) => m.text).sort(),
  };
}

describe('YouTubeSource: the first page after a takeover', () => {
  it('removes what YouTube no longer lists inside its first page, and leaves what is older than it', async () => {
    h = await harness({ fake: { pageSize: 4 } });
    const t = h;
    const feed = feedOf();
    const post = (text: string): string => {
      t.clock.time += 1_000;
      return t.fake.post(text);
    };

    // The primary reads the chat as it goes.
    const old = post('older than the backup will read');
    const primary = t.source();
    primary.source.on('ingest', feed.apply);
    primary.source.start();
    await t.clock.asleep();
    post('kept 1');
    const gone = post('deleted in the gap');
    post('kept 2');
    const last = post('the newest, deleted in the gap');
    await t.clock.step();
    await t.clock.asleep();
    await primary.source.stop();
    expect(feed.texts()).toHaveLength(5);

    // Deleted while no core reads the chat: YouTube lists neither them nor a deletion event.
    t.fake.vanish(gone);
    t.fake.vanish(last);
    t.fake.vanish(old);

    // The backup has no page token of its own.
    t.store.cursor = null;
    const backup = t.source({}, { feed: feed.view });
    backup.source.on('ingest', feed.apply);
    backup.source.start();
    await t.clock.asleep();
    expect(feed.texts()).toEqual(['kept 1', 'kept 2', 'older than the backup will read']);
    expect(backup.ingests.filter((op) => op.kind === 'delete')).toEqual([
      { kind: 'delete', id: `youtube:${gone}` },
      { kind: 'delete', id: `youtube:${last}` },
    ]);
  });

  it('removes nothing on an empty first page', async () => {
    h = await harness({ fake: { pageSize: 4 } });
    const t = h;
    const feed = feedOf();
    t.clock.time += 1_000;
    const only = t.fake.post('the only message');
    const primary = t.source();
    primary.source.on('ingest', feed.apply);
    primary.source.start();
    await t.clock.asleep();
    await primary.source.stop();
    t.fake.vanish(only);
    t.store.cursor = null;
    const backup = t.source({}, { feed: feed.view });
    backup.source.on('ingest', feed.apply);
    backup.source.start();
    await t.clock.asleep();
    expect(feed.texts()).toEqual(['the only message']);
  });
});
