// Longer than 500 lines on purpose: one fake Slack (Web API methods and Socket Mode envelopes)
// whose history, threads and socket share state; split, each half would need the other's.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * A local Slack for tests: the Web API over HTTP (`POST /api/<method>`, form or JSON bodies,
 * bearer tokens) and Socket Mode over a websocket (hello, events_api envelopes, acks), with
 * payloads shaped like the examples on Slack's reference pages (apps.connections.open, auth.test,
 * users.info, conversations.info/history/replies; the message, message_changed, message_deleted,
 * reaction_added/removed events and the events_api envelope). The real `@slack/web-api` and
 * `@slack/socket-mode` clients talk to it through `slackApiUrl`.
 *
 * Everything is recorded for assertions: every API call (with a sequence number shared with the
 * socket traffic), every envelope sent and every ack received.
 */

export interface FakeUser {
  id: string;
  name: string;
  real_name: string;
  display_name: string;
  is_admin?: boolean;
  is_owner?: boolean;
}

interface FakeChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  /** false: history answers not_in_channel, as for a channel the app was never invited to. */
  member: boolean;
  /** Top-level messages (and thread broadcasts), oldest first. */
  messages: WireMessage[];
  /** Thread replies by parent ts, oldest first. */
  replies: Map<string, WireMessage[]>;
}

export interface WireMessage {
  type: 'message';
  subtype?: string;
  user?: string;
  bot_id?: string;
  username?: string;
  text: string;
  ts: string;
  team: string;
  client_msg_id?: string;
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  edited?: { user: string; ts: string };
  reactions?: { name: string; users: string[]; count: number }[];
}

export type TokenKind = 'app' | 'bot' | 'none' | 'unknown';

export interface ApiCall {
  seq: number;
  at: number;
  method: string;
  args: Record<string, unknown>;
  token: TokenKind;
  status: number;
  error: string | null;
}

export interface EnvelopeRecord {
  seq: number;
  at: number;
  envelopeId: string;
  eventId: string;
  eventType: string;
  retryAttempt: number;
  /** false when no socket was connected: Slack would have retried it later. */
  sent: boolean;
  payload: EventCallback;
}

export interface AckRecord {
  seq: number;
  at: number;
  envelopeId: string;
}

interface EventCallback {
  token: string;
  team_id: string;
  context_team_id: string;
  api_app_id: string;
  event: Record<string, unknown> & { type: string };
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: Record<string, unknown>[];
  is_ext_shared_channel: boolean;
  event_context: string;
}

export interface PostOptions {
  user?: string;
  /** Reply in the thread under this parent ts. */
  threadTs?: string;
  /** A reply also sent to the channel (subtype thread_broadcast). */
  broadcast?: boolean;
  subtype?: string;
  /** Posted by a bot (subtype bot_message, bot_id, no user). */
  botId?: string;
  /** false: stored (history shows it) but no event is sent, as during a gap. */
  deliver?: boolean;
}

interface Hold {
  answered: Promise<void>;
  released: Promise<void>;
  markAnswered: () => void;
}

export class FakeSlack {
  readonly appToken = 'xapp-1-A0SHOWCALL-1-fakeapptoken';
  readonly botToken = 'xoxb-1-fakebottoken';
  readonly teamId = 'T0FAKE';
  readonly appId = 'A0SHOWCALL';
  readonly botUserId = 'U0SHOWBOT';
  readonly botId = 'B0SHOWBOT';
  readonly workspaceUrl = 'https://fake-team.slack.com/';

  readonly calls: ApiCall[] = [];
  readonly envelopes: EnvelopeRecord[] = [];
  readonly acks: AckRecord[] = [];
  /** Websocket connections accepted (each after an apps.connections.open). */
  socketConnections = 0;
  /** Make every call with that token fail with this error (e.g. account_inactive). */
  tokenErrors: { app?: string; bot?: string } = {};
  /** apps.connections.open answers HTTP 503 while true: the socket cannot come back. */
  blockConnections = false;

  private readonly server: http.Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly users = new Map<string, FakeUser>();
  private readonly channels = new Map<string, FakeChannel>();
  private readonly tickets = new Set<string>();
  private readonly rateLimits = new Map<string, number[]>();
  private readonly failures = new Map<string, string[]>();
  private readonly holds = new Map<string, Hold[]>();
  private seq = 0;
  private eventCounter = 0;
  private lastTsMicros = 0;

  private constructor(server: http.Server) {
    this.server = server;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.onRequest(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.onUpgrade(req, socket, head),
    );
  }

