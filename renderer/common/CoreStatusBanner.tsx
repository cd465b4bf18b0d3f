import type { CoreStatusMessage } from '../../shared/protocol.js';
import { SHOW_CONTROL_ROLES } from '../../shared/roles.js';
import { useSendCommand } from '../connection/commandContext.js';
import { useShowStore } from '../store/showStore.js';
import { ConfirmButton } from './ConfirmButton.js';

/** "12 records / 1.4 s behind", or "up to date". */
export function lagWords(follower: NonNullable<CoreStatusMessage['follower']>): string {
  if (!follower.connected) {
    return `primary lost ${(follower.lagMs / 1000).toFixed(1)} s ago; ${follower.seq.toLocaleString('en-US')} records kept`;
  }
  if (follower.lagEvents === 0) return `up to date (record ${follower.seq.toLocaleString('en-US')})`;
  return `${follower.lagEvents.toLocaleString('en-US')} records / ${(follower.lagMs / 1000).toFixed(1)} s behind`;
}

/**
 * What a backup operator needs at a glance: this core is a backup following the primary (how
 * far behind it is, and the Promote button), or it is an old primary that a promoted backup
 * replaced. Nothing on a primary.
 */
export function CoreStatusBanner() {
  const status = useShowStore((s) => s.coreStatus);
  const role = useShowStore((s) => s.role);
  const send = useSendCommand();
  if (!status || status.mode === 'primary') return null;
  if (status.mode === 'superseded') {
    const by = status.supersededBy;
    return (
      <div className="core-banner core-banner--superseded" role="alert" data-testid="core-banner">
        This core was replaced: a promoted backup runs the show now (term {by?.term ?? '?'}
        {by?.url ? ` at ${by.url}` : ''}). Nothing here reaches the show; use the backup's core.
      </div>
    );
  }
  const follower = status.follower;
  const mayPromote = role !== null && SHOW_CONTROL_ROLES.includes(role);
  return (
    <div
      className={`core-banner core-banner--follower ${follower?.connected ? '' : 'core-banner--lost'}`}
      role="status"
      data-testid="core-banner"
    >
      <span>
        <strong>Backup</strong> following {follower?.primaryUrl ?? 'the primary'}:{' '}
        <span data-testid="follower-lag">{follower ? lagWords(follower) : 'connecting…'}</span>
        {follower?.error ? <span className="core-banner__error"> · {follower.error}</span> : null}
      </span>
      {mayPromote ? (
        <ConfirmButton
          label="Promote this backup…"
          question="Take over the show on this core? Do it only if the primary is gone for good."
          confirmLabel="Promote"
          groupLabel="Confirm promotion"
          small
          onConfirm={() => void send({ type: 'promote' })}
        />
      ) : null}
    </div>
  );
}
