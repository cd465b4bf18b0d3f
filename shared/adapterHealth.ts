import { z } from 'zod';
import { clipText } from './text.js';

/**
 * One health vocabulary for every adapter that talks to something outside the core (OBS, Slack,
 * YouTube). Each adapter keeps its own detailed states, because they say different things to a
 * producer ("auth failed" is not "quota gone for the day"), but every one of them maps onto these
 * five levels and carries the same three fields, so a screen, a log or the next adapter can ask
 * "is it working, and if not, when does it try again?" the same way of each.
 */
export const HEALTH_LEVELS = [
  /** Not asked to run: no settings yet, or turned off by the producer. */
  'off',
  /** Starting up or catching up; not yet delivering. */
  'starting',
  'ok',
  /** Lost or backing off, and will try again by itself at `retryAt` (when known). */
  'retrying',
  /** Will not try again until the producer acts: bad credentials, refused, ended. */
  'stopped',
] as const;
export type HealthLevel = (typeof HEALTH_LEVELS)[number];

/** Longest reason on the wire; error texts from the network can be far longer. */
export const MAX_HEALTH_REASON = 2_000;

/** A reason as an adapter may publish it: clipped to what the wire carries. */
export const healthReason = (reason: string | null): string | null =>
  reason === null ? null : clipText(reason, MAX_HEALTH_REASON);

/** The fields every adapter's status has, under these names. */
export const AdapterHealthFields = z.object({
  /** Why it is not ok, in words a producer can act on; null when there is nothing to say. */
  reason: z.string().max(MAX_HEALTH_REASON).nullable(),
  /** Since when the state has been what it is (epoch ms, core clock). */
  since: z.number(),
  /** When the next attempt starts (epoch ms, core clock), while retrying; else null. */
  retryAt: z.number().nullable(),
});
export type AdapterHealthFields = z.infer<typeof AdapterHealthFields>;
