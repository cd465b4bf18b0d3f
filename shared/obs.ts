// Longer than 500 lines on purpose: this is the one OBS vocabulary every layer shares (settings,
// the mirror every screen receives, the commands and the pure checks on them). Split, a reader
// would chase one wire contract through several files; its sections are marked below.
import { z } from 'zod';
import { AdapterHealthFields, type HealthLevel } from './adapterHealth.js';

/**
 * OBS as the show sees it: the connection settings the producer enters, the mirror of OBS that
 * every crew screen receives, the OBS commands, and the pure checks built on them (preflight,
 * lower-third text, health). The core keeps the mirror current (core/obs/obsMirror.ts) and runs
 * the commands (core/obs/obsController.ts); nothing here touches a socket.
 */

// ---------------------------------------------------------------------------------------------
// Settings

export const DEFAULT_OBS_PORT = 4455;

/** What the producer types into the show settings. The password never leaves the core. */
export const ObsSettings = z
  .object({
    host: z
      .string()
      .trim()
      .min(1, 'the OBS address is empty')
      .max(253)
      .regex(/^[A-Za-z0-9.:[\]_-]+$/, 'the OBS address is a host name or an IP address, without "ws://"'),
    port: z.number().int().min(1).max(65_535),
    password: z.string().max(1024),
  })
  .strict();
export type ObsSettings = z.infer<typeof ObsSettings>;

export const DEFAULT_OBS_SETTINGS: ObsSettings = { host: '127.0.0.1', port: DEFAULT_OBS_PORT, password: '' };

/** The settings as clients may see them: whether a password is set, never the password. */
export const ObsPublicSettings = z
  .object({ host: z.string(), port: z.number().int(), hasPassword: z.boolean() })
  .strict();
export type ObsPublicSettings = z.infer<typeof ObsPublicSettings>;

export function publicObsSettings(settings: ObsSettings): ObsPublicSettings {
  return { host: settings.host, port: settings.port, hasPassword: settings.password.length > 0 };
}

/** The websocket URL for the settings; IPv6 literals get their brackets. */
export function obsUrl(settings: Pick<ObsSettings, 'host' | 'port'>): string {
  const host =
    settings.host.includes(':') && !settings.host.startsWith('[') ? `[${settings.host}]` : settings.host;
  return `ws://${host}:${settings.port}`;
}

// ---------------------------------------------------------------------------------------------
// The mirror every crew screen sees

export const OBS_CONNECTION_STATUSES = [
  /** Not asked to connect (no settings yet, or the producer disconnected). */
  'disconnected',
  /** First attempt after connect() or a settings change. */
  'connecting',
  'connected',
  /** Lost or never reached; retrying at `retryAt`. */
  'reconnecting',
  /** OBS refused the password (close 4009). No retry until the settings change. */
  'auth-failed',
  /** OBS ended our session (close 4011). No retry until the settings change or connect(). */
  'kicked',
  /** Not an obs-websocket 5 server, or an RPC version we do not speak. No retry. */
  'unsupported',
] as const;
export const ObsConnectionStatus = z.enum(OBS_CONNECTION_STATUSES);
export type ObsConnectionStatus = z.infer<typeof ObsConnectionStatus>;

export const ObsConnectionInfo = AdapterHealthFields.extend({
  status: ObsConnectionStatus,
  obsVersion: z.string().nullable(),
  websocketVersion: z.string().nullable(),
  rpcVersion: z.number().int().nullable(),
});
export type ObsConnectionInfo = z.infer<typeof ObsConnectionInfo>;

/** Where each connection status sits in the one health vocabulary of every adapter. */
export const OBS_HEALTH: Record<ObsConnectionStatus, HealthLevel> = {
  disconnected: 'off',
  connecting: 'starting',
  connected: 'ok',
  reconnecting: 'retrying',
  'auth-failed': 'stopped',
  kicked: 'stopped',
  unsupported: 'stopped',
};

export const OBS_OUTPUT_PHASES = ['off', 'starting', 'on', 'stopping', 'reconnecting', 'paused'] as const;
export const ObsOutputPhase = z.enum(OBS_OUTPUT_PHASES);
export type ObsOutputPhase = z.infer<typeof ObsOutputPhase>;

