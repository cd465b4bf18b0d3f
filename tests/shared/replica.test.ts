import { describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../shared/events.js';
import type { RecordMessage, SnapshotMessage } from '../../shared/protocol.js';
import { applyEvents } from '../../shared/reducer.js';
import {
  recordWithoutChat,
  ROLES_WITHOUT_CHAT,
  ShowReplica,
  stateWithoutChat,
} from '../../shared/replica.js';
import { emptyMessages } from '../../shared/feedMessages.js';
import { deepFreeze, fixtureShow, message, MIN, SHOW_ID, T0 } from './fixtures.js';
import { chat, ingested, question, showWithHistory } from './feedFixtures.js';

const snapshot = (seq = 10): SnapshotMessage => ({ showId: SHOW_ID, seq, state: fixtureShow() });

const record = (seq: number, ...events: ShowEvent[]): RecordMessage => ({ seq, t: T0 + seq, events });

const r11 = record(11, { type: 'segmentStarted', segmentId: 'keynote', at: T0 });
const r12 = record(12, { type: 'timerPaused', at: T0 + MIN }, { type: 'timerResumed', at: T0 + 2 * MIN });
const r13 = record(
  13,
  { type: 'segmentEnded', segmentId: 'keynote', at: T0 + 30 * MIN },
  { type: 'segmentStarted', segmentId: 'talk', at: T0 + 30 * MIN },
);

describe('ShowReplica', () => {
  it('starts empty', () => {
    const replica = new ShowReplica();
    expect(replica.state).toBeNull();
    expect(replica.showId).toBeNull();
    expect(replica.seq).toBe(0);
  });

  it('takes a snapshot, then applies records in order', () => {
    const replica = new ShowReplica();
    replica.applySnapshot(snapshot(10));
    expect(replica.showId).toBe(SHOW_ID);
    expect(replica.seq).toBe(10);
    expect(replica.state).toEqual(fixtureShow());

    expect(replica.applyRecord(r11)).toBe('applied');
    expect(replica.applyRecord(r12)).toBe('applied');
    expect(replica.applyRecord(r13)).toBe('applied');
    expect(replica.seq).toBe(13);
    // The same state the core reached by applying the same events.
    expect(replica.state).toEqual(applyEvents(fixtureShow(), [...r11.events, ...r12.events, ...r13.events]));
    expect(replica.state?.live.currentSegmentId).toBe('talk');
    expect(replica.state?.actuals['keynote']).toEqual({ startedAt: T0, endedAt: T0 + 30 * MIN });
  });

  it('applies an empty record by advancing seq only', () => {
    const replica = new ShowReplica();
    replica.applySnapshot(snapshot(10));
    const before = replica.state;
    expect(replica.applyRecord(record(11))).toBe('applied');
    expect(replica.seq).toBe(11);
    expect(replica.state).toEqual(before);
  });

  it('ignores a record it already has (same or older seq)', () => {
    const replica = new ShowReplica();
    replica.applySnapshot(snapshot(10));
    replica.applyRecord(r11);
    const state = replica.state;
    expect(replica.applyRecord(r11)).toBe('duplicate');
    expect(replica.applyRecord(record(10, { type: 'messageSent', message: message('old') }))).toBe(
      'duplicate',
    );
    expect(replica.applyRecord(record(3, { type: 'messageSent', message: message('older') }))).toBe(
      'duplicate',
    );
    expect(replica.state).toBe(state);
    expect(replica.seq).toBe(11);
  });

  it('a record already inside the snapshot is a duplicate', () => {
    const replica = new ShowReplica();
    replica.applySnapshot(snapshot(12));
    expect(replica.applyRecord(r11)).toBe('duplicate');
    expect(replica.state?.live.currentSegmentId).toBeNull();
  });

  it('detects a gap and leaves the state and seq as they were', () => {
    const replica = new ShowReplica();
    replica.applySnapshot(snapshot(10));
    replica.applyRecord(r11);
    const state = replica.state;
    const frozen = structuredClone(state);
    expect(replica.applyRecord(r13)).toBe('gap');
    expect(replica.state).toBe(state);
    expect(replica.state).toEqual(frozen);
    expect(replica.seq).toBe(11);
    // Once the missing record arrives, it carries on.
    expect(replica.applyRecord(r12)).toBe('applied');
    expect(replica.applyRecord(r13)).toBe('applied');
    expect(replica.seq).toBe(13);
  });

  it('reports a gap for any record before the first snapshot', () => {
    const replica = new ShowReplica();
    expect(replica.applyRecord(record(1, { type: 'messageSent', message: message('m') }))).toBe('gap');
    expect(replica.state).toBeNull();
    expect(replica.seq).toBe(0);
  });

  it('a new snapshot replaces everything (resync after a gap)', () => {
    const replica = new ShowReplica();
    replica.applySnapshot(snapshot(10));
    replica.applyRecord(r11);
    const resynced = applyEvents(fixtureShow(), [...r11.events, ...r12.events, ...r13.events]);
    replica.applySnapshot({ showId: SHOW_ID, seq: 13, state: resynced });
    expect(replica.seq).toBe(13);
    expect(replica.state).toEqual(resynced);
    expect(replica.applyRecord(record(14, { type: 'timerPaused', at: T0 + 31 * MIN }))).toBe('applied');
  });

  it('a record that does not fit is reported as diverged and changes nothing', () => {
    const replica = new ShowReplica();
    replica.applySnapshot({ showId: SHOW_ID, seq: 10, state: deepFreeze(fixtureShow()) });
    const state = replica.state;
    // The first event fits, the second does not (nothing is live to pause): all or nothing.
    const bad = record(11, { type: 'messageSent', message: message('m') }, { type: 'timerPaused', at: T0 });
    expect(replica.applyRecord(bad)).toBe('diverged');
    expect(replica.state).toBe(state);
    expect(replica.state?.messages).toEqual([]);
    expect(replica.seq).toBe(10);
  });
});

describe('screens without chat (viewer links)', () => {
  const asked = chat('youtube:m1', 'Will it scale?', {
    source: 'youtube',
    author: { id: 'u1', name: 'Ada', badges: [] },
  });
  const onAir = question('Q1', 'Will it scale?', {
    status: 'onAir',
    origins: [{ messageId: 'youtube:m1', source: 'youtube', authorName: 'Ada', permalink: null }],
  });
  const before = applyEvents(showWithHistory(), [
    ingested([{ kind: 'upsert', message: asked }]),
    { type: 'questionSaved', question: onAir },
    { type: 'questionQueueSet', queue: [], onAir: 'Q1' },
  ]);

  it('get a chat batch as the question changes it made: a banned asker takes the question off the air', () => {
    const record = {
      seq: 7,
      t: 1,
      events: [ingested([{ kind: 'authorBanned', source: 'youtube', authorId: 'u1' }])],
    };
    const after = applyEvents(before, record.events);
    expect(after.feed.onAir).toBeNull();
    const lean = recordWithoutChat(record, before.feed, after.feed);
    expect(lean.events.map((e) => e.type)).toEqual(['questionRemoved', 'questionQueueSet']);
    const viewer = applyEvents(stateWithoutChat(before), lean.events);
    expect(viewer).toEqual(stateWithoutChat(after));
  });

  it('get a chat batch that changed no question as an empty record, and other records as they are', () => {
    const record = {
      seq: 8,
      t: 2,
      events: [ingested([{ kind: 'upsert', message: chat('youtube:m2', 'hi') }])],
    };
    const after = applyEvents(before, record.events);
    expect(recordWithoutChat(record, before.feed, after.feed)).toEqual({ seq: 8, t: 2, events: [] });
    const plain = { seq: 9, t: 3, events: [{ type: 'timeAdjusted' as const, deltaMs: 1000 }] };
    expect(recordWithoutChat(plain, before.feed, before.feed)).toBe(plain);
    expect(ROLES_WITHOUT_CHAT).toEqual(['viewer']);
  });

  it('get the state with an empty message store and everything else as it is', () => {
    const lean = stateWithoutChat(before);
    expect(lean.feed.messages).toEqual(emptyMessages());
    expect({ ...lean, feed: { ...lean.feed, messages: null } }).toEqual({
      ...before,
      feed: { ...before.feed, messages: null },
    });
  });
});
