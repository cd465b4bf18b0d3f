import { describe, expect, it } from 'vitest';
import type { Segment, ShowState } from '../../shared/model.js';
import { emptyShowState } from '../../shared/model.js';
import { applyEvents } from '../../shared/reducer.js';
import type { Hello } from '../../shared/protocol.js';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import type { Role } from '../../shared/roles.js';
import {
  isStale,
  selectCanControl,
  selectCurrentSegment,
  selectNextSegment,
  selectShowPhase,
  STALE_AFTER_MS,
} from '../../renderer/store/selectors.js';
import { selectControlLock, selectHoldsControl } from '../../renderer/store/controlSelectors.js';
import { createShowStore } from '../../renderer/store/showStore.js';
import { MAX_TOASTS } from '../../renderer/store/uiSlice.js';

/** The core's hello to a screen of `role` on the demo show, a primary's. */
const helloAs = (role: Role, clientName: string | null = null): Hello => ({
  showId: 'demo',
  serverVersion: '0.1.0',
  protocol: PROTOCOL_VERSION,
  serverTime: 0,
  role,
  clientName,
  term: 1,
  mode: 'primary',
});

const segment = (id: string): Segment => ({
  id,
  kind: 'talk',
  session: 'Session 1',
  title: `Talk ${id}`,
  speakers: [],
  plannedStart: null,
  durationMs: 30 * 60_000,
  warningMs: 5 * 60_000,
  dangerMs: 60_000,
  notes: '',
});

function show(): ShowState {
  return applyEvents(emptyShowState('demo'), [
    {
      type: 'rundownImported',
      show: { name: 'Demo', timezone: 'UTC', displayTimezones: [] },
      segments: ['a', 'b', 'c'].map(segment),
    },
  ]);
}

describe('the show store', () => {
  it('starts not live, and selects the first segment when the rundown arrives', () => {
    const store = createShowStore();
    expect(store.getState()).toMatchObject({ connectionStatus: 'connecting', stale: true, showState: null });
    expect(selectShowPhase(store.getState())).toBe('loading');
    store.getState().receiveReplica(show(), 1, 'demo');
    expect(store.getState().selectedSegmentId).toBe('a');
    expect(selectShowPhase(store.getState())).toBe('notStarted');
    expect(selectNextSegment(store.getState())?.id).toBe('a');
  });

  it('moves the selection on when the selected segment goes live, so S-S-S runs the show', () => {
    const store = createShowStore();
    const before = show();
    store.getState().receiveReplica(before, 1, 'demo');
    const live = applyEvents(before, [{ type: 'segmentStarted', segmentId: 'a', at: 1_000 }]);
    store.getState().receiveReplica(live, 2, 'demo');
    expect(selectCurrentSegment(store.getState())?.id).toBe('a');
    expect(store.getState().selectedSegmentId).toBe('b');
    // A selection elsewhere is the producer's choice and stays put.
    store.getState().selectSegment('c');
    store.getState().receiveReplica(applyEvents(live, [{ type: 'timerPaused', at: 2_000 }]), 3, 'demo');
    expect(store.getState().selectedSegmentId).toBe('c');
  });

  it('clamps arrow-key selection to the rundown', () => {
    const store = createShowStore();
    store.getState().receiveReplica(show(), 1, 'demo');
    store.getState().moveSelection(-1);
    expect(store.getState().selectedSegmentId).toBe('a');
    store.getState().moveSelection(5);
    expect(store.getState().selectedSegmentId).toBe('c');
  });

  it('drops the editor when its segment disappears', () => {
    const store = createShowStore();
    const state = show();
    store.getState().receiveReplica(state, 1, 'demo');
    store.getState().editSegment('b');
    store
      .getState()
      .receiveReplica(applyEvents(state, [{ type: 'segmentRemoved', segmentId: 'b' }]), 2, 'demo');
    expect(store.getState().editingSegmentId).toBeNull();
  });

  it('keeps a bounded list of toasts until they are dismissed', () => {
    const store = createShowStore();
    for (let i = 0; i < MAX_TOASTS + 3; i++)
      store.getState().pushToast({ kind: 'error', title: `E${i}`, text: '' });
    const { toasts } = store.getState();
    expect(toasts).toHaveLength(MAX_TOASTS);
    expect(toasts.at(-1)?.title).toBe(`E${MAX_TOASTS + 2}`);
    store.getState().dismissToast(toasts[0]!.id);
    expect(store.getState().toasts).toHaveLength(MAX_TOASTS - 1);
  });

  it('knows who may run the show', () => {
    const store = createShowStore();
    store.getState().receiveHello(helloAs('mc'));
    expect(selectCanControl(store.getState())).toBe(false);
    store.getState().receiveHello(helloAs('backup'));
    expect(selectCanControl(store.getState())).toBe(true);
  });

  it('locks a producer or backup console that does not hold show control, saying who does', () => {
    const store = createShowStore();
    const show = emptyShowState('demo');
    const as = (role: 'producer' | 'backup', clientName: string | null, state: ShowState) => {
      store.getState().receiveHello(helloAs(role, clientName));
      store.getState().receiveReplica(state, 1, 'demo');
      const s = store.getState();
      return { can: selectCanControl(s), lock: selectControlLock(s), holds: selectHoldsControl(s) };
    };
    // Nobody holds it: a producer may (its first command takes it), a backup must take it.
    expect(as('producer', 'Ana', show)).toEqual({ can: true, lock: null, holds: false });
    expect(as('backup', 'Ben', show)).toEqual({
      can: false,
      lock: 'nobody has control yet; take control first',
      holds: false,
    });
    const benHolds = applyEvents(show, [
      {
        type: 'controlTaken',
        holder: { role: 'backup', name: 'Ben', since: 1 },
        previous: null,
        implicit: false,
      },
    ]);
    expect(as('backup', 'Ben', benHolds)).toEqual({ can: true, lock: null, holds: true });
    expect(as('producer', 'Ana', benHolds)).toEqual({
      can: false,
      lock: 'Ben (backup) has control',
      holds: false,
    });
    // Another backup window under another name is not the holder.
    expect(as('backup', null, benHolds)).toMatchObject({ can: false, lock: 'Ben (backup) has control' });
  });

  it('keeps the refusal until a later connect succeeds', () => {
    const store = createShowStore();
    store.getState().setRefused({ reason: 'rate-limited', message: 'wait', retryAfterMs: 5_000 });
    expect(store.getState()).toMatchObject({ connectionStatus: 'refused', connectionReason: 'wait' });
    store.getState().setConnectionStatus('connected');
    expect(store.getState()).toMatchObject({
      connectionStatus: 'connected',
      refusal: null,
      connectionReason: null,
    });
  });
});

describe('staleness', () => {
  it('is stale whenever not connected, or after 10 s of silence', () => {
    expect(isStale('connected', 1_000, 1_000 + STALE_AFTER_MS)).toBe(false);
    expect(isStale('connected', 1_000, 1_001 + STALE_AFTER_MS)).toBe(true);
    expect(isStale('connected', null, 0)).toBe(true);
    expect(isStale('reconnecting', 1_000, 1_000)).toBe(true);
    expect(isStale('refused', 1_000, 1_000)).toBe(true);
  });
});
