import { describe, expect, it } from 'vitest';
import type { ChatIngest } from '../../shared/chat.js';
import type { ShowEvent } from '../../shared/events.js';
import { segmentAt } from '../../shared/feedReducer.js';
import { getMessage } from '../../shared/feedMessages.js';
import type { ShowState } from '../../shared/model.js';
import type { Question } from '../../shared/questions.js';
import { applyEvents } from '../../shared/reducer.js';
import {
  ban,
  chat,
  deepFreeze,
  del,
  entry,
  expectConsistent,
  idsOf,
  ingest,
  ingested,
  KEYNOTE_END,
  KEYNOTE_START,
  liveOn,
  MIN,
  question,
  NOW,
  Q_REACTION,
  questionOf,
  reaction,
  run,
  seededRandom,
  show,
  showWithHistory,
  T0,
  TALK_START,
  upsert,
} from './feedFixtures.js';

/** The talk is live; m1 is a statement, m2 a question. */
function withTwoMessages(): ShowState {
  return ingest(showWithHistory(), [
    upsert(chat('m1', 'Great talk so far')),
    upsert(chat('m2', 'Will the slides be shared?')),
  ]);
}

/** A question saved straight into the journal, as decide() would. */
function saved(q: Partial<Question> & Pick<Question, 'id'>): ShowEvent {
  return {
    type: 'questionSaved',
    question: question(q.id, 'Question?', q),
  };
}

const originOf = (messageId: string) => ({
  messageId,
  source: 'slack' as const,
  authorName: 'Ada',
  permalink: null,
});

describe('chatIngested: new messages', () => {
  it('adds each message in arrival order with its fields, the live segment, no reactions and the ingest time', () => {
    const message = chat('m1', 'Will the slides be shared?', { threadId: 'slack:C-ASK:1.0' });
    const state = ingest(showWithHistory(), [upsert(message), upsert(chat('m0', 'hello'))], NOW);
    expect(idsOf(state)).toEqual(['m1', 'm0']);
    expect(entry(state, 'm1')).toEqual({
      ...message,
      segmentId: 'talk',
      reactions: {},
      looksLikeQuestion: true,
      moderatorMark: null,
      questionId: null,
      receivedAt: NOW,
    });
    expect(entry(state, 'm0').looksLikeQuestion).toBe(false);
  });

  it('tags a live message with the segment live now, whatever its own clock says', () => {
    const state = ingest(showWithHistory(), [upsert(chat('m1', 'hi', { sentAt: KEYNOTE_START + MIN }))]);
    expect(entry(state, 'm1').segmentId).toBe('talk');
  });

  it('tags a live message with no segment when nothing is live', () => {
    expect(entry(ingest(show(), [upsert(chat('m1', 'hi'))]), 'm1').segmentId).toBeNull();
    const afterKeynote = applyEvents(liveOn('keynote'), [
      { type: 'segmentEnded', segmentId: 'keynote', at: KEYNOTE_END },
    ]);
    expect(entry(ingest(afterKeynote, [upsert(chat('m1', 'hi'))]), 'm1').segmentId).toBeNull();
  });

  it.each([
    ['at the keynote start', KEYNOTE_START, 'keynote'],
    ['during the keynote', KEYNOTE_START + 10 * MIN, 'keynote'],
    ['a millisecond before the keynote ended', KEYNOTE_END - 1, 'keynote'],
    ['the instant the keynote ended (ends are exclusive)', KEYNOTE_END, null],
    ['in the gap between keynote and talk', KEYNOTE_END + 30_000, null],
    ['before the show started', KEYNOTE_START - 60 * MIN, null],
    ['at the talk start', TALK_START, 'talk'],
    ['during the live talk', TALK_START + 5 * MIN, 'talk'],
  ])('tags a backfilled message sent %s with the segment live then', (_when, sentAt, expected) => {
    const state = ingest(showWithHistory(), [upsert(chat('b1', 'old', { sentAt, backfill: true }))]);
    expect(entry(state, 'b1').segmentId).toBe(expected);
    expect(segmentAt(showWithHistory(), sentAt)).toBe(expected);
  });

  it('never lets a segment id Object.prototype has confuse segmentAt', () => {
    const state: ShowState = { ...show(), segments: [{ ...show().segments[0]!, id: 'constructor' }] };
    expect(segmentAt(state, T0)).toBeNull();
  });
});

