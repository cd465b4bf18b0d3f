/**
 * The contract between the Electron preload and the renderer: what `window.showcaller` offers
 * when the UI runs in the desktop app. In a crew browser it is absent and the renderer reads
 * `?token=` from its URL instead. Pure types and constants: no Node, no DOM, no electron.
 */
export interface DesktopConnection {
  /** The core's base URL for this machine, e.g. `http://127.0.0.1:4747`. */
  url: string;
  /** The role token for this window (producer for the console, viewer for the stage timer). */
  token: string;
}

export interface DesktopBridge {
  getConnection(): Promise<DesktopConnection>;
  /** `process.platform` of the desktop app (`darwin`, `win32`, `linux`). */
  platform: string;
}

/** The global the preload defines: `window.showcaller`. */
export const DESKTOP_BRIDGE_GLOBAL = 'showcaller';

/**
 * IPC channels between the preload and the main process. The sandboxed preload cannot load this
 * module at run time, so it repeats the strings and checks them against these types.
 */
export const DESKTOP_CHANNELS = {
  getConnection: 'showcaller:get-connection',
} as const;
