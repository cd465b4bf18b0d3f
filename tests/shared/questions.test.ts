import { describe, expect, it } from 'vitest';
import {
  DUPLICATE_SIMILARITY,
  duplicateSuggestions,
  looksLikeQuestion,
  normaliseForMatch,
  similarity,
  votesOf,
} from '../../shared/questions.js';
import type { ChatIngest } from '../../shared/chat.js';
import type { ShowCommand } from '../../shared/commands.js';
import type { ShowState } from '../../shared/model.js';
import { applyEvents } from '../../shared/reducer.js';
import {
  idsOf,
  accepted,
  ban,
  chat,
  decideOn,
  del,
  entry,
  expectConsistent,
  feedEntry,
  feedOf,
  ingest,
  NOW,
  Q_REACTION,
  question,
  questionOf,
  reaction,
  refused,
  run,
  seededRandom,
  show,
  showWithHistory,
  T0,
  upsert,
} from './feedFixtures.js';

describe('looksLikeQuestion', () => {
  it.each([
    // a trailing question mark, whatever follows it that is not words
    ['Will the slides be shared?'],
    ['slides?'],
    ['slides ?   '],
    ['Slides??'],
    ['Slides?!'],
    ['Any slides? 🙏'],
    ['Slides?🙏🙏'],
    ['Really? ❤️'], // U+2764 U+FE0F: a variation selector after the heart
    ['Really?👍🏽'], // a skin-tone modifier
    ['Who built this? 👩‍💻'], // a ZWJ sequence
    ['Slides? :pray:'], // Slack and YouTube keep emoji as :shortcodes: in the text
    ['Slides? :+1::skin-tone-3:'],
    ['Slides? :face-blue-smiling:'],
    ['Slides? :)'],
    ['(asking for a friend, slides?)'],
    ['He asked “why?”'],
    ['How?'],
    ['?'],
    // right-to-left and CJK question marks
    ['هل يمكنك مشاركة الشرائح؟'],
    ['هل هذا صحيح؟\u200f'], // with a trailing right-to-left mark
    ['מתי ההרצאה הבאה?'],
    ['スライドは共有されますか？'],
    // "Q:" and friends
    ['Q: slides'],
    ['q: slides'],
    ['Q) slides'],
    ['q) slides'],
    ['Q. slides'],
    ['Q - slides'],
    ['  Q: with leading spaces'],
    // a leading question word and at least three words
    ['How do you scale this'],
    ['what about latency'],
    ['Does anyone know the wifi password'],
    ["What's the best way to start"],
    ['Thoughts on polars vs pandas'],
  ])('%j is a question', (text) => {
    expect(looksLikeQuestion(text)).toBe(true);
  });

  it.each([
    [''],
    ['   '],
    ['How'],
    ['How so'],
    ['Why not'],
    ['Is it'],
    ['Great talk!'],
    ['Thanks everyone 🎉'],
    ['This is great'],
    ['🎉🎉🎉'],
    ['🤔'],
    ['👍🏽'],
    ['See https://example.com/search?q=normconf for the details'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['The answer is 42 ? no wait, 43'],
    ["Can't wait for the next talk"],
    ['Can’t wait for the next talk'],
    ['Q-learning is underrated'],
    ['Q.E.D. that settles it'],
    ['Whoever wrote this is a genius'],
    ['Howdy everyone from Berlin'],
    ['مرحبا بالجميع من القاهرة'],
    ['Questions later, thanks'],
  ])('%j is not a question', (text) => {
    expect(looksLikeQuestion(text)).toBe(false);
  });

  it('stays fast on long runs of question marks, emoji or spaces (4,000 characters of spam)', () => {
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      expect(looksLikeQuestion(`${'?'.repeat(4000)}x`)).toBe(false);
      expect(looksLikeQuestion(`${'? '.repeat(2000)}x`)).toBe(false);
      expect(looksLikeQuestion(`${'?🎉'.repeat(1300)}x`)).toBe(false);
      expect(looksLikeQuestion(`x${' 🎉'.repeat(1300)}?`)).toBe(true);
      expect(looksLikeQuestion(`Slides?${' :pray:'.repeat(20)}`)).toBe(true);
    }
    expect(performance.now() - started).toBeLessThan(250);
  });
});

