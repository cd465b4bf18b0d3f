import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import type { ChatLiveMessage } from '../../shared/chat.js';
import { messageEntries } from '../../shared/feedMessages.js';
import { CrewClient, startTestCore, tempDir } from '../core/harness.js';
import { chatSettingsFor } from './fakes/chatSettings.js';
import { FakeSlack } from './fakes/fakeSlack.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('chat on a backup core', () => {
  it('takes its settings while following without connecting (Slack must not deliver to two cores), and starts when promoted', async () => {
    const slack = await FakeSlack.start();
    const dirs = [tempDir('showcaller-chat-primary-'), tempDir('showcaller-chat-backup-')];
    cleanups.push(() => slack.close(), ...dirs.map((d) => d.remove));
    const primary = await startTestCore(dirs[0]!.dir);
    cleanups.push(() => primary.close());
    const backup = await startTestCore(dirs[1]!.dir, {
      chat: undefined,
      follow: { url: primary.url, token: primary.tokens.backup },
    });
    cleanups.push(() => backup.close());
    const desk = await new CrewClient(backup.url, primary.tokens.backup).ready();
    cleanups.push(() => desk.close());

    const { slack: slackSettings } = chatSettingsFor({ slack });
    expect(
      await desk.send({ type: 'chatConfigure', settings: { slack: slackSettings, youtube: null } }),
    ).toMatchObject({
      ok: true,
    });
    expect(backup.chat?.live.settings.slack?.channels).toEqual(slackSettings!.channels);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(slack.socketConnections).toBe(0);
    expect(backup.chat?.live.sources).toEqual([]);

    await primary.close();
    expect(await desk.send({ type: 'promote' })).toMatchObject({ ok: true });
    await expect.poll(() => slack.connected, { timeout: 15_000 }).toBe(true);
    slack.post('C0ASK', 'Asked after the takeover?', { user: 'U0ADA' });
    await expect
      .poll(
        () =>
          [...messageEntries(backup.core.state.feed.messages)].some(
            (e) => e.text === 'Asked after the takeover?',
          ),
        {
          timeout: 15_000,
        },
      )
      .toBe(true);
  });
});

describe('chat on a primary that missed the takeover', () => {
  it('stops its Slack socket once superseded, tells its screens chat is off, and sends new screens nothing of it', async () => {
    const slack = await FakeSlack.start();
    const dirs = [tempDir('showcaller-chat-old-'), tempDir('showcaller-chat-new-')];
    cleanups.push(() => slack.close(), ...dirs.map((d) => d.remove));
    const settings = chatSettingsFor({ slack });
    const first = await startTestCore(dirs[0]!.dir, { chat: { settings } });
    const backup = await startTestCore(dirs[1]!.dir, {
      follow: { url: first.url, token: first.tokens.backup },
    });
    cleanups.push(() => backup.close());
    await expect.poll(() => backup.core.seq).toBe(first.core.seq);
    await first.close();
    // The old primary comes back with its Slack settings and the backup among its links' cores,
    // before the backup is promoted: it runs as the primary, Slack and a producer screen on it.
    const again = await startTestCore(dirs[0]!.dir, {
      showId: first.showId,
      chat: { settings },
      advertise: [backup.url],
    });
    cleanups.push(() => again.close());
    const seen: ChatLiveMessage[] = [];
    const desk = new CrewClient(again.url, again.tokens.producer);
    desk.socket.on('chat', (live) => seen.push(live));
    cleanups.push(() => desk.close());
    await desk.ready();
    await expect.poll(() => slack.connected, { timeout: 10_000 }).toBe(true);
    await expect.poll(() => seen.at(-1)?.sources[0]?.state).toBe('connected');
    expect(again.core.mode).toBe('primary');

    expect(await backup.core.execute({ type: 'promote' }, 'backup')).toMatchObject({ ok: true });
    // A screen that saw the new term makes the old primary ask its links' cores now.
    const claim = await new CrewClient(again.url, again.tokens.viewer, {
      knownTerm: 2,
      showId: again.showId,
    }).ready();
    claim.close();
    await expect.poll(() => again.core.mode, { timeout: 10_000 }).toBe('superseded');
    await expect.poll(() => slack.connected, { timeout: 10_000 }).toBe(false);
    await expect.poll(() => seen.at(-1)).toEqual({ sources: [], settings: { slack: null, youtube: null } });

    const late: ChatLiveMessage[] = [];
    const lateDesk = new CrewClient(again.url, again.tokens.producer);
    lateDesk.socket.on('chat', (live) => late.push(live));
    cleanups.push(() => lateDesk.close());
    await lateDesk.ready();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(late).toEqual([]);
  });
});

