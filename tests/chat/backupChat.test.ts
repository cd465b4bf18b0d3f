import { afterEach, describe, expect, it } from 'vitest';
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
