import { showStore } from '../store/showStore.js';

/**
 * The core's clock now, as this machine best knows it: the local clock plus the offset the
 * ClockOffsetEstimator measured. Every timer on every screen renders from this, never from
 * counted ticks, so a laptop whose clock is minutes off still shows the core's second.
 */
export function serverNow(): number {
  return Date.now() + showStore.getState().clockOffsetMs;
}
