import type { StateCreator } from 'zustand';
import type { ObsPublicSettings, ObsState } from '../../shared/obs.js';
import type { ObsThumbnailMessage } from '../../shared/protocol.js';
import type { ShowStore } from './showStore.js';

export type ThumbnailSlot = ObsThumbnailMessage['slot'];

export interface ObsSlice {
  /** The core's mirror of OBS; null until the core sent one (a core without OBS never does). */
  obs: ObsState | null;
  /** Where the core connects to OBS; the password never comes back, only whether one is set. */
  obsSettings: ObsPublicSettings | null;
  /** The latest still of program and preview, while the scene panel watches. */
  obsThumbnails: Record<ThumbnailSlot, ObsThumbnailMessage | null>;
  /** Client clock (Date.now) of the last `obs` message. */
  obsLastUpdate: number | null;
  /**
   * How many mounted views want thumbnails. The socket asks the core for them while this is
   * above 0 and the tab is visible, so nobody pays for JPEGs that no one looks at.
   */
  obsThumbnailWatchers: number;
  receiveObs: (state: ObsState, settings: ObsPublicSettings, at: number) => void;
  receiveObsThumbnail: (thumbnail: ObsThumbnailMessage) => void;
  /** Registers a watcher; call the returned function when it stops looking. */
  watchObsThumbnails: () => () => void;
}

export const createObsSlice: StateCreator<ShowStore, [], [], ObsSlice> = (set) => ({
  obs: null,
  obsSettings: null,
  obsThumbnails: { program: null, preview: null },
  obsLastUpdate: null,
  obsThumbnailWatchers: 0,
  receiveObs: (obs, obsSettings, at) => set({ obs, obsSettings, obsLastUpdate: at }),
  receiveObsThumbnail: (thumbnail) =>
    set((s) => {
      // Out-of-order delivery must not replace a newer picture with an older one.
      const current = s.obsThumbnails[thumbnail.slot];
      if (current && current.at > thumbnail.at) return {};
      return { obsThumbnails: { ...s.obsThumbnails, [thumbnail.slot]: thumbnail } };
    }),
  watchObsThumbnails: () => {
    set((s) => ({ obsThumbnailWatchers: s.obsThumbnailWatchers + 1 }));
    let watching = true;
    return () => {
      if (!watching) return;
      watching = false;
      set((s) => ({ obsThumbnailWatchers: Math.max(0, s.obsThumbnailWatchers - 1) }));
    };
  },
});
