import type { CrewPresenceMessage } from '../../shared/crew.js';
import { CrewPresenceMessage as CrewPresenceSchema, DisconnectNotice } from '../../shared/crew.js';

/** The crew pushes, checked like every other push: a malformed one is dropped, never trusted. */

export function readCrewPresence(value: unknown): CrewPresenceMessage | null {
  const parsed = CrewPresenceSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function readDisconnectNotice(value: unknown): DisconnectNotice | null {
  const parsed = DisconnectNotice.safeParse(value);
  return parsed.success ? parsed.data : null;
}
