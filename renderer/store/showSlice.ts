import type { StateCreator } from 'zustand';
import { nextSegmentOf } from '../../shared/rundownOrder.js';
import type { ShowState } from '../../shared/model.js';
import type { Hello } from '../../shared/protocol.js';
import type { Role } from '../../shared/roles.js';
import type { ShowStore } from './showStore.js';

export interface ShowSlice {
  /** The replica's state; null until the first snapshot. */
  showState: ShowState | null;
  seq: number;
  showId: string | null;
  role: Role | null;
  /** The name the core knows this screen by (from `?name=`), or null: part of who holds show control. */
  clientName: string | null;
  serverVersion: string | null;
  receiveHello: (hello: Hello) => void;
  /** The replica moved (snapshot or record): publish its state. */
  receiveReplica: (state: ShowState, seq: number, showId: string) => void;
}

/**
 * Keeps the producer's selected row useful as the show moves: when the selected segment goes
 * live (S, N), the selection steps to the segment "next" would start, so S-S-S runs a rundown.
 */
function followSelection(
  previous: ShowState | null,
  next: ShowState,
  selected: string | null,
): string | null {
  const exists = selected !== null && next.segments.some((s) => s.id === selected);
  const wentLive =
    next.live.currentSegmentId !== null &&
    next.live.currentSegmentId !== previous?.live.currentSegmentId &&
    next.live.currentSegmentId === selected;
  if (exists && !wentLive) return selected;
  return nextSegmentOf(next)?.id ?? next.segments[0]?.id ?? null;
}

export const createShowSlice: StateCreator<ShowStore, [], [], ShowSlice> = (set) => ({
  showState: null,
  seq: 0,
  showId: null,
  role: null,
  clientName: null,
  serverVersion: null,
  receiveHello: (hello) =>
    set({
      role: hello.role,
      // A core from before names existed sends none.
      clientName: hello.clientName ?? null,
      showId: hello.showId,
      serverVersion: hello.serverVersion,
    }),
  receiveReplica: (state, seq, showId) =>
    set((store) => ({
      showState: state,
      seq,
      showId,
      selectedSegmentId: followSelection(store.showState, state, store.selectedSegmentId),
      editingSegmentId:
        store.editingSegmentId !== null && state.segments.some((s) => s.id === store.editingSegmentId)
          ? store.editingSegmentId
          : null,
    })),
});
