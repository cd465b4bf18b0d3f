import type { HealthResponse } from '../../shared/protocol.js';
import type { CoreMode } from '../../shared/protocol.js';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';

/** What a core answers on /api/health, with the term and mode a screen picks a core by. */
export function coreHealth(term = 1, mode: CoreMode = 'primary'): HealthResponse {
  return {
    app: 'showcaller',
    version: '0',
    protocol: PROTOCOL_VERSION,
    uptimeMs: 1,
    showId: 's',
    seq: 1,
    serverTime: 1,
    term,
    mode,
  };
}
