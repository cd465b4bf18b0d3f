import type { StateCreator } from 'zustand';
import type { ShowStore } from './showStore.js';

export interface ClockSlice {
  /** Core clock minus this machine's clock, ms (ClockOffsetEstimator's estimate). */
  clockOffsetMs: number;
  /** Lowest round trip in the estimator's window; half of it bounds the offset's error. */
  clockRttMs: number | null;
  /** Samples behind the estimate on the current connection: 0 while disconnected and until its first pong. */
  clockSamples: number;
  /**
   * Connected, and the estimate not yet settled (within ClockSync's bounded hold): timers show no
   * digits and overlays stay dark rather than show a second that may be tens of ms wrong.
   */
  clockSyncing: boolean;
  setClock: (offsetMs: number, rttMs: number | null, samples: number) => void;
  setClockSyncing: (syncing: boolean) => void;
}

export const createClockSlice: StateCreator<ShowStore, [], [], ClockSlice> = (set) => ({
  clockOffsetMs: 0,
  clockRttMs: null,
  clockSamples: 0,
  clockSyncing: false,
  setClock: (clockOffsetMs, clockRttMs, clockSamples) => set({ clockOffsetMs, clockRttMs, clockSamples }),
  setClockSyncing: (clockSyncing) => set({ clockSyncing }),
});
