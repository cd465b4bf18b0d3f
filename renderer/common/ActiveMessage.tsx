import { useActiveMessage } from '../store/hooks.js';

/**
 * The producer's message to the MC and the speaker. Keyed by message id, so each new message
 * remounts and its flash animation plays again, even when the text repeats ("Wrap up" twice).
 */
export function ActiveMessage({ variant }: { variant: 'mc' | 'stage' | 'console' }) {
  const message = useActiveMessage();
  if (!message) return null;
  return (
    <div
      key={message.id}
      className={`active-message active-message--${variant} active-message--${message.preset}`}
      role="status"
      aria-live="assertive"
      data-testid="active-message"
    >
      <span className="active-message__text">{message.text}</span>
    </div>
  );
}
