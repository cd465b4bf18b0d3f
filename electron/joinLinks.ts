import type { Role } from '../shared/roles.js';
import { ROLES } from '../shared/roles.js';

/** The text "Copy join links" puts on the clipboard: one line per role, in the order of ROLES. */
export function formatJoinLinks(showId: string, joinUrls: Readonly<Record<Role, string>>): string {
  return [
    `Showcaller join links for show "${showId}"`,
    ...ROLES.map((role) => `${role}: ${joinUrls[role]}`),
  ].join('\n');
}
