import { SocketModeClient } from '@slack/socket-mode';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_CHAT_TEXT } from '../../../shared/chat.js';
import { SlackSource } from '../../../core/chat/slack/slackSource.js';
import { tsToMs } from '../../../core/chat/slack/slackText.js';
import { FakeSlack } from '../fakes/fakeSlack.js';
import type { Rig } from './harness.js';
import { MemoryCursorStore, connected, makeSource, settingsFor, waitFor } from './harness.js';

let fake: FakeSlack;
let rig: Omit<Rig, 'fake'> | null = null;

beforeEach(async () => {
  fake = await FakeSlack.start();
  fake.addUser({ id: 'U0BOB', name: 'bob', real_name: 'Bob Builder', display_name: '' });
  fake.addUser({ id: 'U0MOD', name: 'mod', real_name: 'Moderator', display_name: 'mod', is_admin: true });
  fake.addChannel('C0OTHER', 'random');
});

afterEach(async () => {
  await rig?.source.stop();
  rig = null;
  await fake.close();
  vi.restoreAllMocks();
});

async function start(options: Parameters<typeof makeSource>[1] = {}): Promise<Omit<Rig, 'fake'>> {
  rig = makeSource(fake, options);
  await rig.source.start();
  await connected(rig);
  return rig;
}

/** Events are processed in order: once a later message shows up, everything before it was handled. */
async function settle(r: Omit<Rig, 'fake'>): Promise<void> {
  const sentinel = fake.post('C0ASK', 'sentinel');
  await waitFor(() => r.recorder.feed.get(`slack:C0ASK:${sentinel.ts}`), 'the sentinel');
}