  static async start(): Promise<FakeSlack> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeSlack(server);
    fake.addUser({ id: 'U0ADA', name: 'ada', real_name: 'Ada Lovelace', display_name: 'Ada' });
    fake.addChannel('C0ASK', 'ask-the-speaker');
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** For `slackApiUrl`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  get connected(): boolean {
    return [...this.sockets].some((socket) => socket.readyState === WebSocket.OPEN);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------
  // The workspace

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  addChannel(id: string, name: string, options: { isPrivate?: boolean; member?: boolean } = {}): void {
    this.channels.set(id, {
      id,
      name,
      isPrivate: options.isPrivate ?? false,
      member: options.member ?? true,
      messages: [],
      replies: new Map(),
    });
  }

  /** Strictly increasing, shaped like Slack's ("1700000000.000100"). */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  message(channel: string, ts: string): WireMessage | undefined {
    const ch = this.channel(channel);
    return ch.messages.find((m) => m.ts === ts) ?? [...ch.replies.values()].flat().find((m) => m.ts === ts);
  }

  post(channel: string, text: string, options: PostOptions = {}): WireMessage {
    const ch = this.channel(channel);
    const ts = this.nextTs();
    const message: WireMessage = { type: 'message', text, ts, team: this.teamId };
    if (options.botId) {
      message.subtype = 'bot_message';
      message.bot_id = options.botId;
      message.username = 'some bot';
    } else {
      message.user = options.user ?? 'U0ADA';
      message.client_msg_id = randomUUID();
    }
    if (options.subtype) message.subtype = options.subtype;
    if (options.threadTs) {
      const parent = ch.messages.find((m) => m.ts === options.threadTs);
      if (!parent) throw new Error(`no parent ${options.threadTs} in ${channel}`);
      message.thread_ts = parent.ts;
      if (parent.user) message.parent_user_id = parent.user;
      const thread = ch.replies.get(parent.ts) ?? [];
      thread.push(message);
      ch.replies.set(parent.ts, thread);
      this.updateParent(parent, thread);
      if (options.broadcast) {
        message.subtype = 'thread_broadcast';
        ch.messages.push(message);
      }
    } else {
      ch.messages.push(message);
    }
    if (options.deliver !== false) {
      this.deliver({ ...structuredClone(message), channel, event_ts: ts, channel_type: channelType(ch) });
    }
    return structuredClone(message);
  }

  /** Stored in history (and the thread), but no event is sent. */
  postWhileDisconnected(
    channel: string,
    text: string,
    options: Omit<PostOptions, 'deliver'> = {},
  ): WireMessage {
    return this.post(channel, text, { ...options, deliver: false });
  }

  edit(channel: string, ts: string, text: string, options: { deliver?: boolean } = {}): void {
    const ch = this.channel(channel);
    const message = this.message(channel, ts);
    if (!message) throw new Error(`no message ${ts} in ${channel}`);
    const previous = structuredClone(message);
    const editTs = this.nextTs();
    message.text = text;
    message.edited = { user: message.user ?? '', ts: editTs };
    if (options.deliver === false) return;
    this.deliver({
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel,
      ts: editTs,
      event_ts: editTs,
      channel_type: channelType(ch),
      message: structuredClone(message),
      previous_message: previous,
    });
  }

  delete(channel: string, ts: string, options: { deliver?: boolean } = {}): void {
    const ch = this.channel(channel);
    const previous = this.message(channel, ts);
    if (!previous) throw new Error(`no message ${ts} in ${channel}`);
    ch.messages = ch.messages.filter((m) => m.ts !== ts);
    for (const [parentTs, thread] of ch.replies) {
      const rest = thread.filter((m) => m.ts !== ts);
      if (rest.length === thread.length) continue;
      ch.replies.set(parentTs, rest);
      const parent = ch.messages.find((m) => m.ts === parentTs);
      if (parent) this.updateParent(parent, rest);
    }
    if (options.deliver === false) return;
    const deleteTs = this.nextTs();
    this.deliver({
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel,
      ts: deleteTs,
      event_ts: deleteTs,
      deleted_ts: ts,
      channel_type: channelType(ch),
      previous_message: structuredClone(previous),
    });
  }

  react(
    channel: string,
    ts: string,
    reaction: string,
    user: string,
    options: { remove?: boolean; deliver?: boolean } = {},
  ): void {
    const ch = this.channel(channel);
    const message = this.message(channel, ts);
    if (!message) throw new Error(`no message ${ts} in ${channel}`);
    const reactions = message.reactions ?? [];
    let entry = reactions.find((r) => r.name === reaction);
    if (!entry) {
      entry = { name: reaction, users: [], count: 0 };
      reactions.push(entry);
    }
    entry.users = options.remove
      ? entry.users.filter((u) => u !== user)
      : [...new Set([...entry.users, user])];
    entry.count = entry.users.length;
    message.reactions = reactions.filter((r) => r.count > 0);
    if (message.reactions.length === 0) delete message.reactions;
    if (options.deliver === false) return;
    this.deliver({
      type: options.remove ? 'reaction_removed' : 'reaction_added',
      user,
      reaction,
      item_user: message.user ?? '',
      item: { type: 'message', channel, ts, channel_type: channelType(ch) },
      event_ts: this.nextTs(),
    });
  }

  private updateParent(parent: WireMessage, thread: WireMessage[]): void {
    if (thread.length === 0) {
      delete parent.thread_ts;
      delete parent.reply_count;
      delete parent.reply_users;
      delete parent.reply_users_count;
      delete parent.latest_reply;
      return;
    }
    const users = [...new Set(thread.map((m) => m.user ?? ''))].filter(Boolean);
    parent.thread_ts = parent.ts;
    parent.reply_count = thread.length;
    parent.reply_users = users;
    parent.reply_users_count = users.length;
    parent.latest_reply = thread[thread.length - 1]?.ts ?? parent.ts;
  }

  private channel(id: string): FakeChannel {
    const channel = this.channels.get(id);
    if (!channel) throw new Error(`fake Slack has no channel ${id}`);
    return channel;
  }

  // -------------------------------------------------------------------------------------------
  // Socket Mode

  /** Wraps an event in an event_callback and an events_api envelope and sends it (if connected). */
  deliver(
    event: Record<string, unknown> & { type: string },
    options: { eventId?: string } = {},
  ): EnvelopeRecord {
    this.eventCounter += 1;
    const eventId = options.eventId ?? `Ev0FAKE${String(this.eventCounter).padStart(6, '0')}`;
    return this.sendEnvelope(
      {
        token: 'fakeVerificationToken',
        team_id: this.teamId,
        context_team_id: this.teamId,
        api_app_id: this.appId,
        event,
        type: 'event_callback',
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [
          {
            enterprise_id: null,
            team_id: this.teamId,
            user_id: this.botUserId,
            is_bot: true,
            is_enterprise_install: false,
          },
        ],
        is_ext_shared_channel: false,
        event_context: `4-fake-${eventId}`,
      },
      0,
      '',
    );
  }

  /** Sends an earlier event again, as Slack does when it thinks an ack was missed. */
  redeliver(eventId: string, reason = 'timeout'): EnvelopeRecord {
    const earlier = [...this.envelopes].reverse().find((e) => e.eventId === eventId);
    if (!earlier) throw new Error(`no event ${eventId} was delivered`);
    return this.sendEnvelope(earlier.payload, earlier.retryAttempt + 1, reason);
  }

  /** The envelope that carried the event about this message (its post, not later edits). */
  envelopeFor(channel: string, ts: string): EnvelopeRecord | undefined {
    return this.envelopes.find((e) => e.payload.event['channel'] === channel && e.payload.event['ts'] === ts);
  }

  unackedEnvelopes(): EnvelopeRecord[] {
    const acked = new Set(this.acks.map((a) => a.envelopeId));
    return this.envelopes.filter((e) => e.sent && !acked.has(e.envelopeId));
  }

  /** The network goes away: sockets die without a close frame. */
  dropSocket(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  /** Slack's own "please reconnect" (type disconnect, e.g. reason refresh_requested). */
  sendDisconnect(reason = 'refresh_requested'): void {
    for (const socket of this.sockets) {
      socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
    }
  }

  private sendEnvelope(payload: EventCallback, retryAttempt: number, retryReason: string): EnvelopeRecord {
    const envelopeId = randomUUID();
    const open = [...this.sockets].filter((s) => s.readyState === WebSocket.OPEN);
    const target = open[open.length - 1];
    const record: EnvelopeRecord = {
      seq: ++this.seq,
      at: Date.now(),
      envelopeId,
      eventId: payload.event_id,
      eventType: payload.event.type,
      retryAttempt,
      sent: target !== undefined,
      payload,
    };
    this.envelopes.push(record);
    target?.send(
      JSON.stringify({
        envelope_id: envelopeId,
        payload,
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: retryAttempt,
        retry_reason: retryReason,
      }),
    );
    return record;
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (!url.pathname.startsWith('/link') || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.socketConnections += 1;
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (raw: Buffer) => {
        let message: unknown;
        try {
          message = JSON.parse(raw.toString());
        } catch {
          return;
        }
        const envelopeId = (message as { envelope_id?: unknown }).envelope_id;
        if (typeof envelopeId === 'string') this.acks.push({ seq: ++this.seq, at: Date.now(), envelopeId });
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: this.sockets.size,
          debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 18060 },
          connection_info: { app_id: this.appId },
        }),
      );
    });
  }

  // -------------------------------------------------------------------------------------------
  // Web API

  /** The next call to `method` answers 429 with this Retry-After. */
  rateLimitNext(method: string, retryAfterSeconds: number): void {
    this.rateLimits.set(method, [...(this.rateLimits.get(method) ?? []), retryAfterSeconds]);
  }

  /** The next call to `method` answers `{ ok: false, error }`. */
  failNext(method: string, error: string): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  /**
   * The next call to `method` is answered as of now (history read at arrival, as Slack's own
   * answer is), but the answer is only sent once `release()` is called: a slow page, and a
   * window for events to arrive after the read and before the client sees it.
   */
  holdNext(method: string): { answered: Promise<void>; release: () => void } {
    let answered!: () => void;
    let release!: () => void;
    const hold: Hold = {
      answered: new Promise<void>((resolve) => (answered = resolve)),
      released: new Promise<void>((resolve) => (release = resolve)),
      markAnswered: () => answered(),
    };
    this.holds.set(method, [...(this.holds.get(method) ?? []), hold]);
    return { answered: hold.answered, release };
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/api\/([A-Za-z.]+)$/.exec(url.pathname);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !match?.[1]) {
      res.writeHead(404).end();
      return;
    }
    const method = match[1];
    const body = Buffer.concat(chunks).toString('utf8');
    const args = parseBody(req.headers['content-type'] ?? '', body);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args['token'] === 'string' ? args['token'] : '');
    delete args['token'];
    const call: ApiCall = {
      seq: ++this.seq,
      at: Date.now(),
      method,
      args,
      token: this.tokenKind(token),
      status: 200,
      error: null,
    };
    this.calls.push(call);

    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      call.status = status;
      const ok = (payload as { ok?: unknown }).ok;
      if (ok === false) call.error = String((payload as { error?: unknown }).error);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(payload));
    };

    const retryAfter = this.rateLimits.get(method)?.shift();
    if (retryAfter !== undefined) {
      send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
      return;
    }
    const authError = this.authError(method, token);
    if (authError) {
      send(200, { ok: false, error: authError });
      return;
    }
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      send(200, { ok: false, error: failure });
      return;
    }
    if (method === 'apps.connections.open' && this.blockConnections) {
      call.error = 'service_unavailable';
      call.status = 503;
      res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
      return;
    }
    const answer = this.answer(method, args);
    const hold = this.holds.get(method)?.shift();
    if (hold) {
      hold.markAnswered();
      await hold.released;
    }
    send(200, answer);
  }

  private tokenKind(token: string): TokenKind {
    if (!token) return 'none';
    if (token === this.appToken) return 'app';
    if (token === this.botToken) return 'bot';
    return 'unknown';
  }

  private authError(method: string, token: string): string | null {
    if (!token) return 'not_authed';
    if (method === 'apps.connections.open') {
      if (token === this.botToken) return 'not_allowed_token_type';
      if (token !== this.appToken) return 'invalid_auth';
      return this.tokenErrors.app ?? null;
    }
    if (token === this.appToken) return 'not_allowed_token_type';
    if (token !== this.botToken) return 'invalid_auth';
    return this.tokenErrors.bot ?? null;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'apps.connections.open': {
        const ticket = randomUUID();
        this.tickets.add(ticket);
        return { ok: true, url: `ws://127.0.0.1:${this.port}/link/?ticket=${ticket}&app_id=${this.appId}` };
      }
      case 'auth.test':
        return {
          ok: true,
          url: this.workspaceUrl,
          team: 'Fake Team',
          user: 'showcaller',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: this.botId,
          is_enterprise_install: false,
        };
      case 'users.info': {
        const user = this.users.get(str(args['user']));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: this.teamId,
            name: user.name,
            deleted: false,
            real_name: user.real_name,
            tz: 'America/New_York',
            is_admin: user.is_admin ?? false,
            is_owner: user.is_owner ?? false,
            is_restricted: false,
            is_bot: false,
            updated: 1502138686,
            profile: { real_name: user.real_name, display_name: user.display_name, team: this.teamId },
          },
        };
      }
      case 'conversations.info': {
        const channel = this.channels.get(str(args['channel']));
        if (!channel) return { ok: false, error: 'channel_not_found' };
        return {
          ok: true,
          channel: {
            id: channel.id,
            name: channel.name,
            is_channel: !channel.isPrivate,
            is_group: channel.isPrivate,
            is_private: channel.isPrivate,
            is_archived: false,
            is_member: channel.member,
            created: 1449252889,
          },
        };
      }
      case 'conversations.history':
        return this.history(args);
      case 'conversations.replies':
        return this.repliesAnswer(args);
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private history(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.channels.get(str(args['channel']));
    if (!channel) return { ok: false, error: 'channel_not_found' };
    if (!channel.member) return { ok: false, error: 'not_in_channel' };
    const inRange = timeRange(args);
    const limit = pageLimit(args['limit']);
    // Newest first, as Slack returns them.
    const matching = channel.messages.filter((m) => inRange(m.ts)).sort((a, b) => tsCompare(b.ts, a.ts));
    const from = decodeCursor(args['cursor']);
    const start = from === null ? 0 : matching.findIndex((m) => tsCompare(m.ts, from) <= 0);
    const page = start === -1 ? [] : matching.slice(start, start + limit);
    const next = start === -1 ? undefined : matching[start + limit];
    return {
      ok: true,
      messages: structuredClone(page),
      has_more: next !== undefined,
      pin_count: 0,
      channel_actions_ts: null,
      channel_actions_count: 0,
      response_metadata: { next_cursor: next ? encodeCursor(next.ts) : '' },
    };
  }

  private repliesAnswer(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.channels.get(str(args['channel']));
    if (!channel) return { ok: false, error: 'channel_not_found' };
    if (!channel.member) return { ok: false, error: 'not_in_channel' };
    const parentTs = str(args['ts']);
    const parent = channel.messages.find((m) => m.ts === parentTs);
    if (!parent) return { ok: false, error: 'thread_not_found' };
    const inRange = timeRange(args);
    // The parent first, then the replies oldest first.
    const all = [parent, ...(channel.replies.get(parentTs) ?? []).filter((m) => inRange(m.ts))];
    const limit = pageLimit(args['limit']);
    const from = decodeCursor(args['cursor']);
    const start =
      from === null
        ? 0
        : Math.max(
            0,
            all.findIndex((m) => m.ts === from),
          );
    const page = all.slice(start, start + limit);
    const next = all[start + limit];
    return {
      ok: true,
      messages: structuredClone(page),
      has_more: next !== undefined,
      response_metadata: { next_cursor: next ? encodeCursor(next.ts) : '' },
    };
  }
}

