import type { ShowStoreApi } from '../store/showStore.js';
import type { CoreProbe } from '../../shared/coreChoice.js';
import { FAILOVER_CHECK_MS, watchForBetterCore as watchCores } from '../../shared/coreChoice.js';

export { FAILOVER_CHECK_MS };

/**
 * Backup takeover, from a crew screen's side (shared/coreChoice.ts watchForBetterCore): it looks
 * while it cannot reach its core, or its core is not the primary (a backup it moved to during a
 * blip, or a replaced core). When another core is the better choice, the page opens again from
 * it (the one that served it may be the one that died) and starts afresh with a full snapshot.
 * Returns a stop function.
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
  return watchCores({
    candidates,
    current: () => current,
    pageOrigin,
    probe,
    shouldLook: () => {
      const state = store.getState();
      const lost = state.connectionStatus === 'reconnecting' || state.connectionStatus === 'connecting';
      // On a backup (read-only) after a blip of the primary: back to the primary once it answers.
      const notPrimary = state.coreStatus !== null && state.coreStatus.mode !== 'primary';
      return lost || notPrimary;
    },
    moveTo: (choice) => moveTo(choice.origin),
  });
}