export const ObsStreamState = z.object({
  active: z.boolean(),
  reconnecting: z.boolean(),
  phase: ObsOutputPhase,
  /** When the stream went live (epoch ms, core clock), so screens count the duration themselves. */
  startedAt: z.number().nullable(),
  /** OBS's own count at `measuredAt`. */
  durationMs: z.number(),
  timecode: z.string(),
  /** 0..1, OBS's network congestion estimate. */
  congestion: z.number(),
  /** Frames dropped by the network (what OBS shows as "dropped frames") and sent in total. */
  skippedFrames: z.number(),
  totalFrames: z.number(),
  measuredAt: z.number().nullable(),
});
export type ObsStreamState = z.infer<typeof ObsStreamState>;

export const ObsRecordState = z.object({
  active: z.boolean(),
  paused: z.boolean(),
  phase: ObsOutputPhase,
  durationMs: z.number(),
  timecode: z.string(),
  measuredAt: z.number().nullable(),
});
export type ObsRecordState = z.infer<typeof ObsRecordState>;

export const ObsStats = z.object({
  activeFps: z.number(),
  /** Percent of one core, as OBS reports it. */
  cpuUsage: z.number(),
  renderSkippedFrames: z.number(),
  renderTotalFrames: z.number(),
  /** Frames the encoder could not keep up with. */
  outputSkippedFrames: z.number(),
  outputTotalFrames: z.number(),
  /** Megabytes free where OBS records. */
  availableDiskSpace: z.number(),
  /** Frame counts since the previous reading (about 2 s), null for the first one. */
  recent: z
    .object({
      renderSkipped: z.number(),
      renderTotal: z.number(),
      outputSkipped: z.number(),
      outputTotal: z.number(),
    })
    .nullable()
    .default(null),
  /** When these numbers were read (epoch ms, core clock). */
  at: z.number(),
});
export type ObsStats = z.infer<typeof ObsStats>;

export const ObsInput = z.object({ name: z.string(), kind: z.string() });
export type ObsInput = z.infer<typeof ObsInput>;

export const ObsState = z.object({
  connection: ObsConnectionInfo,
  /** True once everything below was read from OBS since the last (re)connect. While false it is the last known picture. */
  synced: z.boolean(),
  /** OBS is switching scene collections; commands wait until it is done. */
  switchingCollection: z.boolean(),
  sceneCollection: z.string().nullable(),
  /** Scene names in OBS's order (top of OBS's scene list first), so keys 1–9 match what the producer sees. */
  scenes: z.array(z.string()),
  programScene: z.string().nullable(),
  /** Only in studio mode. */
  previewScene: z.string().nullable(),
  studioMode: z.boolean(),
  currentTransition: z.string().nullable(),
  /** Null for fixed transitions (Cut). */
  transitionDurationMs: z.number().nullable(),
  transitionActive: z.boolean(),
  transitions: z.array(z.string()),
  stream: ObsStreamState,
  record: ObsRecordState,
  stats: ObsStats.nullable(),
  inputs: z.array(ObsInput),
});
export type ObsState = z.infer<typeof ObsState>;

export function initialConnectionInfo(now: number): ObsConnectionInfo {
  return {
    status: 'disconnected',
    reason: null,
    obsVersion: null,
    websocketVersion: null,
    rpcVersion: null,
    retryAt: null,
    since: now,
  };
}

