import type { ShowEvent } from './events.js';
import type { ShowState } from './model.js';
import type { ChatLiveMessage } from './chat.js';
import type { ClockReport, CrewPresenceMessage, DisconnectNotice } from './crew.js';
import type { SlackSettingsInput, YouTubeSettingsInput } from './chatSettings.js';
import type { ObsPublicSettings, ObsState } from './obs.js';
import type { CoreMode, CoreStatusMessage } from './replication.js';
import type { Role } from './roles.js';

/**
 * The crew protocol: one contract for every client (the producer's own window, crew browsers,
 * the backup, overlays). socket.io is typed with these maps on both ends. See docs/protocol.md.
 */
export const PROTOCOL_VERSION = 1;

/** Sent in socket.io's `auth` on every (re)connect. */
export interface HandshakeAuth {
  token: string;
  /** Show and last record seen; the core then sends only what was missed. */
  showId?: string;
  lastSeq?: number;
  /**
   * This screen's name ("Ana's laptop", 1–60 characters, `#name=` in the join link): shown in
   * the crew list, recorded with its signals and part of who holds show control. A malformed
   * name is ignored (the client is then unnamed).
   */
  clientName?: string;
  /**
   * The highest term this screen has seen. A core with a lower one learns from it that a
   * backup was promoted, and stops taking commands (superseded).
   */
  knownTerm?: number;
}

export interface Hello {
  role: Role;
  /** The name the core took from the handshake (trimmed), or null: who this screen is to the crew. */
  clientName: string | null;
  showId: string;
  serverVersion: string;
  protocol: number;
  serverTime: number;
  /** The core's term and mode: screens use the primary with the highest term. */
  term: number;
  mode: CoreMode;
}

/** The whole state as of record `seq`. */
export interface SnapshotMessage {
  showId: string;
  seq: number;
  state: ShowState;
}

/** One journal record: the events of one command, applied together. */
export interface RecordMessage {
  seq: number;
  t: number;
  events: ShowEvent[];
}

export type CommandErrorStatus = 400 | 401 | 403 | 409 | 500 | 503;
export type CommandResult =
  { ok: true; seq: number } | { ok: false; status: CommandErrorStatus; error: string };

/** OBS as this core sees it: live, not journaled; sent on connect and on every change. */
export interface ObsLiveMessage {
  state: ObsState;
  /** Where this core connects; the password itself never leaves the core. */
  settings: ObsPublicSettings;
}

/** A small JPEG of what is on program or preview, about once a second, only to watchers. */
export interface ObsThumbnailMessage {
  slot: 'program' | 'preview';
  sceneName: string;
  dataUrl: string;
  at: number;
}

/** Something the producer must know that is not a reply to their own command (an automation failed). */
export interface NoticeMessage {
  id: string;
  level: 'info' | 'warn' | 'error';
  text: string;
  at: number;
}

/** What the producer enters for the chat sources; null turns a source off. */
export interface ChatSettingsInput {
  slack: SlackSettingsInput | null;
  youtube: YouTubeSettingsInput | null;
}

export type { ChatLiveMessage } from './chat.js';

export interface ServerToClientEvents {
  hello: (hello: Hello) => void;
  snapshot: (snapshot: SnapshotMessage) => void;
  record: (record: RecordMessage) => void;
  obs: (obs: ObsLiveMessage) => void;
  obsThumbnail: (thumbnail: ObsThumbnailMessage) => void;
  chat: (chat: ChatLiveMessage) => void;
  /** Primary, follower (and its lag) or superseded: on connect and on change. */
  coreStatus: (status: CoreStatusMessage) => void;
  /** To producer and backup screens only. */
  notice: (notice: NoticeMessage) => void;
  /** Who is connected, and the join links; producer and backup only. Live, not journaled. */
  crew: (crew: CrewPresenceMessage) => void;
  /** The core is about to close this connection on purpose (kicked, or its token revoked). */
  disconnectedBy: (notice: DisconnectNotice) => void;
}

export interface ClientToServerEvents {
  /** The payload is parsed by the core's zod schema; `unknown` keeps clients honest about that. */
  command: (command: unknown, ack: (result: CommandResult) => void) => void;
  clockPing: (clientSentAt: number, ack: (serverTime: number) => void) => void;
  /** Start (true) or stop (false) receiving program/preview thumbnails; producer and backup only. */
  obsThumbnails: (watch: boolean) => void;
  /** This client's clock estimate (after clockPing samples), shown in the producer's crew list. */
  clockReport: (report: ClockReport) => void;
}

/** Why the core refused a connection (socket.io `connect_error` → `err.data`). */
export interface ConnectRefusal {
  reason: 'missing-token' | 'bad-token' | 'rate-limited';
  message: string;
  retryAfterMs?: number;
}

export interface HealthResponse {
  app: 'showcaller';
  version: string;
  protocol: number;
  uptimeMs: number;
  showId: string;
  seq: number;
  serverTime: number;
  /** Screens probe every core of their join link and use the primary with the highest term. */
  term: number;
  mode: CoreMode;
}

export interface StateResponse {
  showId: string;
  seq: number;
  serverTime: number;
  state: ShowState;
}
