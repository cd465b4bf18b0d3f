import type { ObsState } from '../../shared/obs.js';
import { initialObsState } from '../../shared/obs.js';

/** An OBS state as a synced mirror holds it: connected, the test scenes, "Main" on program. */
export function syncedState(changes: Partial<ObsState> = {}): ObsState {
  const base = initialObsState(0);
  return {
    ...base,
    connection: { ...base.connection, status: 'connected' },
    synced: true,
    scenes: ['Main', 'Break', 'Speaker'],
    programScene: 'Main',
    inputs: [{ name: 'LowerThird', kind: 'text_ft2_source_v2' }],
    ...changes,
  };
}
