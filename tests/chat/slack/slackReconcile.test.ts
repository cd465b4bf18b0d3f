import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/fakeSlack.js';
import type { Rig } from './harness.js';
import type { FeedMessageView } from '../../../core/chat/feedView.js';
import { MAX_HELD_EVENTS } from '../../../core/chat/slack/slackMessages.js';
import { reconcile } from '../../../core/chat/slack/slackReconcile.js';
import type { HistoryRead, ReconcileRules, Span } from '../../../core/chat/slack/slackReconcile.js';
import type { RawMessage } from '../../../core/chat/slack/slackWire.js';
import { connected, makeSource, waitFor } from './harness.js';

/**
 * Issue 12: what Slack changed while no socket listened (deleted, edited) reaches the feed through
 * the catch-up, which reconciles the feed against the history it read completely, and only that.
 */

let fake: FakeSlack;
const rigs: Omit<Rig, 'fake'>[] = [];

beforeEach(async () => {
  fake = await FakeSlack.start();
});

afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.source.stop();
  await fake.close();
});

function rig(options: Parameters<typeof makeSource>[1] = {}): Omit<Rig, 'fake'> {
  const made = makeSource(fake, { feed: true, ...options });
  rigs.push(made);
  return made;
}

const id = (ts: string): string => `slack:C0ASK:${ts}`;

/** The socket drops and cannot come back until `heal()`: Slack changes things meanwhile. */
async function gap(r: Omit<Rig, 'fake'>): Promise<{ heal: () => void }> {
  fake.blockConnections = true;
  fake.dropSocket();
  await waitFor(() => r.source.status.state === 'reconnecting', 'reconnecting');
  return { heal: () => (fake.blockConnections = false) };
}

describe('Slack source: reconciling the catch-up with the feed', () => {
  it('after a dropped socket, removes messages and thread replies deleted during the gap and applies edits made in it', async () => {
    const r = rig();
    await r.source.start();
    await connected(r);
    const kept = fake.post('C0ASK', 'kept');
    const gone = fake.post('C0ASK', 'deleted during the gap');
    const parent = fake.post('C0ASK', 'a thread');
    const keptReply = fake.post('C0ASK', 'a reply that stays', { threadTs: parent.ts });
    const goneReply = fake.post('C0ASK', 'a reply deleted during the gap', { threadTs: parent.ts });
    const edited = fake.post('C0ASK', 'before the edit');
    await waitFor(() => r.recorder.feed.get(id(edited.ts)), 'the messages before the gap');

    const { heal } = await gap(r);
    fake.delete('C0ASK', gone.ts, { deliver: false });
    fake.delete('C0ASK', goneReply.ts, { deliver: false });
    fake.edit('C0ASK', edited.ts, 'after the edit', { deliver: false });
    heal();

    await waitFor(() => !r.recorder.feed.has(id(goneReply.ts)) || undefined, 'the deleted reply to go');
    await connected(r, 'connected after the catch-up');
    expect([...r.recorder.feed.values()].map((m) => m.text).sort()).toEqual(
      ['a reply that stays', 'a thread', 'after the edit', 'kept'].sort(),
    );
    expect(r.recorder.feed.get(id(edited.ts))).toMatchObject({ edited: true });
    // Ordinary deletions, as a live message_deleted makes.
    expect(r.recorder.items.filter((item) => item.kind === 'delete')).toEqual([
      { kind: 'delete', id: id(gone.ts) },
      { kind: 'delete', id: id(goneReply.ts) },
    ]);
    expect([kept, keptReply].every((m) => r.recorder.feed.has(id(m.ts)))).toBe(true);
  });

  it('removes nothing when a history read of the catch-up fails part-way', async () => {
    const r = rig();
    await r.source.start();
    await connected(r);
    const gone = fake.post('C0ASK', 'deleted during the gap');
    await waitFor(() => r.recorder.feed.get(id(gone.ts)), 'the message before the gap');

    const { heal } = await gap(r);
    fake.delete('C0ASK', gone.ts, { deliver: false });
    fake.postWhileDisconnected('C0ASK', 'posted during the gap');
    // The first history page (the gap) is read; the next (the lookback) fails.
    const first = fake.holdNext('conversations.history');
    heal();
    await first.answered;
    fake.failNext('conversations.history', 'not_in_channel');
    first.release();

    await waitFor(() => r.source.status.state === 'connected' || undefined, 'the catch-up to end');
    expect(r.source.status.reason).toMatch(/not_in_channel|not a member|invite/i);
    expect(r.recorder.feed.has(id(gone.ts))).toBe(true);
    expect(r.recorder.items.some((item) => item.kind === 'delete')).toBe(false);
  });

  it('leaves a message alone that was posted live while the catch-up read history without it', async () => {
    const r = rig({ settings: { initialBackfill: 10 } });
    fake.post('C0ASK', 'from before the start', { deliver: false });
    // The first start's history read happens before the live message; the answer comes after.
    const page = fake.holdNext('conversations.history');
    await r.source.start();
    await page.answered;
    const live = fake.post('C0ASK', 'posted live during the catch-up');
    await waitFor(() => r.recorder.feed.get(id(live.ts)), 'the live message');
    page.release();
    await connected(r, 'connected after the catch-up');
    expect(r.recorder.feed.has(id(live.ts))).toBe(true);
    expect(r.recorder.items.some((item) => item.kind === 'delete')).toBe(false);
  });
});

