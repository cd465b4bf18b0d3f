/**
 * The renderer's only door to the desktop app: `window.showcaller`, checked against the
 * contract in shared/. It runs sandboxed, so it is CommonJS (emitted as preload.cjs) and may
 * load nothing but `electron` at run time; the shared import below is types only and is erased.
 * ipcRenderer itself is never handed to the page: one named function wraps one channel.
 */
// The only typed require a .cts allows under verbatimModuleSyntax; a sandboxed preload cannot be ESM.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');
import type {
  DESKTOP_BRIDGE_GLOBAL,
  DESKTOP_CHANNELS,
  DesktopBridge,
  DesktopConnection,
} from '../shared/desktopBridge.js';

// Repeated here (nothing else can be loaded), and typed so a change in shared/ fails to compile.
const BRIDGE_GLOBAL: typeof DESKTOP_BRIDGE_GLOBAL = 'showcaller';
const GET_CONNECTION: (typeof DESKTOP_CHANNELS)['getConnection'] = 'showcaller:get-connection';

const bridge = {
  getConnection: () => electron.ipcRenderer.invoke(GET_CONNECTION) as Promise<DesktopConnection>,
  platform: process.platform,
} satisfies DesktopBridge;

electron.contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
