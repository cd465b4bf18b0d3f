import type { CoreMode, HealthResponse } from './protocol.js';
import { readHealth } from './protocol.js';
import type { CoreAnswer } from './pickCore.js';
import { pickCore } from './pickCore.js';

/**
 * Which core a crew screen (or the Companion module) connects to. A join link lists every core
 * the crew should try, in priority order; the client asks them all and takes the primary with
 * the highest term (pickCore), so after a backup takes over, clients follow it. This is the one
 * place that knows the address list and the choice; browsers and Node both have fetch.
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
  /** What it said of itself, when it answered. */
  term: number | null;
  mode: CoreMode | null;
}

/**
 * Asks every candidate at once and picks by term (see pickCore). When none answers (the network
 * is down, or every core is restarting), it settles on this page's own core if it is listed,
 * else the first, and the socket's reconnect keeps trying it.
 */
export async function chooseCore(
  candidates: readonly string[],
  probe: CoreProbe,
  pageOrigin: string,
): Promise<CoreChoice> {
  if (candidates.length === 0) return { origin: pageOrigin, reachable: false, term: null, mode: null };
  const answers = await Promise.all(
    candidates.map(async (origin): Promise<CoreAnswer | null> => {
      const health = await probe(origin).catch(() => null);
      return health ? { url: origin, term: health.term, mode: health.mode } : null;
    }),
  );
  const best = pickCore(answers.filter((a): a is CoreAnswer => a !== null));
  if (best) return { origin: best.url, reachable: true, term: best.term, mode: best.mode };
  return {
    origin: candidates.includes(pageOrigin) ? pageOrigin : candidates[0]!,
    reachable: false,
    term: null,
    mode: null,
  };
}

/**
 * The probe: GET /api/health, which every core answers without a token, to any origin, with
 * `cache-control: no-store` (so no browser cache answers for it).
 */
export const fetchHealth: CoreProbe = async (origin) => {
  try {
    const response = await fetch(`${origin}/api/health`, {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    if (!response.ok) return null;
    return readHealth(await response.json());
  } catch {
    return null;
  }
};

/** How often a client that lost its core (or learned it was replaced) asks the others. */
export const FAILOVER_CHECK_MS = 1_500;

/**
 * Backup takeover, from a client's side (a crew screen, the Companion module): every
 * FAILOVER_CHECK_MS, while `shouldLook` says so (it cannot reach its core, or its core is not
 * the primary), it asks every core of its join link; when another is the better choice (a
 * promoted backup: the primary with the highest term), `moveTo` gets it. One check at a time.
 * Returns a stop function.
 */
export function watchForBetterCore(options: {
  candidates: readonly string[];
  /** The core in use now. */
  current: () => string;
  shouldLook: () => boolean;
  pageOrigin: string;
  probe: CoreProbe;
  moveTo: (choice: CoreChoice) => void;
}): () => void {
  const { candidates, current, shouldLook, pageOrigin, probe, moveTo } = options;
  let checking = false;
  const check = async () => {
    if (checking || !shouldLook()) return;
    checking = true;
    try {
      const choice = await chooseCore(candidates, probe, pageOrigin);
      if (choice.reachable && choice.origin !== current()) moveTo(choice);
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), FAILOVER_CHECK_MS);
  return () => clearInterval(timer);
}
