import path from 'node:path';
import type { BrowserWindow } from 'electron';
import { app, clipboard, dialog, globalShortcut, ipcMain, Menu, session, shell } from 'electron';
import type { RunningCore } from '../core/server.js';
import { PortInUseError, startCore } from '../core/server.js';
import { DESKTOP_CHANNELS } from '../shared/desktopBridge.js';
import { createAppWindow, roleOf } from './appWindow.js';
import { grantConnection } from './connectionGrant.js';
import { formatJoinLinks } from './joinLinks.js';
import { buildAppMenu } from './menu.js';
import { alertProducer, registerNextSegmentShortcut, runNextSegment } from './nextSegmentShortcut.js';
import type { Settings } from './settings.js';
import { loadSettings, SETTINGS_FILE_NAME } from './settings.js';
import { openStageWindow } from './stageWindow.js';
import { appWindowUrl, denyAllPermissions, PRODUCT_NAME } from './windowSecurity.js';

/**
 * The desktop shell: the core runs in this process (plain Node, same code as `npm run serve`);
 * this file only adds windows, the menu, the global shortcut and the single-instance lock.
 */

// One user-data folder whatever launched us (`electron .` would use package.json's lowercase
// name, the packaged app its product name); the single-instance lock lives there too.
app.setName(PRODUCT_NAME);
app.setPath('userData', path.join(app.getPath('appData'), PRODUCT_NAME));

let running: RunningCore | null = null;
let consoleWindow: BrowserWindow | null = null;
let stageWindow: BrowserWindow | null = null;
let coreClosed = false;

