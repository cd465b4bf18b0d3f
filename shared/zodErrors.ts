import type { z } from 'zod';

/**
 * The one zod-error formatter: every parse at a door (commands, settings, imports, the wire)
 * says what is wrong in the same words.
 */

/** Turns a zod error into one line a producer can act on: `deltaMs: Too big: expected number to be <=3600000`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
