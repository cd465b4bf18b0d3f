import { z } from 'zod';
import { ChatLiveMessage } from './chat.js';
import type { SlackSettingsInput, YouTubeSettingsInput } from './chatSettings.js';
import { ClockReport, CrewPresenceMessage, DisconnectNotice } from './crew.js';
import { ObsPublicSettings, ObsState } from './obs.js';
import { ROLES } from './roles.js';
import { MAX_IMPORT_CHARS } from './commands.js';
import { ClientName } from './signalCommands.js';
import { ShowEventSchema, ShowStateSchema } from './stateSchema.js';
import { describeZodError } from './zodErrors.js';

/**
 * The wire contract, in one place: every socket.io push and request, both handshakes, the
 * replication messages and the HTTP bodies, as zod schemas with the types inferred from them.
 * The socket.io event maps are derived from the push tables below, so a typed `emit` and the
 * receiver's check (`readPush`) cannot disagree. See docs/protocol.md.
 *
 * Every door parses: screens check each push by its name before applying it
 * (renderer/connection/pushes.ts), the core parses both handshakes with `readHandshake`, a
 * follower checks what its primary sends (core/follower.ts), and HTTP clients parse
 * `/api/health`. A snapshot is parsed whole, feed included: docs/protocol.md has the measured
 * cost (bench/wire.ts).
 */
export const PROTOCOL_VERSION = 2;

const Seq = z.number().int().nonnegative();
const Instant = z.number();

/** What a core is doing: running the show, following another, or knowing it was replaced. */
export const CORE_MODES = ['primary', 'follower', 'superseded'] as const;
export const CoreMode = z.enum(CORE_MODES);
export type CoreMode = z.infer<typeof CoreMode>;

/** The socket.io namespace a follower replicates through (backup or producer token). */
export const REPLICATION_NAMESPACE = '/replication';

// ---------------------------------------------------------------------------------------------
// Handshakes (socket.io `auth`). A malformed field is dropped, not refused: a screen with a bad
// `lastSeq` gets a snapshot, one with a bad name joins unnamed. A missing token is refused by
// the core with a reason (ConnectRefusal).

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const Token = z.string().max(512);

/** Sent in socket.io's `auth` on every (re)connect of a crew screen. */
export const HandshakeAuth = z.object({
  token: optional(Token),
  /** Show and last record seen; the core then sends only what was missed. */
  showId: optional(z.string().max(200)),
  lastSeq: optional(Seq),
  /**
   * This screen's name ("Ana's laptop", 1–60 characters, `#name=` in the join link): shown in
   * the crew list, recorded with its signals and part of who holds show control.
   */
  clientName: optional(ClientName),
  /**
   * The highest term this screen has seen. A core with a lower one learns from it that a
   * backup was promoted, and stops taking commands (superseded).
   */
  knownTerm: optional(Seq),
});
export type HandshakeAuth = z.input<typeof HandshakeAuth>;

/** Sent in the replication handshake's `auth`. */
export const ReplicationAuth = z.object({
  token: optional(Token),
  /** The show the follower holds, if any; a different one is refused. */
  showId: optional(z.string().max(200)),
  /** The last record the follower has; the primary sends every record after it. */
  lastSeq: optional(Seq),
  /**
   * SHA-256 (hex) of that record as JSON ({seq, t, events}): the primary checks it against its
   * own, so a core whose journal went another way (an old primary) is refused, not merged.
   */
  lastDigest: optional(z.string().max(128)),
});
export type ReplicationAuth = z.input<typeof ReplicationAuth>;

export const HANDSHAKES = { crew: HandshakeAuth, replication: ReplicationAuth } as const;
export type HandshakeKind = keyof typeof HANDSHAKES;

