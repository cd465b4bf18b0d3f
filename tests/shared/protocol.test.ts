import { describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../shared/events.js';
import { emptyShowState } from '../../shared/model.js';
import type { ShowState } from '../../shared/model.js';
import {
  CREW_PUSHES,
  readHandshake,
  readHealth,
  readPush,
  readWire,
  REPLICATION_PUSHES,
} from '../../shared/protocol.js';
import { applyEvents } from '../../shared/reducer.js';
import { ShowEventSchema, ShowStateSchema } from '../../shared/stateSchema.js';
import { chat, ingested, Q_REACTION, show as feedShow, upsert } from './feedFixtures.js';
import { REPORT_SHOW_ID, reportEvents } from './reportFixtures.js';
import { fixtureSegments, SHOW_INFO, T0 } from './fixtures.js';

const producer = { role: 'producer' as const, name: 'Ana' };
const mc = { role: 'mc' as const, name: null };
const holder = { ...producer, since: T0 };
const crewActor = { role: 'producer' as const, clientId: 'sock-1', name: 'Ana' };
const question = {
  id: 'q1',
  text: 'How do you version the data?',
  origins: [{ messageId: 'slack:C1:1', source: 'slack' as const, authorName: 'Alice', permalink: null }],
  segmentId: 'keynote',
  status: 'approved' as const,
  staff: false,
  moderatorVotes: 0,
  createdAt: T0,
  updatedAt: T0,
};

/** One event of every type the reducer knows: the compiler fails this table when a type is added. */
const ONE_OF_EACH: { [K in ShowEvent['type']]: Extract<ShowEvent, { type: K }> } = {
  rundownImported: { type: 'rundownImported', show: SHOW_INFO, segments: fixtureSegments() },
  showUpdated: { type: 'showUpdated', show: { ...SHOW_INFO, stageShowsOffset: true } },
  segmentUpdated: { type: 'segmentUpdated', segment: { ...fixtureSegments()[0]!, startMode: 'hard' } },
  segmentInserted: { type: 'segmentInserted', segment: { ...fixtureSegments()[0]!, id: 'extra' }, index: 1 },
  segmentRemoved: { type: 'segmentRemoved', segmentId: 'extra' },
  segmentStarted: {
    type: 'segmentStarted',
    segmentId: 'keynote',
    at: T0,
    expectedAt: T0 - 5_000,
    auto: { kind: 'hardStart', dueAt: T0 },
  },
  timerPaused: { type: 'timerPaused', at: T0 + 1_000 },
  timerResumed: { type: 'timerResumed', at: T0 + 2_000 },
  timeAdjusted: { type: 'timeAdjusted', deltaMs: 60_000 },
  mediaTimerSynced: {
    type: 'mediaTimerSynced',
    segmentId: 'keynote',
    inputName: 'Keynote video',
    state: 'playing',
    at: T0,
    cursorMs: 1_200,
    durationMs: 1_800_000,
  },
  messageSent: {
    type: 'messageSent',
    message: { id: 'm1', text: 'Wrap up', preset: 'wrapUp', sentAt: T0, from: 'producer', fromName: 'Ana' },
  },
  messageAcknowledged: { type: 'messageAcknowledged', messageId: 'm1', by: mc, at: T0 + 3_000 },
  messageCleared: { type: 'messageCleared', messageId: 'm1', at: T0 + 4_000, by: producer },
  obsCommandApplied: {
    type: 'obsCommandApplied',
    command: { type: 'obsSetProgramScene', sceneName: 'Main' },
    at: T0,
  },
  chatIngested: {
    type: 'chatIngested',
    operations: [upsert(chat('slack:C1:1', 'How do you version the data?'))],
    questionReaction: Q_REACTION,
    at: T0,
  },
  messageMarked: { type: 'messageMarked', messageId: 'slack:C1:1', question: true },
  questionSaved: { type: 'questionSaved', question },
  questionQueueSet: { type: 'questionQueueSet', queue: ['q1'], onAir: null },
  questionRemoved: { type: 'questionRemoved', questionId: 'q1' },
  fillerRequested: { type: 'fillerRequested', at: T0 },
  streamStateRecorded: { type: 'streamStateRecorded', active: true, at: T0 },
  controlTaken: { type: 'controlTaken', holder, previous: null, implicit: true },
  crewSignalRaised: {
    type: 'crewSignalRaised',
    signal: { id: 'sig1', kind: 'audioProblem', from: mc, at: T0, ack: null },
  },
  crewSignalAcknowledged: { type: 'crewSignalAcknowledged', signalId: 'sig1', by: producer, at: T0 + 1 },
  crewSignalCleared: { type: 'crewSignalCleared', signalId: 'sig1', by: producer, at: T0 + 2 },
  tokenRevoked: { type: 'tokenRevoked', role: 'mc', by: crewActor, at: T0, disconnected: 2 },
  clientKicked: {
    type: 'clientKicked',
    clientId: 'sock-9',
    name: 'Stage',
    role: 'viewer',
    by: crewActor,
    at: T0,
  },
  automationSet: { type: 'automationSet', paused: true, by: producer, at: T0 },
  segmentEnded: {
    type: 'segmentEnded',
    segmentId: 'keynote',
    at: T0 + 60_000,
    auto: { kind: 'endAction', dueAt: T0 },
  },
  showEnded: { type: 'showEnded', at: T0 + 120_000 },
  termStarted: { type: 'termStarted', term: 2, at: T0 + 130_000 },
};

function stateAfterEveryEvent(): { states: ShowState[]; events: ShowEvent[] } {
  const events = Object.values(ONE_OF_EACH);
  let state = emptyShowState('wire-show');
  const states = [state];
  for (const event of events) {
    state = applyEvents(state, [event]);
    states.push(state);
  }
  return { states, events };
}

describe('the wire contract', () => {
  it('accepts every event type, and every state the reducer makes of them', () => {
    const { states, events } = stateAfterEveryEvent();
    for (const event of events) expect(ShowEventSchema.safeParse(event).error).toBeUndefined();
    for (const state of states) expect(ShowStateSchema.safeParse(state).error).toBeUndefined();
    // The scripted show of the report tests: a whole day's records, chat and questions included.
    let state = emptyShowState(REPORT_SHOW_ID);
    for (const event of reportEvents()) {
      expect(readPush('record', { seq: 1, t: T0, events: [event] }).ok).toBe(true);
      state = applyEvents(state, [event]);
    }
    expect(readPush('snapshot', { showId: REPORT_SHOW_ID, seq: 1, state }).ok).toBe(true);
  });

  it('refuses a record that does not fit, and says where', () => {
    const bad = [
      [{ seq: -1, t: T0, events: [] }, 'record: seq'],
      [{ seq: 1, t: T0, events: [{ type: 'segmentExploded' }] }, 'record: events.0'],
      [
        { seq: 1, t: T0, events: [{ type: 'segmentStarted', segmentId: 'k', at: 'noon' }] },
        'record: events.0.at',
      ],
      [{ seq: 1, t: T0 }, 'record: events'],
    ] as const;
    for (const [value, start] of bad) {
      const read = readPush('record', value);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.error.startsWith(start)).toBe(true);
    }
  });

  it('refuses a snapshot whose state is not a show, or belongs to another show', () => {
    const state = feedShow();
    expect(readPush('snapshot', { showId: state.showId, seq: 3, state }).ok).toBe(true);
    expect(readPush('snapshot', { showId: 'other-show', seq: 3, state }).ok).toBe(false);
    const noFeed = { ...state, feed: undefined };
    const read = readPush('snapshot', { showId: state.showId, seq: 3, state: noFeed });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(/^snapshot: state\.feed/);
    const badTimer = { ...state, live: { ...state.live, timer: { segmentId: 'k', startedAt: 'x' } } };
    expect(readPush('snapshot', { showId: state.showId, seq: 3, state: badTimer }).ok).toBe(false);
  });

  it('hands on what arrived, not a copy, and keeps fields a newer core added', () => {
    const state = applyEvents(feedShow(), [ingested([upsert(chat('slack:C1:9', 'Hello'))])]);
    const snapshot = { showId: state.showId, seq: 1, state: { ...state, newerField: { kept: true } } };
    const read = readPush('snapshot', snapshot);
    expect(read.ok && read.value).toBe(snapshot);
  });

  it('has a schema for every push of both protocols', () => {
    expect(Object.keys(CREW_PUSHES).sort()).toEqual(
      [
        'chat',
        'coreStatus',
        'crew',
        'disconnectedBy',
        'hello',
        'notice',
        'obs',
        'obsThumbnail',
        'record',
        'snapshot',
      ].sort(),
    );
    expect(Object.keys(REPLICATION_PUSHES).sort()).toEqual([
      'beat',
      'diverged',
      'record',
      'replicaHello',
      'tokens',
    ]);
    const tokens = { producer: 'p', backup: 'b', mc: 'm', moderator: 'o', viewer: 'v' };
    expect(readWire(REPLICATION_PUSHES, 'replicaHello', { showId: 's', term: 1, seq: 0, tokens }).ok).toBe(
      true,
    );
    expect(
      readWire(REPLICATION_PUSHES, 'replicaHello', { showId: 's', term: 1, seq: 0, tokens: { mc: 'm' } }).ok,
    ).toBe(false);
    expect(readPush('coreStatus', { mode: 'primary', term: 0, follower: null, supersededBy: null }).ok).toBe(
      false,
    );
  });
});

