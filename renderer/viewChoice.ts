import { OVERLAY_VIEWS } from '../shared/overlays.js';
import type { Role } from '../shared/roles.js';

export const VIEW_NAMES = ['console', 'mc', 'stage', 'moderator', ...OVERLAY_VIEWS] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

export function parseForcedView(value: string | null): ViewName | null {
  if (value === null) return null;
  const normalised = value.trim().toLowerCase();
  // "producer" is what people type when they mean the console.
  if (normalised === 'producer') return 'console';
  return (VIEW_NAMES as readonly string[]).includes(normalised) ? (normalised as ViewName) : null;
}

/** The screen a role gets unless the link forces one. */
export function viewForRole(role: Role): ViewName {
  switch (role) {
    case 'producer':
    case 'backup':
      return 'console';
    case 'mc':
      return 'mc';
    case 'moderator':
      return 'moderator';
    case 'viewer':
      return 'stage';
    default:
      return role satisfies never;
  }
}

export function chooseView(role: Role | null, forced: ViewName | null): ViewName | null {
  if (forced) return forced;
  return role ? viewForRole(role) : null;
}
