import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ChatSlice } from './chatSlice.js';
import { createChatSlice } from './chatSlice.js';
import type { ClockSlice } from './clockSlice.js';
import { createClockSlice } from './clockSlice.js';
import type { ConnectionSlice } from './connectionSlice.js';
import type { CrewSlice } from './crewSlice.js';
import { createCrewSlice } from './crewSlice.js';
import { createConnectionSlice } from './connectionSlice.js';
import type { ObsSlice } from './obsSlice.js';
import { createObsSlice } from './obsSlice.js';
import type { ShowSlice } from './showSlice.js';
import { createShowSlice } from './showSlice.js';
import type { UiSlice } from './uiSlice.js';
import { createUiSlice } from './uiSlice.js';

export type ShowStore = ConnectionSlice & ShowSlice & ClockSlice & UiSlice & ObsSlice & ChatSlice & CrewSlice;

/** A fresh store (tests make their own; the app uses `showStore`). */
export function createShowStore() {
  return createStore<ShowStore>()((...a) => ({
    ...createConnectionSlice(...a),
    ...createShowSlice(...a),
    ...createClockSlice(...a),
    ...createUiSlice(...a),
    ...createObsSlice(...a),
    ...createChatSlice(...a),
    ...createCrewSlice(...a),
  }));
}

export type ShowStoreApi = ReturnType<typeof createShowStore>;

/** The app's one store. The socket writes to it outside React; components read through hooks. */
export const showStore: ShowStoreApi = createShowStore();

export function useShowStore<T>(selector: (state: ShowStore) => T): T {
  return useStore(showStore, selector);
}
