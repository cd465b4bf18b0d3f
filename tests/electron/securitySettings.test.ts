import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { isAllowedNavigation, originOf } from '../../electron/navigationPolicy.js';
import type { AppWindowSpec } from '../../electron/windowSecurity.js';
import {
  APP_WINDOW_KINDS,
  appWindowOptions,
  appWindowUrl,
  denyAllPermissions,
  lockNavigation,
  roleOfKind,
} from '../../electron/windowSecurity.js';
import { SHOW_CONTROL_ROLES } from '../../shared/roles.js';
import { FakeWebContents } from './fakeElectron.js';

/**
 * The window hardening, checked on the real objects windowSecurity.ts builds: the options
 * every `new BrowserWindow` gets and the handlers it installs on a window's webContents.
 * (That this file imports windowSecurity.ts at all shows the module needs no Electron at run
 * time: the electron package cannot even load here, its binary cannot be downloaded.)
 * tests/electron/appWindow.test.ts checks that createAppWindow hands these to Electron.
 */

const APP_URL = 'http://127.0.0.1:4747';
const APP_ORIGIN = originOf(APP_URL);
const PRELOAD = '/opt/Showcaller/resources/app.asar/dist/electron/preload.cjs';

/** One spec per layout the app opens; the test below checks it covers every window kind. */
const WINDOWS: [name: string, spec: AppWindowSpec][] = [
  ['the console', { kind: 'console' }],
  [
    'the stage timer on a second display',
    { kind: 'stage', display: { bounds: { x: 1920, y: 0, width: 1920, height: 1080 } } },
  ],
  ['the stage timer with a single display', { kind: 'stage', display: null }],
];

describe('window options', () => {
  it('are checked for every kind of window the app opens', () => {
    expect(new Set(WINDOWS.map(([, spec]) => spec.kind))).toEqual(new Set(APP_WINDOW_KINDS));
  });

  describe.each(WINDOWS)('%s', (_name, spec) => {
    describe.each([
      ['in development', false],
      ['packaged', true],
    ])('%s', (_mode, isPackaged) => {
      const options = appWindowOptions(spec, { preloadPath: PRELOAD, isPackaged });
      const prefs = options.webPreferences ?? {};

      it('isolates and sandboxes the renderer, with no Node in it', () => {
        expect(prefs.contextIsolation).toBe(true);
        expect(prefs.sandbox).toBe(true);
        expect(prefs.nodeIntegration).toBe(false);
        expect(prefs.nodeIntegrationInSubFrames).toBe(false);
        expect(prefs.nodeIntegrationInWorker).toBe(false);
      });

      it('keeps web security and refuses insecure content, experiments and webviews', () => {
        expect(prefs.webSecurity).toBe(true);
        expect(prefs.allowRunningInsecureContent ?? false).toBe(false);
        expect(prefs.experimentalFeatures ?? false).toBe(false);
        expect(prefs.webviewTag ?? false).toBe(false);
      });

      it('runs the app preload, and devtools only in development', () => {
        expect(prefs.preload).toBe(PRELOAD);
        expect(prefs.devTools).toBe(!isPackaged);
      });

      it('sets no other preference (a new one must be added here on purpose)', () => {
        expect(Object.keys(prefs).sort()).toEqual(
          [
            'allowRunningInsecureContent',
            'contextIsolation',
            'devTools',
            'experimentalFeatures',
            'nodeIntegration',
            'nodeIntegrationInSubFrames',
            'nodeIntegrationInWorker',
            'preload',
            'sandbox',
            'webSecurity',
            'webviewTag',
          ].sort(),
        );
      });
    });
  });

  it('puts the stage timer frameless and full screen on the second display, else in a window', () => {
    const bounds = { x: 1920, y: 0, width: 1920, height: 1080 };
    const env = { preloadPath: PRELOAD, isPackaged: true };
    expect(appWindowOptions({ kind: 'stage', display: { bounds } }, env)).toMatchObject({
      ...bounds,
      frame: false,
      fullscreen: true,
    });
    const windowed = appWindowOptions({ kind: 'stage', display: null }, env);
    expect(windowed).toMatchObject({ width: 960, height: 540 });
    expect(windowed.fullscreen).toBeUndefined();
  });
});

describe('window roles and pages', () => {
  it('gives the producer token to the console only; the stage timer cannot run the show', () => {
    expect(roleOfKind('console')).toBe('producer');
    expect(roleOfKind('stage')).toBe('viewer');
    expect(SHOW_CONTROL_ROLES).not.toContain(roleOfKind('stage'));
  });

  it.each(APP_WINDOW_KINDS)('loads the %s from the core, with no token in the URL', (kind) => {
    const url = new URL(appWindowUrl(kind, APP_URL));
    expect(url.origin).toBe(APP_ORIGIN);
    expect([...url.searchParams.keys()]).toEqual(['view']);
    expect(url.searchParams.get('view')).toBe(kind);
    expect(url.href).not.toMatch(/token/i);
    // …and the navigation lock lets the window go there.
    expect(isAllowedNavigation(url.href, APP_ORIGIN)).toBe(true);
  });
});

