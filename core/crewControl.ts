import type { CrewActor, DisconnectNotice } from '../shared/crew.js';
import { disconnectMessage } from '../shared/crew.js';
import type { Role } from '../shared/roles.js';
import type { CrewServer, CrewSocket } from './crewServer.js';
import type { CrewPort } from './showCore.js';
import type { TokenStore } from './tokens.js';

/**
 * The two ways the show removes a screen: revoking a role's link (a new token; every screen on
 * the old one is told and closed, and cannot come back with it) and kicking one screen (closed;
 * its link still works). The core journals who did it (ShowCore's crew route).
 */
export class CrewControl implements CrewPort {
  constructor(
    private readonly io: CrewServer,
    private readonly tokens: TokenStore,
    private readonly now: () => number = Date.now,
  ) {}

  async revoke(role: Role, by: CrewActor): Promise<number> {
    // Rotated first: whoever reconnects in between meets the new token.
    await this.tokens.rotate(role);
    let disconnected = 0;
    for (const socket of this.io.sockets.sockets.values()) {
      if (socket.data.role !== role) continue;
      this.dismiss(socket, 'revoked', by);
      disconnected += 1;
    }
    return disconnected;
  }

  kick(clientId: string, by: CrewActor): { name: string; role: Role } | null {
    const socket = this.io.sockets.sockets.get(clientId);
    if (!socket) return null;
    const { name, role } = socket.data;
    this.dismiss(socket, 'kicked', by);
    return { name, role };
  }

  /** Tells the screen why, then closes it. socket.io flushes the notice before the close. */
  private dismiss(socket: CrewSocket, reason: DisconnectNotice['reason'], by: CrewActor): void {
    socket.emit('disconnectedBy', { reason, message: disconnectMessage(reason, by), by, at: this.now() });
    socket.disconnect(true);
  }
}
