import { useState } from 'react';
import type { Segment } from '../../shared/model.js';
import { END_ACTIONS, SEGMENT_KINDS, START_MODES, TIMER_KINDS } from '../../shared/model.js';
import { renderLowerThird } from '../../shared/obs.js';
import { CommandDialog } from '../common/CommandDialog.js';
import type { CommandDialogSubmit } from '../common/CommandDialog.js';
import { MediaInputNameField, SceneNameField, TextInputNameField } from '../obs/ObsNameFields.js';
import { useCanControl, useEditingSegment, useShowInfo } from '../store/hooks.js';
import { showStore } from '../store/showStore.js';
import type { SegmentFormValues } from './segmentForm.js';
import { formValuesOf, lowerThirdTemplateError, segmentChangesFrom, speakersOf } from './segmentForm.js';

const START_MODE_LABELS = {
  manual: 'manual (producer starts it)',
  follow: 'follow (after the one before)',
  hard: 'hard (at its planned time)',
} as const;
const END_ACTION_LABELS = { none: 'none (count overtime)', next: 'next (start the next one)' } as const;
const TIMER_KIND_LABELS = {
  countdown: 'countdown (time left)',
  countup: 'count-up (time elapsed)',
  clock: 'clock (time of day)',
} as const;

/** The segment editor, open while a row's Edit was pressed. */
export function SegmentEditor() {
  const segment = useEditingSegment();
  return segment ? <SegmentEditorDialog key={segment.id} segment={segment} /> : null;
}

function SegmentEditorDialog({ segment }: { segment: Segment }) {
  const canControl = useCanControl();
  const info = useShowInfo();
  const [values, setValues] = useState<SegmentFormValues>(() => formValuesOf(segment));

  const close = () => showStore.getState().editSegment(null);
  const set = <K extends keyof SegmentFormValues>(key: K, value: SegmentFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const field = <K extends keyof SegmentFormValues>(key: K) => ({
    value: values[key],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value })),
  });

  const save: CommandDialogSubmit = () => {
    const outcome = segmentChangesFrom(segment, values);
    if ('error' in outcome) return outcome.error;
    if (Object.keys(outcome.changes).length === 0) return null;
    return { type: 'updateSegment', segmentId: segment.id, changes: outcome.changes };
  };

  const breakScene = info?.breakScene ?? null;
  const sceneEmptyLabel =
    values.kind === 'break'
      ? breakScene
        ? `Show’s break scene (${breakScene})`
        : 'Show’s break scene (none set)'
      : '— leave OBS on its scene —';

  return (
    <CommandDialog
      headingId="editor-heading"
      heading="Edit segment"
      onClose={close}
      onSubmit={save}
      disabled={!canControl}
      label="Save"
      busyLabel="Saving…"
    >
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
      <label className="field">
        <span className="field__label">Start mode</span>
        <select className="input" data-testid="editor-start-mode" {...field('startMode')}>
          {START_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {START_MODE_LABELS[mode]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">When time is up</span>
        <select className="input" data-testid="editor-end-action" {...field('endAction')}>
          {END_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {END_ACTION_LABELS[action]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Timer</span>
        <select className="input" data-testid="editor-timer" {...field('timer')}>
          {TIMER_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {TIMER_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      <label className="field field--wide">
        <span className="field__label">Notes</span>
        <textarea className="input" rows={2} maxLength={2000} {...field('notes')} />
      </label>

      <fieldset className="editor__section">
        <legend className="editor__section-title">OBS when this segment starts</legend>
        <label className="field field--half">
          <span className="field__label">OBS scene</span>
          <SceneNameField
            value={values.obsScene}
            emptyLabel={sceneEmptyLabel}
            onChange={(value) => set('obsScene', value)}
          />
        </label>
        <label className="field field--half">
          <span className="field__label">Lower third: text source</span>
          <TextInputNameField
            value={values.lowerThirdInput}
            emptyLabel="— no lower third —"
            onChange={(value) => set('lowerThirdInput', value)}
          />
        </label>
        <label className="field field--wide">
          <span className="field__label">
            Lower third: template (<code>{'{speakers}'}</code>, <code>{'{title}'}</code>,{' '}
            <code>{'{session}'}</code>)
          </span>
          <input
            className="input"
            type="text"
            maxLength={500}
            placeholder="{speakers} — {title}"
            {...field('lowerThirdTemplate')}
          />
        </label>
        <LowerThirdPreview segment={segment} values={values} />
        <label className="field field--half">
          <span className="field__label">Pre-recorded talk: media source</span>
          <MediaInputNameField
            value={values.obsMedia}
            emptyLabel="— live, no media —"
            onChange={(value) => set('obsMedia', value)}
          />
        </label>
      </fieldset>
    </CommandDialog>
  );
}

/** The words OBS will show, as the producer types the template. */
function LowerThirdPreview({ segment, values }: { segment: Segment; values: SegmentFormValues }) {
  const template = values.lowerThirdTemplate.trim();
  if (!template) return null;
  const problem = lowerThirdTemplateError(template);
  const text = renderLowerThird(template, {
    speakers: speakersOf(values.speakers),
    title: values.title,
    session: segment.session,
  });
  return (
    <div className="lower-third-preview field--wide" data-testid="lower-third-preview">
      <span className="field__label">Preview</span>
      <div className="lower-third-preview__band">
        {text || <span className="lower-third-preview__empty">(empty)</span>}
      </div>
      {problem ? (
        <p className="lower-third-preview__error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