describe('chatIngested: redelivery and edits', () => {
  it('ignores a redelivery of the same id and text: the entry object is the very same', () => {
    const before = withTwoMessages();
    const again = chat('m2', 'Will the slides be shared?', { backfill: true, sentAt: 1 });
    const after = ingest(before, [upsert(again), upsert(again)], NOW + MIN);
    expect(entry(after, 'm2')).toBe(entry(before, 'm2'));
    expect(entry(after, 'm1')).toBe(entry(before, 'm1'));
    expect(idsOf(after)).toEqual(['m1', 'm2']);
  });

  it('applies an edit in place: same id and position, edited, reclassified, and everything else kept', () => {
    const before = withTwoMessages();
    const m1 = entry(before, 'm1');
    const edited = ingest(before, [upsert(chat('m1', 'Is the code on GitHub?'))], NOW + MIN);
    expect(idsOf(edited)).toEqual(['m1', 'm2']);
    expect(entry(edited, 'm1')).toEqual({
      ...m1,
      text: 'Is the code on GitHub?',
      edited: true,
      looksLikeQuestion: true,
    });
    const back = ingest(edited, [upsert(chat('m1', 'Never mind, found it'))], NOW + 2 * MIN);
    expect(entry(back, 'm1')).toMatchObject({
      text: 'Never mind, found it',
      edited: true,
      looksLikeQuestion: false,
    });
    expect(entry(back, 'm1').receivedAt).toBe(NOW);
    expect(entry(back, 'm1').segmentId).toBe('talk');
  });

  it('keeps an edited message marked while it carries the question reaction', () => {
    let state = ingest(withTwoMessages(), [reaction('m1', Q_REACTION, 'u1')]);
    state = ingest(state, [upsert(chat('m1', 'I would like to know more about caching'))]);
    expect(entry(state, 'm1').looksLikeQuestion).toBe(true);
  });

  it('keeps the link to its question across an edit; the question keeps its curated text', () => {
    let state = run(withTwoMessages(), { type: 'approveMessage', messageId: 'm2' });
    state = ingest(state, [upsert(chat('m2', 'Will the slides and code be shared?'))]);
    expect(entry(state, 'm2').questionId).toBe('q-1');
    expect(questionOf(state, 'q-1').text).toBe('Will the slides be shared?');
    expectConsistent(state.feed);
  });
});

