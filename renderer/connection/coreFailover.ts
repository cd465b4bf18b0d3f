import type { ShowStoreApi } from '../store/showStore.js';
import type { CoreProbe } from './coreChoice.js';
import { chooseCore } from './coreChoice.js';

/** How often a screen that lost its core (or learned it was replaced) asks the others. */
export const FAILOVER_CHECK_MS = 1_500;

/**
 * Backup takeover, from a crew screen's side: while it cannot reach its core, or its core says
 * it was replaced, it asks every core of its join link; when another is the better choice (a
 * promoted backup: the primary with the highest term), it moves there: the page opens again
 * from that core (the one that served it may be the one that died) and starts afresh with a
 * full snapshot. Returns a stop function.
 */
export function watchForBetterCore(options: {
  store: ShowStoreApi;
  candidates: readonly string[];
  current: string;
  pageOrigin: string;
  probe: CoreProbe;
  moveTo: (origin: string) => void;
}): () => void {
  const { store, candidates, current, pageOrigin, probe, moveTo } = options;
  let checking = false;
  const check = async () => {
    const state = store.getState();
    const lost = state.connectionStatus === 'reconnecting' || state.connectionStatus === 'connecting';
    const replaced = state.coreStatus?.mode === 'superseded';
    if (checking || (!lost && !replaced)) return;
    checking = true;
    try {
      const choice = await chooseCore(candidates, probe, pageOrigin);
      if (choice.reachable && choice.origin !== current) moveTo(choice.origin);
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), FAILOVER_CHECK_MS);
  return () => clearInterval(timer);
}
