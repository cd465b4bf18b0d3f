import { z } from 'zod';
import { ROLES } from './roles.js';

/**
 * The crew: who is connected (presence, live and never journaled), and the two ways the
 * producer removes someone: revoking a role's token (a new token is issued; everyone holding
 * the old one is disconnected and cannot come back with it) and kicking one client (it is
 * disconnected; it may reconnect with its token, which is all a kick means: use it to drop a
 * stale tab or a screen that should reload, and revoke to lock someone out).
 */

/** Who sent a crew command: the role always; the screen when it came over the crew protocol. */
export const CrewActor = z.object({
  role: z.enum(ROLES),
  clientId: z.string().nullable(),
  name: z.string().nullable(),
});
export type CrewActor = z.infer<typeof CrewActor>;

/** One connected client as the producer sees it. */
export const CrewMember = z.object({
  /** The socket id: stable for one connection, new on every reconnect. */
  clientId: z.string(),
  /** What the screen calls itself (`#name=` in its link), else its browser. */
  name: z.string(),
  role: z.enum(ROLES),
  /** Remote address as the core sees it. */
  address: z.string(),
  /** Core clock, epoch ms. */
  connectedAt: z.number(),
  /** Core clock of the last message from this client (pings arrive every few seconds). */
  lastSeenAt: z.number(),
  /** The client's own estimate of core clock − its clock, from clockPing; null until it reports. */
  clockOffsetMs: z.number().nullable(),
  /** The best round trip behind that estimate. */
  clockRttMs: z.number().nullable(),
});
export type CrewMember = z.infer<typeof CrewMember>;

/** Sent to producer and backup screens only, on connect and whenever the crew changes. */
export const CrewPresenceMessage = z.object({
  members: z.array(CrewMember),
  /** Join link per role, on every address the crew should try. Carries the tokens: control roles only. */
  joinLinks: z.partialRecord(z.enum(ROLES), z.string()),
  serverTime: z.number(),
});
export type CrewPresenceMessage = z.infer<typeof CrewPresenceMessage>;

/** Why the core is about to close this connection; sent just before it does. */
export const DisconnectNotice = z.object({
  reason: z.enum(['kicked', 'revoked']),
  /** For the person holding the screen. */
  message: z.string().max(500),
  /** Who did it: the role, and the screen's name when it came from a screen. */
  by: CrewActor,
  at: z.number(),
});
export type DisconnectNotice = z.infer<typeof DisconnectNotice>;

/** The one offset limit a sane clock report stays within (a laptop a day off is broken, not skewed). */
const MAX_REPORTED_OFFSET_MS = 7 * 24 * 3_600_000;

/** A client's clock estimate, reported after each clockPing sample. */
export const ClockReport = z
  .object({
    offsetMs: z.number().min(-MAX_REPORTED_OFFSET_MS).max(MAX_REPORTED_OFFSET_MS),
    rttMs: z.number().min(0).max(60_000).nullable(),
  })
  .strict();
export type ClockReport = z.infer<typeof ClockReport>;

export const ClientId = z.string().min(1).max(100);

export const CREW_COMMAND_SCHEMAS = [
  z.object({ type: z.literal('revokeToken'), role: z.enum(ROLES) }).strict(),
  z.object({ type: z.literal('kickClient'), clientId: ClientId }).strict(),
] as const;

export type CrewCommand = z.infer<(typeof CREW_COMMAND_SCHEMAS)[number]>;

/** Words for the person whose screen is being closed. */
export function disconnectMessage(reason: DisconnectNotice['reason'], by: CrewActor): string {
  const who = by.name ? `${by.name} (${by.role})` : `the ${by.role}`;
  return reason === 'revoked'
    ? `${capitalise(who)} revoked this join link. Ask the producer for a new one.`
    : `${capitalise(who)} disconnected this screen. Reconnect when you are ready; your link still works.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
