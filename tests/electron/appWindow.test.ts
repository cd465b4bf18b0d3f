import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindowConstructorOptions, Display } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppWindow, roleOf } from '../../electron/appWindow.js';
import { openStageWindow } from '../../electron/stageWindow.js';
import { appWindowOptions, PRELOAD_PATH } from '../../electron/windowSecurity.js';
import { FakeWebContents } from './fakeElectron.js';

/**
 * createAppWindow and openStageWindow against a fake electron module (the real one cannot load
 * here): what the code passes to `new BrowserWindow` and installs on its webContents is what
 * securitySettings.test.ts checks.
 */
const electron = vi.hoisted(() => {
  class FakeBrowserWindow {
    static created: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    readonly loadURL = vi.fn((_url: string) => Promise.resolve());
    constructor(readonly options: BrowserWindowConstructorOptions) {
      FakeBrowserWindow.created.push(this);
    }
  }
  const display = (id: number, x: number, internal: boolean) =>
    ({ id, internal, bounds: { x, y: 0, width: 1920, height: 1080 } }) as Display;
  return {
    FakeBrowserWindow,
    displays: [] as Display[],
    display,
    module: {
      BrowserWindow: FakeBrowserWindow,
      app: { isPackaged: true },
      shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
      screen: {
        getAllDisplays: () => electron.displays,
        getPrimaryDisplay: () => electron.displays[0],
      },
    },
  };
});
vi.mock('electron', () => ({ default: electron.module, ...electron.module }));

const APP_URL = 'http://127.0.0.1:4747';
const lastWindow = () => electron.FakeBrowserWindow.created.at(-1)!;

beforeEach(() => {
  electron.FakeBrowserWindow.created.length = 0;
  electron.module.shell.openExternal.mockClear();
  electron.displays = [electron.display(1, 0, true)];
});

describe('createAppWindow', () => {
  it('builds the console from the hardened options, with the producer role', () => {
    const window = createAppWindow({ spec: { kind: 'console' }, appUrl: APP_URL });
    expect(electron.FakeBrowserWindow.created).toHaveLength(1);
    expect(lastWindow().options).toEqual(
      appWindowOptions({ kind: 'console' }, { preloadPath: PRELOAD_PATH, isPackaged: true }),
    );
    expect(roleOf(window.webContents)).toBe('producer');
  });

  it('locks the window to the core, and hands web links to the system browser', () => {
    createAppWindow({ spec: { kind: 'console' }, appUrl: `${APP_URL}/` });
    const contents = lastWindow().webContents;
    expect(
      contents.navigate('will-navigate', `${APP_URL}/?view=console`).preventDefault,
    ).not.toHaveBeenCalled();
    expect(contents.navigate('will-navigate', 'https://normconf.com/').preventDefault).toHaveBeenCalledOnce();
    expect(contents.open('https://normconf.com/x')).toEqual({ action: 'deny' });
    expect(contents.attachWebview(APP_URL).preventDefault).toHaveBeenCalledOnce();
    expect(electron.module.shell.openExternal.mock.calls).toEqual([
      ['https://normconf.com/'],
      ['https://normconf.com/x'],
    ]);
  });

  it('knows no role for webContents it did not create', () => {
    expect(roleOf(new FakeWebContents() as never)).toBeUndefined();
  });
});

describe('openStageWindow', () => {
  it('opens the viewer-only stage timer full screen on the second display', () => {
    electron.displays = [electron.display(1, 0, true), electron.display(2, 1920, false)];
    const window = openStageWindow({ appUrl: APP_URL });
    expect(lastWindow().options).toEqual(
      appWindowOptions(
        { kind: 'stage', display: electron.displays[1]! },
        { preloadPath: PRELOAD_PATH, isPackaged: true },
      ),
    );
    expect(lastWindow().options).toMatchObject({ x: 1920, fullscreen: true });
    expect(roleOf(window.webContents)).toBe('viewer');
    expect(lastWindow().loadURL.mock.calls).toEqual([[`${APP_URL}/?view=stage`]]);
  });

  it('opens it in a window with a single display', () => {
    openStageWindow({ appUrl: APP_URL });
    expect(lastWindow().options).toEqual(
      appWindowOptions({ kind: 'stage', display: null }, { preloadPath: PRELOAD_PATH, isPackaged: true }),
    );
  });
});

describe('the preload', () => {
  it('is the preload.cjs tsc emits from preload.cts, beside the shell modules', () => {
    const dir = fileURLToPath(new URL('../../electron/', import.meta.url));
    expect(PRELOAD_PATH).toBe(path.join(dir, 'preload.cjs'));
    expect(existsSync(path.join(dir, 'preload.cts'))).toBe(true);
  });
});
