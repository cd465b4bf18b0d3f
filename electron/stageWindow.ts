import type { BrowserWindow } from 'electron';
import { screen } from 'electron';
import { createAppWindow } from './appWindow.js';
import { pickStageDisplay } from './stageDisplay.js';
import { appWindowUrl } from './windowSecurity.js';

export interface StageWindowOptions {
  /** The core's base URL. */
  appUrl: string;
}

/**
 * The speaker's full-screen timer, on the second display when there is one (frameless and
 * full screen there), else an ordinary window the producer can drag to a projector. It gets
 * the viewer token: it shows the show, it never changes it.
 */
export function openStageWindow(options: StageWindowOptions): BrowserWindow {
  const display = pickStageDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay().id);
  const window = createAppWindow({ spec: { kind: 'stage', display }, appUrl: options.appUrl });
  window.loadURL(appWindowUrl('stage', options.appUrl)).catch((error: unknown) => {
    console.error(`stage timer did not load: ${(error as Error).message}`);
  });
  return window;
}
