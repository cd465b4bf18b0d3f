import type { ReactNode } from 'react';
import type { Command } from '../../shared/commands.js';
import { useSendCommand } from '../connection/commandContext.js';

/**
 * A small button that sends one command; a refusal shows as a toast (useSendCommand), so every
 * question action reports the core's reason the same way.
 */
export function CommandButton(props: {
  command: Command;
  tone?: 'primary' | 'ghost' | 'go';
  disabled?: boolean;
  label?: string;
  children: ReactNode;
}) {
  const send = useSendCommand();
  return (
    <button
      type="button"
      className={`button button--small${props.tone ? ` button--${props.tone}` : ''}`}
      aria-label={props.label}
      disabled={props.disabled}
      onClick={() => void send(props.command)}
    >
      {props.children}
    </button>
  );
}
