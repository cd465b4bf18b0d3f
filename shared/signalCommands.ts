import { z } from 'zod';
import { ROLES } from './roles.js';

/**
 * Commands between the people running a show: control hand-over, acknowledging the producer's
 * message, and the MC's signals to the producer. A leaf module (zod and roles only) so the
 * central command union can import it without an import cycle; the logic lives in control.ts
 * and signals.ts.
 */

export const MAX_CLIENT_NAME_CHARS = 60;
/** The name a screen gives itself ("Ana's laptop"); shown to the crew, part of who holds control. */
export const ClientName = z.string().trim().min(1).max(MAX_CLIENT_NAME_CHARS);

/** Who did something: the role of the token, and the client's name when it gave one. */
export const Actor = z.object({ role: z.enum(ROLES), name: ClientName.nullable() }).strict();
export type Actor = z.infer<typeof Actor>;

/** What an MC can tell the producer without leaving the stage. */
export const CREW_SIGNAL_KINDS = ['filler', 'audioProblem', 'ready'] as const;
export const CrewSignalKind = z.enum(CREW_SIGNAL_KINDS);
export type CrewSignalKind = z.infer<typeof CrewSignalKind>;
export const CREW_SIGNAL_TEXT: Record<CrewSignalKind, string> = {
  filler: 'Need a filler question',
  audioProblem: 'Speaker audio problem',
  ready: 'Ready',
};

const Id = z.string().min(1).max(100);

export const SIGNAL_COMMAND_SCHEMAS = [
  z
    .object({
      type: z.literal('takeControl'),
      /**
       * The holder the person saw when they confirmed (null: nobody). If control changed hands
       * in between, the command is refused instead of silently taking it from someone else.
       */
      expectHolder: Actor.nullable().optional(),
    })
    .strict(),
  z.object({ type: z.literal('acknowledgeMessage'), messageId: Id }).strict(),
  z.object({ type: z.literal('signalProducer'), kind: CrewSignalKind }).strict(),
  z.object({ type: z.literal('acknowledgeSignal'), signalId: Id }).strict(),
  z.object({ type: z.literal('clearSignal'), signalId: Id }).strict(),
] as const;
