import type { ThumbnailSlot } from './obsSlice.js';
import { useShowStore } from './showStore.js';
import {
  selectActiveMessage,
  selectCanControl,
  selectCurrentSegment,
  selectEditingSegment,
  selectNextSegment,
  selectSegments,
  selectSelectedSegment,
  selectShowInfo,
  selectShowPhase,
  selectTimer,
} from './selectors.js';

/** Named hooks so components say what they need, not how the store is laid out. */
export const useSegments = () => useShowStore(selectSegments);
export const useCurrentSegment = () => useShowStore(selectCurrentSegment);
export const useNextSegment = () => useShowStore(selectNextSegment);
export const useSelectedSegment = () => useShowStore(selectSelectedSegment);
export const useEditingSegment = () => useShowStore(selectEditingSegment);
export const useTimer = () => useShowStore(selectTimer);
export const useActiveMessage = () => useShowStore(selectActiveMessage);
export const useShowInfo = () => useShowStore(selectShowInfo);
export const useShowPhase = () => useShowStore(selectShowPhase);
export const useCanControl = () => useShowStore(selectCanControl);
export const useIsStale = () => useShowStore((s) => s.stale);
export const useConnectionStatus = () => useShowStore((s) => s.connectionStatus);
export const useRole = () => useShowStore((s) => s.role);
export const useObs = () => useShowStore((s) => s.obs);
export const useObsSettings = () => useShowStore((s) => s.obsSettings);
export const useObsThumbnail = (slot: ThumbnailSlot) => useShowStore((s) => s.obsThumbnails[slot]);
export const useOpenDialog = () => useShowStore((s) => s.openDialog);