export function initialObsState(now: number): ObsState {
  return {
    connection: initialConnectionInfo(now),
    synced: false,
    switchingCollection: false,
    sceneCollection: null,
    scenes: [],
    programScene: null,
    previewScene: null,
    studioMode: false,
    currentTransition: null,
    transitionDurationMs: null,
    transitionActive: false,
    transitions: [],
    stream: {
      active: false,
      reconnecting: false,
      phase: 'off',
      startedAt: null,
      durationMs: 0,
      timecode: '00:00:00.000',
      congestion: 0,
      skippedFrames: 0,
      totalFrames: 0,
      measuredAt: null,
    },
    record: {
      active: false,
      paused: false,
      phase: 'off',
      durationMs: 0,
      timecode: '00:00:00.000',
      measuredAt: null,
    },
    stats: null,
    inputs: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Commands (merged into the show's Command union by the core)

const Name = (what: string) => z.string().min(1, `the ${what} name is empty`).max(256);
/** obs-websocket accepts transition durations from 50 ms to 20 s. */
export const MIN_TRANSITION_MS = 50;
export const MAX_TRANSITION_MS = 20_000;
export const MAX_OBS_TEXT_CHARS = 2000;

const obsSetProgramScene = z
  .object({ type: z.literal('obsSetProgramScene'), sceneName: Name('scene') })
  .strict();
const obsSetPreviewScene = z
  .object({ type: z.literal('obsSetPreviewScene'), sceneName: Name('scene') })
  .strict();
const obsTransition = z.object({ type: z.literal('obsTransition') }).strict();
const obsSetStudioMode = z.object({ type: z.literal('obsSetStudioMode'), enabled: z.boolean() }).strict();
const obsSetTransition = z
  .object({
    type: z.literal('obsSetTransition'),
    name: Name('transition').optional(),
    durationMs: z.number().int().min(MIN_TRANSITION_MS).max(MAX_TRANSITION_MS).optional(),
  })
  .strict()
  .refine((cmd) => cmd.name !== undefined || cmd.durationMs !== undefined, {
    error: 'give a transition name, a duration, or both',
  });
const obsStream = z.object({ type: z.literal('obsStream'), action: z.enum(['start', 'stop']) }).strict();
const obsRecord = z.object({ type: z.literal('obsRecord'), action: z.enum(['start', 'stop']) }).strict();
const obsSetText = z
  .object({
    type: z.literal('obsSetText'),
    inputName: Name('input'),
    text: z.string().max(MAX_OBS_TEXT_CHARS),
  })
  .strict();
const obsSetSceneItemEnabled = z
  .object({
    type: z.literal('obsSetSceneItemEnabled'),
    sceneName: Name('scene'),
    sourceName: Name('source'),
    enabled: z.boolean(),
  })
  .strict();
const obsMedia = z
  .object({
    type: z.literal('obsMedia'),
    inputName: Name('input'),
    action: z.enum(['play', 'restart', 'stop']),
  })
  .strict();

/**
 * The OBS command schemas, as a tuple to spread into the show's own union:
 * `z.discriminatedUnion('type', [...showCommands, ...OBS_COMMAND_SCHEMAS])`.
 */
export const OBS_COMMAND_SCHEMAS = [
  obsSetProgramScene,
  obsSetPreviewScene,
  obsTransition,
  obsSetStudioMode,
  obsSetTransition,
  obsStream,
  obsRecord,
  obsSetText,
  obsSetSceneItemEnabled,
  obsMedia,
] as const;

export const ObsCommand = z.discriminatedUnion('type', OBS_COMMAND_SCHEMAS);
export type ObsCommand = z.infer<typeof ObsCommand>;
export type ObsCommandType = ObsCommand['type'];
export type ObsCommandOf<T extends ObsCommandType> = Extract<ObsCommand, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Rundown cues: what a segment asks of OBS

/**
 * What a segment may ask of OBS when it starts; the core may add it to Segment as `obs`. A break
 * segment with no scene of its own goes to the show's break scene (see obsNeedsOf).
 */
export const LowerThirdCue = z
  .object({ inputName: Name('input'), template: z.string().min(1).max(500) })
  .strict();
export type LowerThirdCue = z.infer<typeof LowerThirdCue>;

/**
 * A pre-recorded talk: the OBS media source (ffmpeg_source, vlc_source) the core restarts when
 * the segment starts, and whose position the segment's timer then follows (shared/mediaTimer.ts).
 */
export const MediaCue = z.object({ inputName: Name('input') }).strict();
export type MediaCue = z.infer<typeof MediaCue>;

export const SegmentObsCue = z
  .object({
    scene: Name('scene').optional(),
    lowerThird: LowerThirdCue.optional(),
    media: MediaCue.optional(),
  })
  .strict();
export type SegmentObsCue = z.infer<typeof SegmentObsCue>;

/** The OBS input kinds that play media, and so may be a segment's media cue. */
export const MEDIA_INPUT_KINDS: readonly string[] = ['ffmpeg_source', 'vlc_source'];

export interface ObsNeeds {
  scenes: string[];
  inputs: string[];
  /** The inputs among `inputs` that must be media sources (absent: none). */
  mediaInputs?: string[];
}

/** Every scene and input a rundown names, each once, in rundown order. */
export function obsNeedsOf(
  segments: readonly { kind?: string; obs?: SegmentObsCue | undefined }[],
  options: { breakScene?: string | null } = {},
): ObsNeeds {
  const scenes = new Set<string>();
  const inputs = new Set<string>();
  const mediaInputs = new Set<string>();
  for (const segment of segments) {
    const scene = segment.obs?.scene ?? (segment.kind === 'break' ? options.breakScene : undefined);
    if (scene) scenes.add(scene);
    if (segment.obs?.lowerThird) inputs.add(segment.obs.lowerThird.inputName);
    if (segment.obs?.media) {
      inputs.add(segment.obs.media.inputName);
      mediaInputs.add(segment.obs.media.inputName);
    }
  }
  return { scenes: [...scenes], inputs: [...inputs], mediaInputs: [...mediaInputs] };
}

export interface PreflightResult {
  /** True when OBS was read and has everything the rundown names. */
  ok: boolean;
  /** False when OBS is not connected and synced, so nothing could be checked. */
  checked: boolean;
  missingScenes: string[];
  missingInputs: string[];
  /** Inputs a segment plays as media that OBS has, but of a kind that plays no media. */
  notMediaInputs: string[];
  /** One line per problem, for the producer. */
  problems: string[];
}

/** Lists every scene and input the rundown names that OBS does not have, before going live. */
export function preflight(rundownNeeds: ObsNeeds, obs: ObsState): PreflightResult {
  if (obs.connection.status !== 'connected' || !obs.synced) {
    return {
      ok: false,
      checked: false,
      missingScenes: [],
      missingInputs: [],
      notMediaInputs: [],
      problems: ['OBS is not connected, so the rundown’s scenes and inputs could not be checked'],
    };
  }
  const scenes = new Set(obs.scenes);
  const kinds = new Map(obs.inputs.map((input) => [input.name, input.kind]));
  const missingScenes = unique(rundownNeeds.scenes).filter((name) => !scenes.has(name));
  const missingInputs = unique([...rundownNeeds.inputs, ...(rundownNeeds.mediaInputs ?? [])]).filter(
    (name) => !kinds.has(name),
  );
  const notMediaInputs = unique(rundownNeeds.mediaInputs ?? []).filter((name) => {
    const kind = kinds.get(name);
    return kind !== undefined && !MEDIA_INPUT_KINDS.includes(kind);
  });
  const problems = [
    ...missingScenes.map((name) => `OBS has no scene "${name}"`),
    ...missingInputs.map((name) => `OBS has no input "${name}"`),
    ...notMediaInputs.map(
      (name) => `OBS input "${name}" is a ${kinds.get(name)}, not a media source, so it cannot play a talk`,
    ),
  ];
  return {
    ok: problems.length === 0,
    checked: true,
    missingScenes,
    missingInputs,
    notMediaInputs,
    problems,
  };
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

// ---------------------------------------------------------------------------------------------
// Lower thirds

export interface LowerThirdFields {
  speakers: readonly string[];
  title: string;
  session: string;
}

export const LOWER_THIRD_FIELDS = ['speakers', 'title', 'session'] as const;
const PLACEHOLDER = /\{(\w+)\}/g;
/** Separators a template puts between fields; trimmed when a field beside them is empty. */
const EDGE_SEPARATORS = /^[\s—–\-|:·•,/]+|[\s—–\-|:·•,/]+$/g;

/**
 * Fills a lower-third template: `{speakers} — {title}` → "Ada Lovelace, Alan Turing — On
 * Engines". Unknown placeholders stay as typed (validateLowerThirdTemplate reports them), and a
 * separator left dangling by an empty field is dropped, so a break without speakers reads
 * "Lunch", not " — Lunch".
 */
export function renderLowerThird(template: string, fields: LowerThirdFields): string {
  const values: Record<(typeof LOWER_THIRD_FIELDS)[number], string> = {
    speakers: fields.speakers
      .map((s) => s.trim())
      .filter(Boolean)
      .join(', '),
    title: fields.title.trim(),
    session: fields.session.trim(),
  };
  const rendered = template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as keyof typeof values] : whole,
  );
  return rendered.replace(EDGE_SEPARATORS, '');
}

/** The placeholders in a template that renderLowerThird does not know, for the settings form. */
export function validateLowerThirdTemplate(template: string): string[] {
  const unknown: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!(LOWER_THIRD_FIELDS as readonly string[]).includes(name) && !unknown.includes(name))
      unknown.push(name);
  }
  return unknown;
}

