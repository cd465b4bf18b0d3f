import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DEFAULT_HOST, DEFAULT_PORT } from '../core/server.js';
import { describeZodError } from '../shared/zodErrors.js';

/**
 * The desktop app's own settings: `settings.json` in the user-data folder, then environment
 * variables on top. Pure apart from reading the file, so it is tested without Electron.
 *
 * A bad file does not stop the app and is not silently ignored: every problem is reported
 * (the main process shows them in a dialog) and only the fields that are wrong fall back to
 * their defaults. A typo in an optional file must not keep the show from starting, and the
 * producer must know why the port or shortcut is not the one they wrote.
 */

export const SETTINGS_FILE_NAME = 'settings.json';
export const DEFAULT_NEXT_SEGMENT_SHORTCUT = 'CommandOrControl+Alt+N';

/** 0 (any free port) is refused: crew links carry the port and must survive a restart. */
const Port = z.number().int().min(1).max(65_535);
const Host = z.string().trim().min(1).regex(/^\S+$/, 'must not contain spaces');
/** An Electron accelerator such as `CommandOrControl+Alt+N`, or null to register none. */
const Accelerator = z.string().trim().min(1).max(100);
const Shortcuts = z.object({ nextSegment: Accelerator.nullable().optional() }).strict();
const CoreUrl = z.url({ protocol: /^https?$/ });
/** More core addresses for join links (`serve --advertise`): the backup laptop's core. */
const Advertise = z.array(CoreUrl).max(10);
/** Run as the show's backup (`serve --follow URL --token TOKEN`): see docs/backup.md. */
const Follow = z
  .object({ url: CoreUrl, token: z.string().trim().min(16) })
  .strict()
  .nullable();

const FIELDS = {
  port: Port,
  host: Host,
  shortcuts: Shortcuts,
  advertise: Advertise,
  follow: Follow,
} as const;
type SettingsFile = { [K in keyof typeof FIELDS]?: z.infer<(typeof FIELDS)[K]> };

export interface Settings {
  port: number;
  host: string;
  shortcuts: { nextSegment: string | null };
  advertise: string[];
  follow: { url: string; token: string } | null;
}

export interface LoadedSettings {
  settings: Settings;
  /** One line per problem, naming where it is (`settings.json: port: …`, `SHOWCALLER_PORT: …`). */
  problems: string[];
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  // The core's: a fixed port so crew links survive restarts, every interface so the LAN reaches it.
  port: DEFAULT_PORT,
  host: DEFAULT_HOST,
  shortcuts: Object.freeze({ nextSegment: DEFAULT_NEXT_SEGMENT_SHORTCUT }),
  advertise: [],
  follow: null,
});

/** Parses the file's text field by field, keeping every field that is valid. */
export function parseSettingsFile(text: string): { file: SettingsFile; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      file: {},
      problems: [`${SETTINGS_FILE_NAME} is not valid JSON (${(error as Error).message}); using defaults`],
    };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      file: {},
      problems: [`${SETTINGS_FILE_NAME} must hold a JSON object like {"port": 4747}; using defaults`],
    };
  }

  const file: SettingsFile = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (!Object.hasOwn(FIELDS, key)) {
      problems.push(
        `${SETTINGS_FILE_NAME}: unknown setting "${key}" ignored (known: ${Object.keys(FIELDS).join(', ')})`,
      );
      continue;
    }
    const field = key as keyof typeof FIELDS;
    const parsed = FIELDS[field].safeParse(value);
    if (parsed.success) Object.assign(file, { [field]: parsed.data });
    else problems.push(`${SETTINGS_FILE_NAME}: ${key}: ${describeZodError(parsed.error)}; using the default`);
  }
  return { file, problems };
}

export interface SettingsEnv {
  SHOWCALLER_PORT?: string | undefined;
  SHOWCALLER_HOST?: string | undefined;
}

/** Defaults, then the file (null when there is none), then the environment. */
export function resolveSettings(fileText: string | null, env: SettingsEnv): LoadedSettings {
  const { file, problems } = fileText === null ? { file: {}, problems: [] } : parseSettingsFile(fileText);
  const settings: Settings = {
    port: file.port ?? DEFAULT_SETTINGS.port,
    host: file.host ?? DEFAULT_SETTINGS.host,
    shortcuts: {
      nextSegment:
        file.shortcuts?.nextSegment === undefined
          ? DEFAULT_SETTINGS.shortcuts.nextSegment
          : file.shortcuts.nextSegment,
    },
    advertise: file.advertise ?? [],
    follow: file.follow ?? null,
  };

  if (env.SHOWCALLER_PORT !== undefined && env.SHOWCALLER_PORT !== '') {
    const raw = env.SHOWCALLER_PORT.trim();
    const port = Port.safeParse(/^\d+$/.test(raw) ? Number(raw) : Number.NaN);
    if (port.success) settings.port = port.data;
    else
      problems.push(
        `SHOWCALLER_PORT="${env.SHOWCALLER_PORT}" is not a port from 1 to 65535; using ${settings.port}`,
      );
  }
  if (env.SHOWCALLER_HOST !== undefined && env.SHOWCALLER_HOST !== '') {
    const host = Host.safeParse(env.SHOWCALLER_HOST);
    if (host.success) settings.host = host.data;
    else
      problems.push(
        `SHOWCALLER_HOST="${env.SHOWCALLER_HOST}": ${describeZodError(host.error)}; using ${settings.host}`,
      );
  }
  return { settings, problems };
}

/** Reads `settings.json` (a missing file is normal: defaults, no problems). */
export async function loadSettings(filePath: string, env: SettingsEnv): Promise<LoadedSettings> {
  let text: string | null = null;
  const problems: string[] = [];
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT')
      problems.push(`${SETTINGS_FILE_NAME} could not be read (${(error as Error).message}); using defaults`);
  }
  const loaded = resolveSettings(text, env);
  return { settings: loaded.settings, problems: [...problems, ...loaded.problems] };
}
