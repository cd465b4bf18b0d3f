import { afterEach, describe, expect, it } from 'vitest';
import { nextQuotaReset, planQuota } from '../../../shared/youtubeQuota.js';
import type { YouTubeSettingsInput } from '../../../core/chat/youtube/youtubeSource.js';
import type { Harness, Watched } from './harness.js';
import { T0, harness, upsertedIds } from './harness.js';

const H = 3_600_000;
let h: Harness | null = null;

async function setup(...args: Parameters<typeof harness>): Promise<Harness> {
  h = await harness(...args);
  return h;
}

afterEach(async () => {
  if (h) {
    // Secrets never reach the log, and search.list (100 units) is never called.
    expect(h.logs.join('\n')).not.toContain(h.fake.apiKey);
    expect(h.logs.join('\n')).not.toContain(h.fake.oauthToken);
    expect(h.fake.callsTo('search')).toEqual([]);
    await h.close();
  }
  h = null;
});

/** A source started on a fresh harness, asleep after its first look at the chat. */
async function started(
  settings: Partial<YouTubeSettingsInput> = {},
  options?: Parameters<typeof harness>[0],
) {
  const t = await setup(options);
  const w = t.source(settings);
  w.source.start();
  await t.clock.asleep();
  return { t, w };
}

/** A message posted now arrives with the next poll, and the source is connected. */
async function receivesNext(t: Harness, w: Watched, text: string) {
  t.fake.post(text);
  await t.clock.step();
  await t.clock.asleep();
  expect(w.source.status.state).toBe('connected');
  expect(w.messages().map((m) => m.text)).toEqual([text]);
}

const chatCalls = (t: Harness) => t.fake.callsTo('liveChat/messages');

