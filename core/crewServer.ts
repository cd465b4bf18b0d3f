import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol.js';
import type { Role } from '../shared/roles.js';

/** What the core knows of each crew connection once its handshake is accepted (crewHub.ts). */
export interface CrewSocketData {
  role: Role;
  /** The name the client gave in its handshake, if any: part of who holds show control (shared/control.ts). */
  clientName: string | null;
  /** Kept to check it again at welcome: a token revoked between the two must not get in. */
  token: string;
  /** For the crew list: the name given, else the browser ("Chrome on Linux"). */
  name: string;
}

export type CrewServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  CrewSocketData
>;
export type CrewSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  CrewSocketData
>;

/** A rundown import carries up to 5 MB of text. */
const MAX_MESSAGE_BYTES = 6 * 1024 * 1024;

/**
 * The socket.io server every screen and backup connects to: the crew protocol on `/`
 * (crewHub.ts) and replication on `/replication` (replication.ts).
 */
export function createCrewServer(httpServer: HttpServer): CrewServer {
  return new Server(httpServer, {
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    serveClient: false,
    // Crew screens on phones and laptops: same-origin pages from this core, plus tools
    // (Companion, scripts) that are not browsers. The token is the gate, not the origin.
    cors: { origin: false },
  });
}