describe('chatIngested: deletes', () => {
  it('removes a deleted message from messages and order; deleting an unknown id changes nothing', () => {
    const state = ingest(withTwoMessages(), [del('m1'), del('nope'), del('m1')]);
    expect(idsOf(state)).toEqual(['m2']);
    expect(idsOf(state)).toEqual(['m2']);
  });

  it('removes a question left with no origin, and takes it off the queue and the air', () => {
    const state = applyEvents(
      ingest(showWithHistory(), [
        upsert(chat('a', 'First question?')),
        upsert(chat('b', 'Second question?')),
      ]),
      [
        saved({ id: 'qa', origins: [originOf('a')], status: 'onAir' }),
        saved({ id: 'qb', origins: [originOf('b')], status: 'queued' }),
        { type: 'questionQueueSet', queue: ['qb'], onAir: 'qa' },
      ],
    );
    expectConsistent(state.feed);
    const afterA = ingest(state, [del('a')]);
    expect(afterA.feed.questions.qa).toBeUndefined();
    expect(afterA.feed.onAir).toBeNull();
    expect(afterA.feed.queue).toEqual(['qb']);
    const afterB = ingest(afterA, [del('b')]);
    expect(afterB.feed.questions).toEqual({});
    expect(afterB.feed.queue).toEqual([]);
    expectConsistent(afterB.feed);
  });

  it('unlinks a deleted message from a merged question, which keeps its other origin', () => {
    let state = ingest(showWithHistory(), [
      upsert(chat('a', 'Slides?')),
      upsert(chat('b', 'Slides please?', { source: 'youtube' })),
    ]);
    state = applyEvents(state, [
      saved({ id: 'q', origins: [originOf('a'), originOf('b')], status: 'queued' }),
    ]);
    state = applyEvents(state, [{ type: 'questionQueueSet', queue: ['q'], onAir: null }]);
    const after = ingest(state, [del('a')]);
    expect(questionOf(after, 'q').origins.map((o) => o.messageId)).toEqual(['b']);
    expect(after.feed.queue).toEqual(['q']);
    expectConsistent(after.feed);
  });

  it('keeps a staff question whose only origin goes, on the queue and on air', () => {
    let state = ingest(showWithHistory(), [upsert(chat('a', 'Slides?'))]);
    state = applyEvents(state, [
      saved({ id: 'staff', staff: true, origins: [originOf('a')], status: 'onAir' }),
      { type: 'questionQueueSet', queue: [], onAir: 'staff' },
    ]);
    const after = ingest(state, [del('a')]);
    expect(questionOf(after, 'staff')).toMatchObject({ staff: true, origins: [], status: 'onAir' });
    expect(after.feed.onAir).toBe('staff');
  });

  it('treats a message deleted and sent again in one batch as it would across two batches', () => {
    let state = ingest(showWithHistory(), [upsert(chat('a', 'Slides?')), upsert(chat('b', 'Hello'))]);
    state = applyEvents(state, [saved({ id: 'q', origins: [originOf('a')] })]);
    const again = chat('a', 'Slides?', { backfill: true, sentAt: TALK_START + MIN });
    const batched = ingest(state, [del('a'), reaction('a', '+1', 'u1'), upsert(again)], NOW + MIN);
    const split = [[del('a')], [reaction('a', '+1', 'u1')], [upsert(again)]].reduce(
      (s, ops) => ingest(s, ops, NOW + MIN),
      state,
    );
    expect(batched.feed).toEqual(split.feed);
    expect(idsOf(batched)).toEqual(['b', 'a']);
    expect(entry(batched, 'a')).toMatchObject({ questionId: null, reactions: {}, receivedAt: NOW + MIN });
    expect(batched.feed.questions).toEqual({});
  });
});

describe('chatIngested: authorBanned', () => {
  it("removes only that author's messages from that source, and their questions", () => {
    let state = ingest(showWithHistory(), [
      upsert(chat('yt-1', 'spam?', { source: 'youtube', author: { id: 'UC-X', name: 'X', badges: [] } })),
      upsert(chat('yt-2', 'hello', { source: 'youtube', author: { id: 'UC-Y', name: 'Y', badges: [] } })),
      upsert(
        chat('sl-1', 'same id, other source', {
          source: 'slack',
          author: { id: 'UC-X', name: 'X', badges: [] },
        }),
      ),
      upsert(chat('yt-3', 'more spam', { source: 'youtube', author: { id: 'UC-X', name: 'X', badges: [] } })),
    ]);
    state = applyEvents(state, [
      saved({ id: 'q', origins: [originOf('yt-1')], status: 'queued' }),
      { type: 'questionQueueSet', queue: ['q'], onAir: null },
    ]);
    const after = ingest(state, [ban('youtube', 'UC-X')]);
    expect(idsOf(after)).toEqual(['yt-2', 'sl-1']);
    expect(idsOf(after).sort()).toEqual(['sl-1', 'yt-2']);
    expect(after.feed.questions).toEqual({});
    expect(after.feed.queue).toEqual([]);
    expectConsistent(after.feed);
  });

  it('removes messages sent earlier in the same batch, and keeps ones sent after the ban', () => {
    const x = { id: 'UC-X', name: 'X', badges: [] };
    const after = ingest(showWithHistory(), [
      upsert(chat('before', 'one', { source: 'youtube', author: x })),
      ban('youtube', 'UC-X'),
      upsert(chat('after', 'two', { source: 'youtube', author: x })),
    ]);
    expect(idsOf(after)).toEqual(['after']);
  });

  it('changes nothing for an author with no messages', () => {
    const before = withTwoMessages();
    const after = ingest(before, [ban('youtube', 'nobody'), ban('slack', 'nobody')]);
    expect(after.feed).toEqual(before.feed);
  });
});

