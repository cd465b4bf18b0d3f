import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PORT } from '../../core/server.js';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  parseSettingsFile,
  resolveSettings,
} from '../../electron/settings.js';

describe('resolveSettings', () => {
  it('uses the defaults when there is no file', () => {
    expect(resolveSettings(null, {})).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    expect(DEFAULT_SETTINGS.port).toBe(DEFAULT_PORT);
    expect(DEFAULT_SETTINGS.host).toBe('0.0.0.0');
  });

  it('takes every field of a good file', () => {
    const follow = { url: 'http://192.168.1.20:4747', token: 'backup-token-0123456789' };
    const text = JSON.stringify({
      port: 5000,
      host: '192.168.1.31',
      shortcuts: { nextSegment: 'F13' },
      advertise: ['http://192.168.1.20:4747'],
      follow,
    });
    expect(resolveSettings(text, {})).toEqual({
      settings: {
        port: 5000,
        host: '192.168.1.31',
        shortcuts: { nextSegment: 'F13' },
        advertise: ['http://192.168.1.20:4747'],
        follow,
      },
      problems: [],
    });
  });

  it('refuses a backup setting without a usable address or token, and runs as a primary', () => {
    const text = JSON.stringify({ follow: { url: 'ftp://primary', token: 'short' } });
    const { settings, problems } = resolveSettings(text, {});
    expect(settings.follow).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^settings\.json: follow: .*; using the default$/);
  });

  it('keeps defaults for fields the file leaves out, and null turns the shortcut off', () => {
    const { settings, problems } = resolveSettings('{"shortcuts": {"nextSegment": null}}', {});
    expect(problems).toEqual([]);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, shortcuts: { nextSegment: null } });
  });

  it('lets the environment override the file', () => {
    const { settings, problems } = resolveSettings('{"port": 5000, "host": "127.0.0.1"}', {
      SHOWCALLER_PORT: '6000',
      SHOWCALLER_HOST: '10.0.0.5',
    });
    expect(problems).toEqual([]);
    expect(settings.port).toBe(6000);
    expect(settings.host).toBe('10.0.0.5');
  });

  it('reports a bad environment value and keeps the file value', () => {
    for (const value of ['abc', '0', '70000', '47.5', '-1']) {
      const { settings, problems } = resolveSettings('{"port": 5000}', { SHOWCALLER_PORT: value });
      expect(settings.port).toBe(5000);
      expect(problems).toEqual([`SHOWCALLER_PORT="${value}" is not a port from 1 to 65535; using 5000`]);
    }
  });
});

describe('parseSettingsFile: a bad file is reported, and only its bad fields fall back', () => {
  it('reports invalid JSON and uses the defaults', () => {
    const { settings, problems } = resolveSettings('{ port: 5000 ', {});
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^settings\.json is not valid JSON \(.+\); using defaults$/);
  });

  it.each(['[]', '"4747"', 'null', '4747'])('reports %s, which is not an object', (text) => {
    const { settings, problems } = resolveSettings(text, {});
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toEqual(['settings.json must hold a JSON object like {"port": 4747}; using defaults']);
  });

  it('names each wrong field and keeps the right ones', () => {
    const text = JSON.stringify({
      port: '5000',
      host: '10.0.0.5',
      shortcuts: { nextSegment: 'F13', previous: 'F12' },
    });
    const { settings, problems } = resolveSettings(text, {});
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, port: DEFAULT_PORT, host: '10.0.0.5' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^settings\.json: port: .*expected number.*; using the default$/);
    expect(problems[1]).toMatch(/^settings\.json: shortcuts: .*previous.*; using the default$/);
  });

  it.each([0, 65_536, 47.5, -1])('refuses port %s', (port) => {
    expect(parseSettingsFile(JSON.stringify({ port })).problems).toHaveLength(1);
  });

  it('refuses an empty host and an empty shortcut', () => {
    const { file, problems } = parseSettingsFile('{"host": "  ", "shortcuts": {"nextSegment": ""}}');
    expect(file).toEqual({});
    expect(problems).toHaveLength(2);
  });

  it('reports unknown settings (a typo must not pass silently)', () => {
    const { file, problems } = parseSettingsFile('{"prot": 5000, "port": 5001}');
    expect(file).toEqual({ port: 5001 });
    expect(problems).toEqual([
      'settings.json: unknown setting "prot" ignored (known: port, host, shortcuts, advertise, follow)',
    ]);
  });

  it('does not treat inherited names as settings', () => {
    expect(parseSettingsFile('{"__proto__": {"port": 1}, "toString": 1}').problems).toHaveLength(2);
    expect(resolveSettings('{"__proto__": {"port": 1}}', {}).settings.port).toBe(DEFAULT_PORT);
  });
});

describe('loadSettings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'showcaller-settings-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('treats a missing file as "all defaults", with no problem to report', async () => {
    expect(await loadSettings(path.join(dir, 'missing.json'), {})).toEqual({
      settings: DEFAULT_SETTINGS,
      problems: [],
    });
  });

  it('reads a good file', async () => {
    const file = path.join(dir, 'good.json');
    await writeFile(file, '{"port": 4848}\n');
    expect(await loadSettings(file, {})).toEqual({
      settings: { ...DEFAULT_SETTINGS, port: 4848 },
      problems: [],
    });
  });

  it('reports a bad file', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, '{"port": 4848,}');
    const { settings, problems } = await loadSettings(file, { SHOWCALLER_PORT: '4900' });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, port: 4900 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/not valid JSON/);
  });

  it('reports a file it cannot read', async () => {
    const { settings, problems } = await loadSettings(dir, {});
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^settings\.json could not be read \(.*EISDIR.*\); using defaults$/);
  });
});
