import { formatClockTime, zoneAbbreviation } from '../format/zonedTime.js';
import { useShowStore } from '../store/showStore.js';

/**
 * Says plainly that the screen is not live and since when, so nobody cues a speaker from a
 * frozen clock. The time is the core's (offset-corrected), in the show's zone like every
 * other clock on screen.
 */
export function StaleBanner() {
  return (
    <>
      <ProtocolMismatchBanner />
      <NotLiveBanner />
    </>
  );
}

/**
 * A push from the core that this screen could not read was ignored, not applied: say so, on
 * every screen, until a fresh snapshot fits again. What is shown may be behind the show.
 */
export function ProtocolMismatchBanner() {
  const mismatch = useShowStore((s) => s.protocolMismatch);
  if (!mismatch) return null;
  return (
    <div className="stale-banner stale-banner--protocol" role="alert" data-testid="protocol-mismatch">
      <span className="stale-banner__icon" aria-hidden="true" />
      Protocol mismatch — this screen ignored a “{mismatch.push}” message from the core that it cannot read,
      so what it shows may be out of date. Reload this page, or update this app to the core’s version.
      <span className="stale-banner__detail">{mismatch.error}</span>
    </div>
  );
}

function NotLiveBanner() {
  const stale = useShowStore((s) => s.stale);
  const hasState = useShowStore((s) => s.showState !== null);
  const lastMessageAt = useShowStore((s) => s.lastMessageAt);
  const offsetMs = useShowStore((s) => s.clockOffsetMs);
  const status = useShowStore((s) => s.connectionStatus);
  const timeZone = useShowStore((s) => s.showState?.show.timezone ?? 'UTC');
  if (!stale || status === 'refused' || status === 'closed') return null;
  const since = lastMessageAt === null ? 0 : lastMessageAt + offsetMs;
  const text =
    hasState && lastMessageAt !== null
      ? `Not live — showing the state from ${formatClockTime(since, timeZone)} ${zoneAbbreviation(timeZone, since)}, ${
          status === 'connected' ? 'waiting for the core…' : 'reconnecting…'
        }`
      : 'Not live — connecting to the core…';
  return (
    <div className="stale-banner" role="alert" data-testid="stale-banner">
      <span className="stale-banner__icon" aria-hidden="true" />
      {text}
    </div>
  );
}
