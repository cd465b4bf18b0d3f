import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HealthResponse } from '../../shared/protocol.js';
import { FAILOVER_CHECK_MS, watchForBetterCore } from '../../renderer/connection/coreFailover.js';
import { createShowStore } from '../../renderer/store/showStore.js';
import { coreHealth } from './coreHealth.js';

const PRIMARY = 'http://10.0.0.5:4747';
const BACKUP = 'http://10.0.0.9:4747';

afterEach(() => vi.useRealTimers());

describe('a screen following a takeover', () => {
  function watch(current: string, answers: Record<string, HealthResponse | null>) {
    vi.useFakeTimers();
    const store = createShowStore();
    const moved: string[] = [];
    const stop = watchForBetterCore({
      store,
      candidates: [PRIMARY, BACKUP],
      current,
      pageOrigin: PRIMARY,
      probe: (origin) => Promise.resolve(answers[origin] ?? null),
      moveTo: (origin) => moved.push(origin),
    });
    return { store, moved, stop };
  }

  it('stays put while its core is a connected primary', async () => {
    const { store, moved, stop } = watch(PRIMARY, {
      [PRIMARY]: coreHealth(1, 'primary'),
      [BACKUP]: coreHealth(1, 'follower'),
    });
    store.getState().setConnectionStatus('connected');
    store.getState().setCoreStatus({ mode: 'primary', term: 1, follower: null, supersededBy: null });
    await vi.advanceTimersByTimeAsync(FAILOVER_CHECK_MS * 3);
    expect(moved).toEqual([]);
    stop();
  });

  it('moves to the promoted backup when its core is lost', async () => {
    const { store, moved, stop } = watch(PRIMARY, { [PRIMARY]: null, [BACKUP]: coreHealth(2, 'primary') });
    store.getState().setConnectionStatus('reconnecting');
    await vi.advanceTimersByTimeAsync(FAILOVER_CHECK_MS);
    expect(moved).toEqual([BACKUP]);
    stop();
  });

  it('moves back from a backup (where a blip left it) once the primary answers again', async () => {
    const answers: Record<string, HealthResponse | null> = {
      [PRIMARY]: null,
      [BACKUP]: coreHealth(1, 'follower'),
    };
    const { store, moved, stop } = watch(BACKUP, answers);
    store.getState().setConnectionStatus('connected');
    store.getState().setCoreStatus({ mode: 'follower', term: 1, follower: null, supersededBy: null });
    await vi.advanceTimersByTimeAsync(FAILOVER_CHECK_MS * 2);
    expect(moved).toEqual([]);
    answers[PRIMARY] = coreHealth(1, 'primary');
    await vi.advanceTimersByTimeAsync(FAILOVER_CHECK_MS);
    expect(moved).toEqual([PRIMARY]);
    stop();
  });
});
