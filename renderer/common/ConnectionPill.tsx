import type { ConnectionStatus } from '../store/connectionSlice.js';
import { useShowStore } from '../store/showStore.js';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  refused: 'Refused',
  closed: 'Disconnected by the producer',
};

/** Always on screen: whether what you see is live, in a word and a colour. */
export function ConnectionPill() {
  const status = useShowStore((s) => s.connectionStatus);
  const reason = useShowStore((s) => s.connectionReason);
  const refusal = useShowStore((s) => s.refusal);
  const stale = useShowStore((s) => s.stale);
  // Connected but silent (no pong for 10 s) is not "Connected" to anyone who depends on it.
  const silent = status === 'connected' && stale;
  const label = silent
    ? 'No answer from core'
    : status === 'refused'
      ? `Refused: ${refusal ? refusal.reason.replace('-', ' ') : (reason ?? 'by the core')}`
      : LABELS[status];
  return (
    <div
      className={`connection-pill connection-pill--${silent ? 'silent' : status}`}
      role="status"
      aria-label={`Connection: ${label}`}
      data-testid="connection-pill"
      data-status={status}
      title={reason ?? undefined}
    >
      <span className="connection-pill__dot" aria-hidden="true" />
      {label}
    </div>
  );
}
