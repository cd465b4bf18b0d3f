import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  CommandResult,
  ConnectRefusal,
  HandshakeAuth,
  ServerToClientEvents,
} from '../shared/protocol.js';
import { PROTOCOL_VERSION } from '../shared/protocol.js';
import type { Role } from '../shared/roles.js';
import { SHOW_CONTROL_ROLES } from '../shared/roles.js';
import { APP_VERSION } from '../shared/version.js';
import { ClientName } from '../shared/signalCommands.js';
import { AuthRateLimiter } from './authRateLimit.js';
import type { ChatService } from './chat/chatService.js';
import type { ObsService } from './obs/obsService.js';
import type { ShowCore } from './showCore.js';
import type { TokenStore } from './tokens.js';

interface SocketData {
  role: Role;
  /** The name the client gave in its handshake, if any (see shared/control.ts). */
  clientName: string | null;
}

type CrewServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type CrewSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Room every authenticated client joins; records are broadcast to it. */
const CREW_ROOM = 'crew';
/** Producer and backup screens: notices and anything only the people running the show need. */
const CONTROL_ROOM = 'control';
const THUMBNAIL_ROOM = 'obs-thumbnails';
/** A rundown import carries up to 5 MB of text. */
const MAX_MESSAGE_BYTES = 6 * 1024 * 1024;

function refusal(message: string, data: ConnectRefusal): Error & { data: ConnectRefusal } {
  return Object.assign(new Error(message), { data });
}

function readAuth(auth: unknown): Partial<HandshakeAuth> {
  if (typeof auth !== 'object' || auth === null) return {};
  const { token, showId, lastSeq, clientName } = auth as Record<string, unknown>;
  const name = ClientName.safeParse(clientName);
  return {
    token: typeof token === 'string' ? token : undefined,
    clientName: name.success ? name.data : undefined,
    showId: typeof showId === 'string' ? showId : undefined,
    lastSeq:
      typeof lastSeq === 'number' && Number.isSafeInteger(lastSeq) && lastSeq >= 0 ? lastSeq : undefined,
  };
}

export interface CrewHubOptions {
  core: ShowCore;
  tokens: TokenStore;
  now?: () => number;
  rateLimiter?: AuthRateLimiter;
  obs?: ObsService | null;
  chat?: ChatService | null;
}

/**
 * The crew protocol over socket.io: authenticate by role token, send a snapshot (or only the
 * missed records to a resuming client), then every record as it becomes durable.
 */
export class CrewHub {
  readonly io: CrewServer;
  private readonly now: () => number;

  constructor(
    httpServer: HttpServer,
    private readonly options: CrewHubOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.io = new Server(httpServer, {
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      serveClient: false,
      // Crew screens on phones and laptops: same-origin pages from this core, plus tools
      // (Companion, scripts) that are not browsers. The token is the gate, not the origin.
      cors: { origin: false },
    });
    const limiter = options.rateLimiter ?? new AuthRateLimiter();
    this.io.use((socket, next) => {
      const address = socket.handshake.address;
      const blockedMs = limiter.blockedFor(address);
      if (blockedMs > 0) {
        const seconds = Math.ceil(blockedMs / 1000);
        next(
          refusal(`too many failed attempts; try again in ${seconds} s`, {
            reason: 'rate-limited',
            message: `Too many failed attempts from this address; try again in ${seconds} s.`,
            retryAfterMs: blockedMs,
          }),
        );
        return;
      }
      const { token } = readAuth(socket.handshake.auth);
      if (!token) {
        next(
          refusal('no token', {
            reason: 'missing-token',
            message: 'This link has no token. Ask the producer for your join link.',
          }),
        );
        return;
      }
      const role = options.tokens.roleFor(token);
      if (!role) {
        limiter.recordFailure(address);
        next(
          refusal('bad token', {
            reason: 'bad-token',
            message:
              'This join link is not valid for this show (or was revoked). Ask the producer for a new one.',
          }),
        );
        return;
      }
      socket.data.role = role;
      socket.data.clientName = readAuth(socket.handshake.auth).clientName ?? null;
      next();
    });
    this.io.on('connection', (socket) => this.welcome(socket));
    options.core.on('record', (record) => this.io.to(CREW_ROOM).emit('record', record));
    const { obs, chat } = options;
    chat?.on('change', (live) => this.io.to(CREW_ROOM).emit('chat', live));
    if (obs) {
      obs.on('change', (live) => this.io.to(CREW_ROOM).emit('obs', live));
      obs.on('notice', (notice) => this.io.to(CONTROL_ROOM).emit('notice', notice));
      obs.on('thumbnail', (thumbnail) => this.io.to(THUMBNAIL_ROOM).emit('obsThumbnail', thumbnail));
    }
  }

  private welcome(socket: CrewSocket): void {
    const { core } = this.options;
    const { role, clientName } = socket.data;
    socket.emit('hello', {
      role,
      clientName,
      showId: core.showId,
      serverVersion: APP_VERSION,
      protocol: PROTOCOL_VERSION,
      serverTime: this.now(),
    });
    const { showId, lastSeq } = readAuth(socket.handshake.auth);
    const missed = showId === core.showId && lastSeq !== undefined ? core.recordsSince(lastSeq) : null;
    if (missed) {
      for (const record of missed) socket.emit('record', record);
    } else {
      socket.emit('snapshot', { showId: core.showId, seq: core.seq, state: core.state });
    }
    const { obs } = this.options;
    if (obs) socket.emit('obs', obs.live);
    if (this.options.chat) socket.emit('chat', this.options.chat.live);
    // Joined after the catch-up is queued, and in the same tick, so no record falls between.
    void socket.join(CREW_ROOM);
    const runsShow = SHOW_CONTROL_ROLES.includes(role);
    if (runsShow) void socket.join(CONTROL_ROOM);

    socket.on('obsThumbnails', (watch) => {
      if (!obs || !runsShow) return;
      const on = watch === true;
      if (on) void socket.join(THUMBNAIL_ROOM);
      else void socket.leave(THUMBNAIL_ROOM);
      obs.watchThumbnails(socket.id, on);
    });
    socket.on('disconnect', () => obs?.watchThumbnails(socket.id, false));

    socket.on('command', (payload, ack) => {
      // A client that sends no callback gets nothing back, but its command still runs.
      const reply = typeof ack === 'function' ? ack : (_result: CommandResult) => undefined;
      core.execute(payload, role, clientName).then(reply, (error: unknown) => {
        reply({ ok: false, status: 500, error: String(error) });
      });
    });
    socket.on('clockPing', (_clientSentAt, ack) => {
      if (typeof ack === 'function') ack(this.now());
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      void this.io.close(() => resolve());
    });
  }
}
