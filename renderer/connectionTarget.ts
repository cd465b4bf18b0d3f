import { parseJoinLocation } from '../shared/joinLink.js';
import { desktopBridge } from './desktopBridge.js';
import type { ViewName } from './viewChoice.js';
import { parseForcedView } from './viewChoice.js';

/** Where this screen connects, with what token, and the view the link asks for. */
export interface ConnectionTarget {
  /** Core base URL; null means this page's own origin. */
  url: string | null;
  token: string | null;
  forcedView: ViewName | null;
  /**
   * Every core the join link names, in priority order (`#cores=`); empty for older links and
   * the desktop app, which mean "this page's own core". shared/coreChoice.ts picks one.
   */
  cores: string[];
  /** How this screen introduces itself in the producer's crew list (`#name=`). */
  name: string | null;
}

/**
 * Pure part, testable without a browser: reads the join link the page was opened with
 * (shared/joinLink.ts): `#token=…&cores=…&name=…` and `?view=`, and `?token=` from older links.
 * Throws a JoinLinkError for a mangled core list.
 */
export function targetFromLocation(search: string, hash: string): ConnectionTarget {
  const link = parseJoinLocation(search, hash);
  return {
    url: null,
    token: link.token,
    forcedView: parseForcedView(link.view),
    cores: link.cores,
    name: link.name,
  };
}

/** The view a link forces, read before anything else (an overlay must be transparent at once); null for a broken link. */
export function forcedViewOf(search: string, hash: string): ViewName | null {
  try {
    return targetFromLocation(search, hash).forcedView;
  } catch {
    return null;
  }
}

/** Older links: everything in the query string. */
export function targetFromQuery(search: string): ConnectionTarget {
  return targetFromLocation(search, '');
}

/**
 * The desktop preload wins when present (the producer window gets a local URL and token that
 * never appear in an address bar); `?view=` still applies, so the Electron menu can open the
 * stage timer with the producer's connection.
 */
export async function resolveConnectionTarget(search: string, hash = ''): Promise<ConnectionTarget> {
  const fromLink = targetFromLocation(search, hash);
  const bridge = desktopBridge();
  if (!bridge) return fromLink;
  const desktop = await bridge.getConnection();
  return { url: desktop.url, token: desktop.token, forcedView: fromLink.forcedView, cores: [], name: null };
}
