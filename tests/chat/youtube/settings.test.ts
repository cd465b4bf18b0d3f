import { describe, expect, it } from 'vitest';
import { VideoIdError, parseVideoId } from '../../../shared/youtubeVideo.js';
import {
  YouTubeSettingsError,
  YouTubeSource,
  parseYouTubeSettings,
  publicYouTubeSettings,
} from '../../../core/chat/youtube/youtubeSource.js';
import { MemoryCursorStore } from './harness.js';

const ID = 'dQw4w9WgXcQ';

describe('video URL parsing', () => {
  it.each([
    ID,
    `  ${ID}  `,
    `https://www.youtube.com/watch?v=${ID}`,
    `https://www.youtube.com/watch?v=${ID}&t=42s`,
    `https://www.youtube.com/watch?feature=share&v=${ID}`,
    `http://youtube.com/watch?v=${ID}`,
    `www.youtube.com/watch?v=${ID}`,
    `https://m.youtube.com/watch?v=${ID}`,
    `https://youtu.be/${ID}`,
    `https://youtu.be/${ID}?si=abcdef`,
    `https://www.youtube.com/live/${ID}`,
    `https://www.youtube.com/live/${ID}?feature=share`,
    `https://www.youtube.com/embed/${ID}`,
    `https://www.youtube.com/shorts/${ID}`,
    `https://studio.youtube.com/video/${ID}/livestreaming`,
  ])('accepts %s', (input) => {
    expect(parseVideoId(input)).toBe(ID);
  });

  it.each([
    '',
    'dQw4w9WgXc', // 10 characters
    'dQw4w9WgXcQQ', // 12 characters
    'dQw4w9WgX!Q',
    'https://www.youtube.com/watch',
    'https://www.youtube.com/watch?v=short',
    'https://www.youtube.com/channel/UCnormconf0000000000000001',
    'https://www.youtube.com/@normconf/live',
    `https://vimeo.com/watch?v=${ID}`,
    `https://youtube.com.evil.example/watch?v=${ID}`,
    `ftp://youtube.com/watch?v=${ID}`,
    'https://youtu.be/',
    'not a url at all',
  ])('rejects %j with a clear error', (input) => {
    expect(() => parseVideoId(input)).toThrow(VideoIdError);
    expect(() => parseVideoId(input)).toThrow(/is not a YouTube video: paste the stream's URL/);
  });
});

describe('settings', () => {
  it('fills the defaults', () => {
    const result = parseYouTubeSettings({ apiKey: 'k', video: ID });
    expect(result).toEqual({
      ok: true,
      settings: {
        apiKey: 'k',
        video: ID,
        dailyQuota: 10_000,
        showEndsAt: null,
        minIntervalMs: 1_000,
        maxIntervalMs: 60_000,
        priority: 'duration',
        liveCheckIntervalMs: 60_000,
      },
    });
  });

  it.each([
    [{ video: ID }, /an API key or an OAuth token is required/],
    [{ apiKey: 'k', video: 'https://vimeo.com/1' }, /video: "https:\/\/vimeo.com\/1" is not a YouTube video/],
    [{ apiKey: 'k' }, /video/],
    [{ apiKey: 'k', video: ID, priority: 'fast' }, /priority/],
    [{ apiKey: 'k', video: ID, dailyQuota: 0 }, /dailyQuota/],
    [
      { apiKey: 'k', video: ID, minIntervalMs: 90_000, maxIntervalMs: 60_000 },
      /minIntervalMs must not be above/,
    ],
    [{ apiKey: 'k', video: ID, baseUrl: 'file:///etc/passwd' }, /baseUrl/],
  ])('rejects %j', (input, message) => {
    const result = parseYouTubeSettings(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });

  it('the constructor refuses bad settings with the same words', () => {
    expect(
      () =>
        new YouTubeSource({ settings: { apiKey: 'k', video: 'nope' }, cursorStore: new MemoryCursorStore() }),
    ).toThrow(YouTubeSettingsError);
  });

  it('public settings carry no secret', () => {
    const result = parseYouTubeSettings({ apiKey: 'AIza-secret', video: `https://youtu.be/${ID}` });
    if (!result.ok) throw new Error(result.error);
    const shown = publicYouTubeSettings(result.settings);
    expect(shown).toMatchObject({ videoId: ID, auth: 'apiKey' });
    expect(JSON.stringify(shown)).not.toContain('AIza-secret');
  });
});
