import type {
  ObsConnectionInfo,
  ObsPublicSettings,
  ObsRecordState,
  ObsState,
  ObsStreamState,
} from '../../shared/obs.js';
import { OBS_HEALTH } from '../../shared/obs.js';
import type { HealthLevel } from '../../shared/adapterHealth.js';

/**
 * What the console and crew screens say about OBS, as pure functions of the mirror and the
 * core's clock, so the wording is tested without a browser and every screen says the same.
 */

export type StatusTone = 'ok' | 'warn' | 'bad' | 'idle';

export interface ConnectionLine {
  tone: StatusTone;
  /** The headline: "OBS 29.0.2 · ws 5.1.0", "Auth failed: check the password". */
  text: string;
  /** The core's reason, when it adds something to the headline. */
  detail: string | null;
}

const address = (settings: ObsPublicSettings | null) =>
  settings
    ? ` at ${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${settings.port}`
    : '';

/** "Reconnecting in 3 s" from the core's next attempt and its clock now. */
export function retryText(retryAt: number | null, serverNow: number): string {
  if (retryAt === null) return 'Reconnecting…';
  const seconds = Math.ceil((retryAt - serverNow) / 1000);
  return seconds >= 1 ? `Reconnecting in ${seconds} s` : 'Reconnecting now…';
}

/** How each health level looks in the OBS strip: OBS lost or refusing is an emergency on air. */
const LEVEL_TONE: Record<HealthLevel, StatusTone> = {
  ok: 'ok',
  starting: 'warn',
  retrying: 'bad',
  stopped: 'bad',
  off: 'idle',
};

export function connectionLine(
  info: ObsConnectionInfo,
  settings: ObsPublicSettings | null,
  serverNow: number,
): ConnectionLine {
  return { tone: LEVEL_TONE[OBS_HEALTH[info.status]], ...connectionWords(info, settings, serverNow) };
}

function connectionWords(
  info: ObsConnectionInfo,
  settings: ObsPublicSettings | null,
  serverNow: number,
): Omit<ConnectionLine, 'tone'> {
  switch (info.status) {
    case 'connected': {
      const versions = [
        info.obsVersion ? `OBS ${info.obsVersion}` : 'OBS',
        info.websocketVersion ? `ws ${info.websocketVersion}` : null,
      ].filter(Boolean);
      return { text: versions.join(' · '), detail: null };
    }
    case 'connecting':
      return { text: `Connecting to OBS${address(settings)}…`, detail: info.reason };
    case 'reconnecting':
      return {
        text: retryText(info.retryAt, serverNow),
        detail: info.reason ?? `OBS${address(settings)} is not answering`,
      };
    case 'auth-failed':
      return { text: 'Auth failed: check the password', detail: info.reason };
    case 'kicked':
      return {
        text: 'OBS closed the connection',
        detail: info.reason ?? 'No retry until the OBS settings are saved again.',
      };
    case 'unsupported':
      return { text: 'OBS version not supported', detail: info.reason };
    case 'disconnected':
      return { text: 'OBS not connected', detail: info.reason ?? 'Set its address in OBS settings.' };
    default:
      return info.status satisfies never;
  }
}

/** "01:02:03": broadcast tools count on-air time in hours, minutes and seconds. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return [hours, minutes, seconds].map((n) => String(n).padStart(2, '0')).join(':');
}

/** How long the stream has been live, from when it went live on the core's clock; null when off. */
export function streamElapsedMs(stream: ObsStreamState, serverNow: number): number | null {
  if (!stream.active) return null;
  if (stream.startedAt !== null) return Math.max(0, serverNow - stream.startedAt);
  // Already live when the core connected: OBS's own count, carried forward.
  return stream.durationMs + (stream.measuredAt === null ? 0 : Math.max(0, serverNow - stream.measuredAt));
}

/** How long the recording runs (pauses do not count, as in OBS); null when off. */
export function recordElapsedMs(record: ObsRecordState, serverNow: number): number | null {
  if (!record.active) return null;
  if (record.paused || record.measuredAt === null) return record.durationMs;
  return record.durationMs + Math.max(0, serverNow - record.measuredAt);
}

export type OnAir = 'live' | 'reconnecting' | 'starting' | 'stopping' | 'off' | 'unknown';

/**
 * Whether the show is on air, for the MC and stage screens. "unknown" whenever OBS is not
 * connected: a last-known LIVE from a dead link is the misleading thing to avoid.
 */
export function onAirOf(obs: ObsState | null): OnAir {
  if (!obs || obs.connection.status !== 'connected') return 'unknown';
  const { stream } = obs;
  if (stream.reconnecting || stream.phase === 'reconnecting') return 'reconnecting';
  if (stream.phase === 'starting') return 'starting';
  if (stream.phase === 'stopping') return 'stopping';
  return stream.active ? 'live' : 'off';
}

export const ON_AIR_WORDS: Record<OnAir, string> = {
  live: 'LIVE',
  reconnecting: 'LIVE · reconnecting',
  starting: 'Going live…',
  stopping: 'Ending stream…',
  off: 'OFF AIR',
  unknown: 'OBS offline',
};

/** "0.4%", with one decimal below 10 and none above. */
export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return `${value < 10 ? value.toFixed(1) : Math.round(value)}%`;
}

/** Text sources OBS can take a lower third's words into (Linux FreeType 2, Windows GDI+). */
export const TEXT_INPUT_KIND = /^(text_ft2_source|text_gdiplus)/;
