import { mayRun } from '../../shared/commandTable.js';
import type { CrewMessage } from '../../shared/model.js';
import type { Role } from '../../shared/roles.js';
import { acknowledgedBy, acksOf } from '../../shared/signals.js';
import { useSendCommand } from '../connection/commandContext.js';
import { useActiveMessage, useRole } from '../store/hooks.js';
import { useShowStore } from '../store/showStore.js';

type Variant = 'mc' | 'stage' | 'console';

/**
 * Until when a screen flashes. The MC's screen: until an MC acknowledged. The stage screen:
 * until anyone did. A stage screen often has nobody who can touch it (a floor monitor, the
 * desktop app's second display); once the MC has it, the MC is handling it, and the message
 * itself stays on the stage until the producer clears it. A remote speaker's stage tab, on
 * the viewer link, acknowledges for itself.
 */
function stillFlashing(message: CrewMessage, variant: Variant): boolean {
  if (variant === 'console') return false;
  if (variant === 'mc') return acknowledgedBy(message, 'mc') === null;
  return acksOf(message).length === 0;
}

/**
 * The producer's message to the MC and the speaker. Keyed by message id, so each new message
 * remounts and its flash plays again, even when the text repeats ("Wrap up" twice). On the MC
 * and stage screens an unacknowledged message flashes the whole screen until acknowledged
 * (a steady thick border instead, for prefers-reduced-motion).
 */
export function ActiveMessage({ variant }: { variant: Variant }) {
  const message = useActiveMessage();
  const role = useRole();
  const stale = useShowStore((s) => s.stale);
  if (!message) return null;
  const flashing = stillFlashing(message, variant) && !stale;
  return (
    <>
      {flashing ? (
        <div
          key={`flash-${message.id}`}
          className={`signal-flash signal-flash--${message.preset}`}
          data-testid="signal-flash"
          aria-hidden="true"
        />
      ) : null}
      <div
        key={message.id}
        className={`active-message active-message--${variant} active-message--${message.preset}`}
        role="status"
        aria-live="assertive"
      >
        <span className="active-message__text" data-testid="active-message">
          {message.text}
        </span>
        {variant !== 'console' && role !== null ? <Acknowledge message={message} role={role} /> : null}
      </div>
    </>
  );
}

/** "Got it": tells the producer this screen saw the message. Only roles that may acknowledge get it. */
function Acknowledge({ message, role }: { message: CrewMessage; role: Role }) {
  const send = useSendCommand();
  const clientName = useShowStore((s) => s.clientName);
  if (!mayRun(role, 'acknowledgeMessage')) return null;
  const mine = acksOf(message).some((ack) => ack.by.role === role && ack.by.name === clientName);
  if (mine) {
    return (
      <span className="active-message__acked" data-testid="message-acked">
        ✓ Acknowledged
      </span>
    );
  }
  return (
    <button
      type="button"
      className="button active-message__ack"
      data-testid="acknowledge-message"
      onClick={() => void send({ type: 'acknowledgeMessage', messageId: message.id })}
    >
      Got it
    </button>
  );
}
