import type { StateCreator } from 'zustand';
import type { ShowStore } from './showStore.js';

export interface Toast {
  id: number;
  kind: 'error' | 'warn' | 'info';
  title: string;
  /** Shown verbatim (import errors carry line and column). */
  text: string;
}

/** Older toasts drop off: a stuck key must not bury the screen. */
export const MAX_TOASTS = 4;

/** The console's modal dialogs other than the segment editor (which is keyed by its segment). */
export type ConsoleDialog =
  'obsSettings' | 'showSettings' | 'chatSettings' | 'crew' | 'recovery' | 'talkList';

export interface UiSlice {
  toasts: Toast[];
  selectedSegmentId: string | null;
  editingSegmentId: string | null;
  openDialog: ConsoleDialog | null;
  pushToast: (toast: Omit<Toast, 'id'>) => void;
  dismissToast: (id: number) => void;
  selectSegment: (segmentId: string | null) => void;
  /** Arrow keys: move the selection by `delta` rows, clamped to the rundown. */
  moveSelection: (delta: number) => void;
  editSegment: (segmentId: string | null) => void;
  setOpenDialog: (dialog: ConsoleDialog | null) => void;
}

let nextToastId = 1;

export const createUiSlice: StateCreator<ShowStore, [], [], UiSlice> = (set) => ({
  toasts: [],
  selectedSegmentId: null,
  editingSegmentId: null,
  openDialog: null,
  pushToast: (toast) =>
    set((s) => ({ toasts: [...s.toasts, { ...toast, id: nextToastId++ }].slice(-MAX_TOASTS) })),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  selectSegment: (selectedSegmentId) => set({ selectedSegmentId }),
  moveSelection: (delta) =>
    set((s) => {
      const segments = s.showState?.segments ?? [];
      if (segments.length === 0) return {};
      const index = segments.findIndex((seg) => seg.id === s.selectedSegmentId);
      const target = index < 0 ? 0 : Math.min(segments.length - 1, Math.max(0, index + delta));
      return { selectedSegmentId: segments[target]!.id };
    }),
  editSegment: (editingSegmentId) => set({ editingSegmentId }),
  setOpenDialog: (openDialog) => set({ openDialog }),
});