describe('chat across a takeover: the gap between the primary dying and the backup listening', () => {
  /** A primary running Slack (first start reads 100 messages) and a backup following it with the same settings. */
  async function pair(slack: FakeSlack) {
    const dirs = [tempDir('showcaller-gap-primary-'), tempDir('showcaller-gap-backup-')];
    cleanups.push(...dirs.map((d) => d.remove));
    const base = chatSettingsFor({ slack });
    const settings = { ...base, slack: { ...base.slack!, initialBackfill: 100 } };
    const primary = await startTestCore(dirs[0]!.dir, { chat: { settings } });
    cleanups.push(() => primary.close());
    const backup = await startTestCore(dirs[1]!.dir, {
      chat: { settings },
      follow: { url: primary.url, token: primary.tokens.backup },
    });
    cleanups.push(() => backup.close());
    await expect.poll(() => slack.connected, { timeout: 15_000 }).toBe(true);
    await expect.poll(() => primary.chat?.live.sources[0]?.state, { timeout: 15_000 }).toBe('connected');
    return { primary, backup };
  }

  const entry = (running: RunningCore, text: string) =>
    [...messageEntries(running.core.state.feed.messages)].find((e) => e.text === text);
  const texts = (running: RunningCore): string[] =>
    [...messageEntries(running.core.state.feed.messages)].map((e) => e.text).sort();

  it('removes what was deleted in Slack during the gap (messages and thread replies), applies edits and reactions made in it', async () => {
    const slack = await FakeSlack.start();
    cleanups.push(() => slack.close());
    const { primary, backup } = await pair(slack);
    const kept = slack.post('C0ASK', 'Kept', { user: 'U0ADA' });
    slack.react('C0ASK', kept.ts, 'question', 'U0BEA');
    const gone = slack.post('C0ASK', 'Deleted during the gap', { user: 'U0ADA' });
    const parent = slack.post('C0ASK', 'Thread parent', { user: 'U0ADA' });
    const keptReply = slack.post('C0ASK', 'Reply kept', { user: 'U0BEA', threadTs: parent.ts });
    const goneReply = slack.post('C0ASK', 'Reply deleted during the gap', {
      user: 'U0BEA',
      threadTs: parent.ts,
    });
    const edited = slack.post('C0ASK', 'Before the edit', { user: 'U0ADA' });
    const last = slack.post('C0ASK', 'Newest, deleted during the gap', { user: 'U0ADA' });
    const all = [
      'Before the edit',
      'Deleted during the gap',
      'Kept',
      'Newest, deleted during the gap',
      'Reply deleted during the gap',
      'Reply kept',
      'Thread parent',
    ];
    await expect.poll(() => texts(primary), { timeout: 15_000 }).toEqual(all);
    await expect.poll(() => entry(primary, 'Kept')?.looksLikeQuestion, { timeout: 15_000 }).toBe(true);
    await primary.core.flushChat();
    await expect.poll(() => backup.core.seq, { timeout: 15_000 }).toBe(primary.core.seq);
    expect(texts(backup)).toEqual(all);

    await primary.close();
    await expect.poll(() => slack.connected, { timeout: 10_000 }).toBe(false);
    // No core listens: Slack changes its history and tells nobody.
    slack.delete('C0ASK', gone.ts, { deliver: false });
    slack.delete('C0ASK', goneReply.ts, { deliver: false });
    slack.delete('C0ASK', last.ts, { deliver: false });
    slack.edit('C0ASK', edited.ts, 'After the edit', { deliver: false });
    slack.react('C0ASK', kept.ts, 'question', 'U0BEA', { remove: true, deliver: false });
    slack.react('C0ASK', keptReply.ts, 'question', 'U0ADA', { deliver: false });

    expect(await backup.core.execute({ type: 'promote' }, 'backup')).toMatchObject({ ok: true });
    await expect
      .poll(() => texts(backup), { timeout: 15_000 })
      .toEqual(['After the edit', 'Kept', 'Reply kept', 'Thread parent']);
    expect(entry(backup, 'After the edit')?.edited).toBe(true);
    // Reactions too: a question mark taken back during the gap, one added in a thread.
    await expect
      .poll(() => [entry(backup, 'Kept'), entry(backup, 'Reply kept')].map((e) => e?.reactions))
      .toEqual([{}, { question: ['U0ADA'] }]);
    expect(entry(backup, 'Kept')?.looksLikeQuestion).toBe(false);
  });

  it('keeps a reaction that arrives on the socket while the catch-up is reading history, for a message posted in the gap', async () => {
    const slack = await FakeSlack.start();
    cleanups.push(() => slack.close());
    const { primary, backup } = await pair(slack);
    slack.post('C0ASK', 'Before the gap', { user: 'U0ADA' });
    await expect.poll(() => texts(primary), { timeout: 15_000 }).toEqual(['Before the gap']);
    await primary.core.flushChat();
    await expect.poll(() => backup.core.seq, { timeout: 15_000 }).toBe(primary.core.seq);
    await primary.close();
    await expect.poll(() => slack.connected, { timeout: 10_000 }).toBe(false);

    const inGap = slack.postWhileDisconnected('C0ASK', 'Posted in the gap', { user: 'U0ADA' });
    // The catch-up's history page is read now (without the reaction) and answered later.
    const page = slack.holdNext('conversations.history');
    expect(await backup.core.execute({ type: 'promote' }, 'backup')).toMatchObject({ ok: true });
    await page.answered;
    expect(slack.connected).toBe(true);
    const acked = slack.acks.length;
    slack.react('C0ASK', inGap.ts, 'question', 'U0BEA');
    await expect.poll(() => slack.acks.length, { timeout: 10_000 }).toBeGreaterThan(acked);
    page.release();

    await expect
      .poll(
        () => {
          const entry = [...messageEntries(backup.core.state.feed.messages)].find(
            (e) => e.text === 'Posted in the gap',
          );
          return entry && { reactions: entry.reactions, question: entry.looksLikeQuestion };
        },
        { timeout: 15_000 },
      )
      .toEqual({ reactions: { question: ['U0BEA'] }, question: true });
  });
});
