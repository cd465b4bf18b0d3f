import { formatOverlayLinks } from '../shared/overlays.js';
import type { Role } from '../shared/roles.js';
import { ROLES } from '../shared/roles.js';

/**
 * The text "Copy join links" puts on the clipboard: one line per role, in the order of ROLES,
 * then the OBS overlay links (viewer token, so a browser source can only read).
 */
export function formatJoinLinks(showId: string, joinUrls: Readonly<Record<Role, string>>): string {
  return [
    `Showcaller join links for show "${showId}"`,
    ...ROLES.map((role) => `${role}: ${joinUrls[role]}`),
    ...formatOverlayLinks(joinUrls.viewer),
  ].join('\n');
}