/** Both handshakes, parsed one way; never throws (anything not an object is an empty handshake). */
export function readHandshake<K extends HandshakeKind>(
  kind: K,
  auth: unknown,
): z.output<(typeof HANDSHAKES)[K]> {
  const parsed = HANDSHAKES[kind].safeParse(typeof auth === 'object' && auth !== null ? auth : {});
  return (parsed.success ? parsed.data : {}) as z.output<(typeof HANDSHAKES)[K]>;
}

/** Why the core refused a connection (socket.io `connect_error` → `err.data`). */
export const ConnectRefusal = z.object({
  reason: z.enum(['missing-token', 'bad-token', 'rate-limited']),
  message: z.string().max(500),
  retryAfterMs: z.number().nonnegative().optional(),
});
export type ConnectRefusal = z.infer<typeof ConnectRefusal>;

// ---------------------------------------------------------------------------------------------
// Crew pushes (core → screen).

export const Hello = z.object({
  role: z.enum(ROLES),
  /** The name the core took from the handshake (trimmed), or null: who this screen is to the crew. */
  clientName: z.string().nullable(),
  showId: z.string().min(1),
  serverVersion: z.string(),
  protocol: z.number().int(),
  serverTime: Instant,
  /** The core's term and mode: screens use the primary with the highest term. */
  term: z.number().int().positive(),
  mode: CoreMode,
});
export type Hello = z.infer<typeof Hello>;

/** The whole state as of record `seq`. */
export const SnapshotMessage = z
  .object({ showId: z.string().min(1), seq: Seq, state: ShowStateSchema })
  .refine((snapshot) => snapshot.state.showId === snapshot.showId, {
    error: "the state's showId differs from the snapshot's",
    path: ['state', 'showId'],
  });
export type SnapshotMessage = z.infer<typeof SnapshotMessage>;

/** One journal record: the events of one command, applied together. */
export const RecordMessage = z.object({ seq: Seq, t: Instant, events: z.array(ShowEventSchema) });
export type RecordMessage = z.infer<typeof RecordMessage>;

/** OBS as this core sees it: live, not journaled; sent on connect and on every change. */
export const ObsLiveMessage = z.object({
  state: ObsState,
  /** Where this core connects; the password itself never leaves the core. */
  settings: ObsPublicSettings,
});
export type ObsLiveMessage = z.infer<typeof ObsLiveMessage>;

/** Only still images, inline: anything else in an <img src> is not ours to load. */
const IMAGE_DATA_URL = /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/=]+$/;
const MAX_THUMBNAIL_CHARS = 4 * 1024 * 1024;

/** A small JPEG of what is on program or preview, about once a second, only to watchers. */
export const ObsThumbnailMessage = z.object({
  slot: z.enum(['program', 'preview']),
  sceneName: z.string(),
  dataUrl: z.string().max(MAX_THUMBNAIL_CHARS).regex(IMAGE_DATA_URL),
  at: Instant,
});
export type ObsThumbnailMessage = z.infer<typeof ObsThumbnailMessage>;

/** Something the producer must know that is not a reply to their own command (an automation failed). */
export const NoticeMessage = z.object({
  id: z.string().min(1).max(200),
  level: z.enum(['info', 'warn', 'error']),
  text: z.string().max(2_000),
  at: Instant,
});
export type NoticeMessage = z.infer<typeof NoticeMessage>;

export const FollowerStatus = z.object({
  primaryUrl: z.string(),
  connected: z.boolean(),
  /** The last record this follower has. */
  seq: Seq,
  /** The primary's last record, as of its last beat. */
  primarySeq: Seq,
  /** Records behind the primary. */
  lagEvents: z.number().int().nonnegative(),
  /**
   * How far behind, in time: 0 when caught up, else how long ago (by the primary's clock, as
   * the follower estimates it) the oldest record it lacks was written, or since it lost the
   * primary when disconnected.
   */
  lagMs: z.number().nonnegative(),
  /** Why it is not following (refused, wrong show), or null. */
  error: z.string().nullable(),
});
export type FollowerStatus = z.infer<typeof FollowerStatus>;

