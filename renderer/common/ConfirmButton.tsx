import { useState } from 'react';

interface ConfirmButtonProps {
  /** The button at rest: "End show…", "Stop stream…". */
  label: string;
  question: string;
  confirmLabel: string;
  /** Names the group for screen readers: "Confirm end of show". */
  groupLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
  title?: string;
  /** Compact buttons, for toolbars and the OBS strip. */
  small?: boolean;
}

/**
 * An action that cannot be undone asks once, inline, where the producer's eyes already are (no
 * browser dialog to hunt for). Cancel takes the focus, so a stray Enter backs out.
 */
export function ConfirmButton(props: ConfirmButtonProps) {
  const { label, question, confirmLabel, groupLabel, onConfirm, disabled = false, className = '' } = props;
  const [confirming, setConfirming] = useState(false);
  const size = props.small ? 'button--small' : '';
  if (!confirming || disabled) {
    return (
      <button
        type="button"
        className={`button button--danger ${size} ${className}`}
        disabled={disabled}
        title={props.title}
        onClick={() => setConfirming(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <div className={`end-confirm ${className}`} role="group" aria-label={groupLabel}>
      <span className="end-confirm__question">{question}</span>
      <button
        type="button"
        className={`button button--danger ${size}`}
        onClick={() => {
          setConfirming(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className={`button ${size}`} onClick={() => setConfirming(false)} autoFocus>
        Cancel
      </button>
    </div>
  );
}