describe('YouTubeSource: finding the chat and paging through it', () => {
  it('resolves the chat with videos.list (1 unit), then pages with nextPageToken: every message once, in order', async () => {
    const t = await setup({ fake: { pageSize: 3 } });
    const history = [t.fake.post('Hello from Berlin'), t.fake.post('What is NormConf?')];
    const w = t.source();
    w.source.start();

    await t.clock.asleep();
    expect(t.fake.callsTo('videos')).toHaveLength(1);
    expect(t.fake.callsTo('videos')[0]?.query).toMatchObject({
      id: t.fake.videoId,
      part: 'snippet,liveStreamingDetails',
    });
    expect(w.source.status.state).toBe('connected');
    expect(upsertedIds(w)).toEqual(history);

    // Five more: with three to a page, two pages.
    const live = [1, 2, 3, 4, 5].map((n) => t.fake.post(`question ${n}?`));
    await t.clock.step();
    await t.clock.step();
    await t.clock.step();
    await t.clock.asleep();
    expect(upsertedIds(w)).toEqual([...history, ...live]);
    expect(new Set(upsertedIds(w)).size).toBe(upsertedIds(w).length);

    // Each call carries the token the previous answer gave.
    const calls = chatCalls(t);
    expect(calls[0]?.query.pageToken).toBeUndefined();
    for (const call of calls) {
      expect(call.query).toMatchObject({
        liveChatId: t.fake.liveChatId,
        part: 'snippet,authorDetails',
        key: t.fake.apiKey,
      });
    }
    expect(new Set(calls.slice(1).map((call) => call.query.pageToken)).size).toBe(calls.length - 1);

    // The message itself, in the shared chat model.
    const [first] = w.messages();
    expect(first).toEqual({
      id: `youtube:${history[0]}`,
      source: 'youtube',
      channel: t.fake.liveChatId,
      channelName: t.fake.title,
      author: { id: 'UCviewer00000000000000001', name: 'Ada Viewer', badges: [] },
      text: 'Hello from Berlin',
      sentAt: T0,
      permalink: `https://www.youtube.com/watch?v=${t.fake.videoId}`,
      threadId: null,
      backfill: true,
      superChat: null,
      edited: false,
    });
    expect(w.source.status.received).toBe(7);
    // 1 unit for videos.list, 5 for each page.
    expect(w.source.status.quota?.usedUnits).toBe(1 + 5 * calls.length);
  });

  it('marks only the first page after a fresh start as backfill', async () => {
    const t = await setup();
    t.fake.post('history 1');
    t.fake.post('history 2');
    const w = t.source();
    w.source.start();
    await t.clock.asleep();
    expect(w.statuses.map((s) => s.state)).toContain('backfilling');
    t.fake.post('live 1');
    await t.clock.step();
    await t.clock.asleep();
    expect(w.messages().map((m) => [m.text, m.backfill])).toEqual([
      ['history 1', true],
      ['history 2', true],
      ['live 1', false],
    ]);
  });

  it('resumes after a restart from the saved token: no gap, no repeat, nothing marked backfill', async () => {
    const t = await setup();
    t.fake.post('before 1');
    const a = t.source();
    a.source.start();
    await t.clock.asleep();
    t.fake.post('before 2');
    await t.clock.step();
    await t.clock.asleep();
    await a.source.stop();
    expect(a.source.status.state).toBe('off');
    const saved = t.store.cursor;
    expect(saved).toMatchObject({
      videoId: t.fake.videoId,
      liveChatId: t.fake.liveChatId,
      title: t.fake.title,
    });
    expect(saved?.nextPageToken).toBeTruthy();
    expect(saved?.quota.usedUnits).toBe(1 + 5 * 2);

    // Chat goes on while the core is down.
    t.fake.post('while down 1');
    t.fake.post('while down 2');
    const callsBefore = t.fake.calls.length;

    const b = t.source();
    b.source.start();
    await t.clock.asleep();
    const resumed = t.fake.calls.slice(callsBefore);
    expect(resumed.map((call) => call.path)).toEqual(['liveChat/messages']); // no videos.list needed
    expect(resumed[0]?.query.pageToken).toBe(saved?.nextPageToken);
    expect(b.messages().map((m) => [m.text, m.backfill])).toEqual([
      ['while down 1', false],
      ['while down 2', false],
    ]);
    expect([...upsertedIds(a), ...upsertedIds(b)]).toEqual(t.fake.messageIds);
    // The quota spent before the restart still counts.
    expect(b.source.status.quota?.usedUnits).toBe(1 + 5 * 3);
  });

  it('a saved token YouTube refuses is dropped: the chat is fetched again as backfill', async () => {
    const t = await setup();
    const id = t.fake.post('already seen');
    t.store.cursor = {
      videoId: t.fake.videoId,
      liveChatId: t.fake.liveChatId,
      nextPageToken: 'a-token-from-another-life',
      title: null,
      quota: { dayKey: '2022-12-15', usedUnits: 100 },
    };
    const w = t.source();
    w.source.start();
    expect(await t.clock.asleep()).toBe(5_000); // dropped the token, waited the minimum…
    await t.clock.step(); // …then fetched again without one
    await t.clock.asleep();
    const calls = chatCalls(t);
    expect(calls.map((call) => [call.status, call.query.pageToken])).toEqual([
      [400, 'a-token-from-another-life'],
      [200, undefined],
    ]);
    expect(w.messages().map((m) => [m.id, m.backfill])).toEqual([[`youtube:${id}`, true]]);
    expect(t.store.cursor.nextPageToken).not.toBe('a-token-from-another-life');
  });

  it('ignores a saved cursor for another video (but keeps the day’s quota count)', async () => {
    const t = await setup();
    t.store.cursor = {
      videoId: 'otherVideo1',
      liveChatId: 'other-chat',
      nextPageToken: 'other-token',
      title: 'Another stream',
      quota: { dayKey: '2022-12-15', usedUnits: 2_000 },
    };
    const w = t.source();
    w.source.start();
    await t.clock.asleep();
    expect(t.fake.calls.map((call) => call.path)).toEqual(['videos', 'liveChat/messages']);
    expect(chatCalls(t)[0]?.query.liveChatId).toBe(t.fake.liveChatId);
    expect(w.source.status.quota?.usedUnits).toBe(2_000 + 1 + 5);
  });

  it('authenticates with an OAuth token as a Bearer header', async () => {
    const t = await setup();
    t.fake.post('hi');
    const w = t.source({ apiKey: undefined, oauthToken: t.fake.oauthToken });
    w.source.start();
    await t.clock.asleep();
    expect(t.fake.calls.every((call) => call.auth === 'bearer' && call.query.key === undefined)).toBe(true);
    expect(w.messages()).toHaveLength(1);
  });
});