// ---------------------------------------------------------------------------------------------
// Health strip

export type ObsHealthLevel = 'ok' | 'warn' | 'bad';

export interface ObsHealth {
  level: ObsHealthLevel;
  /** Network-dropped frames of the stream, percent of all sent. */
  droppedFramesPct: number;
  /** Frames the renderer and the encoder skipped, percent. */
  renderSkippedPct: number;
  encoderSkippedPct: number;
  problems: string[];
}

/** Thresholds the health strip uses; OBS's own stats dock turns things red about here too. */
export const OBS_HEALTH_LIMITS = {
  droppedWarnPct: 1,
  droppedBadPct: 5,
  skippedWarnPct: 1,
  skippedBadPct: 5,
  congestionWarn: 0.5,
  congestionBad: 0.8,
  cpuWarnPct: 80,
  diskWarnMb: 5 * 1024,
  diskBadMb: 1024,
} as const;

const pct = (part: number, total: number): number => (total > 0 ? (100 * part) / total : 0);

/** What the health strip shows and whether it turns amber or red. Counters are OBS's totals since it started. */
export function obsHealth(obs: ObsState): ObsHealth {
  const L = OBS_HEALTH_LIMITS;
  const problems: { level: ObsHealthLevel; text: string }[] = [];
  const droppedFramesPct = pct(obs.stream.skippedFrames, obs.stream.totalFrames);
  // Skipped frames are judged over the last reading's window, not since OBS started: a rough
  // start-up must not keep the strip red for the rest of the show.
  const recent = obs.stats?.recent ?? null;
  const renderSkippedPct = recent ? pct(recent.renderSkipped, recent.renderTotal) : 0;
  const encoderSkippedPct = recent ? pct(recent.outputSkipped, recent.outputTotal) : 0;

  if (obs.connection.status !== 'connected') {
    problems.push({ level: 'bad', text: obs.connection.reason ?? 'OBS is not connected' });
  }
  if (obs.stream.reconnecting) problems.push({ level: 'bad', text: 'the stream is reconnecting' });
  if (obs.stream.active) {
    if (droppedFramesPct >= L.droppedWarnPct) {
      problems.push({
        level: droppedFramesPct >= L.droppedBadPct ? 'bad' : 'warn',
        text: `${droppedFramesPct.toFixed(1)}% frames dropped (network)`,
      });
    }
    if (obs.stream.congestion >= L.congestionWarn) {
      problems.push({
        level: obs.stream.congestion >= L.congestionBad ? 'bad' : 'warn',
        text: `network congestion ${Math.round(obs.stream.congestion * 100)}%`,
      });
    }
  }
  for (const [value, what] of [
    [renderSkippedPct, 'rendering lag'],
    [encoderSkippedPct, 'encoding lag'],
  ] as const) {
    if (value >= L.skippedWarnPct) {
      problems.push({
        level: value >= L.skippedBadPct ? 'bad' : 'warn',
        text: `${value.toFixed(1)}% frames skipped (${what})`,
      });
    }
  }
  if (obs.stats && obs.stats.cpuUsage >= L.cpuWarnPct) {
    problems.push({ level: 'warn', text: `OBS CPU ${Math.round(obs.stats.cpuUsage)}%` });
  }
  if (obs.stats && obs.stats.availableDiskSpace < L.diskWarnMb) {
    problems.push({
      level: obs.stats.availableDiskSpace < L.diskBadMb ? 'bad' : 'warn',
      text: `${(obs.stats.availableDiskSpace / 1024).toFixed(1)} GB free for recordings`,
    });
  }
  const level: ObsHealthLevel = problems.some((p) => p.level === 'bad')
    ? 'bad'
    : problems.some((p) => p.level === 'warn')
      ? 'warn'
      : 'ok';
  return {
    level,
    droppedFramesPct,
    renderSkippedPct,
    encoderSkippedPct,
    problems: problems.map((p) => p.text),
  };
}
