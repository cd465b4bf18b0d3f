import type { HealthResponse } from '../shared/protocol.js';
import type { ShowCore } from './showCore.js';

/** How often a primary asks the other cores of its join links whether one was promoted. */
export const TERM_WATCH_MS = 5_000;
const PROBE_TIMEOUT_MS = 2_000;

/**
 * A primary that was away (killed, cut off) while its backup was promoted must not go on as if
 * it ran the show. It asks every core address of its join links (its own included: harmless)
 * for its health; one that runs the same show as a primary with a higher term means this core
 * is superseded (ShowCore.learnTerm), which it then says to every screen and command.
 */
export function watchTerms(options: {
  core: ShowCore;
  addresses: () => readonly string[];
  log: (line: string) => void;
  everyMs?: number;
}): { stop: () => void; checkNow: () => void } {
  const { core, addresses } = options;
  let running = false;
  const check = async () => {
    if (running || core.mode !== 'primary') return;
    running = true;
    try {
      await Promise.all(
        addresses().map(async (url) => {
          try {
            const res = await fetch(new URL('/api/health', url), {
              signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
            });
            if (!res.ok) return;
            const health = (await res.json()) as Partial<HealthResponse>;
            if (
              health.app === 'showcaller' &&
              health.showId === core.showId &&
              health.mode === 'primary' &&
              typeof health.term === 'number' &&
              health.term > core.term
            ) {
              core.learnTerm(health.term, url);
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
  return { stop: () => clearInterval(timer), checkNow: () => void check() };
}
