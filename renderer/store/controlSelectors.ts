import type { ControlHolder } from '../../shared/model.js';
import { checkControl, sameActor } from '../../shared/control.js';
import type { CrewSignal } from '../../shared/model.js';
import { SHOW_CONTROL_ROLES } from '../../shared/roles.js';
import type { ShowStore } from './showStore.js';

/**
 * Show control and crew signals as this screen sees them. The lock uses the core's own rule
 * (shared/control.ts), so a control that is enabled here is one the core will accept.
 */

export const selectControlHolder = (s: ShowStore): ControlHolder | null => s.showState?.control ?? null;

/** Why this producer or backup screen may not run the show now ("Ben (backup) has control"), or null. */
export const selectControlLock = (s: ShowStore): string | null => {
  if (s.role === null || !SHOW_CONTROL_ROLES.includes(s.role) || s.showState === null) return null;
  // Any command that needs control will do: the rule is the same for all of them.
  const check = checkControl(s.showState, { role: s.role, name: s.clientName }, 'nextSegment', 0);
  return check.ok ? null : check.error;
};

/** This screen is the holder (not merely free to take it). */
export const selectHoldsControl = (s: ShowStore): boolean => {
  const holder = selectControlHolder(s);
  return holder !== null && s.role !== null && sameActor(holder, { role: s.role, name: s.clientName });
};

const NO_SIGNALS: CrewSignal[] = [];
// Not crewSignalsOf(): a fresh [] for an old snapshot would re-render forever.
export const selectCrewSignals = (s: ShowStore): CrewSignal[] => s.showState?.crewSignals ?? NO_SIGNALS;
