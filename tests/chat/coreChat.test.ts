import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import { messageEntries } from '../../shared/feedMessages.js';
import type { ChatLiveMessage, ChatSettingsInput } from '../../shared/protocol.js';
import type { FeedState, Question } from '../../shared/questions.js';
import { CrewClient, startTestCore, tempDir } from '../core/harness.js';
import { chatSettingsFor } from './fakes/chatSettings.js';
import { FakeSlack } from './fakes/fakeSlack.js';
import { FakeYouTube } from './fakes/fakeYouTube.js';
import { ifAssigned } from '../ifAssigned.js';

/**
 * The question workflow through the whole core: messages from the Slack and YouTube fakes,
 * through the real sources, journaled, on a moderator's screen; curated by commands; on air for
 * the MC; removed when the source deletes them.
 */
describe('the question feed through the core', () => {
  let slack: FakeSlack;
  let youtube: FakeYouTube;
  let data: ReturnType<typeof tempDir>;
  let running: RunningCore;
  let moderator: CrewClient;
  let mc: CrewClient;
  const chatLive: ChatLiveMessage[] = [];

  const feed = (): FeedState => moderator.replica.state!.feed;
  const entryWithText = (text: string) => [...messageEntries(feed().messages)].find((m) => m.text === text);
  const questionWithText = (text: string): Question | undefined =>
    Object.values(feed().questions).find((q) => q.text === text);

  /** Both sources connected, as the screens last heard (after a start or a save that restarts them). */
  const bothSourcesConnected = () =>
    expect
      .poll(
        () =>
          chatLive
            .at(-1)
            ?.sources.map((s) => s.state)
            .sort(),
        { timeout: 15_000 },
      )
      .toEqual(['connected', 'connected']);

  beforeAll(async () => {
    slack = await FakeSlack.start();
    youtube = new FakeYouTube({ pollingIntervalMillis: 200 });
    const baseUrl = await youtube.start();
    data = tempDir('showcaller-core-chat-');
    // Settings arrive like a producer's: through the command path, saved to chat.json.
    running = await startTestCore(data.dir, { chat: undefined });
    const producer = await new CrewClient(running.url, running.tokens.producer).ready();
    const configured = await producer.send({
      type: 'chatConfigure',
      settings: chatSettingsFor({ slack, youtube: { fake: youtube, baseUrl } }),
    });
    expect(configured).toMatchObject({ ok: true });
    expect((await producer.send({ type: 'startSegment', segmentId: 's002' })).ok).toBe(true);
    producer.close();
    moderator = await new CrewClient(running.url, running.tokens.moderator).ready();
    moderator.socket.on('chat', (live) => chatLive.push(live));
    mc = await new CrewClient(running.url, running.tokens.mc).ready();
  });

  afterAll(async () => {
    ifAssigned(moderator)?.close();
    ifAssigned(mc)?.close();
    await ifAssigned(running)?.close();
    await ifAssigned(slack)?.close();
    await ifAssigned(youtube)?.close();
    ifAssigned(data)?.remove();
  });

  it('keeps the tokens in the core: chat.json (0600), not the journal, not the screens', async () => {
    const file = path.join(data.dir, 'chat.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(slack.botToken);
    await bothSourcesConnected();
    const screens = JSON.stringify(chatLive.at(-1));
    expect(screens).not.toContain(slack.botToken);
    expect(screens).not.toContain(youtube.apiKey);
    const journal = readFileSync(path.join(data.dir, 'shows', running.showId, 'journal.ndjson'), 'utf8');
    expect(journal).not.toContain(slack.botToken);
    expect(journal).not.toContain(youtube.apiKey);
  });

  it('a save that leaves the tokens out keeps the saved ones; one with nothing saved is refused', async () => {
    const producer = await new CrewClient(running.url, running.tokens.producer).ready();
    try {
      const before = JSON.parse(readFileSync(path.join(data.dir, 'chat.json'), 'utf8')) as ChatSettingsInput;
      const { appToken: _a, botToken: _b, ...slackWithoutTokens } = before.slack!;
      const { apiKey: _k, ...youtubeWithoutKey } = before.youtube!;
      const saved = await producer.send({
        type: 'chatConfigure',
        settings: {
          slack: { ...slackWithoutTokens, questionReaction: 'raised_hand' },
          youtube: youtubeWithoutKey,
        },
      });
      expect(saved).toMatchObject({ ok: true });
      const after = JSON.parse(readFileSync(path.join(data.dir, 'chat.json'), 'utf8')) as ChatSettingsInput;
      expect(after.slack).toMatchObject({
        appToken: slack.appToken,
        botToken: slack.botToken,
        questionReaction: 'raised_hand',
      });
      expect(after.youtube).toMatchObject({ apiKey: youtube.apiKey });
      await expect
        .poll(() => chatLive.at(-1)?.settings.slack?.questionReaction, { timeout: 15_000 })
        .toBe('raised_hand');
      await bothSourcesConnected();

      // Put the question reaction back for the tests below.
      expect(
        await producer.send({
          type: 'chatConfigure',
          settings: { slack: slackWithoutTokens, youtube: youtubeWithoutKey },
        }),
      ).toMatchObject({ ok: true });
      await expect
        .poll(() => chatLive.at(-1)?.settings.slack?.questionReaction, { timeout: 15_000 })
        .toBe('question');
      await bothSourcesConnected();
    } finally {
      producer.close();
    }
  });

  it('brings a Slack message and a YouTube message into one feed, tagged with the live talk', async () => {
    slack.post('C0ASK', 'How do you pick the group-by keys?', { user: 'U0ADA' });
    youtube.post('What about window functions?');
    await expect
      .poll(() => entryWithText('How do you pick the group-by keys?'), { timeout: 15_000 })
      .toBeDefined();
    await expect.poll(() => entryWithText('What about window functions?'), { timeout: 15_000 }).toBeDefined();
    const fromSlack = entryWithText('How do you pick the group-by keys?')!;
    const fromYouTube = entryWithText('What about window functions?')!;
    expect(fromSlack).toMatchObject({
      source: 'slack',
      segmentId: 's002',
      looksLikeQuestion: true,
      backfill: false,
    });
    expect(fromSlack.author.name).toBe('Ada');
    expect(fromYouTube).toMatchObject({ source: 'youtube', segmentId: 's002', looksLikeQuestion: true });
  });

  it('runs a question from approval to answered, with the MC seeing it on air', async () => {
    const entry = entryWithText('What about window functions?')!;
    expect((await moderator.send({ type: 'approveMessage', messageId: entry.id })).ok).toBe(true);
    await moderator.until(running.core.seq);
    const question = questionWithText('What about window functions?')!;
    expect(question.origins[0]?.source).toBe('youtube');
    expect((await moderator.send({ type: 'queueQuestion', questionId: question.id })).ok).toBe(true);
    expect(await mc.send({ type: 'queueQuestion', questionId: question.id })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect((await mc.send({ type: 'nextQuestion' })).ok).toBe(true);
    await mc.until(running.core.seq);
    expect(mc.replica.state!.feed.onAir).toBe(question.id);
    expect((await mc.send({ type: 'answerQuestion', questionId: question.id })).ok).toBe(true);
    await mc.until(running.core.seq);
    expect(mc.replica.state!.feed.questions[question.id]?.status).toBe('answered');
    expect(mc.replica.state!.feed.onAir).toBeNull();
  });

  it('a message deleted at the source leaves the feed and takes its question off the queue', async () => {
    const id = youtube.post('Is this a spam question?');
    await expect.poll(() => entryWithText('Is this a spam question?'), { timeout: 15_000 }).toBeDefined();
    const entry = entryWithText('Is this a spam question?')!;
    await moderator.send({ type: 'approveMessage', messageId: entry.id });
    await moderator.until(running.core.seq);
    const question = questionWithText('Is this a spam question?')!;
    await moderator.send({ type: 'queueQuestion', questionId: question.id });
    youtube.deleteMessage(id);
    await expect.poll(() => entryWithText('Is this a spam question?'), { timeout: 15_000 }).toBeUndefined();
    expect(feed().questions[question.id]).toBeUndefined();
    expect(feed().queue).not.toContain(question.id);
  });

  it('a Slack redelivery is not a second message, and an edit changes the text in place', async () => {
    const message = slack.post('C0ASK', 'first wording?', { user: 'U0ADA' });
    await expect.poll(() => entryWithText('first wording?'), { timeout: 15_000 }).toBeDefined();
    const count = feed().messages.size;
    slack.redeliver(slack.envelopeFor('C0ASK', message.ts)!.payload.event_id);
    slack.edit('C0ASK', message.ts, 'second wording?');
    await expect.poll(() => entryWithText('second wording?'), { timeout: 15_000 }).toBeDefined();
    expect(feed().messages.size).toBe(count);
    expect(entryWithText('second wording?')!.edited).toBe(true);
  });

  it('gives viewer screens (stage, overlays) the show without the chat, and the questions whole', async () => {
    const viewer = await new CrewClient(running.url, running.tokens.viewer).ready();
    const chatRecords: number[] = [];
    viewer.socket.on('record', (record) => {
      if (record.events.some((e) => e.type === 'chatIngested')) chatRecords.push(record.seq);
    });
    try {
      expect(viewer.replica.state!.feed.messages.size).toBe(0);
      expect(feed().messages.size).toBeGreaterThan(0);
      slack.post('C0ASK', 'Does the stage see this?', { user: 'U0ADA' });
      await expect.poll(() => entryWithText('Does the stage see this?'), { timeout: 15_000 }).toBeDefined();
      const entry = entryWithText('Does the stage see this?')!;
      expect((await moderator.send({ type: 'approveMessage', messageId: entry.id })).ok).toBe(true);
      await viewer.until(running.core.seq);
      // Same seqs, no gap; the chat batch arrived without its messages.
      expect(viewer.gaps).toBe(0);
      expect(chatRecords).toEqual([]);
      expect(viewer.replica.state!.feed.messages.size).toBe(0);
      expect(viewer.replica.state!.feed.questions).toEqual(running.core.state.feed.questions);
      expect(viewer.replica.state!.live).toEqual(running.core.state.live);
      // The MC still gets the messages (votes come from their reactions).
      await mc.until(running.core.seq);
      expect(mc.replica.state!.feed.messages.size).toBe(running.core.state.feed.messages.size);
    } finally {
      viewer.close();
    }
  });

  it('survives a restart: the feed and questions come back from the journal', async () => {
    const before = running.core.state.feed;
    await running.close();
    running = await startTestCore(data.dir, { chat: false });
    expect(running.core.state.feed).toEqual(before);
    moderator.close();
    mc.close();
    moderator = await new CrewClient(running.url, running.tokens.moderator).ready();
    mc = await new CrewClient(running.url, running.tokens.mc).ready();
  });
});
