import { useShowStore } from '../store/showStore.js';
import { ConnectionPill } from './ConnectionPill.js';

const HEADINGS = {
  'missing-token': 'No access token',
  'bad-token': 'This link does not work',
  'rate-limited': 'Too many attempts',
} as const;

/** The core said no. Full screen, because nothing else on this page can be trusted or used. */
export function RefusalScreen() {
  const refusal = useShowStore((s) => s.refusal);
  const reason = useShowStore((s) => s.connectionReason);
  const heading = refusal ? HEADINGS[refusal.reason] : 'Connection refused';
  return (
    <main className="refusal" role="alert" data-testid="refusal">
      <div className="refusal__card">
        <div className="refusal__mark" aria-hidden="true" />
        <ConnectionPill />
        <h1 className="refusal__heading">{heading}</h1>
        <p className="refusal__message">{refusal?.message ?? reason ?? 'The core refused this screen.'}</p>
        {refusal?.reason === 'rate-limited' && refusal.retryAfterMs !== undefined ? (
          <p className="refusal__hint">
            This screen will try again in {Math.ceil(refusal.retryAfterMs / 1000)} s.
          </p>
        ) : (
          <p className="refusal__hint">Open the join link the producer sent you (it contains “token=”).</p>
        )}
      </div>
    </main>
  );
}
