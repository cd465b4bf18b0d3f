export const ROLES = ['producer', 'backup', 'mc', 'moderator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may run the show (rundown, timer, messages). */
export const SHOW_CONTROL_ROLES: readonly Role[] = ['producer', 'backup'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
