import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../shared/chat.js';
import { FakeSlack } from '../fakes/fakeSlack.js';
import type { Rig } from './harness.js';
import { MemoryCursorStore, connected, makeSource, waitFor } from './harness.js';

let fake: FakeSlack;
const rigs: Omit<Rig, 'fake'>[] = [];

beforeEach(async () => {
  fake = await FakeSlack.start();
  fake.addUser({ id: 'U0BOB', name: 'bob', real_name: 'Bob Builder', display_name: 'bob' });
});

afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.source.stop();
  await fake.close();
});

function rig(options: Parameters<typeof makeSource>[1] = {}): Omit<Rig, 'fake'> {
  const made = makeSource(fake, options);
  rigs.push(made);
  return made;
}

const id = (ts: string): string => `slack:C0ASK:${ts}`;

function byId(messages: ChatMessage[]): Map<string, ChatMessage[]> {
  const out = new Map<string, ChatMessage[]>();
  for (const message of messages) out.set(message.id, [...(out.get(message.id) ?? []), message]);
  return out;
}

describe('Slack source: gaps and backfill', () => {
  it('after a dropped socket, backfills what was posted during the gap, threads included, once each', async () => {
    const r = rig();
    await r.source.start();
    await connected(r);

    const before = fake.post('C0ASK', 'posted before the gap');
    const quietThread = fake.post('C0ASK', 'Questions for the keynote go in this thread');
    const busyThread = fake.post('C0ASK', 'Another thread');
    const earlyReply = fake.post('C0ASK', 'an early reply', { threadTs: busyThread.ts, user: 'U0BOB' });
    await waitFor(() => r.recorder.feed.get(id(earlyReply.ts)), 'the messages before the gap');
    const liveBefore = r.recorder.upserts().length;

    // The network goes away and stays away for a while.
    fake.blockConnections = true;
    fake.dropSocket();
    await waitFor(() => r.source.status.state === 'reconnecting', 'reconnecting');
    const gapTop = fake.postWhileDisconnected('C0ASK', 'posted during the gap?');
    const gapFirstReply = fake.postWhileDisconnected('C0ASK', 'first reply, during the gap', {
      threadTs: quietThread.ts,
      user: 'U0BOB',
    });
    const gapReply = fake.postWhileDisconnected('C0ASK', 'another reply, during the gap', {
      threadTs: busyThread.ts,
    });
    const gapReplyToGap = fake.postWhileDisconnected('C0ASK', 'a reply to a gap message', {
      threadTs: gapTop.ts,
      user: 'U0BOB',
    });
    const gapBroadcast = fake.postWhileDisconnected('C0ASK', 'a reply also sent to the channel', {
      threadTs: busyThread.ts,
      broadcast: true,
    });
    expect(r.source.status).toMatchObject({ state: 'reconnecting', reason: expect.any(String) as string });
    fake.blockConnections = false;

    const gap = [gapTop, gapFirstReply, gapReply, gapReplyToGap, gapBroadcast];
    await waitFor(
      () => gap.every((m) => r.recorder.feed.has(id(m.ts))) || undefined,
      'the gap to be backfilled',
    );
    await connected(r, 'connected after the backfill');

    // Slack delivers one of them late, as a retry, and someone posts live: no duplicates.
    expect(fake.envelopes.some((e) => e.payload.event['ts'] === gapTop.ts)).toBe(false);
    fake.deliver({ ...gapTop, channel: 'C0ASK', event_ts: gapTop.ts, channel_type: 'channel' });
    const after = fake.post('C0ASK', 'posted after the gap');
    await waitFor(() => r.recorder.feed.get(id(after.ts)), 'the live message after the gap');

    const upserts = byId(r.recorder.upserts());
    for (const message of gap) {
      expect(upserts.get(id(message.ts)), message.text).toHaveLength(1);
      expect(upserts.get(id(message.ts))?.[0]?.backfill).toBe(true);
    }
    expect(upserts.get(id(gapFirstReply.ts))?.[0]?.threadId).toBe(id(quietThread.ts));
    expect(upserts.get(id(gapReply.ts))?.[0]?.threadId).toBe(id(busyThread.ts));
    expect(upserts.get(id(gapReplyToGap.ts))?.[0]?.threadId).toBe(id(gapTop.ts));
    expect(upserts.get(id(gapBroadcast.ts))?.[0]?.threadId).toBe(id(busyThread.ts));
    expect(upserts.get(id(after.ts))?.[0]?.backfill).toBe(false);
    // Nothing from before the gap came again.
    for (const message of [before, quietThread, busyThread, earlyReply]) {
      expect(upserts.get(id(message.ts))).toHaveLength(1);
    }
    expect(r.recorder.upserts()).toHaveLength(liveBefore + gap.length + 1);

    // History from the last message seen (exclusive), then replies for the threads that moved.
    const historyAfterGap = fake.callsTo('conversations.history').slice(1);
    expect(historyAfterGap[0]?.args).toMatchObject({ channel: 'C0ASK', oldest: earlyReply.ts });
    expect(historyAfterGap[0]?.args['inclusive']).toBeUndefined();
    expect(new Set(fake.callsTo('conversations.replies').map((c) => c.args['ts']))).toEqual(
      new Set([quietThread.ts, busyThread.ts, gapTop.ts]),
    );
    const states = r.recorder.states();
    expect(states.slice(states.lastIndexOf('reconnecting'))).toEqual([
      'reconnecting',
      'backfilling',
      'connected',
    ]);
    expect(fake.socketConnections).toBe(2);
  });

  it('reconnects when Slack asks it to (disconnect: refresh_requested) and misses nothing', async () => {
    const r = rig();
    await r.source.start();
    await connected(r);
    const first = fake.post('C0ASK', 'first');
    await waitFor(() => r.recorder.feed.get(id(first.ts)), 'the first message');

    fake.sendDisconnect('refresh_requested');
    const during = fake.postWhileDisconnected('C0ASK', 'while reconnecting');
    await waitFor(() => fake.socketConnections === 2 || undefined, 'a new connection');
    await waitFor(() => r.recorder.feed.get(id(during.ts)), 'the message from the gap');
    const next = fake.post('C0ASK', 'next');
    await waitFor(() => r.recorder.feed.get(id(next.ts)), 'the next live message');
    expect(r.recorder.upserts().map((m) => m.text)).toEqual(['first', 'while reconnecting', 'next']);
  });

  it('after a restart, backfills from the saved position and no further back', async () => {
    const store = new MemoryCursorStore();
    const old = fake.postWhileDisconnected('C0ASK', 'from before Showcaller ever ran');
    const first = rig({ store, settings: { initialBackfill: 0 } });
    await first.source.start();
    await connected(first);
    const seen1 = fake.post('C0ASK', 'seen live 1');
    const thread = fake.post('C0ASK', 'a thread', { user: 'U0BOB' });
    const seen2 = fake.post('C0ASK', 'seen live 2', { threadTs: thread.ts });
    await waitFor(() => first.recorder.feed.get(id(seen2.ts)), 'the live messages');
    expect(first.recorder.upserts().map((m) => m.text)).toEqual(['seen live 1', 'a thread', 'seen live 2']);
    await first.source.stop();
    expect(store.saved?.channels['C0ASK']).toEqual({ lastTs: seen2.ts, threads: { [thread.ts]: seen2.ts } });

    fake.post('C0ASK', 'while Showcaller was closed');
    const missed2 = fake.post('C0ASK', 'a reply while closed', { threadTs: thread.ts, user: 'U0BOB' });
    const callsBefore = fake.calls.length;

    const second = rig({ store });
    await second.source.start();
    await waitFor(() => second.recorder.feed.get(id(missed2.ts)), 'the missed messages');
    await connected(second);

    expect(second.recorder.upserts().map((m) => [m.text, m.backfill])).toEqual([
      ['while Showcaller was closed', true],
      ['a reply while closed', true],
    ]);
    const history = fake.calls.slice(callsBefore).filter((c) => c.method === 'conversations.history');
    expect(history[0]?.args).toMatchObject({ channel: 'C0ASK', oldest: seen2.ts });
    expect(second.recorder.feed.has(id(old.ts))).toBe(false);
    expect(second.recorder.feed.has(id(seen1.ts))).toBe(false);
    await second.source.stop();
    expect(store.saved?.channels['C0ASK']?.lastTs).toBe(missed2.ts);
  });

  it('the same instance can be stopped and started again, and resumes where it stopped', async () => {
    const r = rig();
    await r.source.start();
    await connected(r);
    const first = fake.post('C0ASK', 'first run');
    await waitFor(() => r.recorder.feed.get(id(first.ts)), 'the first message');
    await r.source.stop();
    expect(r.source.status.state).toBe('off');
    const closed = fake.post('C0ASK', 'while stopped');

    await r.source.start();
    await waitFor(() => r.recorder.feed.get(id(closed.ts)), 'the backfill on restart');
    await connected(r);
    const live = fake.post('C0ASK', 'second run, live');
    await waitFor(() => r.recorder.feed.get(id(live.ts)), 'a live message after the restart');
    expect(r.recorder.upserts().map((m) => [m.text, m.backfill])).toEqual([
      ['first run', false],
      ['while stopped', true],
      ['second run, live', false],
    ]);
    expect(fake.socketConnections).toBe(2);
  });

  it('on the very first start, loads the most recent messages (and their threads) as backfill', async () => {
    fake.postWhileDisconnected('C0ASK', 'oldest');
    const middle = fake.postWhileDisconnected('C0ASK', 'middle, with a thread');
    const reply = fake.postWhileDisconnected('C0ASK', 'reply', { threadTs: middle.ts, user: 'U0BOB' });
    fake.postWhileDisconnected('C0ASK', 'beep', { botId: 'B0OTHER' });
    const newest = fake.postWhileDisconnected('C0ASK', 'newest');
    const store = new MemoryCursorStore();
    const r = rig({ store, settings: { initialBackfill: 3 } });
    await r.source.start();
    await waitFor(() => r.recorder.feed.get(id(newest.ts)), 'the recent messages');
    await connected(r);
    expect(r.recorder.upserts().map((m) => [m.text, m.backfill])).toEqual([
      ['middle, with a thread', true],
      ['reply', true],
      ['newest', true],
    ]);
    expect(fake.callsTo('conversations.history')[0]?.args).toMatchObject({ channel: 'C0ASK', limit: '3' });
    await r.source.stop();
    expect(store.saved?.channels['C0ASK']?.lastTs).toBe(newest.ts);
    expect(reply.ts < newest.ts).toBe(true);
  });

  it('honours Retry-After on a 429: waits (status waiting), then retries once, not a storm', async () => {
    const seen = fake.postWhileDisconnected('C0ASK', 'seen before');
    const store = new MemoryCursorStore({ channels: { C0ASK: { lastTs: seen.ts, threads: {} } } });
    const missed = fake.postWhileDisconnected('C0ASK', 'posted while closed');
    fake.rateLimitNext('conversations.history', 1);

    const r = rig({ store, settings: { threadLookbackMinutes: 0 } });
    await r.source.start();
    await waitFor(() => r.recorder.feed.get(id(missed.ts)), 'the backfill after the wait');
    await connected(r);

    const calls = fake.callsTo('conversations.history');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]?.args).toEqual(calls[0]?.args);
    const waiting = r.recorder.statuses.find((s) => s.state === 'waiting');
    expect(waiting).toMatchObject({
      state: 'waiting',
      reason: 'Slack is rate-limiting conversations.history: trying again in 1 s',
    });
    // It planned the full Retry-After from the moment it was told.
    expect((waiting?.retryAt ?? 0) - (waiting?.since ?? 0)).toBe(1000);
    const states = r.recorder.states();
    expect(states.slice(states.indexOf('backfilling'))).toEqual([
      'backfilling',
      'waiting',
      'backfilling',
      'connected',
    ]);
    expect(r.recorder.upserts().map((m) => [m.text, m.backfill])).toEqual([['posted while closed', true]]);
  });

  it('live messages during a failing backfill do not move the position past the gap', async () => {
    const seen = fake.postWhileDisconnected('C0ASK', 'seen before');
    const store = new MemoryCursorStore({ channels: { C0ASK: { lastTs: seen.ts, threads: {} } } });
    const missed = fake.postWhileDisconnected('C0ASK', 'posted while closed');
    fake.failNext('conversations.history', 'internal_error');

    const r = rig({ store, settings: { threadLookbackMinutes: 0 }, source: { backoff: () => 400 } });
    await r.source.start();
    await waitFor(() => r.source.status.state === 'waiting', 'the backfill to wait before retrying');
    const live = fake.post('C0ASK', 'live while the backfill waits');
    await waitFor(() => r.recorder.feed.get(id(live.ts)), 'the live message');
    await waitFor(() => r.recorder.feed.get(id(missed.ts)), 'the retried backfill');
    await connected(r);

    expect(fake.callsTo('conversations.history').map((c) => c.args['oldest'])).toEqual([seen.ts, seen.ts]);
    expect(r.recorder.upserts().map((m) => [m.text, m.backfill])).toEqual([
      ['live while the backfill waits', false],
      ['posted while closed', true],
    ]);
    await r.source.stop();
    expect(store.saved?.channels['C0ASK']?.lastTs).toBe(live.ts);
  });

  it('retries a backfill that failed (Slack error, then fine) without losing the gap', async () => {
    const seen = fake.postWhileDisconnected('C0ASK', 'seen before');
    const store = new MemoryCursorStore({ channels: { C0ASK: { lastTs: seen.ts, threads: {} } } });
    const missed = fake.postWhileDisconnected('C0ASK', 'posted while closed');
    fake.failNext('conversations.history', 'internal_error');

    const r = rig({ store, settings: { threadLookbackMinutes: 0 } });
    await r.source.start();
    await waitFor(() => r.recorder.feed.get(id(missed.ts)), 'the backfill after the retry');
    expect(fake.callsTo('conversations.history').map((c) => c.error)).toEqual(['internal_error', null]);
    expect(r.recorder.statuses.find((s) => s.state === 'waiting')?.reason).toBe(
      'could not read Slack history (Slack answered internal_error): trying again',
    );
  });
});
