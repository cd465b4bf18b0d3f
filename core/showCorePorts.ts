import type { ChatSettingsUpdate } from '../shared/chatSettings.js';
import type { CrewActor } from '../shared/crew.js';
import type { ShowInfo } from '../shared/model.js';
import type { ObsCommand, ObsSettings } from '../shared/obs.js';
import type { Role } from '../shared/roles.js';
import type { CoreRole } from './runtime/coreRole.js';

/**
 * What a ShowCore is given at construction (core/showCore.ts): the ports it runs the OBS, chat
 * and crew commands through, and its options. A port left out makes its commands answer 503.
 */

/** What the core needs of OBS; absent when this core runs without OBS. */
export interface ObsPort {
  execute(
    command: ObsCommand,
  ): Promise<{ ok: true } | { ok: false; status: 400 | 409 | 500 | 503; error: string }>;
  configure(settings: ObsSettings): Promise<void>;
}

/** What the core needs of the chat sources; absent when this core runs without them. */
export interface ChatPort {
  configure(settings: ChatSettingsUpdate): Promise<{ ok: true } | { ok: false; error: string }>;
  /** The Slack reaction that marks a question, recorded with each chat batch. */
  readonly questionReaction: string;
}

/** What the core needs of the crew connections to revoke and kick (core/crewControl.ts). */
export interface CrewPort {
  /** Issues a new token for the role and disconnects everyone holding the old one; returns how many. */
  revoke(role: Role, by: CrewActor): Promise<number>;
  /** Disconnects one client; null when it is not connected. */
  kick(clientId: string, by: CrewActor): { name: string; role: Role } | null;
}

export interface ShowCoreOptions {
  showId: string;
  showDir: string;
  snapshotEvery?: number;
  now?: () => number;
  log?: (line: string) => void;
  /** Rundown a brand-new show starts with (the embedded demo); never seeded into a follower. */
  seed?: { show: ShowInfo; csv: string };
  /** Which mode this core is in (core/runtime/coreRole.ts); a primary of its own if left out. */
  role?: CoreRole;
  /** Left out: the commands of that route are refused with 503 ("off in this core"). */
  obs?: ObsPort | null;
  chat?: ChatPort | null;
  crew?: CrewPort | null;
}

/** The screen a command came from, when it came over the crew protocol. */
export interface CommandOrigin {
  clientId: string | null;
  /** For the crew list and its journal entries: the name given, else one for the browser (null over HTTP). */
  name: string | null;
  /** The name the client gave itself, if any: what show control goes by. */
  givenName: string | null;
}
