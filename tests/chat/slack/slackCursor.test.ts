import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/adapters/logger.js';
import { SlackPosition } from '../../../core/chat/slack/slackCursor.js';
import type { SlackCursor, SlackCursorStore } from '../../../core/chat/slack/slackCursor.js';
import type { RawMessage } from '../../../core/chat/slack/slackWire.js';
import { MemoryCursorStore } from './harness.js';

function position(store: SlackCursorStore, channels = ['C0ASK']) {
  const logs: string[] = [];
  const book = new SlackPosition(
    store,
    channels,
    60_000, // never fires in these tests: they flush
    createLogger('slack', (line) => logs.push(line)),
  );
  return { book, logs };
}

const message = (ts: string, thread_ts?: string): RawMessage => ({ type: 'message', ts, thread_ts });

describe('SlackPosition (the saved position)', () => {
  it('saves nothing before the saved position was read, so a stop during start cannot erase it', async () => {
    const saved: SlackCursor = { channels: { C0ASK: { lastTs: '1700000000.000100', threads: {} } } };
    const store = new MemoryCursorStore(saved);
    const { book } = position(store);
    book.scheduleSave();
    await book.flush();
    expect(store.saves).toBe(0);
    expect(store.saved).toEqual(saved);
  });

  it('goes on from the saved position, and saves only the configured channels', async () => {
    const store = new MemoryCursorStore({
      channels: {
        C0ASK: { lastTs: '1700000000.000100', threads: {} },
        C0OLD: { lastTs: '1600000000.000100', threads: {} },
      },
    });
    const { book } = position(store);
    await book.load();
    expect(book.channel('C0ASK').lastTs).toBe('1700000000.000100');
    book.noteSeen('C0ASK', message('1700000001.000200'), false);
    await book.flush();
    expect(store.saved).toEqual({ channels: { C0ASK: { lastTs: '1700000001.000200', threads: {} } } });
  });

  it('a malformed or unreadable saved position starts from recent history, with a log line', async () => {
    const broken = new MemoryCursorStore({ channels: { nope: { lastTs: 'x' } } } as unknown as SlackCursor);
    const first = position(broken);
    await first.book.load();
    expect(first.book.channel('C0ASK').lastTs).toBeNull();
    expect(first.logs.join('\n')).toMatch(/slack: warning: the saved position is malformed/);

    const failing: SlackCursorStore = {
      load: () => Promise.reject(new Error('disk on fire')),
      save: () => Promise.resolve(),
    };
    const second = position(failing);
    await second.book.load();
    expect(second.logs.join('\n')).toMatch(/could not load the saved position \(disk on fire\)/);
  });

  it('live messages during a gap do not move the position until the gap closes', async () => {
    const store = new MemoryCursorStore();
    const { book } = position(store);
    await book.load();
    book.noteSeen('C0ASK', message('1700000000.000100'), false);
    book.gapOpen = true;
    book.noteSeen('C0ASK', message('1700000009.000100'), true);
    expect(book.channel('C0ASK').lastTs).toBe('1700000000.000100');
    book.closeGap();
    expect(book.gapOpen).toBe(false);
    expect(book.channel('C0ASK').lastTs).toBe('1700000009.000100');
    await book.flush();
    expect(store.saved?.channels.C0ASK?.lastTs).toBe('1700000009.000100');
  });

  it('tracks the 20 most recently active threads, no more', async () => {
    const { book } = position(new MemoryCursorStore());
    await book.load();
    for (let i = 0; i < 25; i++) {
      const parent = `17000000${String(i).padStart(2, '0')}.000100`;
      book.noteSeen('C0ASK', message(`17000001${String(i).padStart(2, '0')}.000100`, parent), false);
    }
    const threads = Object.keys(book.channel('C0ASK').threads);
    expect(threads).toHaveLength(20);
    expect(threads).not.toContain('1700000000.000100'); // the least recently active went first
    expect(threads).toContain('1700000024.000100');
  });

  it('a failed save is logged, and the next flush writes again', async () => {
    let fail = true;
    const saves: SlackCursor[] = [];
    const store: SlackCursorStore = {
      load: () => Promise.resolve(null),
      save: (cursor) => {
        if (fail) return Promise.reject(new Error('read-only disk'));
        saves.push(cursor);
        return Promise.resolve();
      },
    };
    const { book, logs } = position(store);
    await book.load();
    book.noteSeen('C0ASK', message('1700000000.000100'), false);
    await book.flush();
    expect(logs.join('\n')).toMatch(/could not save the position: read-only disk/);
    fail = false;
    await book.flush();
    expect(saves).toHaveLength(1);
  });
});