describe('navigation lock', () => {
  function lockedContents() {
    const contents = new FakeWebContents();
    const openExternal = vi.fn<(url: string) => void>();
    lockNavigation(contents, APP_ORIGIN, openExternal);
    return { contents, openExternal };
  }

  it('lets the window move between pages of the core', () => {
    const { contents, openExternal } = lockedContents();
    for (const url of [appWindowUrl('console', APP_URL), `${APP_URL}/?view=stage#x`]) {
      expect(contents.navigate('will-navigate', url).preventDefault).not.toHaveBeenCalled();
      expect(contents.navigate('will-redirect', url).preventDefault).not.toHaveBeenCalled();
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('stops a link to another site and opens it in the system browser instead', () => {
    const { contents, openExternal } = lockedContents();
    const event = contents.navigate('will-navigate', 'https://normconf.com/talks');
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(openExternal.mock.calls).toEqual([['https://normconf.com/talks']]);
  });

  it.each([
    // [what, url, handed to the system browser]
    ['another port of the same host', 'http://127.0.0.1:4748/', true],
    ['the same port by another name', 'http://localhost:4747/', true],
    ['a file', 'file:///etc/passwd', false],
    ['script', 'javascript:alert(1)', false],
    ['a data page', 'data:text/html,<script>alert(1)</script>', false],
    ['a custom scheme', 'ms-settings:privacy', false],
    ['a link with credentials', 'http://user:pass@example.com/', false],
  ])('stops navigation to %s', (_name, url, external) => {
    const { contents, openExternal } = lockedContents();
    expect(contents.navigate('will-navigate', url).preventDefault).toHaveBeenCalledOnce();
    expect(openExternal.mock.calls).toEqual(external ? [[url]] : []);
  });

  it('stops a redirect away from the core without opening anything', () => {
    const { contents, openExternal } = lockedContents();
    for (const url of ['https://evil.example/', 'http://localhost:4747/', 'file:///etc/passwd']) {
      expect(contents.navigate('will-redirect', url).preventDefault).toHaveBeenCalledOnce();
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('never opens a new window; web links go to the system browser', () => {
    const { contents, openExternal } = lockedContents();
    expect(contents.open('https://normconf.com/')).toEqual({ action: 'deny' });
    expect(contents.open(appWindowUrl('stage', APP_URL))).toEqual({ action: 'deny' });
    expect(contents.open('file:///C:/Windows/System32/calc.exe')).toEqual({ action: 'deny' });
    expect(contents.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://normconf.com/'], [appWindowUrl('stage', APP_URL)]]);
  });

  it('never attaches a webview', () => {
    const { contents } = lockedContents();
    expect(contents.attachWebview('https://evil.example/').preventDefault).toHaveBeenCalledOnce();
    expect(contents.attachWebview(APP_URL).preventDefault).toHaveBeenCalledOnce();
  });

  it('installs exactly one handler per event', () => {
    const { contents } = lockedContents();
    expect(contents.eventNames().sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    for (const name of contents.eventNames()) expect(contents.listenerCount(name)).toBe(1);
  });
});

describe('permissions', () => {
  type RequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;
  type CheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;

  function deniedSession() {
    const handlers: { request?: RequestHandler | null; check?: CheckHandler | null } = {};
    denyAllPermissions({
      setPermissionRequestHandler: (handler) => (handlers.request = handler),
      setPermissionCheckHandler: (handler) => (handlers.check = handler),
    });
    if (!handlers.request || !handlers.check) throw new Error('a permission handler is missing');
    return { request: handlers.request, check: handlers.check };
  }
  /** The handlers never look at the webContents asking. */
  const contents = new FakeWebContents() as unknown as WebContents;
  const PERMISSIONS = [
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'hid',
  ] as const;

  it.each(PERMISSIONS)('refuses a request for %s', (permission) => {
    const { request } = deniedSession();
    const callback = vi.fn<(granted: boolean) => void>();
    request(contents, permission, callback, { isMainFrame: true, requestingUrl: `${APP_URL}/` });
    expect(callback.mock.calls).toEqual([[false]]);
  });

  it.each(PERMISSIONS)('answers no when a page checks for %s', (permission) => {
    const { check } = deniedSession();
    expect(check(contents, permission, APP_ORIGIN, { isMainFrame: true, requestingUrl: `${APP_URL}/` })).toBe(
      false,
    );
  });
});

describe('the shell', () => {
  // The one check on source text: that no module but appWindow.ts builds a window (main.ts
  // cannot be imported in a test, it starts the app).
  it('creates every BrowserWindow in appWindow.ts, and nowhere else', () => {
    const dir = fileURLToPath(new URL('../../electron/', import.meta.url));
    const code = (name: string) =>
      readFileSync(path.join(dir, name), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
    const creators = readdirSync(dir)
      .filter((name) => /\.c?ts$/.test(name))
      .filter((name) => /new\s+BrowserWindow\b/.test(code(name)));
    expect(creators).toEqual(['appWindow.ts']);
  });
});