// ---------------------------------------------------------------------------------------------

function channelType(channel: FakeChannel): string {
  return channel.isPrivate ? 'group' : 'channel';
}

function parseBody(contentType: string, body: string): Record<string, unknown> {
  if (!body) return {};
  if (contentType.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(body));
}

export function tsCompare(a: string, b: string): number {
  const [as = '0', au = '0'] = a.split('.');
  const [bs = '0', bu = '0'] = b.split('.');
  return Number(as) !== Number(bs)
    ? Number(as) - Number(bs)
    : Number(au.padEnd(6, '0')) - Number(bu.padEnd(6, '0'));
}

/** A form field (always a string) or a JSON value, as a string. */
function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** `oldest` / `latest` / `inclusive` as Slack documents them: exclusive unless inclusive is set. */
function timeRange(args: Record<string, unknown>): (ts: string) => boolean {
  const oldest = args['oldest'] !== undefined ? str(args['oldest']) : null;
  const latest = args['latest'] !== undefined ? str(args['latest']) : null;
  const inclusive = truthy(args['inclusive']);
  return (ts) => {
    if (oldest !== null) {
      const c = tsCompare(ts, oldest);
      if (c < 0 || (c === 0 && !inclusive)) return false;
    }
    if (latest !== null) {
      const c = tsCompare(ts, latest);
      if (c > 0 || (c === 0 && !inclusive)) return false;
    }
    return true;
  };
}

function pageLimit(value: unknown): number {
  const limit = Number(value ?? 100);
  return Number.isFinite(limit) ? Math.min(999, Math.max(1, Math.floor(limit))) : 100;
}

/** Slack's cursors look like base64("next_ts:1512085861000543"). */
function encodeCursor(ts: string): string {
  return Buffer.from(`next_ts:${ts}`).toString('base64');
}

function decodeCursor(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return decoded.startsWith('next_ts:') ? decoded.slice('next_ts:'.length) : null;
}
