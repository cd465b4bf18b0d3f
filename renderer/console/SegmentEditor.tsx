import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { Segment } from '../../shared/model.js';
import { SEGMENT_KINDS } from '../../shared/model.js';
import { useSendCommand } from '../connection/commandContext.js';
import { useCanControl, useEditingSegment } from '../store/hooks.js';
import { showStore } from '../store/showStore.js';
import type { SegmentFormValues } from './segmentForm.js';
import { formValuesOf, segmentChangesFrom } from './segmentForm.js';

/** The segment editor, open while a row's Edit was pressed. */
export function SegmentEditor() {
  const segment = useEditingSegment();
  return segment ? <SegmentEditorDialog key={segment.id} segment={segment} /> : null;
}

function SegmentEditorDialog({ segment }: { segment: Segment }) {
  const send = useSendCommand();
  const canControl = useCanControl();
  const dialog = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState<SegmentFormValues>(() => formValuesOf(segment));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // showModal gives focus trapping, Escape and an inert page behind, for free. No close() on
  // cleanup: its async "close" event would shut the editor StrictMode's second effect reopened,
  // and a dialog removed from the page leaves the top layer by itself.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const close = () => showStore.getState().editSegment(null);
  const field = <K extends keyof SegmentFormValues>(key: K) => ({
    value: values[key],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value })),
  });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = segmentChangesFrom(segment, values);
    if ('error' in outcome) {
      setError(outcome.error);
      return;
    }
    if (Object.keys(outcome.changes).length === 0) {
      close();
      return;
    }
    setSaving(true);
    const result = await send(
      { type: 'updateSegment', segmentId: segment.id, changes: outcome.changes },
      { quiet: true },
    );
    setSaving(false);
    if (result.ok) close();
    else setError(result.error);
  };

  return (
    <dialog ref={dialog} className="editor" aria-labelledby="editor-heading" onClose={close}>
      <form className="editor__form" onSubmit={(e) => void save(e)}>
        <h2 id="editor-heading" className="editor__heading">
          Edit segment
        </h2>
        <label className="field field--wide">
          <span className="field__label">Title</span>
          <input className="input" type="text" maxLength={300} required {...field('title')} />
        </label>
        <label className="field field--wide">
          <span className="field__label">Speakers (comma-separated)</span>
          <input className="input" type="text" {...field('speakers')} />
        </label>
        <label className="field">
          <span className="field__label">Kind</span>
          <select className="input" {...field('kind')}>
            {SEGMENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kind}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Duration (min)</span>
          <input className="input" type="text" inputMode="decimal" {...field('durationMin')} />
        </label>
        <label className="field">
          <span className="field__label">Amber at (min left)</span>
          <input className="input" type="text" inputMode="decimal" {...field('warningMin')} />
        </label>
        <label className="field">
          <span className="field__label">Red at (min left)</span>
          <input className="input" type="text" inputMode="decimal" {...field('dangerMin')} />
        </label>
        <label className="field field--wide">
          <span className="field__label">Notes</span>
          <textarea className="input" rows={3} maxLength={2000} {...field('notes')} />
        </label>
        {error ? (
          <p className="editor__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="editor__actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={!canControl || saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