describe('normaliseForMatch', () => {
  it.each([
    ['Café Crème', 'cafe creme'],
    ['naïve coöperation', 'naive cooperation'],
    ['HOW do YOU scale?!', 'how do you scale'],
    ['Q: How do you scale?', 'how do you scale'],
    ['q) how do you scale', 'how do you scale'],
    ['Q - how do you scale', 'how do you scale'],
    ['   Q:   padded   ', 'padded'],
    ['Q-learning, does it work?', 'q learning does it work'],
    ['Emoji 🎉 in  the   middle!!!', 'emoji in the middle'],
    ['Python 3.12?', 'python 3 12'],
    ["What's new", 'what s new'],
    ['ＱＵＥＳＴＩＯＮ', 'question'], // full-width letters, by NFKD
    ['هل هذا صحيح؟', 'هل هذا صحيح'],
    ['مَرْحَبًا', 'مرحبا'], // Arabic vowel marks dropped
    ['Ünïcödé ÀND ÇASE', 'unicode and case'],
    ['', ''],
    ['?!…', ''],
    ['🎉🎉', ''],
  ])('%j → %j', (text, expected) => {
    expect(normaliseForMatch(text)).toBe(expected);
  });
});

describe('similarity', () => {
  it('is 1 for the same text, and for texts that differ only in case, accents, punctuation or "Q:"', () => {
    expect(similarity('How do you scale?', 'How do you scale?')).toBe(1);
    expect(similarity('How do you scale?', 'how do you scale')).toBe(1);
    expect(similarity('Q: Café scaling?', 'cafe scaling 🙏')).toBe(1);
    expect(similarity('a', 'a')).toBe(1);
  });

  it.each([
    ['How do you deploy this to production?', 'how do you deploy this in production'],
    ['How do you deploy this to production?', 'How do you deploy it to production??'],
    ['What library did you use for the charts?', 'Which library did you use for the charts?'],
    ['Will the slides be shared after the talk?', 'will the slides be shared after the talk 🙏'],
    ['Q: is there a recording?', 'Is there a recording of this?'],
  ])('paraphrase %j ~ %j reaches DUPLICATE_SIMILARITY', (a, b) => {
    expect(similarity(a, b)).toBeGreaterThanOrEqual(DUPLICATE_SIMILARITY);
    expect(similarity(a, b)).toBeLessThanOrEqual(1);
  });

  it.each([
    ['How do you deploy this to production?', 'What is your favourite pizza topping?'],
    ['Will the slides be shared?', 'Where can I find the recording?'],
    ['Does it work with Postgres?', 'Does it work with MySQL?'],
    ['a', 'b'],
  ])('unrelated %j ~ %j stays below DUPLICATE_SIMILARITY', (a, b) => {
    expect(similarity(a, b)).toBeLessThan(DUPLICATE_SIMILARITY);
    expect(similarity(a, b)).toBeGreaterThanOrEqual(0);
  });

  it('is 0 when either side has no words, even for two identical emoji-only texts', () => {
    expect(similarity('', 'How do you scale?')).toBe(0);
    expect(similarity('How do you scale?', '')).toBe(0);
    expect(similarity('', '')).toBe(0);
    expect(similarity('🎉', '🎉')).toBe(0);
    expect(similarity('???', '???')).toBe(0);
  });

  it('is symmetric', () => {
    const texts = ['How do you scale?', 'how to scale it', 'Slides?', 'Will the slides be shared?', 'x'];
    for (const a of texts) for (const b of texts) expect(similarity(a, b)).toBe(similarity(b, a));
  });
});

