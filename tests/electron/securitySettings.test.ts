import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Cheap source checks that catch a regression in the window hardening without launching
 * Electron (its binary cannot be downloaded on these machines).
 */
const ELECTRON_DIR = fileURLToPath(new URL('../../electron/', import.meta.url));
const sourceFiles = readdirSync(ELECTRON_DIR).filter((name) => /\.c?ts$/.test(name));
const read = (name: string) => readFileSync(path.join(ELECTRON_DIR, name), 'utf8');
/** Source without comments, so prose mentioning a setting does not count. */
const code = (name: string) =>
  read(name)
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');

function webPreferencesOf(source: string): string {
  const match = /webPreferences:\s*\{([^}]*)\}/.exec(source);
  if (!match) throw new Error('no webPreferences block');
  return match[1]!;
}

describe('window hardening', () => {
  it('creates every BrowserWindow in appWindow.ts, and nowhere else', () => {
    const creators = sourceFiles.filter((name) => /new\s+BrowserWindow\s*\(/.test(code(name)));
    expect(creators).toEqual(['appWindow.ts']);
    expect(code('main.ts')).toMatch(/createAppWindow\(/);
    expect(code('stageWindow.ts')).toMatch(/createAppWindow\(/);
  });

  it('isolates and sandboxes the renderer, with no Node in it', () => {
    const prefs = webPreferencesOf(code('appWindow.ts'));
    expect(prefs).toMatch(/\bcontextIsolation:\s*true\b/);
    expect(prefs).toMatch(/\bsandbox:\s*true\b/);
    expect(prefs).toMatch(/\bnodeIntegration:\s*false\b/);
    expect(prefs).toMatch(/\bnodeIntegrationInSubFrames:\s*false\b/);
    expect(prefs).toMatch(/\bwebSecurity:\s*true\b/);
    expect(prefs).toMatch(/\bwebviewTag:\s*false\b/);
    expect(prefs).toMatch(/\bpreload:/);
  });

  it('never weakens a setting anywhere in the shell', () => {
    const weak =
      /\b(contextIsolation|sandbox|webSecurity):\s*false\b|\b(nodeIntegration\w*|allowRunningInsecureContent|webviewTag|experimentalFeatures):\s*true\b/;
    for (const name of sourceFiles) expect(code(name), name).not.toMatch(weak);
  });

  it('locks navigation and denies new windows and permissions', () => {
    const source = code('appWindow.ts');
    expect(source).toMatch(/'will-navigate'/);
    expect(source).toMatch(/'will-redirect'/);
    expect(source).toMatch(/setWindowOpenHandler\(/);
    expect(source).toMatch(/action:\s*'deny'/);
    expect(source).not.toMatch(/action:\s*'allow'/);
    expect(source).toMatch(/setPermissionRequestHandler\(/);
    expect(code('main.ts')).toMatch(/denyAllPermissions\(session\.defaultSession\)/);
  });

  it('does not put a token in the URL of any window', () => {
    for (const name of sourceFiles) expect(code(name), name).not.toMatch(/loadURL\([^)]*token/i);
    expect(code('main.ts')).toMatch(/\?view=console/);
  });

  it('keeps the unit-tested policy modules free of electron', () => {
    for (const name of [
      'navigationPolicy.ts',
      'connectionGrant.ts',
      'settings.ts',
      'stageDisplay.ts',
      'joinLinks.ts',
    ]) {
      expect(code(name), name).not.toMatch(/from\s+'electron'|require\(\s*'electron'\s*\)/);
    }
  });

  it('points the windows at the preload that tsc emits', () => {
    expect(code('main.ts')).toMatch(/new URL\('\.\/preload\.cjs', import\.meta\.url\)/);
    expect(sourceFiles).toContain('preload.cts');
  });
});
