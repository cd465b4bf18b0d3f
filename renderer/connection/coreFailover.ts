import type { ShowStoreApi } from '../store/showStore.js';
import type { CoreProbe } from '../../shared/coreChoice.js';
import { chooseCore } from '../../shared/coreChoice.js';

/** How often a screen that lost its core (or learned it was replaced) asks the others. */
export const FAILOVER_CHECK_MS = 1_500;

/**
 * Backup takeover, from a crew screen's side: while it cannot reach its core, or its core is not
 * the primary (a backup it moved to during a blip, or a replaced core), it asks every core of
 * its join link; when another is the better choice (a
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
    // On a backup (read-only) after a blip of the primary: back to the primary once it answers.
    const notPrimary = state.coreStatus !== null && state.coreStatus.mode !== 'primary';
    if (checking || (!lost && !notPrimary)) return;
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