describe('YouTubeSource: the interval', () => {
  it('never polls sooner than pollingIntervalMillis, and follows it when it changes', async () => {
    const t = await setup({ fake: { pollingIntervalMillis: 7_000 } });
    const w = t.source({ priority: 'speed', minIntervalMs: 1_000 });
    w.source.start();
    for (let i = 0; i < 4; i++) await t.clock.step();
    await t.clock.asleep();
    t.fake.pollingIntervalMillis = 12_000;
    for (let i = 0; i < 3; i++) await t.clock.step();
    await t.clock.asleep();
    expect(t.clock.waits).toEqual([7_000, 7_000, 7_000, 7_000, 7_000, 12_000, 12_000, 12_000]);
    const times = chatCalls(t).map((call) => call.at);
    const gaps = times.slice(1).map((at, i) => at - (times[i] ?? 0));
    expect(gaps).toEqual([7_000, 7_000, 7_000, 7_000, 7_000, 12_000, 12_000]);
    expect(w.source.status.quota?.intervalMs).toBe(12_000);
  });

  it('spreads the quota over a 15-hour show (≈ 27 s), and re-plans when the producer asks for speed', async () => {
    const t = await setup({ settings: { showEndsAt: T0 + 15 * H, priority: 'duration' } });
    const w = t.source();
    w.source.start();
    const wait = await t.clock.asleep();
    const expected = planQuota({
      dailyUnits: 10_000,
      usedUnits: 6,
      now: T0,
      resetsAt: nextQuotaReset(T0),
      showEndsAt: T0 + 15 * H,
      apiMinIntervalMs: 5_000,
      priority: 'duration',
    });
    expect(wait).toBe(expected.intervalMs);
    expect(wait).toBeGreaterThanOrEqual(27_000);
    expect(wait).toBeLessThan(27_100);
    expect(w.source.status.quota).toEqual({
      usedUnits: 6,
      dailyUnits: 10_000,
      intervalMs: wait,
      exhaustsAt: expected.exhaustsAt,
      resetsAt: nextQuotaReset(T0),
    });
    expect(w.source.status.quota?.exhaustsAt).toBeGreaterThanOrEqual(T0 + 15 * H - 30_000);

    // The producer wants speed: the 27 s wait is cut to the API's 5 s.
    w.source.updatePlan({ priority: 'speed' });
    expect(await t.clock.asleep()).toBe(5_000);
    expect(w.source.status.quota?.intervalMs).toBe(5_000);
    expect(w.source.status.quota?.exhaustsAt).toBe(T0 + Math.floor((10_000 - 6) / 5) * 5_000);
    await t.clock.step();
    expect(t.clock.time).toBe(T0 + 5_000);

    // The show runs late: the planned end moves, the plan follows.
    w.source.updatePlan({ priority: 'duration', showEndsAt: T0 + 20 * H });
    expect(await t.clock.asleep()).toBeGreaterThan(wait);
  });
});

describe('YouTubeSource: message types', () => {
  it('super chats are flagged, with the comment as text; badges come from authorDetails', async () => {
    const { t, w } = await started();
    t.fake.superChat('Will the slides be online?', '$10.00');
    t.fake.post('Mods: please keep it kind', {
      channelId: 'UCmoderator000000000000001',
      displayName: 'Mod Squad',
      isChatModerator: true,
      isChatSponsor: true,
    });
    await t.clock.step();
    await t.clock.asleep();
    const [superChat, moderator] = w.messages();
    expect(superChat).toMatchObject({
      text: 'Will the slides be online?',
      superChat: { amountDisplay: '$10.00' },
      backfill: false,
    });
    expect(moderator).toMatchObject({
      superChat: null,
      author: { name: 'Mod Squad', badges: ['moderator', 'member'] },
    });
  });

  it('a deleted message becomes a delete; a banned user becomes authorBanned; other types are ignored', async () => {
    const t = await setup();
    const spam = t.fake.post('buy followers', {
      channelId: 'UCspammer00000000000000001',
      displayName: 'Spam',
    });
    const w = t.source();
    w.source.start();
    await t.clock.asleep();
    t.fake.deleteMessage(spam);
    t.fake.ban('UCspammer00000000000000001');
    t.fake.other('newSponsorEvent', { newSponsorDetails: { memberLevelName: 'Fan', isUpgrade: false } });
    t.fake.other('pollOpenedEvent');
    await t.clock.step();
    await t.clock.asleep();
    expect(w.ingests.slice(1)).toEqual([
      { kind: 'delete', id: `youtube:${spam}` },
      { kind: 'authorBanned', source: 'youtube', authorId: 'UCspammer00000000000000001' },
    ]);
  });

  it('chatEndedEvent stops the source with a reason, after delivering the rest of its page', async () => {
    const { t, w } = await started();
    t.fake.post('thanks everyone!');
    t.fake.endChat();
    await t.clock.step();
    await w.source.finished;
    expect(w.messages().map((m) => m.text)).toEqual(['thanks everyone!']);
    expect(w.source.status).toMatchObject({
      state: 'stopped',
      reason: 'the live chat has ended',
      retryAt: null,
    });
    expect(t.clock.sleeping).toBeNull();
    expect(t.store.cursor?.liveChatId).toBeNull();
  });

  it('skips an item that is not as documented, and keeps the rest of the page', async () => {
    const { t, w } = await started();
    t.fake.post('before');
    t.fake.other('textMessageEvent', { publishedAt: 'yesterday-ish' });
    t.fake.post('after');
    await t.clock.step();
    await t.clock.asleep();
    expect(w.messages().map((m) => m.text)).toEqual(['before', 'after']);
    expect(t.logs.some((line) => line.includes('not as documented'))).toBe(true);
  });
});

