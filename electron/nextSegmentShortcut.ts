import type { BrowserWindow } from 'electron';
import { globalShortcut, Notification } from 'electron';
import type { ShowCore } from '../core/showCore.js';

/**
 * "Next segment" from anywhere on the desktop, even while OBS has focus. It runs the same
 * command, through the same `execute` path and role check, as a click in any crew window.
 */
export async function runNextSegment(core: ShowCore, consoleWindow: BrowserWindow | null): Promise<void> {
  const result = await core
    .execute({ type: 'nextSegment' }, 'producer')
    .catch((error: unknown) => ({ ok: false as const, error: (error as Error).message }));
  if (!result.ok) alertProducer('Next segment did not run', result.error, consoleWindow);
}

const flashing = new WeakSet<BrowserWindow>();

/** A failure the producer must notice even while looking at OBS: a notification and a flashing window. */
export function alertProducer(title: string, body: string, consoleWindow: BrowserWindow | null): void {
  if (Notification.isSupported()) new Notification({ title, body }).show();
  if (
    !consoleWindow ||
    consoleWindow.isDestroyed() ||
    consoleWindow.isFocused() ||
    flashing.has(consoleWindow)
  )
    return;
  flashing.add(consoleWindow);
  consoleWindow.flashFrame(true);
  consoleWindow.once('focus', () => {
    flashing.delete(consoleWindow);
    consoleWindow.flashFrame(false);
  });
}

/** Registers the shortcut; returns a problem to report, or null when it works. */
export function registerNextSegmentShortcut(accelerator: string, onPress: () => void): string | null {
  let registered: boolean;
  try {
    registered = globalShortcut.register(accelerator, onPress);
  } catch (error) {
    return `The "next segment" shortcut "${accelerator}" is not a valid accelerator (${(error as Error).message}).`;
  }
  return registered
    ? null
    : `The "next segment" shortcut "${accelerator}" is already taken by another application.`;
}
