import { describe, expect, it } from 'vitest';
import type { FeedMessages } from '../../shared/feedMessages.js';
import {
  BUCKET_COUNT,
  bucketOf,
  emptyMessages,
  getMessage,
  messageEntries,
  messageIds,
  MessagesDraft,
  PAGE_SIZE,
} from '../../shared/feedMessages.js';
import type { FeedEntry } from '../../shared/feedMessages.js';
import { deepFreeze, seededRandom } from './fixtures.js';
import { feedEntry, messagesOf, messagesProblems } from './feedFixtures.js';

const ids = (n: number, prefix = 'm'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function build(n: number): FeedMessages {
  return deepFreeze(messagesOf(ids(n).map((id) => feedEntry(id))));
}

describe('the feed message store', () => {
  it('keeps arrival order across pages and finds every message by id', () => {
    const messages = build(PAGE_SIZE * 2 + 5);
    expect(messages.size).toBe(PAGE_SIZE * 2 + 5);
    expect(messages.pages.map((p) => p.length)).toEqual([PAGE_SIZE, PAGE_SIZE, 5]);
    expect(messageIds(messages)).toEqual(ids(PAGE_SIZE * 2 + 5));
    expect([...messageEntries(messages)].map((e) => e.id)).toEqual(ids(PAGE_SIZE * 2 + 5));
    expect(getMessage(messages, 'm1500')?.id).toBe('m1500');
    expect(getMessage(messages, 'nope')).toBeUndefined();
    expect(messagesProblems(messages)).toEqual([]);
  });

  it('hashes ids the same way every time, into range, with ids spread over the buckets', () => {
    expect(bucketOf('slack:C0ASK:1.000100')).toBe(bucketOf('slack:C0ASK:1.000100'));
    const used = new Set(ids(20_000, 'youtube:').map(bucketOf));
    for (const b of used) expect(b >= 0 && b < BUCKET_COUNT).toBe(true);
    // 20,000 ids over 2,048 buckets: a fair hash leaves (almost) none empty.
    expect(used.size).toBeGreaterThan(BUCKET_COUNT * 0.99);
  });

  it('copies only what a batch touches and never changes the state it started from', () => {
    const base = build(10_000);
    const draft = new MessagesDraft(base);
    draft.put(feedEntry('new-1'));
    draft.put({ ...getMessage(base, 'm5')!, text: 'edited' });
    const next = draft.finish();

    expect(getMessage(base, 'new-1')).toBeUndefined();
    expect(getMessage(base, 'm5')!.text).toBe('text of m5');
    expect(getMessage(next, 'm5')!.text).toBe('edited');
    expect(next.size).toBe(10_001);
    const touched = new Set([bucketOf('new-1'), bucketOf('m5')]);
    for (let i = 0; i < BUCKET_COUNT; i++) {
      if (touched.has(i)) expect(next.buckets[i]).not.toBe(base.buckets[i]);
      else expect(next.buckets[i]).toBe(base.buckets[i]);
    }
    // Only the last page took the new id; the full pages before it are the base's own arrays.
    expect(next.pages.slice(0, -1).every((page, i) => page === base.pages[i])).toBe(true);
    expect(messagesProblems(next)).toEqual([]);
  });

  it('returns the very same store when a draft changed nothing', () => {
    const base = build(10);
    const draft = new MessagesDraft(base);
    draft.remove(new Set(['not-there']));
    expect(draft.finish()).toBe(base);
  });

  it('removes messages from their buckets and pages, dropping a page left empty', () => {
    const base = build(PAGE_SIZE + 3);
    const draft = new MessagesDraft(base);
    draft.remove(new Set(ids(PAGE_SIZE).concat('m1025')));
    draft.put(feedEntry('after'));
    const next = draft.finish();
    expect(messageIds(next)).toEqual(['m1024', 'm1026', 'after']);
    expect(next.size).toBe(3);
    expect(messageIds(base)).toHaveLength(PAGE_SIZE + 3);
    expect(messagesProblems(next)).toEqual([]);
  });

  it('survives a JSON round trip (a snapshot, the crew protocol) and goes on working', () => {
    const sent = JSON.parse(JSON.stringify(build(300))) as FeedMessages;
    expect(sent.buckets.some((b) => b === null)).toBe(true); // 300 ids leave most buckets empty
    expect(getMessage(sent, 'm299')?.id).toBe('m299');
    const draft = new MessagesDraft(sent);
    draft.put(feedEntry('later'));
    expect(messageIds(draft.finish()).slice(-2)).toEqual(['m299', 'later']);
    expect(messagesProblems(draft.finish())).toEqual([]);
  });

  it('matches a plain Map model under 5,000 random puts, edits and removals', () => {
    const random = seededRandom(11);
    const model = new Map<string, FeedEntry>();
    let store = deepFreeze(emptyMessages());
    let next = 0;
    for (let batch = 0; batch < 100; batch++) {
      const draft = new MessagesDraft(store);
      const removed = new Set<string>();
      for (let op = 0; op < 50; op++) {
        const roll = random();
        const known = [...model.keys()];
        if (roll < 0.6 || known.length === 0) {
          const e = feedEntry(`id-${next++}`);
          draft.put(e);
          model.set(e.id, e);
        } else if (roll < 0.85) {
          const id = known[Math.floor(random() * known.length)]!;
          const e = { ...model.get(id)!, text: `edit ${op}`, edited: true };
          draft.put(e);
          model.set(id, e);
        } else {
          removed.add(known[Math.floor(random() * known.length)]!);
        }
        if (removed.size > 0 && random() < 0.3) {
          draft.remove(removed);
          for (const id of removed) model.delete(id);
          removed.clear();
        }
      }
      draft.remove(removed);
      for (const id of removed) model.delete(id);
      store = deepFreeze(draft.finish());
      expect(messagesProblems(store)).toEqual([]);
    }
    expect(messageIds(store)).toEqual([...model.keys()]);
    for (const [id, e] of model) expect(getMessage(store, id)).toEqual(e);
  });
});
