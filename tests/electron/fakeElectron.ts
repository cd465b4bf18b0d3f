import { EventEmitter } from 'node:events';
import type { HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import { vi } from 'vitest';
import type { LockableContents } from '../../electron/windowSecurity.js';

/**
 * Just enough of Electron's webContents for the navigation lock (Electron itself cannot be
 * launched on these machines). Events are fired the way Electron fires them, with an event
 * object whose `preventDefault` is a spy.
 */
export class FakeWebContents extends EventEmitter implements LockableContents {
  private windowOpenHandler: ((details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse) | null =
    null;

  setWindowOpenHandler(handler: (details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  /** A `will-navigate` or `will-redirect` to `url`; the event, to look at `preventDefault`. */
  navigate(kind: 'will-navigate' | 'will-redirect', url: string) {
    const event = { url, preventDefault: vi.fn() };
    // Electron also passes the (deprecated) url, isInPlace/isMainFrame, … after the event.
    this.emit(kind, event, url, false, true);
    return event;
  }

  /** A page's `window.open(url)` (or a target=_blank link): what the handler answers. */
  open(url: string): WindowOpenHandlerResponse {
    if (!this.windowOpenHandler) throw new Error('no window open handler: window.open would be allowed');
    return this.windowOpenHandler({ url });
  }

  /** A `<webview>` about to be attached, asking for Node and a preload of its own. */
  attachWebview(src: string) {
    const event = { preventDefault: vi.fn() };
    this.emit('will-attach-webview', event, { nodeIntegration: true, preload: '/tmp/evil.js' }, { src });
    return event;
  }
}
