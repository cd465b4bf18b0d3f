import { formatClockTime } from '../format/zonedTime.js';
import { useShowStore } from '../store/showStore.js';
import { ConnectionPill } from './ConnectionPill.js';

/**
 * The producer closed this screen on purpose. It says who, when and why, and does not retry on
 * its own: a kicked screen may come back when its person chooses (its link still works), a
 * revoked one needs a new link.
 */
export function ClosedScreen() {
  const notice = useShowStore((s) => s.disconnectNotice);
  const timeZone = useShowStore((s) => s.showState?.show.timezone ?? 'UTC');
  const revoked = notice?.reason === 'revoked';
  return (
    <main className="refusal" role="alert" data-testid="closed" data-reason={notice?.reason ?? 'unknown'}>
      <div className="refusal__card">
        <div className="refusal__mark" aria-hidden="true" />
        <ConnectionPill />
        <h1 className="refusal__heading">
          {revoked ? 'This link was revoked' : 'Disconnected by the producer'}
        </h1>
        <p className="refusal__message">{notice?.message ?? 'The core closed this screen.'}</p>
        {notice ? (
          <p className="refusal__hint">At {formatClockTime(notice.at, timeZone)} (show time).</p>
        ) : null}
        {revoked ? (
          <p className="refusal__hint">This screen will not reconnect with the old link.</p>
        ) : (
          <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
            Reconnect
          </button>
        )}
      </div>
    </main>
  );
}
