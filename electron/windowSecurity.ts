import { fileURLToPath } from 'node:url';
import type {
  BrowserWindowConstructorOptions,
  Event,
  HandlerDetails,
  Rectangle,
  Session,
  WebContentsWillNavigateEventParams,
  WebContentsWillRedirectEventParams,
  WebPreferences,
  WindowOpenHandlerResponse,
} from 'electron';
import type { Role } from '../shared/roles.js';
import { isAllowedNavigation, isSafeExternalUrl } from './navigationPolicy.js';

/**
 * Everything that makes the app's windows safe, as plain data and plain functions: the options
 * every `new BrowserWindow` gets, the navigation lock on its webContents and the permission
 * handlers. Electron is imported for its types only, so tests/electron/securitySettings.test.ts
 * checks the real objects without launching Electron; appWindow.ts only wires them in.
 */

export const PRODUCT_NAME = 'Showcaller';

/** The preload every window runs: tsc emits preload.cts as preload.cjs beside this module. */
export const PRELOAD_PATH = fileURLToPath(new URL('./preload.cjs', import.meta.url));

/** Every kind of window the app opens. */
export const APP_WINDOW_KINDS = ['console', 'stage'] as const;
export type AppWindowKind = (typeof APP_WINDOW_KINDS)[number];

export type AppWindowSpec =
  /** The producer's console. */
  | { kind: 'console' }
  /** The speaker's timer: frameless and full screen on `display`, else an ordinary window. */
  | { kind: 'stage'; display: { bounds: Rectangle } | null };

/**
 * Whose token the window's preload may fetch: the producer's console runs the show, the stage
 * timer only shows it.
 */
const ROLE_OF_KIND: Readonly<Record<AppWindowKind, Role>> = { console: 'producer', stage: 'viewer' };

export function roleOfKind(kind: AppWindowKind): Role {
  return ROLE_OF_KIND[kind];
}

/** The page a window of this kind shows. No token in it: the preload fetches that over IPC. */
export function appWindowUrl(kind: AppWindowKind, appUrl: string): string {
  return `${appUrl}/?view=${kind}`;
}

export interface AppWindowEnvironment {
  /** The preload tsc emits (preload.cjs beside main.js). */
  preloadPath: string;
  /** `app.isPackaged`: a packaged app has no devtools. */
  isPackaged: boolean;
}

/** The same for every window: isolated, sandboxed, no Node, no webviews, full web security. */
export function hardenedWebPreferences(env: AppWindowEnvironment): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    devTools: !env.isPackaged,
    preload: env.preloadPath,
  };
}

function layoutOf(spec: AppWindowSpec): Omit<BrowserWindowConstructorOptions, 'webPreferences'> {
  switch (spec.kind) {
    case 'console':
      // Hidden until its page is ready (main.ts shows it on 'ready-to-show').
      return { title: PRODUCT_NAME, width: 1440, height: 900, minWidth: 960, minHeight: 600, show: false };
    case 'stage': {
      const common = { title: 'Showcaller stage timer', backgroundColor: '#000000', autoHideMenuBar: true };
      return spec.display
        ? { ...common, ...spec.display.bounds, frame: false, fullscreen: true }
        : { ...common, width: 960, height: 540 };
    }
  }
}

/** The options `new BrowserWindow` gets for a window of this kind: its layout, hardened preferences. */
export function appWindowOptions(
  spec: AppWindowSpec,
  env: AppWindowEnvironment,
): BrowserWindowConstructorOptions {
  return { ...layoutOf(spec), webPreferences: hardenedWebPreferences(env) };
}

/**
 * The part of Electron's `WebContents` the navigation lock uses, with the event fields it reads.
 * A real `WebContents` is one (appWindow.ts passes it, so tsc checks that).
 */
export interface LockableContents {
  on(
    event: 'will-navigate',
    listener: (event: Pick<Event<WebContentsWillNavigateEventParams>, 'url' | 'preventDefault'>) => void,
  ): unknown;
  on(
    event: 'will-redirect',
    listener: (event: Pick<Event<WebContentsWillRedirectEventParams>, 'url' | 'preventDefault'>) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: Pick<Event, 'preventDefault'>) => void): unknown;
  setWindowOpenHandler(handler: (details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse): void;
}

/**
 * Pages of the core only. A plain web link the user follows goes to `openExternal` (the system
 * browser) instead; a redirect elsewhere is simply stopped; new windows and webviews are never
 * created. `openExternal` only ever sees URLs `isSafeExternalUrl` accepts.
 */
export function lockNavigation(
  contents: LockableContents,
  appOrigin: string,
  openExternal: (url: string) => void,
): void {
  const openIfSafe = (url: string) => {
    if (isSafeExternalUrl(url)) openExternal(url);
  };
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url, appOrigin)) return;
    event.preventDefault();
    openIfSafe(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, appOrigin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openIfSafe(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The UI needs no camera, microphone, notifications, geolocation, … from the browser. */
export function denyAllPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
