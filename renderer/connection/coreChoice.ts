import type { HealthResponse } from '../../shared/protocol.js';

/**
 * Which core this screen connects to. A join link lists every core the crew should try, in
 * priority order; today the first one that answers wins. This is the one place that knows the
 * address list and the choice (the takeover work turns it into "the reachable core with the
 * highest term": the probe already returns each core's health).
 */

const PROBE_TIMEOUT_MS = 2_500;

/** Asks one core for its health; null when it does not answer like a Showcaller core. */
export type CoreProbe = (origin: string) => Promise<HealthResponse | null>;

/** The addresses to try: the link's list, else this page's own core. */
export function coreCandidates(linkCores: readonly string[], pageOrigin: string): string[] {
  return linkCores.length > 0 ? [...linkCores] : [pageOrigin];
}

export interface CoreChoice {
  /** The core to connect to. */
  origin: string;
  /** Whether it answered the probe (false: none did, and this is the best guess to keep trying). */
  reachable: boolean;
}

/**
 * Tries the candidates in order and takes the first that answers. When none does (the network
 * is down, or every core is restarting), it settles on this page's own core if it is listed,
 * else the first, and the socket's reconnect keeps trying it.
 */
export async function chooseCore(
  candidates: readonly string[],
  probe: CoreProbe,
  pageOrigin: string,
): Promise<CoreChoice> {
  if (candidates.length === 0) return { origin: pageOrigin, reachable: false };
  for (const origin of candidates) {
    if (await probe(origin).catch(() => null)) return { origin, reachable: true };
  }
  return { origin: candidates.includes(pageOrigin) ? pageOrigin : candidates[0]!, reachable: false };
}

/** The browser's probe: GET /api/health, which every core answers without a token and to any origin. */
export const fetchHealth: CoreProbe = async (origin) => {
  try {
    const response = await fetch(`${origin}/api/health`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    if (!response.ok) return null;
    const body = (await response.json()) as Partial<HealthResponse> | null;
    return body?.app === 'showcaller' ? (body as HealthResponse) : null;
  } catch {
    return null;
  }
};