describe('Slack source: live events during the catch-up', () => {
  it('holds reactions to a message the catch-up has not brought yet, up to a bound; beyond it the oldest goes at once', async () => {
    const r = rig();
    await r.source.start();
    await connected(r);
    const { heal } = await gap(r);
    const inGap = fake.postWhileDisconnected('C0ASK', 'posted in the gap');
    const page = fake.holdNext('conversations.history');
    heal();
    await page.answered;
    const acked = fake.acks.length;
    const users = Array.from({ length: MAX_HELD_EVENTS + 1 }, (_, n) => `U0R${String(n).padStart(5, '0')}`);
    for (const user of users) fake.react('C0ASK', inGap.ts, 'question', user);
    await waitFor(() => fake.acks.length >= acked + users.length || undefined, 'every reaction acked');
    // Acked is not yet processed: wait for the one that overflowed the bound.
    await waitFor(
      () => r.recorder.items.some((item) => item.kind === 'reaction') || undefined,
      'the overflow',
    );
    page.release();
    await connected(r, 'connected after the catch-up');

    const items = r.recorder.items;
    const upsert = items.findIndex((item) => item.kind === 'upsert' && item.message.id === id(inGap.ts));
    const reactions = items.flatMap((item, index) => (item.kind === 'reaction' ? [{ item, index }] : []));
    expect(upsert).toBeGreaterThanOrEqual(0);
    expect(reactions.map(({ item }) => item.userId)).toEqual(users);
    // The oldest, over the bound, went before its message (the feed drops it); the rest after.
    expect(reactions[0]!.index).toBeLessThan(upsert);
    expect(reactions.slice(1).every(({ index }) => index > upsert)).toBe(true);
    expect(r.logs.some((line) => line.includes(`more than ${MAX_HELD_EVENTS} reactions`))).toBe(true);
  });
});

describe('reconcile: only what was read completely', () => {
  const view = (ts: string, text: string, extra: Partial<FeedMessageView> = {}): FeedMessageView => ({
    id: id(ts),
    text,
    threadId: null,
    sentAt: 0,
    ...extra,
  });
  const rules: ReconcileRules = {
    skip: () => false,
    emitted: () => false,
    isUserMessage: (message) => message.subtype === undefined,
    text: (message) => message.text ?? '',
  };
  const read = (span: Span | null, messages: RawMessage[]): HistoryRead => ({
    span,
    present: new Set(messages.map((m) => m.ts)),
    messages,
  });
  const after = (ts: string | null): Span => ({
    from: ts,
    fromInclusive: false,
    to: null,
    toInclusive: false,
  });

  it('removes only inside the span read; the span of a cut-short read starts at its oldest message', () => {
    const top = [read({ from: '20.000000', fromInclusive: true, to: null, toInclusive: false }, [])];
    const changes = reconcile(
      'C0ASK',
      { top, threads: new Map() },
      [view('19.000000', 'before the span'), view('20.000000', 'at its start'), view('21.000000', 'inside')],
      rules,
    );
    expect(changes).toEqual([
      { kind: 'delete', id: id('20.000000') },
      { kind: 'delete', id: id('21.000000') },
    ]);
  });

  it('leaves replies of a thread not re-read, or re-read only in part', () => {
    const reply = (ts: string, parent: string) => view(ts, `reply ${ts}`, { threadId: id(parent) });
    const threads = new Map([
      ['10.000000', read(null, [])], // cut short
      ['11.000000', read(after('11.500000'), [])], // read from 11.5 on
    ]);
    const changes = reconcile(
      'C0ASK',
      { top: [read(after(null), [])], threads },
      [
        reply('10.100000', '10.000000'),
        reply('11.100000', '11.000000'),
        reply('11.600000', '11.000000'),
        reply('12.100000', '12.000000'),
      ],
      rules,
    );
    expect(changes).toEqual([{ kind: 'delete', id: id('11.600000') }]);
  });

  it('takes back reactions history no longer has, except on a reaction whose user list Slack cut short', () => {
    const message: RawMessage = {
      type: 'message',
      ts: '30.000000',
      user: 'U0ADA',
      text: 'hello',
      reactions: [
        { name: 'question', users: ['U0A'], count: 1 },
        { name: 'tada', users: ['U0A'], count: 40 },
      ],
    };
    const changes = reconcile(
      'C0ASK',
      { top: [read(after(null), [message])], threads: new Map() },
      [view('30.000000', 'hello', { reactions: { question: ['U0A', 'U0B'], tada: ['U0B'], eyes: ['U0C'] } })],
      rules,
    );
    expect(changes).toEqual([
      { kind: 'reaction', id: id('30.000000'), reaction: 'tada', userId: 'U0A', added: true },
      { kind: 'reaction', id: id('30.000000'), reaction: 'question', userId: 'U0B', added: false },
      { kind: 'reaction', id: id('30.000000'), reaction: 'eyes', userId: 'U0C', added: false },
    ]);
  });
});
