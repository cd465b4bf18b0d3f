import { readHealth } from '../shared/protocol.js';
import type { TermWatch } from './runtime/coreRole.js';

/** How often a primary asks the other cores of its join links whether one was promoted. */
export const TERM_WATCH_MS = 5_000;
const PROBE_TIMEOUT_MS = 2_000;

/**
 * A primary that was away (killed, cut off) while its backup was promoted must not go on as if
 * it ran the show. It asks every core address of its join links (its own included: harmless)
 * for its health; one that runs the same show as a primary with a higher term means this core
 * is superseded (`onHigherTerm`; the core's role then says so to every screen and command).
 * The role runs this watch only while the core is the primary (core/runtime/coreRole.ts).
 */
export function watchTerms(options: {
  showId: string;
  /** This core's term now. */
  term: () => number;
  addresses: () => readonly string[];
  onHigherTerm: (term: number, url: string) => void;
  everyMs?: number;
}): TermWatch {
  const { addresses } = options;
  let running = false;
  let stopped = false;
  const check = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await Promise.all(
        addresses().map(async (url) => {
          try {
            const res = await fetch(new URL('/api/health', url), {
              signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
            });
            if (!res.ok) return;
            const health = readHealth(await res.json());
            if (
              health?.showId === options.showId &&
              health.mode === 'primary' &&
              health.term > options.term() &&
              !stopped
            ) {
              options.onHigherTerm(health.term, url);
            }
          } catch {
            // Not reachable (yet): the backup may be off, or on another network.
          }
        }),
      );
    } finally {
      running = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), options.everyMs ?? TERM_WATCH_MS);
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
    checkNow: () => void check(),
  };
}
