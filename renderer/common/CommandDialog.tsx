import { useState } from 'react';
import type { ReactNode, SubmitEvent } from 'react';
import type { Command } from '../../shared/commands.js';
import { useSendCommand } from '../connection/commandContext.js';
import { DialogFooter } from './DialogFooter.js';
import { ModalDialog } from './ModalDialog.js';

/**
 * What a dialog's submit asks for: the command to send (the dialog closes once the core takes
 * it, else shows the refusal), a message the form found wrong itself (shown, nothing sent), or
 * null when there is nothing to send (the dialog just closes).
 */
export type CommandDialogSubmit = () => Command | string | null;

/**
 * A settings or editor form in a modal dialog that sends one command: the heading, the fields,
 * and the footer with the core's refusal, Cancel and the submit button, busy while it waits.
 */
export function CommandDialog(props: {
  headingId: string;
  heading: ReactNode;
  onClose: () => void;
  onSubmit: CommandDialogSubmit;
  label: string;
  busyLabel: string;
  disabled?: boolean;
  className?: string;
  testId?: string;
  autoComplete?: 'off';
  children: ReactNode;
}) {
  const send = useSendCommand();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const command = props.onSubmit();
    if (command === null) {
      props.onClose();
      return;
    }
    if (typeof command === 'string') {
      setError(command);
      return;
    }
    setSaving(true);
    const result = await send(command, { quiet: true });
    setSaving(false);
    if (result.ok) props.onClose();
    else setError(result.error);
  };

  return (
    <ModalDialog labelledBy={props.headingId} onClose={props.onClose} className={props.className}>
      <form
        className="editor__form"
        onSubmit={(e) => void submit(e)}
        data-testid={props.testId}
        autoComplete={props.autoComplete}
      >
        <h2 id={props.headingId} className="editor__heading">
          {props.heading}
        </h2>
        {props.children}
        <DialogFooter
          error={error}
          onCancel={props.onClose}
          disabled={props.disabled}
          busy={saving}
          label={props.label}
          busyLabel={props.busyLabel}
        />
      </form>
    </ModalDialog>
  );
}
