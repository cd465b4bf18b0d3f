import { performance } from 'node:perf_hooks';
import type { ChatLiveMessage, CommandResult, ConnectRefusal } from '../shared/protocol.js';
import { CREW_REQUESTS, PROTOCOL_VERSION, readHandshake, readWire } from '../shared/protocol.js';
import type { CrewPresenceMessage } from '../shared/crew.js';
import type { Role } from '../shared/roles.js';
import { SHOW_CONTROL_ROLES } from '../shared/roles.js';
import { recordWithoutChat, ROLES_WITHOUT_CHAT, stateWithoutChat } from '../shared/replica.js';
import { APP_VERSION } from '../shared/version.js';
import { AuthRateLimiter } from './authRateLimit.js';
import type { ChatService } from './chat/chatService.js';
import { cleanClientName, CrewPresence, describeUserAgent } from './crewPresence.js';
import type { ObsService } from './obs/obsService.js';
import type { CrewServer, CrewSocket } from './crewServer.js';
import type { CoreRole } from './runtime/coreRole.js';
import type { ShowCore } from './showCore.js';
import type { TokenStore } from './tokens.js';

/** Room every authenticated client joins; records are broadcast to it. */
const CREW_ROOM = 'crew';
/** Within it: screens that get every record whole, and those that get them without chat (replica.ts). */
const FULL_RECORDS_ROOM = 'records-full';
const LEAN_RECORDS_ROOM = 'records-lean';
/** Producer and backup screens: notices and anything only the people running the show need. */
const CONTROL_ROOM = 'control';
const THUMBNAIL_ROOM = 'obs-thumbnails';
/** A join or leave reaches the producer's crew list this fast; "last seen" updates at most this often. */
const PRESENCE_URGENT_MS = 50;
const PRESENCE_ROUTINE_MS = 1_000;
/** What screens get from a core whose chat sources stopped for good (it was replaced). */
const NO_CHAT: ChatLiveMessage = { sources: [], settings: { slack: null, youtube: null } };

function refusal(message: string, data: ConnectRefusal): Error & { data: ConnectRefusal } {
  return Object.assign(new Error(message), { data });
}

export interface CrewHubOptions {
  core: ShowCore;
  /** The core's mode: a screen's claim of a higher term makes it ask around; a replaced core's chat stops. */
  role: CoreRole;
  tokens: TokenStore;
  now?: () => number;
  rateLimiter?: AuthRateLimiter;
  obs?: ObsService | null;
  chat?: ChatService | null;
  /** The join link of each role with its current token (they change when a token is revoked). */
  joinLinks?: () => Record<Role, string>;
}

/**
 * The crew protocol over socket.io: authenticate by role token, send a snapshot (or only the
 * missed records to a resuming client), then every record as it becomes durable.
 */
export class CrewHub {
  readonly presence = new CrewPresence();
  private readonly now: () => number;
  private presenceTimer: ReturnType<typeof setTimeout> | null = null;
  private presenceDueAt = Infinity;
  private closed = false;

