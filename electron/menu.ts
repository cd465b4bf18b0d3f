import type { MenuItemConstructorOptions } from 'electron';
import { Menu } from 'electron';

/** What the menu can do; main.ts supplies the implementations. */
export interface MenuActions {
  openStageWindow(): void;
  closeStageWindow(): void;
  copyJoinLinks(): void;
  nextSegment(): void;
  showAbout(): void;
  openDataFolder(): void;
}

export interface MenuOptions {
  /** The global "next segment" shortcut, shown beside the menu item (null: none). */
  nextSegmentShortcut: string | null;
  /** Developer tools only in a development run, never in the packaged app. */
  isDev: boolean;
  isMac: boolean;
}

export function buildAppMenu(actions: MenuActions, options: MenuOptions): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(options.isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { label: 'File', submenu: [{ role: 'quit' }] },
    // Without it, copy and paste do not work in text fields on macOS.
    { role: 'editMenu' },
    {
      label: 'Show',
      submenu: [
        {
          label: 'Next segment',
          // The global shortcut already fires everywhere; shown here, not registered twice.
          ...(options.nextSegmentShortcut
            ? { accelerator: options.nextSegmentShortcut, registerAccelerator: false }
            : {}),
          click: () => actions.nextSegment(),
        },
        { type: 'separator' },
        { label: 'Open stage timer on second display', click: () => actions.openStageWindow() },
        { label: 'Close stage timer', click: () => actions.closeStageWindow() },
        { type: 'separator' },
        { label: 'Copy join links', click: () => actions.copyJoinLinks() },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(options.isDev ? [{ role: 'toggleDevTools' } satisfies MenuItemConstructorOptions] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: [
        { label: 'About Showcaller', click: () => actions.showAbout() },
        { label: 'Open data folder', click: () => actions.openDataFolder() },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