describe('chatIngested: reactions', () => {
  it('adds and removes users per reaction; an emptied reaction disappears', () => {
    let state = ingest(withTwoMessages(), [
      reaction('m1', '+1', 'u1'),
      reaction('m1', '+1', 'u2'),
      reaction('m1', 'tada', 'u1'),
    ]);
    expect(entry(state, 'm1').reactions).toEqual({ '+1': ['u1', 'u2'], tada: ['u1'] });
    state = ingest(state, [reaction('m1', '+1', 'u1', false), reaction('m1', 'tada', 'u1', false)]);
    expect(entry(state, 'm1').reactions).toEqual({ '+1': ['u2'] });
  });

  it('ignores a repeated add (backfill) and the removal of a reaction nobody made: same entry object', () => {
    const before = ingest(withTwoMessages(), [reaction('m1', '+1', 'u1')]);
    const after = ingest(before, [
      reaction('m1', '+1', 'u1'),
      reaction('m1', '+1', 'u9', false),
      reaction('m1', 'heart', 'u1', false),
    ]);
    expect(entry(after, 'm1')).toBe(entry(before, 'm1'));
  });

  it('ignores reactions on messages it has not seen', () => {
    const before = withTwoMessages();
    const after = ingest(before, [reaction('unknown', '+1', 'u1')]);
    expect(after.feed.messages).toBe(before.feed.messages);
    expect(idsOf(after)).toEqual(idsOf(before));
  });

  it('marks a message with the question reaction and unmarks it when the last one goes', () => {
    let state = ingest(withTwoMessages(), [
      reaction('m1', Q_REACTION, 'u1'),
      reaction('m1', Q_REACTION, 'u2'),
    ]);
    expect(entry(state, 'm1').looksLikeQuestion).toBe(true);
    state = ingest(state, [reaction('m1', Q_REACTION, 'u1', false)]);
    expect(entry(state, 'm1').looksLikeQuestion).toBe(true);
    state = ingest(state, [reaction('m1', Q_REACTION, 'u2', false)]);
    expect(entry(state, 'm1').looksLikeQuestion).toBe(false);
  });

  it('keeps a text that looks like a question marked after the question reaction goes', () => {
    let state = ingest(withTwoMessages(), [reaction('m2', Q_REACTION, 'u1')]);
    state = ingest(state, [reaction('m2', Q_REACTION, 'u1', false)]);
    expect(entry(state, 'm2').looksLikeQuestion).toBe(true);
  });

  it('uses the batch’s own question reaction, and other reactions never mark', () => {
    const state = applyEvents(withTwoMessages(), [
      ingested([reaction('m1', 'question', 'u1')], NOW, 'raised_hand'),
    ]);
    expect(entry(state, 'm1').looksLikeQuestion).toBe(false);
    const marked = applyEvents(state, [ingested([reaction('m1', 'raised_hand', 'u1')], NOW, 'raised_hand')]);
    expect(entry(marked, 'm1').looksLikeQuestion).toBe(true);
  });

  it('copes with reaction names Object.prototype has (Slack custom emoji can be called anything)', () => {
    let state = ingest(withTwoMessages(), [
      reaction('m1', 'constructor', 'u1'),
      reaction('m1', '__proto__', 'u2'),
      reaction('m1', 'toString', 'u3'),
    ]);
    expect(Object.keys(entry(state, 'm1').reactions).sort()).toEqual([
      '__proto__',
      'constructor',
      'toString',
    ]);
    expect(entry(state, 'm1').reactions.constructor).toEqual(['u1']);
    expect(entry(state, 'm1').looksLikeQuestion).toBe(false);
    state = ingest(state, [reaction('m1', 'constructor', 'u1', false)]);
    expect(Object.hasOwn(entry(state, 'm1').reactions, 'constructor')).toBe(false);
    // A question reaction named like a prototype property does not mark every message.
    const odd = applyEvents(withTwoMessages(), [ingested([reaction('m2', '+1', 'u1')], NOW, 'constructor')]);
    expect(entry(odd, 'm1').looksLikeQuestion).toBe(false);
    const edited = applyEvents(odd, [ingested([upsert(chat('m1', 'Nice one'))], NOW, 'constructor')]);
    expect(entry(edited, 'm1').looksLikeQuestion).toBe(false);
  });
});

