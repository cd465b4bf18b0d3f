/**
 * The end of every settings and editor form: the core's refusal (verbatim, so the producer can
 * act on it), Cancel, and the submit button, which says what it is doing while it waits.
 */
export function DialogFooter(props: {
  error: string | null;
  onCancel: () => void;
  disabled?: boolean;
  busy: boolean;
  label: string;
  busyLabel: string;
}) {
  return (
    <>
      {props.error ? (
        <p className="editor__error" role="alert">
          {props.error}
        </p>
      ) : null}
      <div className="editor__actions">
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button--primary"
          disabled={(props.disabled ?? false) || props.busy}
        >
          {props.busy ? props.busyLabel : props.label}
        </button>
      </div>
    </>
  );
}
