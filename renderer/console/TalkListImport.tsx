import { useState } from 'react';
import type { ChangeEvent } from 'react';
import { MAX_IMPORT_CHARS } from '../../shared/commands.js';
import type { Segment } from '../../shared/model.js';
import { DEFAULT_TALK_MIN, MAX_TALK_MIN, MIN_TALK_MIN } from '../../shared/rundownImport/talkList.js';
import { CommandDialog } from '../common/CommandDialog.js';
import type { CommandDialogSubmit } from '../common/CommandDialog.js';
import { useCanControl, useOpenDialog, useSegments } from '../store/hooks.js';
import { showStore, useShowStore } from '../store/showStore.js';

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/** The toolbar button beside "Import rundown…" that opens the dialog. */
export function TalkListImportButton() {
  const canControl = useCanControl();
  return (
    <button
      type="button"
      className="button button--small"
      disabled={!canControl}
      onClick={() => showStore.getState().setOpenDialog('talkList')}
    >
      Import talk list…
    </button>
  );
}

export function TalkListImportDialog() {
  const segments = useSegments();
  return useOpenDialog() === 'talkList' ? <TalkListForm segments={segments} /> : null;
}

/**
 * A lightning-talk list (speaker,title[,duration_min], no times) from a file or pasted, added
 * as a block after a segment or as a new session at the end (the importTalkList command). The
 * core parses and places it; its refusal (a bad line, a hard start in the way) shows verbatim.
 */
function TalkListForm({ segments }: { segments: readonly Segment[] }) {
  const canControl = useCanControl();
  const selectedId = useShowStore((s) => s.selectedSegmentId);
  const [text, setText] = useState('');
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [where, setWhere] = useState<'after' | 'newSession'>(segments.length > 0 ? 'after' : 'newSession');
  const [pickedAfterId, setAfterId] = useState<string | null>(null);
  // The rundown may change while the dialog is open (a segment removed, a first one added):
  // the choice shown, and sent, is always a segment that is there now.
  const afterId =
    segments.find((s) => s.id === pickedAfterId)?.id ??
    segments.find((s) => s.id === selectedId)?.id ??
    segments.at(-1)?.id ??
    '';
  const [sessionTitle, setSessionTitle] = useState('Lightning talks');
  const [minutes, setMinutes] = useState(String(DEFAULT_TALK_MIN));
  const close = () => showStore.getState().setOpenDialog(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_IMPORT_CHARS * 4) {
      setFileNote(`${file.name} is too large (${kb(file.size)}; at most ${kb(MAX_IMPORT_CHARS * 4)}).`);
      return;
    }
    setText(await file.text());
    setFileNote(`Read ${file.name}.`);
  };

  const submit: CommandDialogSubmit = () => {
    if (text.trim() === '')
      return 'Choose a file or paste the list (a header speaker,title, then one talk a line).';
    const defaultDurationMin = Number(minutes);
    if (
      !Number.isInteger(defaultDurationMin) ||
      defaultDurationMin < MIN_TALK_MIN ||
      defaultDurationMin > MAX_TALK_MIN
    )
      return `The default duration must be a whole number of minutes, ${MIN_TALK_MIN} to ${MAX_TALK_MIN}.`;
    if (where === 'after') {
      if (afterId === '') return 'The rundown is empty: add the talks as a new session.';
      return { type: 'importTalkList', text, placement: { after: afterId }, defaultDurationMin };
    }
    const title = sessionTitle.trim();
    if (title === '') return 'Name the new session.';
    return { type: 'importTalkList', text, placement: { newSession: { title } }, defaultDurationMin };
  };

  return (
    <CommandDialog
      headingId="talk-list-heading"
      heading="Import talk list"
      onClose={close}
      onSubmit={submit}
      disabled={!canControl}
      label="Import talks"
      busyLabel="Importing…"
      testId="talk-list-form"
    >
      <label className="field field--wide">
        <span className="field__label">File (.csv)</span>
        <input
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          aria-label="Talk list file (.csv)"
          onChange={(e) => void onFile(e)}
        />
        {fileNote === null ? null : <span className="field__hint">{fileNote}</span>}
      </label>
      <label className="field field--wide">
        <span className="field__label">Talks</span>
        <textarea
          className="input"
          rows={8}
          aria-label="Talk list text"
          placeholder={'speaker,title,duration_min\nAda Lovelace,Notes on the engine,5'}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <span className="field__hint">
          A header with speaker and title (optional duration_min, notes), then one talk a line. No start
          times: the talks run back to back, each starting when the one before ends.
        </span>
      </label>
      <fieldset className="editor__section talk-list__where">
        <legend className="editor__section-title">Where</legend>
        <label className="talk-list__choice">
          <input
            type="radio"
            name="talk-list-where"
            checked={where === 'after'}
            disabled={segments.length === 0}
            onChange={() => setWhere('after')}
          />{' '}
          After{' '}
          <select
            className="input"
            aria-label="Segment the talks follow"
            value={afterId}
            disabled={where !== 'after'}
            onChange={(e) => setAfterId(e.target.value)}
          >
            {segments.map((s, i) => (
              <option key={s.id} value={s.id}>
                {i + 1}. {s.title || s.speakers.join(' & ')}
              </option>
            ))}
          </select>
        </label>
        <label className="talk-list__choice">
          <input
            type="radio"
            name="talk-list-where"
            checked={where === 'newSession'}
            onChange={() => setWhere('newSession')}
          />{' '}
          As a new session at the end, named{' '}
          <input
            className="input"
            type="text"
            aria-label="New session title"
            maxLength={120}
            value={sessionTitle}
            disabled={where !== 'newSession'}
            onChange={(e) => setSessionTitle(e.target.value)}
          />
        </label>
      </fieldset>
      <label className="field">
        <span className="field__label">Default minutes per talk</span>
        <input
          className="input"
          type="number"
          min={MIN_TALK_MIN}
          max={MAX_TALK_MIN}
          step={1}
          required
          aria-label="Default minutes per talk"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
      </label>
    </CommandDialog>
  );
}
