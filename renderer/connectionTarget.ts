import { desktopBridge } from './desktopBridge.js';
import type { ViewName } from './viewChoice.js';
import { parseForcedView } from './viewChoice.js';

/** Where this screen connects, with what token, and the view the link asks for. */
export interface ConnectionTarget {
  /** Core base URL; null means this page's own origin. */
  url: string | null;
  token: string | null;
  /** What this screen calls itself (`?name=`): shown to the crew, and part of who holds show control. */
  name: string | null;
  forcedView: ViewName | null;
}

/** Pure part, testable without a browser: reads `?token=` and `?view=` from a query string. */
export function targetFromQuery(search: string): ConnectionTarget {
  const params = new URLSearchParams(search);
  const token = params.get('token');
  const name = params.get('name')?.trim();
  return {
    url: null,
    token: token && token.length > 0 ? token : null,
    name: name ? name : null,
    forcedView: parseForcedView(params.get('view')),
  };
}

/**
 * The desktop preload wins when present (the producer window gets a local URL and token that
 * never appear in an address bar); `?view=` still applies, so the Electron menu can open the
 * stage timer with the producer's connection.
 */
export async function resolveConnectionTarget(search: string): Promise<ConnectionTarget> {
  const fromQuery = targetFromQuery(search);
  const bridge = desktopBridge();
  if (!bridge) return fromQuery;
  const desktop = await bridge.getConnection();
  return { url: desktop.url, token: desktop.token, name: fromQuery.name, forcedView: fromQuery.forcedView };
}
