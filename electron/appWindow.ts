import type { WebContents } from 'electron';
import { app, BrowserWindow, shell } from 'electron';
import type { Role } from '../shared/roles.js';
import { originOf } from './navigationPolicy.js';
import type { AppWindowSpec } from './windowSecurity.js';
import { appWindowOptions, lockNavigation, PRELOAD_PATH, roleOfKind } from './windowSecurity.js';

/**
 * The one place the app creates windows, so every window gets the hardened options and the
 * navigation lock of windowSecurity.ts (tests/electron/securitySettings.test.ts checks those,
 * and that no other module calls `new BrowserWindow`). This file only wires them to Electron.
 */
export interface AppWindowRequest {
  spec: AppWindowSpec;
  /** The core's base URL; the window never shows a page of another origin. */
  appUrl: string;
}

const windowRoles = new WeakMap<WebContents, Role>();

/** The role the app gave this window, or undefined for webContents the app did not create. */
export function roleOf(contents: WebContents): Role | undefined {
  return windowRoles.get(contents);
}

export function createAppWindow(request: AppWindowRequest): BrowserWindow {
  const window = new BrowserWindow(
    appWindowOptions(request.spec, { preloadPath: PRELOAD_PATH, isPackaged: app.isPackaged }),
  );
  windowRoles.set(window.webContents, roleOfKind(request.spec.kind));
  lockNavigation(window.webContents, originOf(request.appUrl), openInSystemBrowser);
  return window;
}

function openInSystemBrowser(url: string): void {
  shell
    .openExternal(url)
    .catch((error: unknown) => console.error(`could not open ${url}: ${(error as Error).message}`));
}