/** Sent to every crew screen on connect and on change (live, not journaled). */
export const CoreStatusMessage = z.object({
  mode: CoreMode,
  term: z.number().int().positive(),
  /** For a follower: how it is keeping up. */
  follower: FollowerStatus.nullable(),
  /** For a superseded core: the term that replaced it, and where it was heard of, if known. */
  supersededBy: z.object({ term: z.number().int().positive(), url: z.string().nullable() }).nullable(),
});
export type CoreStatusMessage = z.infer<typeof CoreStatusMessage>;

/** Every push of the crew protocol, by name: the core emits these, screens parse them with `readPush`. */
export const CREW_PUSHES = {
  hello: Hello,
  snapshot: SnapshotMessage,
  record: RecordMessage,
  obs: ObsLiveMessage,
  obsThumbnail: ObsThumbnailMessage,
  chat: ChatLiveMessage,
  /** Primary, follower (and its lag) or superseded: on connect and on change. */
  coreStatus: CoreStatusMessage,
  /** To producer and backup screens only. */
  notice: NoticeMessage,
  /** Who is connected, and the join links; producer and backup only. Live, not journaled. */
  crew: CrewPresenceMessage,
  /** The core is about to close this connection on purpose (kicked, or its token revoked). */
  disconnectedBy: DisconnectNotice,
} as const;

// ---------------------------------------------------------------------------------------------
// Crew requests (screen → core).

export type CommandErrorStatus = 400 | 401 | 403 | 409 | 500 | 503;
export const CommandResult = z.union([
  z.object({ ok: z.literal(true), seq: Seq }),
  z.object({
    ok: z.literal(false),
    status: z.union([400, 401, 403, 409, 500, 503].map((code) => z.literal(code as CommandErrorStatus))),
    error: z.string(),
  }),
]);
export type CommandResult = z.infer<typeof CommandResult>;

/** What screens emit without an ack payload of their own, by name; the core parses each. */
export const CREW_REQUESTS = {
  /** The screen's clock reading when it sent the ping; the ack carries the core's. */
  clockPing: Instant,
  /** Start (true) or stop (false) receiving program/preview thumbnails; producer and backup only. */
  obsThumbnails: z.boolean(),
  /** This client's clock estimate (after clockPing samples), shown in the producer's crew list. */
  clockReport: ClockReport,
} as const;

// ---------------------------------------------------------------------------------------------
// Replication (primary → follower, namespace REPLICATION_NAMESPACE).

const RoleTokens = z.object(
  Object.fromEntries(ROLES.map((role) => [role, Token])) as Record<(typeof ROLES)[number], typeof Token>,
);

export const ReplicaHello = z.object({
  showId: z.string().min(1),
  term: z.number().int().positive(),
  /** The primary's durable seq when the follower connected. */
  seq: Seq,
  /**
   * Every role's token, so the crew's join links work on the backup after a takeover. Only a
   * backup or producer token may replicate, and those roles may run the show anyway.
   */
  tokens: RoleTokens,
});
export type ReplicaHello = z.infer<typeof ReplicaHello>;

/** Once a second and with every record: how far the primary is, by its clock. */
export const PrimaryBeat = z.object({ seq: Seq, at: Instant });
export type PrimaryBeat = z.infer<typeof PrimaryBeat>;

export const REPLICATION_PUSHES = {
  replicaHello: ReplicaHello,
  record: RecordMessage,
  beat: PrimaryBeat,
  /** The primary's tokens changed (a role was revoked). */
  tokens: RoleTokens,
  /** The follower's journal is not a prefix of the primary's; it is disconnected. */
  diverged: z.string().max(2_000),
} as const;

// ---------------------------------------------------------------------------------------------
// socket.io event maps, derived from the tables above.

type Listeners<T extends Record<string, z.ZodType>> = { [K in keyof T]: (payload: z.output<T[K]>) => void };