describe('YouTubeSource: waiting for the stream', () => {
  it('waits (1 unit a check) until the stream goes live, then finds its chat', async () => {
    const t = await setup({ fake: { stream: 'upcoming' } });
    const w = t.source({ liveCheckIntervalMs: 60_000 });
    w.source.start();
    expect(await t.clock.asleep()).toBe(60_000);
    expect(w.source.status).toMatchObject({ state: 'waiting', retryAt: T0 + 60_000 });
    expect(w.source.status.reason).toMatch(/has not started yet/);
    await t.clock.step();
    await t.clock.asleep();
    expect(t.fake.callsTo('videos')).toHaveLength(2);
    expect(w.source.status.quota?.usedUnits).toBe(2);
    t.fake.stream = 'live';
    await receivesNext(t, w, 'first!');
  });

  it('a stream that has ended stops with a reason', async () => {
    const t = await setup({ fake: { stream: 'ended' } });
    const w = t.source();
    w.source.start();
    await w.source.finished;
    expect(w.source.status).toMatchObject({
      state: 'stopped',
      reason: 'the stream has ended; its live chat is closed',
    });
  });

  it('an unknown video stops with a reason', async () => {
    const t = await setup();
    const w = t.source({ video: 'https://youtu.be/aaaaaaaaaaa' });
    w.source.start();
    await w.source.finished;
    expect(w.source.status.state).toBe('stopped');
    expect(w.source.status.reason).toMatch(/no video aaaaaaaaaaa/);
  });
});

