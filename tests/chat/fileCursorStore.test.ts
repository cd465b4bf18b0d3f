import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileCursorStore } from '../../core/chat/fileCursorStore.js';
import { YouTubeCursor } from '../../core/chat/youtube/youtubeSource.js';

let dir: string | null = null;
afterEach(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
  dir = null;
});

const cursor: YouTubeCursor = {
  videoId: 'dQw4w9WgXcQ',
  liveChatId: 'chat-1',
  nextPageToken: 'token-1',
  title: 'NormConf',
  quota: { dayKey: '2022-12-15', usedUnits: 42 },
};

describe('fileCursorStore', () => {
  it('saves and loads the position; a missing file loads as null', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'yt-cursor-'));
    const file = path.join(dir, 'show', 'youtube-cursor.json');
    const store = fileCursorStore(file, YouTubeCursor, 'youtube');
    expect(await store.load()).toBeNull();
    await store.save(cursor);
    expect(await store.load()).toEqual(cursor);
    await store.save({ ...cursor, nextPageToken: 'token-2' });
    expect((await store.load())?.nextPageToken).toBe('token-2');
    expect((await fs.readdir(path.dirname(file))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a corrupt file loads as null with a log line', async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'yt-cursor-'));
    const file = path.join(dir, 'youtube-cursor.json');
    const logs: string[] = [];
    await fs.writeFile(file, '{"videoId": 3');
    expect(
      await fileCursorStore(file, YouTubeCursor, 'youtube', (line) => logs.push(line)).load(),
    ).toBeNull();
    await fs.writeFile(file, '{"videoId": "x"}');
    expect(
      await fileCursorStore(file, YouTubeCursor, 'youtube', (line) => logs.push(line)).load(),
    ).toBeNull();
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/not a valid chat position/);
  });
});
