import type { BrowserWindow } from 'electron';
import { screen } from 'electron';
import { createAppWindow } from './appWindow.js';
import { pickStageDisplay } from './stageDisplay.js';

export interface StageWindowOptions {
  /** The core's base URL. */
  appUrl: string;
  appOrigin: string;
  preloadPath: string;
}

/**
 * The speaker's full-screen timer, on the second display when there is one (frameless and
 * full screen there), else an ordinary window the producer can drag to a projector. It gets
 * the viewer token: it shows the show, it never changes it.
 */
export function openStageWindow(options: StageWindowOptions): BrowserWindow {
  const display = pickStageDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay().id);
  const common = { title: 'Showcaller stage timer', backgroundColor: '#000000', autoHideMenuBar: true };
  const window = createAppWindow({
    role: 'viewer',
    appOrigin: options.appOrigin,
    preloadPath: options.preloadPath,
    window: display
      ? { ...common, ...display.bounds, frame: false, fullscreen: true }
      : { ...common, width: 960, height: 540 },
  });
  window.loadURL(`${options.appUrl}/?view=stage`).catch((error: unknown) => {
    console.error(`stage timer did not load: ${(error as Error).message}`);
  });
  return window;
}
