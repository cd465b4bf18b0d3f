import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { app, BrowserWindow, shell } from 'electron';
import type { Role } from '../shared/roles.js';
import { isAllowedNavigation, isSafeExternalUrl } from './navigationPolicy.js';

/**
 * The one place the app creates windows, so every window gets the same hardened settings and
 * the same navigation lock. (tests/electron/securitySettings.test.ts checks that no other
 * module calls `new BrowserWindow`.)
 */
export interface AppWindowOptions {
  /** Whose token the window's preload may fetch: producer console, viewer-only stage timer. */
  role: Role;
  /** The core's origin; the window never shows anything else. */
  appOrigin: string;
  preloadPath: string;
  window: Omit<BrowserWindowConstructorOptions, 'webPreferences'>;
}

const windowRoles = new WeakMap<WebContents, Role>();

/** The role the app gave this window, or undefined for webContents the app did not create. */
export function roleOf(contents: WebContents): Role | undefined {
  return windowRoles.get(contents);
}

export function createAppWindow(options: AppWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...options.window,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: !app.isPackaged,
      preload: options.preloadPath,
    },
  });
  windowRoles.set(window.webContents, options.role);
  lockNavigation(window.webContents, options.appOrigin);
  return window;
}

function openInSystemBrowser(url: string): void {
  if (!isSafeExternalUrl(url)) return;
  shell
    .openExternal(url)
    .catch((error: unknown) => console.error(`could not open ${url}: ${(error as Error).message}`));
}

/**
 * Pages of the core only. A plain web link the user follows opens in the system browser
 * instead; a redirect elsewhere is simply stopped; new windows and webviews are never created.
 */
function lockNavigation(contents: WebContents, appOrigin: string): void {
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url, appOrigin)) return;
    event.preventDefault();
    openInSystemBrowser(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, appOrigin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openInSystemBrowser(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The UI needs no camera, microphone, notifications, geolocation, … from the browser. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