describe('other feed events', () => {
  it('messageMarked sets the flag of that message only; an unknown message changes nothing', () => {
    const before = withTwoMessages();
    const marked = applyEvents(before, [{ type: 'messageMarked', messageId: 'm1', question: true }]);
    expect(entry(marked, 'm1').looksLikeQuestion).toBe(true);
    expect(entry(marked, 'm2')).toBe(entry(before, 'm2'));
    const same = applyEvents(before, [{ type: 'messageMarked', messageId: 'constructor', question: true }]);
    expect(same.feed).toEqual(before.feed);
  });

  it('fillerRequested records the time, and null clears it', () => {
    const on = applyEvents(show(), [{ type: 'fillerRequested', at: NOW }]);
    expect(on.feed.fillerRequestedAt).toBe(NOW);
    expect(applyEvents(on, [{ type: 'fillerRequested', at: null }]).feed.fillerRequestedAt).toBeNull();
  });
});

describe('chatIngested: big batches', () => {
  /** A plain model of what the feed should hold after a list of operations, one at a time. */
  interface Expected {
    text: string;
    edited: boolean;
    reactions: Map<string, string[]>;
    source: string;
    author: string;
  }

  function model(operations: ChatIngest[]): { order: string[]; messages: Map<string, Expected> } {
    const messages = new Map<string, Expected>();
    let order: string[] = [];
    for (const op of operations) {
      if (op.kind === 'upsert') {
        const known = messages.get(op.message.id);
        if (!known) {
          const m = op.message;
          messages.set(m.id, {
            text: m.text,
            edited: m.edited,
            reactions: new Map(),
            source: m.source,
            author: m.author.id,
          });
          order.push(m.id);
        } else if (known.text !== op.message.text) {
          known.text = op.message.text;
          known.edited = true;
        }
      } else if (op.kind === 'reaction') {
        const known = messages.get(op.id);
        if (!known) continue;
        const users = known.reactions.get(op.reaction) ?? [];
        if (op.added && !users.includes(op.userId)) known.reactions.set(op.reaction, [...users, op.userId]);
        if (!op.added) {
          const rest = users.filter((u) => u !== op.userId);
          if (rest.length > 0) known.reactions.set(op.reaction, rest);
          else known.reactions.delete(op.reaction);
        }
      } else if (op.kind === 'delete') {
        messages.delete(op.id);
        order = order.filter((id) => id !== op.id);
      } else {
        for (const [id, m] of messages) {
          if (m.source === op.source && m.author === op.authorId) {
            messages.delete(id);
            order = order.filter((o) => o !== id);
          }
        }
      }
    }
    return { order, messages };
  }

  function randomOperations(seed: number, count: number): ChatIngest[] {
    const random = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const texts = [
      'Slides?',
      'Great talk',
      'How do you scale this',
      'Q: recording',
      'lol',
      'Is it open source?',
    ];
    const authors = ['A', 'B', 'C', 'D', 'E'];
    const sources = ['slack', 'youtube'] as const;
    const reactions = [Q_REACTION, '+1', 'tada', 'constructor'];
    const ops: ChatIngest[] = [];
    for (let i = 0; i < count; i++) {
      const id = `m${Math.floor(random() * 300)}`;
      const roll = random();
      if (roll < 0.5) {
        const source = Number(id.slice(1)) % 2 === 0 ? sources[0] : sources[1];
        const author = authors[Number(id.slice(1)) % authors.length]!;
        ops.push(
          upsert(
            chat(id, pick(texts), {
              source,
              author: { id: author, name: author, badges: [] },
              backfill: random() < 0.3,
              sentAt: T0 + Math.floor(random() * 60 * MIN),
            }),
          ),
        );
      } else if (roll < 0.85) {
        ops.push(reaction(id, pick(reactions), pick(['u1', 'u2', 'u3']), random() < 0.7));
      } else if (roll < 0.98) {
        ops.push(del(id));
      } else {
        ops.push(ban(pick(sources), pick(authors)));
      }
    }
    return ops;
  }

  it('applies a batch of 1,000 operations as a model applying them one by one says', () => {
    const operations = randomOperations(42, 1000);
    expect(operations.filter((op) => op.kind === 'delete').length).toBeGreaterThan(50);
    const state = ingest(showWithHistory(), operations);
    const expected = model(operations);
    expect(idsOf(state)).toEqual(expected.order);
    expect(state.feed.messages.size).toBeGreaterThan(50);
    for (const id of expected.order) {
      const want = expected.messages.get(id)!;
      const got = entry(state, id);
      expect(got.text).toBe(want.text);
      expect(got.edited).toBe(want.edited);
      expect(got.reactions).toEqual(Object.fromEntries(want.reactions));
      const marked = (want.reactions.get(Q_REACTION)?.length ?? 0) > 0;
      expect(got.looksLikeQuestion).toBe(
        marked ||
          ['Slides?', 'How do you scale this', 'Q: recording', 'Is it open source?'].includes(want.text),
      );
    }
    expectConsistent(state.feed);
  });

  it.each([1, 2, 3, 4, 5])(
    'gives the same feed in one batch as in one event per operation (seed %i)',
    (seed) => {
      let start = ingest(showWithHistory(), randomOperations(seed * 100, 200));
      // Some of the messages are questions, so deletes and bans have links to cut.
      const linkable = idsOf(start).slice(0, 20);
      start = applyEvents(
        start,
        linkable.map((id, i) =>
          saved({ id: `q${i}`, origins: [originOf(id)], status: i % 2 ? 'queued' : 'approved' }),
        ),
      );
      start = applyEvents(start, [
        {
          type: 'questionQueueSet',
          queue: linkable.map((_, i) => `q${i}`).filter((_, i) => i % 2),
          onAir: null,
        },
      ]);
      expectConsistent(start.feed);
      const operations = randomOperations(seed, 1000);
      const batched = ingest(start, operations);
      const oneByOne = applyEvents(
        start,
        operations.map((op) => ingested([op])),
      );
      expect(batched.feed).toEqual(oneByOne.feed);
      expectConsistent(batched.feed);
    },
  );

  it('handles a batch of 1,000 new messages without a copy per message', () => {
    const operations = Array.from({ length: 1000 }, (_, i) => upsert(chat(`bulk-${i}`, `message ${i}?`)));
    const started = performance.now();
    const state = ingest(showWithHistory(), operations);
    expect(idsOf(state)).toHaveLength(1000);
    expect(idsOf(state)[999]).toBe('bulk-999');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('the reducer never mutates its input', () => {
  it('leaves a deep-frozen state untouched through every kind of feed event', () => {
    let state = withTwoMessages();
    state = applyEvents(state, [
      saved({ id: 'q', origins: [originOf('m2')], status: 'queued' }),
      { type: 'questionQueueSet', queue: ['q'], onAir: null },
    ]);
    const frozen = deepFreeze(structuredClone(state));
    const snapshot = structuredClone(frozen);
    const events: ShowEvent[] = [
      ingested([
        upsert(chat('m3', 'new one?')),
        upsert(chat('m1', 'edited text')),
        reaction('m1', Q_REACTION, 'u1'),
        reaction('m1', Q_REACTION, 'u1', false),
        del('m2'),
        ban('slack', 'U-ADA'),
      ]),
      { type: 'messageMarked', messageId: 'm1', question: true },
      saved({ id: 'q2', origins: [originOf('m1')] }),
      { type: 'questionRemoved', questionId: 'q' },
      { type: 'questionQueueSet', queue: [], onAir: null },
      { type: 'fillerRequested', at: NOW },
    ];
    for (const event of events) expect(() => applyEvents(frozen, [event])).not.toThrow();
    expect(() => applyEvents(frozen, events)).not.toThrow();
    expect(frozen).toEqual(snapshot);
  });
});

describe("a moderator's mark", () => {
  it('holds against later edits and question reactions', () => {
    let state = liveOn();
    const id = 'slack:C0ASK:1.000100';
    state = applyEvents(state, [
      ingested([{ kind: 'upsert', message: chat(id, 'How does this work?') }]),
      { type: 'messageMarked', messageId: id, question: false },
    ]);
    expect(getMessage(state.feed.messages, id)?.looksLikeQuestion).toBe(false);
    state = applyEvents(state, [
      ingested([
        { kind: 'upsert', message: chat(id, 'How does this really work?') },
        { kind: 'reaction', id, reaction: Q_REACTION, userId: 'U0ADA', added: true },
      ]),
    ]);
    expect(getMessage(state.feed.messages, id)?.looksLikeQuestion).toBe(false);
    expect(getMessage(state.feed.messages, id)?.moderatorMark).toBe(false);
  });
});
