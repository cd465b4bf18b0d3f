import { describe, expect, it } from 'vitest';
import { emptyShowState } from '../../shared/model.js';
import { applyEvent, applyEvents } from '../../shared/reducer.js';
import { SAME_RUN_TOLERANCE_MS, streamEventFor } from '../../shared/streamRecord.js';
import type { StreamRun } from '../../shared/model.js';
import { deepFreeze, T0 } from './fixtures.js';

const MIN = 60_000;

describe('recording the stream state from OBS', () => {
  it('records a start, and a stop of the open run', () => {
    expect(streamEventFor([], { active: true, startedAt: T0 })).toEqual({
      type: 'streamStateRecorded',
      active: true,
      at: T0,
    });
    const open: StreamRun[] = [{ startedAt: T0, endedAt: null }];
    expect(streamEventFor(open, { active: false, at: T0 + MIN })).toEqual({
      type: 'streamStateRecorded',
      active: false,
      at: T0 + MIN,
    });
  });

  it('records nothing for what the journal already says (a reconnect or a restart finds the same stream)', () => {
    const open: StreamRun[] = [{ startedAt: T0, endedAt: null }];
    // The mirror re-reads the start as "now − OBS's duration", off by the round trip.
    expect(streamEventFor(open, { active: true, startedAt: T0 + 800 })).toBeNull();
    expect(streamEventFor(open, { active: true, startedAt: T0 - SAME_RUN_TOLERANCE_MS })).toBeNull();
    expect(streamEventFor([], { active: false, at: T0 })).toBeNull();
    expect(
      streamEventFor([{ startedAt: T0, endedAt: T0 + MIN }], { active: false, at: T0 + 2 * MIN }),
    ).toBeNull();
  });

  it('records a new run when OBS reports a later start than the open run (it restarted unseen)', () => {
    const open: StreamRun[] = [{ startedAt: T0, endedAt: null }];
    expect(streamEventFor(open, { active: true, startedAt: T0 + 10 * MIN })).toEqual({
      type: 'streamStateRecorded',
      active: true,
      at: T0 + 10 * MIN,
    });
  });

  it('never records a stop before the start of its run (a core clock behind OBS)', () => {
    const open: StreamRun[] = [{ startedAt: T0, endedAt: null }];
    expect(streamEventFor(open, { active: false, at: T0 - 1000 })).toMatchObject({ at: T0 });
  });

  it('the reducer keeps the runs, closing an open run when a new one starts, and never mutates', () => {
    const state = deepFreeze(emptyShowState('s'));
    const one = deepFreeze(applyEvent(state, { type: 'streamStateRecorded', active: true, at: T0 }));
    expect(one.streamRuns).toEqual([{ startedAt: T0, endedAt: null }]);
    const restarted = applyEvents(one, [
      { type: 'streamStateRecorded', active: true, at: T0 + 30 * MIN },
      { type: 'streamStateRecorded', active: false, at: T0 + 60 * MIN },
    ]);
    expect(restarted.streamRuns).toEqual([
      { startedAt: T0, endedAt: T0 + 30 * MIN },
      { startedAt: T0 + 30 * MIN, endedAt: T0 + 60 * MIN },
    ]);
    // A stop with nothing open changes nothing.
    const again = applyEvent(restarted, { type: 'streamStateRecorded', active: false, at: T0 + 61 * MIN });
    expect(again.streamRuns).toEqual(restarted.streamRuns);
  });

  it('a state from before stream runs were recorded (no streamRuns) takes the event', () => {
    const old = deepFreeze(emptyShowState('s'));
    expect(old.streamRuns).toBeUndefined();
    expect(applyEvent(old, { type: 'streamStateRecorded', active: false, at: T0 }).streamRuns).toEqual([]);
  });
});