export type ServerToClientEvents = Listeners<typeof CREW_PUSHES>;
export type CrewPushName = keyof typeof CREW_PUSHES;
export type CrewPush<K extends CrewPushName> = z.output<(typeof CREW_PUSHES)[K]>;

export interface ClientToServerEvents {
  /** The payload is parsed by the core's command schema; `unknown` keeps clients honest about that. */
  command: (command: unknown, ack: (result: CommandResult) => void) => void;
  clockPing: (
    clientSentAt: z.output<(typeof CREW_REQUESTS)['clockPing']>,
    ack: (serverTime: number) => void,
  ) => void;
  obsThumbnails: (watch: z.output<(typeof CREW_REQUESTS)['obsThumbnails']>) => void;
  clockReport: (report: z.output<(typeof CREW_REQUESTS)['clockReport']>) => void;
}

export type ReplicationServerEvents = Listeners<typeof REPLICATION_PUSHES> & {
  /**
   * Sent after each batch of a catch-up; the follower acknowledges once every record before it
   * is in its own journal. The primary keeps at most two batches unacknowledged, so a slow
   * follower slows the catch-up down instead of letting a 200 MB journal pile up in buffers.
   */
  catchUpMark: (seq: number, ack: () => void) => void;
};
export type ReplicationPushName = keyof typeof REPLICATION_PUSHES;

export type WireRead<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The one way a message off the wire is checked: by its name in a table above. A message that
 * fails is described (name plus the first problems), never half-applied. One that passes is
 * handed on as it arrived, not as zod rebuilt it: the schemas are gates, not transforms, so a
 * record keeps its exact JSON (a follower's digest of it must match the primary's) and a
 * 50,000-message snapshot is not copied a second time.
 */
export function readWire<T extends Record<string, z.ZodType>, K extends keyof T & string>(
  table: T,
  name: K,
  value: unknown,
): WireRead<z.output<T[K]>> {
  const parsed = table[name]!.safeParse(value);
  if (parsed.success) return { ok: true, value: value as z.output<T[K]> };
  return { ok: false, error: `${name}: ${describeZodError(parsed.error)}` };
}

export const readPush = <K extends CrewPushName>(name: K, value: unknown) =>
  readWire(CREW_PUSHES, name, value);

// ---------------------------------------------------------------------------------------------
// HTTP bodies.

export const HealthResponse = z.object({
  app: z.literal('showcaller'),
  version: z.string(),
  protocol: z.number().int(),
  uptimeMs: z.number().nonnegative(),
  showId: z.string().min(1),
  seq: Seq,
  serverTime: Instant,
  /** Screens probe every core of their join link and use the primary with the highest term. */
  term: z.number().int().positive(),
  mode: CoreMode,
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** A `/api/health` body, checked; null for anything that is not a Showcaller core's. */
export function readHealth(body: unknown): HealthResponse | null {
  const parsed = HealthResponse.safeParse(body);
  return parsed.success ? parsed.data : null;
}

export const StateResponse = z.object({
  showId: z.string().min(1),
  seq: Seq,
  serverTime: Instant,
  state: ShowStateSchema,
});
export type StateResponse = z.infer<typeof StateResponse>;

/** POST /api/workbook-sheets `{ text }` (an .xlsx as base64): its sheets, for the import's sheet picker. */
export const WorkbookSheetsRequest = z.object({ text: z.string().max(MAX_IMPORT_CHARS) }).strict();
export const WorkbookSheetsResponse = z.object({ ok: z.literal(true), sheets: z.array(z.string()) });
export type WorkbookSheetsResponse = z.infer<typeof WorkbookSheetsResponse>;

/** What the producer enters for the chat sources; null turns a source off (parsed by chatSettings.ts). */
export interface ChatSettingsInput {
  slack: SlackSettingsInput | null;
  youtube: YouTubeSettingsInput | null;
}

export { ChatLiveMessage };