describe('YouTubeSource: errors', () => {
  it('quotaExceeded → waiting until midnight Pacific, then resumes on a fresh quota day', async () => {
    // Noon on the Saturday before DST starts: the reset is 2025-03-09 08:00 UTC, and the next
    // one, on the 23-hour day, at 07:00 UTC.
    const start = Date.parse('2025-03-08T20:00:00Z');
    const reset = Date.parse('2025-03-09T08:00:00Z');
    const { t, w } = await started({ priority: 'speed' }, { start });

    t.fake.quotaExhaustedUntil = reset;
    await t.clock.step();
    await t.clock.asleep();
    expect(w.source.status).toMatchObject({ state: 'waiting', retryAt: reset + 60_000 });
    expect(w.source.status.reason).toMatch(/quota used up for today; resumes after midnight Pacific/);
    expect(w.source.status.quota?.usedUnits).toBe(10_000);
    const failedAt = t.fake.calls.length;

    t.fake.post('asked during the outage');
    await t.clock.stepUntil(() => t.fake.calls.length > failedAt);
    // Nothing was asked while the quota was gone; the next call came after the reset.
    const next = t.fake.calls[failedAt];
    expect(next?.at).toBe(reset + 60_000);
    expect(next?.status).toBe(200);
    expect(w.source.status.state).toBe('connected');
    expect(w.messages().map((m) => [m.text, m.backfill])).toEqual([['asked during the outage', false]]);
    expect(w.source.status.quota).toMatchObject({
      usedUnits: 5,
      resetsAt: Date.parse('2025-03-10T07:00:00Z'),
    });
    expect(t.store.cursor?.quota).toEqual({ dayKey: '2025-03-09', usedUnits: 5 });
  });

  it('quota still gone just after the reset: looks again in 10 minutes, not tomorrow', async () => {
    const start = Date.parse('2025-01-15T20:00:00Z');
    const reset = Date.parse('2025-01-16T08:00:00Z');
    const { t, w } = await started({}, { start });
    t.fake.quotaExhaustedUntil = reset + 5 * 60_000;
    await t.clock.stepUntil(() => t.clock.time >= reset + 60_000 && w.source.status.state === 'waiting');
    expect(w.source.status.retryAt).toBe(reset + 60_000 + 10 * 60_000);
    await t.clock.stepUntil(() => w.source.status.state === 'connected');
    expect(t.clock.time).toBeLessThan(reset + 20 * 60_000 + 60_000);
  });

  it('5xx → exponential backoff with jitter (status waiting, retryAt), then recovery', async () => {
    const { t, w } = await started({ priority: 'speed' });
    t.fake.failNext('500', 2, 'liveChat/messages');
    t.fake.failNext('503', 1, 'liveChat/messages');
    t.fake.post('still here?');
    await t.clock.step(); // → 500
    expect(await t.clock.asleep()).toBe(1_500); // 2 s ceiling, jitter 0.5 → 1.5 s
    expect(w.source.status).toMatchObject({ state: 'waiting', retryAt: t.clock.time + 1_500 });
    expect(w.source.status.reason).toMatch(/YouTube error 500: Backend Error; retrying in 2 s/);
    await t.clock.step(); // → 500
    expect(await t.clock.asleep()).toBe(3_000);
    await t.clock.step(); // → 503
    expect(await t.clock.asleep()).toBe(6_000);
    await t.clock.step(); // → 200
    expect(await t.clock.asleep()).toBe(5_000);
    expect(w.source.status).toMatchObject({ state: 'connected', reason: null, retryAt: null });
    expect(w.messages().map((m) => m.text)).toEqual(['still here?']);
    // The failures are forgotten: the next one starts from the bottom again.
    t.fake.failNext('500', 1, 'liveChat/messages');
    await t.clock.step();
    expect(await t.clock.asleep()).toBe(1_500);
  });

  it('network errors back off the same way and recover', async () => {
    const { t, w } = await started();
    t.networkDown = true;
    await t.clock.step();
    expect(await t.clock.asleep()).toBe(1_500);
    expect(w.source.status.state).toBe('waiting');
    expect(w.source.status.reason).toMatch(/cannot reach YouTube \(connect ECONNREFUSED/);
    await t.clock.step();
    expect(await t.clock.asleep()).toBe(3_000);
    t.networkDown = false;
    await receivesNext(t, w, 'back');
  });

  it('rateLimitExceeded backs off instead of stopping', async () => {
    const { t, w } = await started();
    t.fake.failNext('rateLimitExceeded', 1, 'liveChat/messages');
    await t.clock.step();
    await t.clock.asleep();
    expect(w.source.status.state).toBe('waiting');
    await t.clock.step();
    await t.clock.asleep();
    expect(w.source.status.state).toBe('connected');
  });

  it.each([
    ['a bad API key', { apiKey: 'AIza-wrong' }, /YouTube refused the API key: API key not valid/],
    [
      'an expired OAuth token (401)',
      { apiKey: undefined, oauthToken: 'ya29.expired' },
      /YouTube refused the OAuth token/,
    ],
  ])('%s → stopped after one call, no retry loop', async (_name, settings, reason) => {
    const t = await setup();
    const w = t.source(settings);
    w.source.start();
    await w.source.finished;
    expect(w.source.status.state).toBe('stopped');
    expect(w.source.status.reason).toMatch(reason);
    expect(t.fake.calls).toHaveLength(1);
    expect(t.clock.sleeping).toBeNull();
    expect(w.source.status.reason).not.toContain('AIza-wrong');
    expect(w.source.status.reason).not.toContain('ya29.expired');
  });

  it.each([
    ['401', /YouTube refused the API key \(expired or revoked\?\)/],
    ['forbidden', /YouTube refused access \(forbidden\)/],
  ] as const)('%s on the chat mid-show → stopped, no retry loop', async (error, reason) => {
    const { t, w } = await started();
    t.fake.failNext(error, 1, 'liveChat/messages');
    await t.clock.step();
    await w.source.finished;
    expect(w.source.status.state).toBe('stopped');
    expect(w.source.status.reason).toMatch(reason);
    expect(chatCalls(t)).toHaveLength(2);
    // The chat is kept: once the producer fixes the key, a restart resumes where it stopped.
    expect(t.store.cursor?.liveChatId).toBe(t.fake.liveChatId);
  });

  it.each([
    ['liveChatEnded', 'the live chat has ended'],
    ['liveChatNotFound', 'the live chat was not found: the chat has ended'],
    ['liveChatDisabled', 'live chat is turned off for this stream'],
  ] as const)('%s → stopped "%s"', async (error, reason) => {
    const { t, w } = await started();
    t.fake.failNext(error, 1, 'liveChat/messages');
    await t.clock.step();
    await w.source.finished;
    expect(w.source.status).toMatchObject({ state: 'stopped', reason });
    expect(t.clock.sleeping).toBeNull();
  });

  it('stop() during a long wait ends at once and leaves the source off', async () => {
    const { t, w } = await started();
    t.fake.quotaExhaustedUntil = Number.MAX_SAFE_INTEGER;
    await t.clock.step();
    await t.clock.asleep();
    expect(w.source.status.state).toBe('waiting');
    await w.source.stop();
    expect(w.source.status.state).toBe('off');
    expect(t.clock.sleeping).toBeNull();
  });
});
