import { useCallback } from 'react';
import type { ObsStreamState } from '../../shared/obs.js';
import { useIsStale, useObs } from '../store/hooks.js';
import { useServerText } from '../timer/useServerText.js';
import type { OnAir } from './obsStatus.js';
import { ON_AIR_WORDS, formatElapsed, onAirOf, streamElapsedMs } from './obsStatus.js';

/**
 * LIVE or OFF AIR from OBS's stream, for the MC and the speaker. When OBS or the core is out of
 * reach it says so instead of repeating the last thing it knew: a stale LIVE is worse than none.
 */
export function OnAirBadge({ showDuration = false }: { showDuration?: boolean }) {
  const obs = useObs();
  const stale = useIsStale();
  const state: OnAir | 'stale' = stale ? 'stale' : onAirOf(obs);
  const word = state === 'stale' ? 'On air: unknown' : ON_AIR_WORDS[state];
  return (
    <span className={`on-air on-air--${state}`} role="status" data-testid="on-air" data-state={state}>
      <span className="on-air__mark" aria-hidden="true" />
      <span className="on-air__word">{word}</span>
      {showDuration && state === 'live' && obs ? <OnAirTime stream={obs.stream} /> : null}
    </span>
  );
}

function OnAirTime({ stream }: { stream: ObsStreamState }) {
  const text = useServerText(
    useCallback(
      (now: number) => {
        const ms = streamElapsedMs(stream, now);
        return ms === null ? '' : formatElapsed(ms);
      },
      [stream],
    ),
  );
  return <span className="on-air__time">{text}</span>;
}
