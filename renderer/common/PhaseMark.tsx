import type { TimerPhase } from '../../shared/timer.js';
import { PHASE_LABELS } from '../../shared/timer.js';

export type MarkState = TimerPhase | 'paused' | 'stale' | 'idle';

const WORDS: Record<MarkState, string> = {
  ...PHASE_LABELS,
  paused: 'Paused',
  stale: 'Stale',
  idle: 'Standby',
};

/**
 * The phase as a word and a shape (circle, triangle, diamond, square; bars when paused), so it
 * reads without colour: a colour-blind speaker sees "LAST MINUTE ◆", not just red.
 */
export function PhaseMark({ state }: { state: MarkState }) {
  return (
    <span className={`phase-mark phase-mark--${state}`} data-testid="phase-mark" data-state={state}>
      <span className="phase-mark__shape" aria-hidden="true" />
      <span className="phase-mark__word">{WORDS[state]}</span>
    </span>
  );
}

export function markStateFor(
  display: { phase: TimerPhase; paused: boolean } | null,
  stale: boolean,
): MarkState {
  if (stale) return 'stale';
  if (!display) return 'idle';
  return display.paused ? 'paused' : display.phase;
}