  constructor(
    private readonly io: CrewServer,
    private readonly options: CrewHubOptions,
  ) {
    this.now = options.now ?? Date.now;
    const limiter = options.rateLimiter ?? new AuthRateLimiter();
    this.io.use((socket, next) => {
      const address = socket.handshake.address;
      const { token } = readHandshake('crew', socket.handshake.auth);
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
      const blockedMs = limiter.attempt(address, role !== null);
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
      if (!role) {
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
      socket.data.clientName = readHandshake('crew', socket.handshake.auth).clientName ?? null;
      socket.data.token = token;
      socket.data.name =
        cleanClientName((socket.handshake.auth as Record<string, unknown>).clientName) ??
        describeUserAgent(socket.handshake.headers['user-agent']);
      next();
    });
    this.io.on('connection', (socket) => this.welcome(socket));
    // The feed as of the last record, for what a chat batch did to the questions (replica.ts).
    let feedBefore = options.core.state.feed;
    options.core.on('record', (record) => {
      const feedAfter = options.core.state.feed;
      const lean = recordWithoutChat(record, feedBefore, feedAfter);
      feedBefore = feedAfter;
      if (lean === record) {
        this.io.to(CREW_ROOM).emit('record', record);
        return;
      }
      this.io.to(FULL_RECORDS_ROOM).emit('record', record);
      this.io.to(LEAN_RECORDS_ROOM).emit('record', lean);
    });
    options.core.on('status', (status) => this.io.to(CREW_ROOM).emit('coreStatus', status));
    this.obs = options.obs ?? null;
    this.chat = options.chat ?? null;
    const { obs, chat } = this;
    obs?.on('change', (live) => this.io.to(CREW_ROOM).emit('obs', live));
    obs?.on('notice', (notice) => this.io.to(CONTROL_ROOM).emit('notice', notice));
    obs?.on('thumbnail', (thumbnail) => this.io.to(THUMBNAIL_ROOM).emit('obsThumbnail', thumbnail));
    chat?.on('change', this.sendChat);
    // The links changed even when nobody held the old token.
    options.tokens.on('rotated', () => this.schedulePresence(PRESENCE_URGENT_MS));
    options.role.on('change', (state) => {
      if (state.mode === 'superseded') this.dropChat();
    });
  }

  private readonly obs: ObsService | null;
  /** Null once this core is replaced: its chat sources are stopped and say nothing more. */
  private chat: ChatService | null;
  private readonly sendChat = (live: ChatLiveMessage) => this.io.to(CREW_ROOM).emit('chat', live);

  /** A replaced core's chat is stopped for good: screens hear it is off, new ones hear nothing of it. */
  private dropChat(): void {
    if (!this.chat) return;
    this.chat.off('change', this.sendChat);
    this.chat = null;
    this.sendChat(NO_CHAT);
  }

  private welcome(socket: CrewSocket): void {
    const { core } = this.options;
    const { role, clientName } = socket.data;
    if (this.options.tokens.roleFor(socket.data.token) !== role) {
      // Revoked while this connection was being set up.
      socket.disconnect(true);
      return;
    }
    const { showId, lastSeq, knownTerm } = readHandshake('crew', socket.handshake.auth);
    // A screen that has seen a higher term may know of a promoted backup this core missed: a
    // hint to ask the other cores now (termWatch), never proof on its own.
    if (knownTerm !== undefined && showId === core.showId && knownTerm > core.term)
      this.options.role.checkTerms();
    socket.emit('hello', {
      role,
      clientName,
      showId: core.showId,
      serverVersion: APP_VERSION,
      protocol: PROTOCOL_VERSION,
      serverTime: this.now(),
      term: core.term,
      mode: core.mode,
    });
    socket.emit('coreStatus', core.status);
    const withoutChat = ROLES_WITHOUT_CHAT.includes(role);
    // A screen without chat always gets a (small) fresh snapshot: the feed states between the
    // records it missed, which its lean records would need, are gone.
    const missed =
      showId === core.showId && lastSeq !== undefined && !withoutChat ? core.recordsSince(lastSeq) : null;
    if (missed) {
      for (const record of missed) socket.emit('record', record);
    } else {
      const state = withoutChat ? stateWithoutChat(core.state) : core.state;
      socket.emit('snapshot', { showId: core.showId, seq: core.seq, state });
    }
    if (this.obs) socket.emit('obs', this.obs.live);
    if (this.chat) socket.emit('chat', this.chat.live);
    // Joined after the catch-up is queued, and in the same tick, so no record falls between.
    void socket.join([CREW_ROOM, withoutChat ? LEAN_RECORDS_ROOM : FULL_RECORDS_ROOM]);
    const runsShow = SHOW_CONTROL_ROLES.includes(role);
    if (runsShow) void socket.join(CONTROL_ROOM);

    socket.on('obsThumbnails', (watch) => {
      const obs = this.obs;
      if (!obs || !runsShow) return;
      const on = readWire(CREW_REQUESTS, 'obsThumbnails', watch).ok && watch === true;
      if (on) void socket.join(THUMBNAIL_ROOM);
      else void socket.leave(THUMBNAIL_ROOM);
      obs.watchThumbnails(socket.id, on);
    });
    this.presence.join({
      clientId: socket.id,
      name: socket.data.name,
      role,
      // An IPv4 client on a dual-stack socket shows as ::ffff:10.0.0.5; people know it as 10.0.0.5.
      address: socket.handshake.address.replace(/^::ffff:(?=\d+\.)/, ''),
      at: this.now(),
    });
    this.schedulePresence(PRESENCE_URGENT_MS);
    socket.onAny(() => {
      if (this.presence.seen(socket.id, this.now())) this.schedulePresence(PRESENCE_ROUTINE_MS);
    });
    socket.on('disconnect', () => {
      this.obs?.watchThumbnails(socket.id, false);
      this.presence.leave(socket.id);
      this.schedulePresence(PRESENCE_URGENT_MS);
    });
    socket.on('clockReport', (payload) => {
      // Fire-and-forget from the client: a report that does not parse is dropped, nothing else.
      const report = readWire(CREW_REQUESTS, 'clockReport', payload);
      if (report.ok && this.presence.report(socket.id, report.value, this.now()))
        this.schedulePresence(PRESENCE_ROUTINE_MS);
    });

    socket.on('command', (payload, ack) => {
      // A client that sends no callback gets nothing back, but its command still runs.
      const reply = typeof ack === 'function' ? ack : (_result: CommandResult) => undefined;
      const origin = { clientId: socket.id, name: socket.data.name, givenName: clientName };
      core.execute(payload, role, origin).then(reply, (error: unknown) => {
        reply({ ok: false, status: 500, error: String(error) });
      });
    });
    socket.on('clockPing', (_clientSentAt, ack) => {
      if (typeof ack === 'function') ack(this.now());
    });
  }

  /** The crew list and join links as producer and backup screens get them. */
  presenceMessage(): CrewPresenceMessage {
    const links = this.options.joinLinks?.();
    return {
      members: this.presence.list(),
      joinLinks: links ?? {},
      serverTime: this.now(),
    };
  }

  /** Coalesces crew-list updates: a join or leave goes out at once, "last seen" ticks at most once a second. */
  private schedulePresence(delayMs: number): void {
    // Closing disconnects every socket; nobody is left to tell.
    if (this.closed) return;
    const dueAt = performance.now() + delayMs;
    if (dueAt >= this.presenceDueAt) return;
    if (this.presenceTimer !== null) clearTimeout(this.presenceTimer);
    this.presenceDueAt = dueAt;
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = null;
      this.presenceDueAt = Infinity;
      this.io.to(CONTROL_ROOM).emit('crew', this.presenceMessage());
    }, delayMs);
  }

  close(): Promise<void> {
    this.closed = true;
    if (this.presenceTimer !== null) clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
    return new Promise((resolve) => {
      void this.io.close(() => resolve());
    });
  }
}