describe('Slack source: delivery', () => {
  it('delivers a message with its author, channel, time and permalink, and thread replies with their thread', async () => {
    const r = await start();
    const parent = fake.post('C0ASK', 'How do you pick a baseline model?');
    const id = `slack:C0ASK:${parent.ts}`;
    const message = await waitFor(() => r.recorder.feed.get(id), 'the message');
    expect(message).toEqual({
      id,
      source: 'slack',
      channel: 'C0ASK',
      channelName: '#ask-the-speaker',
      author: { id: 'U0ADA', name: 'Ada', badges: [] },
      text: 'How do you pick a baseline model?',
      sentAt: tsToMs(parent.ts),
      permalink: `https://fake-team.slack.com/archives/C0ASK/p${parent.ts.replace('.', '')}`,
      threadId: null,
      backfill: false,
      superChat: null,
      edited: false,
    });

    const reply = fake.post('C0ASK', 'Same question, but for LLMs?', { user: 'U0BOB', threadTs: parent.ts });
    const replyMessage = await waitFor(() => r.recorder.feed.get(`slack:C0ASK:${reply.ts}`), 'the reply');
    expect(replyMessage.threadId).toBe(id);
    expect(replyMessage.author).toEqual({ id: 'U0BOB', name: 'Bob Builder', badges: [] }); // no display name
    expect(replyMessage.permalink).toBe(
      `https://fake-team.slack.com/archives/C0ASK/p${reply.ts.replace('.', '')}?thread_ts=${parent.ts}&cid=C0ASK`,
    );

    fake.post('C0ASK', 'And what about drift?', { user: 'U0MOD' });
    await settle(r);
    const mod = r.recorder.upserts().find((m) => m.author.id === 'U0MOD');
    expect(mod?.author).toEqual({ id: 'U0MOD', name: 'mod', badges: ['admin'] });
    // Names and channel names are looked up once and cached.
    expect(fake.callsTo('users.info').map((c) => c.args['user'])).toEqual(['U0ADA', 'U0BOB', 'U0MOD']);
    expect(fake.callsTo('conversations.info')).toHaveLength(1);
    expect(r.source.status).toMatchObject({ source: 'slack', state: 'connected', reason: null, received: 4 });
  });

  it('acknowledges every envelope, and before processing it', async () => {
    const order: string[] = [];
    // `send` (what ack() calls) is private in the typings, an ordinary prototype method at runtime.
    const proto = SocketModeClient.prototype as unknown as {
      send: (this: unknown, id: string, body?: unknown) => Promise<void>;
    };
    const original = proto.send;
    vi.spyOn(proto, 'send').mockImplementation(function (this: unknown, id: string, body?: unknown) {
      order.push(`ack ${id}`);
      return original.call(this, id, body);
    });
    const r = await start();
    r.source.on('ingest', () => order.push('ingest'));

    const first = fake.post('C0ASK', 'first question?');
    fake.post('C0ASK', 'a reply', { user: 'U0BOB', threadTs: first.ts });
    fake.react('C0ASK', first.ts, 'question', 'U0MOD');
    fake.edit('C0ASK', first.ts, 'first question, edited?');
    const last = fake.post('C0ASK', 'last', { user: 'U0MOD' });
    await waitFor(() => r.recorder.feed.get(`slack:C0ASK:${last.ts}`), 'the last message');
    await waitFor(() => fake.unackedEnvelopes().length === 0 || undefined, 'every ack to reach Slack');

    const sent = fake.envelopes.filter((e) => e.sent);
    expect(sent).toHaveLength(5);
    // Each envelope here yields one ingest batch, in order: envelope i's ack precedes batch i.
    const ingestAt = order.flatMap((entry, index) => (entry === 'ingest' ? [index] : []));
    expect(ingestAt).toHaveLength(5);
    sent.forEach((envelope, i) => {
      const ackAt = order.indexOf(`ack ${envelope.envelopeId}`);
      expect(ackAt).toBeGreaterThanOrEqual(0);
      expect(ackAt).toBeLessThan(ingestAt[i] ?? -1);
    });
  });

  it('does not duplicate a redelivered event (retry_attempt), nor the same message under another event_id', async () => {
    const r = await start();
    const message = fake.post('C0ASK', 'Is the recording going to be online?');
    const id = `slack:C0ASK:${message.ts}`;
    await waitFor(() => r.recorder.feed.get(id), 'the message');
    const envelope = fake.envelopeFor('C0ASK', message.ts);
    if (!envelope) throw new Error('no envelope');

    const retry1 = fake.redeliver(envelope.eventId);
    const retry2 = fake.redeliver(envelope.eventId, 'http_error');
    expect([retry1.retryAttempt, retry2.retryAttempt]).toEqual([1, 2]);
    fake.deliver({ ...envelope.payload.event }); // same (channel, ts), new event_id
    // Reactions carry no ts of their own: only the event_id tells a retry from a second reaction.
    fake.react('C0ASK', message.ts, 'question', 'U0ADA');
    const reaction = fake.envelopes[fake.envelopes.length - 1];
    if (reaction) fake.redeliver(reaction.eventId);
    await settle(r);

    expect(r.recorder.upserts(id)).toHaveLength(1);
    expect(r.recorder.items.filter((i) => i.kind === 'reaction')).toHaveLength(1);
    await waitFor(() => fake.unackedEnvelopes().length === 0 || undefined, 'the retries to be acked too');
  });

  it('applies edits (same id, edited) and deletes; ignores message_changed that is not an edit', async () => {
    const r = await start();
    const message = fake.post('C0ASK', 'How do you evalute models?');
    const id = `slack:C0ASK:${message.ts}`;
    await waitFor(() => r.recorder.feed.get(id), 'the message');

    fake.edit('C0ASK', message.ts, 'How do you evaluate models?');
    const edited = await waitFor(
      () => r.recorder.feed.get(id)?.edited && r.recorder.feed.get(id),
      'the edit',
    );
    expect(edited).toMatchObject({ id, text: 'How do you evaluate models?', edited: true, backfill: false });

    // A reply-count update or a link unfurl: message_changed with the same text and no `edited`.
    const unchanged = fake.message('C0ASK', message.ts);
    const unfurl = { ...unchanged, edited: undefined, attachments: [{ title: 'unfurl' }] };
    fake.deliver({
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: 'C0ASK',
      ts: fake.nextTs(),
      message: unfurl,
      previous_message: unfurl,
    });
    await settle(r);
    expect(r.recorder.upserts(id)).toHaveLength(2);

    fake.delete('C0ASK', message.ts);
    await waitFor(() => !r.recorder.feed.has(id), 'the delete');
    expect(r.recorder.items).toContainEqual({ kind: 'delete', id });
  });

  it('reports the question reaction being added and removed (and any other reaction)', async () => {
    const r = await start();
    expect(r.source.questionReaction).toBe('question');
    const message = fake.post('C0ASK', 'Can you share the slides');
    const id = `slack:C0ASK:${message.ts}`;
    await waitFor(() => r.recorder.feed.get(id), 'the message');

    fake.react('C0ASK', message.ts, 'question', 'U0MOD');
    await waitFor(
      () => r.recorder.items.find((i) => i.kind === 'reaction' && i.added),
      'the reaction to be reported',
    );
    fake.react('C0ASK', message.ts, 'question', 'U0MOD', { remove: true });
    fake.react('C0ASK', message.ts, '+1::skin-tone-3', 'U0BOB');
    await settle(r);
    expect(r.recorder.items.filter((i) => i.kind === 'reaction')).toEqual([
      { kind: 'reaction', id, reaction: 'question', userId: 'U0MOD', added: true },
      { kind: 'reaction', id, reaction: 'question', userId: 'U0MOD', added: false },
      { kind: 'reaction', id, reaction: '+1', userId: 'U0BOB', added: true },
    ]);
  });

  it('takes a configured question reaction, with or without colons', () => {
    const source = new SlackSource({
      settings: settingsFor(fake, { questionReaction: ':raised_hand:' }),
      cursorStore: new MemoryCursorStore(),
    });
    expect(source.questionReaction).toBe('raised_hand');
  });

  it('ignores bots, joins, its own messages and other channels; turns mrkdwn into plain text; clips long text', async () => {
    const r = await start();
    const hello = fake.post('C0ASK', 'hello'); // caches Ada's name for mentions
    await waitFor(() => r.recorder.feed.get(`slack:C0ASK:${hello.ts}`), 'the first message');

    fake.post('C0ASK', 'beep boop', { botId: 'B0OTHER' });
    fake.post('C0ASK', '<@U0BOB> has joined the channel', { user: 'U0BOB', subtype: 'channel_join' });
    fake.post('C0ASK', 'Q: from the bot itself', { user: fake.botUserId });
    fake.post('C0OTHER', 'lunch?');
    const formatted = fake.post(
      'C0ASK',
      '&lt;b&gt; hi <@U0ADA>, see <#C0ASK|ask-the-speaker> and <https://normconf.com|the site> or <https://example.com> <!here> — Q&amp;A?',
    );
    const long = fake.post('C0ASK', `${'a'.repeat(MAX_CHAT_TEXT)}😀 tail`);
    await settle(r);

    expect(r.recorder.feed.get(`slack:C0ASK:${formatted.ts}`)?.text).toBe(
      '<b> hi @Ada, see #ask-the-speaker and the site (https://normconf.com) or https://example.com @here — Q&A?',
    );
    const clipped = r.recorder.feed.get(`slack:C0ASK:${long.ts}`)?.text ?? '';
    expect(clipped).toHaveLength(MAX_CHAT_TEXT);
    expect(clipped.endsWith('a…')).toBe(true);
    expect([...r.recorder.feed.values()].map((m) => m.text)).toEqual([
      'hello',
      expect.stringContaining('hi @Ada'),
      clipped,
      'sentinel',
    ]);
  });

  it('keeps working when one channel cannot be read, and says which and why', async () => {
    fake.addChannel('C0STAFF', 'staff', { isPrivate: true, member: false });
    const r = await start({ settings: { channels: ['C0ASK', 'C0STAFF'] } });
    expect(r.source.status.reason).toBe(
      '#staff: the app is not in the channel (not_in_channel): /invite it there',
    );
    const message = fake.post('C0ASK', 'still here?');
    await waitFor(
      () => r.recorder.feed.get(`slack:C0ASK:${message.ts}`),
      'a message in the readable channel',
    );
  });

  it('rejects settings that cannot work, with the reason', () => {
    const make = (overrides: Parameters<typeof settingsFor>[1]) => () =>
      new SlackSource({ settings: settingsFor(fake, overrides), cursorStore: new MemoryCursorStore() });
    expect(make({ appToken: fake.botToken })).toThrow(/app-level token starts with xapp-/);
    expect(make({ botToken: fake.appToken })).toThrow(/bot token starts with xoxb-/);
    expect(make({ channels: ['#ask-the-speaker'] })).toThrow(/channel id/);
    expect(make({ channels: [] })).toThrow();
  });
});