describe('duplicateSuggestions', () => {
  const base = 'How do you deploy this to production?';

  it('lists the likely duplicates best first, excluding the question itself, dismissed ones and weak matches', () => {
    const feed = feedOf([
      question('target', base),
      question('close', 'how do you deploy this in production', { createdAt: T0 + 5 }),
      question('exact', 'Q: How do you deploy this to production', { createdAt: T0 + 9 }),
      question('dismissed', 'How do you deploy this to production?', { status: 'dismissed' }),
      question('unrelated', 'What is your favourite pizza topping?'),
      question('answered', 'How do you deploy it to production??', { status: 'answered' }),
      question('staff', 'How do you deploy this to production, then?', { staff: true }),
    ]);
    const ids = duplicateSuggestions(feed, 'target').map((q) => q.id);
    expect(ids[0]).toBe('exact');
    expect(ids).not.toContain('target');
    expect(ids).not.toContain('dismissed');
    expect(ids).not.toContain('unrelated');
    expect(new Set(ids)).toEqual(new Set(['exact', 'close', 'answered', 'staff']));
    const scores = ids.map((id) => similarity(feed.questions[id]!.text, base));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('breaks ties by age, the older question first, whatever the map order', () => {
    const feed = feedOf([
      question('target', base),
      question('newer', base, { createdAt: T0 + 20 }),
      question('older', base, { createdAt: T0 + 10 }),
      question('7', base, { createdAt: T0 + 30 }), // an integer-like key Object.values puts first
    ]);
    expect(duplicateSuggestions(feed, 'target').map((q) => q.id)).toEqual(['older', 'newer', '7']);
  });

  it('is empty for an unknown question, one with no look-alikes, or an id Object.prototype has', () => {
    const feed = feedOf([question('a', base), question('b', 'Totally different words here')]);
    expect(duplicateSuggestions(feed, 'nope')).toEqual([]);
    expect(duplicateSuggestions(feed, 'b')).toEqual([]);
    expect(duplicateSuggestions(feed, 'constructor')).toEqual([]);
    expect(duplicateSuggestions(feed, '__proto__')).toEqual([]);
  });
});

describe('votesOf', () => {
  it('counts every reaction except the question reaction, plus moderator votes', () => {
    const feed = feedOf(
      [question('q', 'Slides?', { moderatorVotes: 2, origins: [origin('m1')] })],
      [feedEntry('m1', { [Q_REACTION]: ['u1', 'u9'], '+1': ['u1', 'u2'], tada: ['u3'] })],
    );
    expect(votesOf(feed, feed.questions.q!, Q_REACTION)).toBe(5);
    // With another question reaction, "question" reactions count and "tada" does not.
    expect(votesOf(feed, feed.questions.q!, 'tada')).toBe(6);
  });

  it('sums the reactions on every origin of a merged question and skips origins no longer in the feed', () => {
    const feed = feedOf(
      [
        question('q', 'Slides?', {
          moderatorVotes: 1,
          origins: [origin('m1'), origin('m2'), origin('gone')],
        }),
      ],
      [feedEntry('m1', { '+1': ['u1'] }), feedEntry('m2', { '+1': ['u2', 'u3'], [Q_REACTION]: ['u4'] })],
    );
    expect(votesOf(feed, feed.questions.q!, Q_REACTION)).toBe(4);
  });

  it('is the moderator votes alone for a staff question', () => {
    const feed = feedOf([question('s', 'Filler?', { staff: true, moderatorVotes: 3 })]);
    expect(votesOf(feed, feed.questions.s!, Q_REACTION)).toBe(3);
  });
});

function origin(messageId: string) {
  return { messageId, source: 'slack' as const, authorName: 'Ada', permalink: null };
}

// ---------------------------------------------------------------------------------------------
// decide(): every question command, on states built by applying events

/** The talk is live; a, b, c, d are questions from the audience, s a statement (YouTube). */
function chatState(): ShowState {
  return ingest(showWithHistory(), [
    upsert(chat('a', 'How do you deploy this to production?')),
    upsert(chat('b', 'Will the slides be shared?', { author: { id: 'U-BOB', name: 'Bob', badges: [] } })),
    upsert(chat('c', 'Is there a recording?')),
    upsert(chat('d', 'how do you deploy this in production', { source: 'youtube', permalink: null })),
    upsert(chat('s', 'Great talk', { source: 'youtube' })),
  ]);
}

/** chatState with a, b, c, d approved as q-1 … q-4. */
function approvedState(): ShowState {
  return ['a', 'b', 'c', 'd'].reduce(
    (state, messageId) => run(state, { type: 'approveMessage', messageId }),
    chatState(),
  );
}

/** approvedState with q-1, q-2, q-3 queued in that order. */
function queuedState(): ShowState {
  return ['q-1', 'q-2', 'q-3'].reduce(
    (state, questionId) => run(state, { type: 'queueQuestion', questionId }),
    approvedState(),
  );
}

const statusOf = (state: ShowState, id: string) => questionOf(state, id).status;

describe('decide: approve, queue, on air, answer', () => {
  it('runs one question through its whole life', () => {
    let state = chatState();
    state = run(state, { type: 'approveMessage', messageId: 'b' }, NOW + 1);
    expect(questionOf(state, 'q-1')).toEqual({
      id: 'q-1',
      text: 'Will the slides be shared?',
      origins: [
        { messageId: 'b', source: 'slack', authorName: 'Bob', permalink: entry(state, 'b').permalink },
      ],
      segmentId: 'talk',
      status: 'approved',
      staff: false,
      moderatorVotes: 0,
      createdAt: NOW + 1,
      updatedAt: NOW + 1,
    });
    expect(entry(state, 'b').questionId).toBe('q-1');
    expect(state.feed.queue).toEqual([]);

    state = run(state, { type: 'queueQuestion', questionId: 'q-1' }, NOW + 2);
    expect(statusOf(state, 'q-1')).toBe('queued');
    expect(state.feed.queue).toEqual(['q-1']);

    state = run(state, { type: 'putQuestionOnAir', questionId: 'q-1' }, NOW + 3);
    expect(statusOf(state, 'q-1')).toBe('onAir');
    expect(state.feed.onAir).toBe('q-1');
    expect(state.feed.queue).toEqual([]);

    state = run(state, { type: 'answerQuestion', questionId: 'q-1' }, NOW + 4);
    expect(questionOf(state, 'q-1')).toMatchObject({
      status: 'answered',
      createdAt: NOW + 1,
      updatedAt: NOW + 4,
    });
    expect(state.feed.onAir).toBeNull();
    expect(state.feed.queue).toEqual([]);
  });

  it('approves with edited text, keeping the origin; YouTube origins carry their source', () => {
    let state = run(chatState(), {
      type: 'approveMessage',
      messageId: 'd',
      text: 'How do you deploy to prod?',
    });
    expect(questionOf(state, 'q-1')).toMatchObject({
      text: 'How do you deploy to prod?',
      origins: [{ messageId: 'd', source: 'youtube', authorName: 'Ada', permalink: null }],
    });
    // Statements can be approved too: the heuristic never decides alone.
    state = run(state, { type: 'approveMessage', messageId: 's' });
    expect(questionOf(state, 'q-2').text).toBe('Great talk');
  });

  it('answers the question on air when another goes on air', () => {
    let state = run(queuedState(), { type: 'putQuestionOnAir', questionId: 'q-2' });
    state = run(state, { type: 'putQuestionOnAir', questionId: 'q-4' }); // approved, never queued
    expect(statusOf(state, 'q-2')).toBe('answered');
    expect(statusOf(state, 'q-4')).toBe('onAir');
    expect(state.feed).toMatchObject({ onAir: 'q-4', queue: ['q-1', 'q-3'] });
  });

  it('can put an answered question on air again, but not a dismissed one', () => {
    let state = run(queuedState(), { type: 'answerQuestion', questionId: 'q-1' });
    state = run(state, { type: 'putQuestionOnAir', questionId: 'q-1' });
    expect(state.feed.onAir).toBe('q-1');
    state = run(state, { type: 'dismissQuestion', questionId: 'q-2' });
    expect(refused(state, { type: 'putQuestionOnAir', questionId: 'q-2' })).toBe(
      'restore that question before putting it on air',
    );
  });

  it('answers a queued question that never went on air, leaving the on-air one alone', () => {
    let state = run(queuedState(), { type: 'putQuestionOnAir', questionId: 'q-1' });
    state = run(state, { type: 'answerQuestion', questionId: 'q-3' });
    expect(state.feed).toMatchObject({ onAir: 'q-1', queue: ['q-2'] });
    expect(statusOf(state, 'q-3')).toBe('answered');
  });

  it('refuses what does not fit the state, in plain words', () => {
    const queued = queuedState();
    expect(refused(queued, { type: 'queueQuestion', questionId: 'q-1' })).toBe(
      'that question is already queued',
    );
    const onAir = run(queued, { type: 'putQuestionOnAir', questionId: 'q-1' });
    expect(refused(onAir, { type: 'queueQuestion', questionId: 'q-1' })).toBe('that question is on air');
    expect(refused(onAir, { type: 'putQuestionOnAir', questionId: 'q-1' })).toBe(
      'that question is already on air',
    );
    const answered = run(onAir, { type: 'answerQuestion', questionId: 'q-1' });
    expect(refused(answered, { type: 'answerQuestion', questionId: 'q-1' })).toBe(
      'that question is already answered',
    );
  });
});

describe('decide: nextQuestion', () => {
  it('puts the first queued question on air, then answers it when moving to the next', () => {
    let state = run(queuedState(), { type: 'nextQuestion' });
    expect(state.feed).toMatchObject({ onAir: 'q-1', queue: ['q-2', 'q-3'] });
    state = run(state, { type: 'nextQuestion' });
    expect(statusOf(state, 'q-1')).toBe('answered');
    expect(state.feed).toMatchObject({ onAir: 'q-2', queue: ['q-3'] });
  });

  it('with an empty queue answers the question on air and clears the air', () => {
    let state = run(approvedState(), { type: 'putQuestionOnAir', questionId: 'q-4' });
    state = run(state, { type: 'nextQuestion' });
    expect(statusOf(state, 'q-4')).toBe('answered');
    expect(state.feed.onAir).toBeNull();
  });

  it('with nothing queued or on air is a conflict', () => {
    expect(refused(approvedState(), { type: 'nextQuestion' })).toBe('no question is queued or on air');
    expect(refused(show(), { type: 'nextQuestion' })).toBe('no question is queued or on air');
  });
});

describe('decide: moveQuestion', () => {
  it('reorders the queue, clamping the index to its end', () => {
    let state = run(queuedState(), { type: 'moveQuestion', questionId: 'q-3', toIndex: 0 });
    expect(state.feed.queue).toEqual(['q-3', 'q-1', 'q-2']);
    state = run(state, { type: 'moveQuestion', questionId: 'q-3', toIndex: 99 });
    expect(state.feed.queue).toEqual(['q-1', 'q-2', 'q-3']);
    state = run(state, { type: 'moveQuestion', questionId: 'q-1', toIndex: 1 });
    expect(state.feed.queue).toEqual(['q-2', 'q-1', 'q-3']);
    state = run(state, { type: 'moveQuestion', questionId: 'q-1', toIndex: 1 });
    expect(state.feed.queue).toEqual(['q-2', 'q-1', 'q-3']);
  });

  it('keeps the question on air out of the queue', () => {
    let state = run(queuedState(), { type: 'putQuestionOnAir', questionId: 'q-4' });
    state = run(state, { type: 'moveQuestion', questionId: 'q-2', toIndex: 0 });
    expect(state.feed).toMatchObject({ onAir: 'q-4', queue: ['q-2', 'q-1', 'q-3'] });
  });

  it('refuses to move a question that is not queued', () => {
    expect(refused(queuedState(), { type: 'moveQuestion', questionId: 'q-4', toIndex: 0 })).toBe(
      'only queued questions can be reordered',
    );
  });
});

describe('decide: dismiss and restore', () => {
  it('dismisses a queued question off the queue and restores it as approved', () => {
    let state = run(queuedState(), { type: 'dismissQuestion', questionId: 'q-2' }, NOW + 5);
    expect(questionOf(state, 'q-2')).toMatchObject({ status: 'dismissed', updatedAt: NOW + 5 });
    expect(state.feed.queue).toEqual(['q-1', 'q-3']);
    expect(refused(state, { type: 'dismissQuestion', questionId: 'q-2' })).toBe(
      'that question is already dismissed',
    );
    state = run(state, { type: 'restoreQuestion', questionId: 'q-2' }, NOW + 6);
    expect(questionOf(state, 'q-2')).toMatchObject({ status: 'approved', updatedAt: NOW + 6 });
    expect(state.feed.queue).toEqual(['q-1', 'q-3']);
  });

  it('dismisses the question on air, clearing the air; answered ones restore too', () => {
    let state = run(queuedState(), { type: 'nextQuestion' });
    state = run(state, { type: 'dismissQuestion', questionId: 'q-1' });
    expect(state.feed.onAir).toBeNull();
    state = run(state, { type: 'answerQuestion', questionId: 'q-2' });
    state = run(state, { type: 'restoreQuestion', questionId: 'q-2' });
    expect(statusOf(state, 'q-2')).toBe('approved');
  });

  it('refuses to restore a question that is neither answered nor dismissed', () => {
    for (const id of ['q-1', 'q-4']) {
      expect(refused(queuedState(), { type: 'restoreQuestion', questionId: id })).toBe(
        'only answered or dismissed questions can be restored',
      );
    }
  });
});

describe('decide: edit, assign, vote', () => {
  it('edits the text and reassigns the segment (or the filler bank), checking the segment exists', () => {
    let state = run(
      approvedState(),
      { type: 'editQuestion', questionId: 'q-1', text: 'Deploying?' },
      NOW + 7,
    );
    expect(questionOf(state, 'q-1')).toMatchObject({
      text: 'Deploying?',
      updatedAt: NOW + 7,
      status: 'approved',
    });
    state = run(state, { type: 'assignQuestion', questionId: 'q-1', segmentId: 'lightning' });
    expect(questionOf(state, 'q-1').segmentId).toBe('lightning');
    state = run(state, { type: 'assignQuestion', questionId: 'q-1', segmentId: null });
    expect(questionOf(state, 'q-1').segmentId).toBeNull();
    expect(refused(state, { type: 'assignQuestion', questionId: 'q-1', segmentId: 'nope' })).toBe(
      'no segment "nope"',
    );
  });

  it('adds a moderator vote each time, counted by votesOf with the source reactions', () => {
    let state = ingest(approvedState(), [
      reaction('b', '+1', 'u1'),
      reaction('b', '+1', 'u2'),
      reaction('b', Q_REACTION, 'u3'),
    ]);
    state = run(state, { type: 'voteQuestion', questionId: 'q-2' });
    state = run(state, { type: 'voteQuestion', questionId: 'q-2' });
    expect(questionOf(state, 'q-2').moderatorVotes).toBe(2);
    expect(votesOf(state.feed, questionOf(state, 'q-2'), Q_REACTION)).toBe(4);
  });
});

describe('decide: mergeQuestions', () => {
  it('keeps one question with both origins and summed votes; the other leaves the queue; messages follow', () => {
    let state = queuedState(); // q-1 (a, slack) and q-4 (d, youtube) are duplicates
    state = run(state, { type: 'queueQuestion', questionId: 'q-4' });
    state = run(state, { type: 'voteQuestion', questionId: 'q-1' });
    state = run(state, { type: 'voteQuestion', questionId: 'q-4' });
    state = run(state, { type: 'voteQuestion', questionId: 'q-4' });
    state = ingest(state, [
      reaction('a', '+1', 'u1'),
      reaction('d', 'tada', 'u2'),
      reaction('d', 'tada', 'u3'),
    ]);
    expect(duplicateSuggestions(state.feed, 'q-1').map((q) => q.id)).toEqual(['q-4']);

    state = run(state, { type: 'mergeQuestions', intoId: 'q-1', fromId: 'q-4' }, NOW + 9);
    const kept = questionOf(state, 'q-1');
    expect(kept).toMatchObject({
      text: 'How do you deploy this to production?',
      status: 'queued',
      moderatorVotes: 3,
      updatedAt: NOW + 9,
    });
    expect(kept.origins.map((o) => [o.messageId, o.source])).toEqual([
      ['a', 'slack'],
      ['d', 'youtube'],
    ]);
    expect(state.feed.questions['q-4']).toBeUndefined();
    expect(state.feed.queue).toEqual(['q-1', 'q-2', 'q-3']);
    expect(entry(state, 'a').questionId).toBe('q-1');
    expect(entry(state, 'd').questionId).toBe('q-1');
    expect(votesOf(state.feed, kept, Q_REACTION)).toBe(6);

    // Its messages are one question now: neither can be approved again.
    expect(refused(state, { type: 'approveMessage', messageId: 'd' })).toBe(
      'that message is already a question',
    );
    // Deleting one origin keeps the question; deleting both removes it.
    state = ingest(state, [del('a')]);
    expect(questionOf(state, 'q-1').origins.map((o) => o.messageId)).toEqual(['d']);
    state = ingest(state, [del('d')]);
    expect(state.feed.questions['q-1']).toBeUndefined();
    expect(state.feed.queue).toEqual(['q-2', 'q-3']);
    expectConsistent(state.feed);
  });

  it('merges into the question on air, keeping it on air', () => {
    let state = run(queuedState(), { type: 'putQuestionOnAir', questionId: 'q-1' });
    state = run(state, { type: 'mergeQuestions', intoId: 'q-1', fromId: 'q-4' });
    expect(state.feed.onAir).toBe('q-1');
    expect(statusOf(state, 'q-1')).toBe('onAir');
  });

  it('refuses to merge the question on air away, which would blank the overlay', () => {
    const state = run(queuedState(), { type: 'putQuestionOnAir', questionId: 'q-4' });
    expect(refused(state, { type: 'mergeQuestions', intoId: 'q-1', fromId: 'q-4' })).toBe(
      'the question to merge away is on air: merge the other one into it instead',
    );
  });

  it('keeps a staff question staff when audience questions merge into it, so it outlives their messages', () => {
    let state = run(approvedState(), {
      type: 'addStaffQuestion',
      text: 'How do you deploy it?',
      segmentId: 'talk',
    });
    state = run(state, { type: 'mergeQuestions', intoId: 'q-5', fromId: 'q-1' });
    expect(questionOf(state, 'q-5')).toMatchObject({ staff: true, origins: [{ messageId: 'a' }] });
    state = ingest(state, [del('a')]);
    expect(questionOf(state, 'q-5')).toMatchObject({
      staff: true,
      origins: [],
      text: 'How do you deploy it?',
    });
  });

  it('refuses self-merges and missing questions', () => {
    const state = approvedState();
    expect(refused(state, { type: 'mergeQuestions', intoId: 'q-1', fromId: 'q-1' })).toBe(
      'a question cannot be merged into itself',
    );
    expect(refused(state, { type: 'mergeQuestions', intoId: 'q-1', fromId: 'gone' })).toBe(
      'no such question to merge (it may have been removed)',
    );
    expect(refused(state, { type: 'mergeQuestions', intoId: 'gone', fromId: 'q-1' })).toBe(
      'no such question (it may have been removed with its message)',
    );
  });
});

describe('decide: markMessage and approveMessage', () => {
  it('marks and unmarks a message; the same mark again records nothing', () => {
    let state = run(chatState(), { type: 'markMessage', messageId: 's', question: true });
    expect(entry(state, 's').looksLikeQuestion).toBe(true);
    expect(accepted(state, { type: 'markMessage', messageId: 's', question: true })).toEqual([]);
    state = run(state, { type: 'markMessage', messageId: 'a', question: false });
    expect(entry(state, 'a').looksLikeQuestion).toBe(false);
  });

  it('refuses a message no longer in the feed, or one that is already a question', () => {
    let state = ingest(approvedState(), [del('s')]);
    expect(refused(state, { type: 'markMessage', messageId: 's', question: true })).toBe(
      'that message is no longer in the feed',
    );
    expect(refused(state, { type: 'approveMessage', messageId: 's' })).toBe(
      'that message is no longer in the feed',
    );
    expect(refused(state, { type: 'approveMessage', messageId: 'a' })).toBe(
      'that message is already a question',
    );
    // Once its question is dismissed it is still a question (restore it instead).
    state = run(state, { type: 'dismissQuestion', questionId: 'q-1' });
    expect(refused(state, { type: 'approveMessage', messageId: 'a' })).toBe(
      'that message is already a question',
    );
  });
});

describe('decide: staff questions and fillers', () => {
  it('adds a staff question for a talk or for the filler bank, refusing an unknown segment', () => {
    let state = run(chatState(), {
      type: 'addStaffQuestion',
      text: 'What surprised you most?',
      segmentId: 'talk',
    });
    state = run(state, {
      type: 'addStaffQuestion',
      text: 'Where is everyone watching from?',
      segmentId: null,
    });
    expect(questionOf(state, 'q-1')).toEqual({
      id: 'q-1',
      text: 'What surprised you most?',
      origins: [],
      segmentId: 'talk',
      status: 'approved',
      staff: true,
      moderatorVotes: 0,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(questionOf(state, 'q-2')).toMatchObject({ segmentId: null, staff: true });
    expect(refused(state, { type: 'addStaffQuestion', text: 'Hm?', segmentId: 'nope' })).toBe(
      'no segment "nope"',
    );
    // A staff question runs like any other.
    state = run(state, { type: 'queueQuestion', questionId: 'q-2' });
    state = run(state, { type: 'nextQuestion' });
    expect(state.feed.onAir).toBe('q-2');
  });

  it('records a filler request at the time asked, and clears it once', () => {
    let state = run(chatState(), { type: 'requestFiller' }, NOW + 3);
    expect(state.feed.fillerRequestedAt).toBe(NOW + 3);
    state = run(state, { type: 'requestFiller' }, NOW + 4);
    expect(state.feed.fillerRequestedAt).toBe(NOW + 4);
    state = run(state, { type: 'clearFillerRequest' });
    expect(state.feed.fillerRequestedAt).toBeNull();
    expect(accepted(state, { type: 'clearFillerRequest' })).toEqual([]);
  });
});

describe('decide: ids from outside', () => {
  const PROTO_IDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

  it.each(PROTO_IDS)('finds no question or message called %j', (id) => {
    const state = queuedState();
    const missing = 'no such question (it may have been removed with its message)';
    for (const command of [
      { type: 'editQuestion', questionId: id, text: 'x' },
      { type: 'assignQuestion', questionId: id, segmentId: null },
      { type: 'queueQuestion', questionId: id },
      { type: 'moveQuestion', questionId: id, toIndex: 0 },
      { type: 'putQuestionOnAir', questionId: id },
      { type: 'answerQuestion', questionId: id },
      { type: 'dismissQuestion', questionId: id },
      { type: 'restoreQuestion', questionId: id },
      { type: 'voteQuestion', questionId: id },
      { type: 'mergeQuestions', intoId: id, fromId: 'q-1' },
    ] as const) {
      expect(refused(state, command)).toBe(missing);
    }
    expect(refused(state, { type: 'mergeQuestions', intoId: 'q-1', fromId: id })).toBe(
      'no such question to merge (it may have been removed)',
    );
    expect(refused(state, { type: 'markMessage', messageId: id, question: true })).toBe(
      'that message is no longer in the feed',
    );
    expect(refused(state, { type: 'approveMessage', messageId: id })).toBe(
      'that message is no longer in the feed',
    );
  });
});

describe('decide: a long random session', () => {
  /** Every question command, with ids drawn from the state (and a few that do not exist). */
  function randomCommand(state: ShowState, random: () => number): ShowCommand {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const questionIds = [...Object.keys(state.feed.questions), 'gone'];
    const messageIds = [...idsOf(state), 'gone'];
    const questionId = pick(questionIds);
    const commands: ShowCommand[] = [
      { type: 'markMessage', messageId: pick(messageIds), question: random() < 0.5 },
      { type: 'approveMessage', messageId: pick(messageIds) },
      { type: 'approveMessage', messageId: pick(messageIds) },
      { type: 'addStaffQuestion', text: 'Filler?', segmentId: pick(['talk', null, 'nope']) },
      { type: 'editQuestion', questionId, text: 'Edited?' },
      { type: 'assignQuestion', questionId, segmentId: pick(['keynote', null, 'nope']) },
      { type: 'queueQuestion', questionId },
      { type: 'queueQuestion', questionId },
      { type: 'moveQuestion', questionId, toIndex: Math.floor(random() * 5) },
      { type: 'putQuestionOnAir', questionId },
      { type: 'nextQuestion' },
      { type: 'answerQuestion', questionId },
      { type: 'dismissQuestion', questionId },
      { type: 'restoreQuestion', questionId },
      { type: 'voteQuestion', questionId },
      { type: 'mergeQuestions', intoId: questionId, fromId: pick(questionIds) },
      { type: 'requestFiller' },
      { type: 'clearFillerRequest' },
    ];
    return pick(commands);
  }

  function randomChat(state: ShowState, random: () => number, n: number): ChatIngest[] {
    const roll = random();
    const id = idsOf(state)[Math.floor(random() * state.feed.messages.size)];
    if (roll < 0.5 || id === undefined) return [upsert(chat(`r${n}`, random() < 0.5 ? 'Why?' : 'Nice'))];
    if (roll < 0.7) return [del(id)];
    if (roll < 0.8) return [ban('slack', 'U-BOB')];
    if (roll < 0.9) return [upsert(chat(id, `edited ${n}`))];
    return [reaction(id, random() < 0.5 ? Q_REACTION : '+1', `u${n % 3}`, random() < 0.6)];
  }

  it.each([7, 8, 9])('keeps the queue, the air and the links consistent (seed %i)', (seed) => {
    const random = seededRandom(seed);
    let state = chatState();
    const conflicts = new Set<string>();
    let applied = 0;
    for (let step = 0; step < 400; step++) {
      if (random() < 0.25) {
        state = ingest(state, randomChat(state, random, step));
        expectConsistent(state.feed);
        continue;
      }
      const command = randomCommand(state, random);
      const decision = decideOn(state, command);
      if (!decision.ok) {
        expect(decision.code).toBe('conflict');
        conflicts.add(decision.error);
        continue;
      }
      state = applyEvents(state, decision.events);
      applied += 1;
      expectConsistent(state.feed);
    }
    expect(applied).toBeGreaterThan(100);
    for (const error of conflicts) expectSentence(error);
  });
});

/** A conflict is one plain sentence for the crew: no ids as undefined, no objects, no stack. */
function expectSentence(error: string): void {
  expect(error).toMatch(/^[a-z][^\n]*[a-z0-9")]$/);
  expect(error.split(' ').length).toBeGreaterThanOrEqual(3);
  expect(error).not.toMatch(/undefined|null|NaN|\[object|Error/);
}

describe('decide: conflict messages', () => {
  it('every refusal is a clear sentence', () => {
    const queued = queuedState();
    const onAir = run(queued, { type: 'putQuestionOnAir', questionId: 'q-4' });
    const answered = run(queued, { type: 'answerQuestion', questionId: 'q-4' });
    const dismissed = run(queued, { type: 'dismissQuestion', questionId: 'q-4' });
    const cases: [ShowState, ShowCommand][] = [
      [queued, { type: 'markMessage', messageId: 'gone', question: true }],
      [queued, { type: 'approveMessage', messageId: 'gone' }],
      [queued, { type: 'approveMessage', messageId: 'a' }],
      [queued, { type: 'addStaffQuestion', text: 'x', segmentId: 'nope' }],
      [queued, { type: 'assignQuestion', questionId: 'q-1', segmentId: 'nope' }],
      [queued, { type: 'editQuestion', questionId: 'gone', text: 'x' }],
      [queued, { type: 'queueQuestion', questionId: 'q-1' }],
      [onAir, { type: 'queueQuestion', questionId: 'q-4' }],
      [queued, { type: 'moveQuestion', questionId: 'q-4', toIndex: 0 }],
      [onAir, { type: 'putQuestionOnAir', questionId: 'q-4' }],
      [dismissed, { type: 'putQuestionOnAir', questionId: 'q-4' }],
      [show(), { type: 'nextQuestion' }],
      [answered, { type: 'answerQuestion', questionId: 'q-4' }],
      [dismissed, { type: 'dismissQuestion', questionId: 'q-4' }],
      [queued, { type: 'restoreQuestion', questionId: 'q-1' }],
      [queued, { type: 'mergeQuestions', intoId: 'q-1', fromId: 'q-1' }],
      [queued, { type: 'mergeQuestions', intoId: 'q-1', fromId: 'gone' }],
      [onAir, { type: 'mergeQuestions', intoId: 'q-1', fromId: 'q-4' }],
    ];
    const errors = cases.map(([state, command]) => refused(state, command));
    for (const error of errors) expectSentence(error);
    expect(new Set(errors).size).toBeGreaterThanOrEqual(errors.length - 3);
  });
});