describe('handshakes', () => {
  it('keeps the fields that fit and drops the rest, never refusing the whole handshake', () => {
    expect(
      readHandshake('crew', { token: 't', showId: 's', lastSeq: 4, clientName: '  Ana  ', knownTerm: 2 }),
    ).toEqual({ token: 't', showId: 's', lastSeq: 4, clientName: 'Ana', knownTerm: 2 });
    expect(readHandshake('crew', { token: 't', lastSeq: -3, clientName: '', knownTerm: 1.5 })).toEqual({
      token: 't',
    });
    expect(readHandshake('crew', { token: 42 })).toEqual({});
    expect(readHandshake('crew', null)).toEqual({});
    expect(readHandshake('crew', 'token')).toEqual({});
    expect(readHandshake('replication', { token: 'b', lastSeq: 9, lastDigest: 'ab12' })).toEqual({
      token: 'b',
      lastSeq: 9,
      lastDigest: 'ab12',
    });
    expect(readHandshake('replication', { token: 'b', lastSeq: Number.NaN, lastDigest: {} })).toEqual({
      token: 'b',
    });
  });
});

describe('/api/health', () => {
  const health = {
    app: 'showcaller',
    version: '0.1.0',
    protocol: 1,
    uptimeMs: 10,
    showId: 's',
    seq: 3,
    serverTime: T0,
    term: 1,
    mode: 'primary',
  };

  it('is a Showcaller core only when the whole body fits', () => {
    expect(readHealth(health)).toEqual(health);
    expect(readHealth({ ...health, app: 'other' })).toBeNull();
    expect(readHealth({ ...health, term: '2' })).toBeNull();
    expect(readHealth({ ...health, mode: 'leader' })).toBeNull();
    expect(readHealth(null)).toBeNull();
    expect(readHealth('<html>')).toBeNull();
  });
});
