import type { StateCreator } from 'zustand';
import type { CrewPresenceMessage } from '../../shared/crew.js';
import type { ShowStore } from './showStore.js';

export interface CrewSlice {
  /** Who is connected and the join links; producer and backup screens only, null elsewhere. */
  crew: CrewPresenceMessage | null;
  /** This screen's own connection id, to mark "this screen" in the crew list. */
  ownClientId: string | null;
  receiveCrew: (crew: CrewPresenceMessage) => void;
  setOwnClientId: (clientId: string | null) => void;
}

export const createCrewSlice: StateCreator<ShowStore, [], [], CrewSlice> = (set) => ({
  crew: null,
  ownClientId: null,
  receiveCrew: (crew) => set({ crew }),
  setOwnClientId: (ownClientId) => set({ ownClientId }),
});
