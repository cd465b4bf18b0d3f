import type { DesktopConnection } from '../shared/desktopBridge.js';
import type { Role } from '../shared/roles.js';
import { isAllowedNavigation, originOf } from './navigationPolicy.js';

/** What the main process knows about the frame asking for a connection over IPC. */
export interface ConnectionRequest {
  /** `event.senderFrame.url`; undefined when the frame is gone. */
  frameUrl: string | undefined;
  /** Whether it is the window's top frame (an embedded frame never gets a token). */
  isMainFrame: boolean;
  /** The role the app gave the window when it created it; undefined for any other webContents. */
  role: Role | undefined;
}

export interface CoreAddress {
  url: string;
  tokens: Readonly<Record<Role, string>>;
}

/**
 * The token goes only to a window the app itself opened, while its top frame shows a page of
 * the core: a page that got there any other way gets nothing, even if it runs the preload.
 * Pure, so the rule is unit-tested.
 */
export function grantConnection(request: ConnectionRequest, core: CoreAddress): DesktopConnection | null {
  if (request.role === undefined || !request.isMainFrame || request.frameUrl === undefined) return null;
  if (!isAllowedNavigation(request.frameUrl, originOf(core.url))) return null;
  return { url: core.url, token: core.tokens[request.role] };
}