if (!app.requestSingleInstanceLock()) {
  // The first instance gets 'second-instance' and comes to the front.
  app.quit();
} else {
  app.on('second-instance', () => showConsoleWindow());
  app
    .whenReady()
    .then(start)
    .catch(async (error: unknown) => {
      dialog.showErrorBox('Showcaller could not start', (error as Error).stack ?? String(error));
      await running?.close().catch(() => undefined);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const settingsPath = path.join(userData, SETTINGS_FILE_NAME);
  const dataDir = path.join(userData, 'data');
  const { settings, problems } = await loadSettings(settingsPath, process.env);

  denyAllPermissions(session.defaultSession);
  try {
    running = await startCore({
      dataDir,
      port: settings.port,
      host: settings.host,
      // Vite's output, inside app.asar when packaged (Electron's fs reads from it).
      staticDir: path.join(app.getAppPath(), 'dist', 'renderer'),
      log: (line) => console.log(`[core] ${line}`),
      advertise: settings.advertise,
      ...(settings.follow ? { follow: settings.follow } : {}),
    });
  } catch (error) {
    dialog.showErrorBox(...startupError(error, settings, settingsPath));
    app.exit(1);
    return;
  }
  const core = running;

  ipcMain.handle(DESKTOP_CHANNELS.getConnection, (event) => {
    const frame = event.senderFrame;
    const grant = grantConnection(
      {
        frameUrl: frame?.url,
        isMainFrame: frame !== null && frame.parent === null,
        role: roleOf(event.sender),
      },
      core,
    );
    if (!grant) {
      console.warn(`refused the show connection to ${frame?.url ?? 'a closed frame'}`);
      throw new Error('this page may not connect to the show');
    }
    return grant;
  });

  showConsoleWindow();
  const nextSegment = () => void runNextSegment(core.core, consoleWindow);
  const shortcut = settings.shortcuts.nextSegment;
  const shortcutProblem = shortcut === null ? null : registerNextSegmentShortcut(shortcut, nextSegment);
  if (shortcutProblem) {
    problems.push(
      `${shortcutProblem} Set another in ${SETTINGS_FILE_NAME}: {"shortcuts": {"nextSegment": "CommandOrControl+Alt+Shift+N"}}.`,
    );
  }

  Menu.setApplicationMenu(
    buildAppMenu(
      {
        nextSegment,
        openStageWindow: () => {
          if (stageWindow && !stageWindow.isDestroyed()) {
            stageWindow.show();
            return;
          }
          stageWindow = openStageWindow({ appUrl: core.url });
          stageWindow.on('closed', () => {
            stageWindow = null;
          });
        },
        closeStageWindow: () => stageWindow?.close(),
        copyJoinLinks: () => {
          clipboard.writeText(formatJoinLinks(core.showId, core.joinUrls)).catch((error: unknown) => {
            alertProducer('Join links were not copied', (error as Error).message, consoleWindow);
          });
        },
        showAbout: () => {
          const options = {
            type: 'info' as const,
            title: `About ${PRODUCT_NAME}`,
            message: `${PRODUCT_NAME} ${app.getVersion()}`,
            detail: [
              `Show: ${core.showId}`,
              `Listening on ${core.host}:${core.port} (this machine: ${core.url})`,
              `Data: ${dataDir}`,
              `Settings: ${settingsPath}`,
            ].join('\n'),
          };
          void (consoleWindow
            ? dialog.showMessageBox(consoleWindow, options)
            : dialog.showMessageBox(options));
        },
        openDataFolder: () => {
          void shell.openPath(dataDir);
        },
      },
      {
        nextSegmentShortcut: shortcutProblem ? null : shortcut,
        isDev: !app.isPackaged,
        isMac: process.platform === 'darwin',
      },
    ),
  );

  if (problems.length > 0) {
    // After the core is up: the show runs on the values shown, and the producer knows why.
    const options = {
      type: 'warning' as const,
      title: 'Showcaller settings',
      message: 'Some settings were not used',
      detail: `${problems.join('\n')}\n\nSettings file: ${settingsPath}\nListening on port ${core.port}`,
    };
    // Not attached to the console: that window stays hidden until its page has loaded.
    void dialog.showMessageBox(options);
  }
}

/** The producer's console: created on start, re-created on macOS when the dock icon is clicked. */
function showConsoleWindow(): void {
  if (consoleWindow && !consoleWindow.isDestroyed()) {
    if (consoleWindow.isMinimized()) consoleWindow.restore();
    consoleWindow.show();
    consoleWindow.focus();
    return;
  }
  if (!running) return;
  const window = createAppWindow({ spec: { kind: 'console' }, appUrl: running.url });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    consoleWindow = null;
  });
  // No token in this URL: the preload fetches it over IPC (see grantConnection).
  window.loadURL(appWindowUrl('console', running.url)).catch((error: unknown) => {
    console.error(`console did not load: ${(error as Error).message}`);
    window.show();
  });
  consoleWindow = window;
}

function startupError(
  error: unknown,
  settings: Settings,
  settingsPath: string,
): [title: string, content: string] {
  if (error instanceof PortInUseError) {
    return [
      `Port ${error.port} is already in use`,
      [
        `Showcaller could not start its server on port ${error.port} (${settings.host}): another program is using it,`,
        'perhaps another copy of Showcaller or `npm run serve`.',
        '',
        'Stop that program, or choose another port:',
        `  • in ${settingsPath}: {"port": 4848}`,
        '  • or start Showcaller with the environment variable SHOWCALLER_PORT=4848 (it wins over the file)',
        '',
        'Crew join links contain the port, so send the crew new links after changing it.',
      ].join('\n'),
    ];
  }
  return ['Showcaller could not start its server', (error as Error).message];
}

app.on('activate', () => showConsoleWindow());

// On macOS the app (and the core the crew is connected to) stays up with no window open.
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Close the core (journal flushed, crew sockets closed) before the process goes.
app.on('before-quit', (event) => {
  if (!running || coreClosed) return;
  event.preventDefault();
  void running
    .close()
    .catch((error: unknown) => console.error(`closing the core: ${(error as Error).message}`))
    .finally(() => {
      coreClosed = true;
      app.quit();
    });
});

app.on('will-quit', () => globalShortcut.unregisterAll());
