import type { StateCreator } from 'zustand';
import type { DisconnectNotice } from '../../shared/crew.js';
import type { ConnectRefusal, CoreStatusMessage, CrewPushName } from '../../shared/protocol.js';
import type { ShowStore } from './showStore.js';

/**
 * connecting: never connected yet. reconnecting: was connected, retrying with backoff.
 * offline: the browser says there is no network. refused: the core rejected the token.
 * closed: the producer disconnected this screen (kicked, or its link revoked); no retrying.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'refused' | 'closed';

/** The last push this screen could not read (it was not applied), for the banner. */
export interface ProtocolMismatch {
  push: CrewPushName;
  error: string;
  /** Client clock (Date.now). */
  at: number;
}

export interface ConnectionSlice {
  connectionStatus: ConnectionStatus;
  /** Why we are not connected, in words for the crew; null when connected. */
  connectionReason: string | null;
  refusal: ConnectRefusal | null;
  /** Why the core closed this screen on purpose; set with status `closed`. */
  disconnectNotice: DisconnectNotice | null;
  /** Client clock (Date.now) of the last record, snapshot, hello or pong from the core. */
  lastMessageAt: number | null;
  /** Not connected, or the core has been silent too long: screens must not look live. */
  stale: boolean;
  /** The core's mode and term (primary, a backup following, or replaced); null before it says. */
  coreStatus: CoreStatusMessage | null;
  /** Set when a push fails its schema; cleared by the next snapshot that fits (protocol.ts). */
  protocolMismatch: ProtocolMismatch | null;
  setCoreStatus: (status: CoreStatusMessage) => void;
  noteProtocolMismatch: (mismatch: ProtocolMismatch | null) => void;
  setConnectionStatus: (status: ConnectionStatus, reason?: string | null) => void;
  setRefused: (refusal: ConnectRefusal) => void;
  setClosedBy: (notice: DisconnectNotice) => void;
  noteMessageFromCore: (at: number) => void;
  setStale: (stale: boolean) => void;
}

export const createConnectionSlice: StateCreator<ShowStore, [], [], ConnectionSlice> = (set, get) => ({
  connectionStatus: 'connecting',
  connectionReason: null,
  refusal: null,
  disconnectNotice: null,
  lastMessageAt: null,
  stale: true,
  coreStatus: null,
  protocolMismatch: null,
  setCoreStatus: (coreStatus) => set({ coreStatus }),
  noteProtocolMismatch: (protocolMismatch) => {
    if (protocolMismatch !== null || get().protocolMismatch !== null) set({ protocolMismatch });
  },
  setConnectionStatus: (status, reason = null) =>
    set({
      connectionStatus: status,
      connectionReason: reason,
      ...(status === 'refused' ? {} : { refusal: null }),
    }),
  setRefused: (refusal) =>
    set({ connectionStatus: 'refused', connectionReason: refusal.message, refusal, stale: true }),
  setClosedBy: (notice) =>
    set({
      connectionStatus: 'closed',
      connectionReason: notice.message,
      disconnectNotice: notice,
      stale: true,
    }),
  noteMessageFromCore: (at) => set({ lastMessageAt: at }),
  // Called every second by the watchdog; only a flip may wake React.
  setStale: (stale) => {
    if (get().stale !== stale) set({ stale });
  },
});
