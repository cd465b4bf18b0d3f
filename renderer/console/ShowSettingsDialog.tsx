import { DialogFooter } from '../common/DialogFooter.js';
import { useState } from 'react';
import type { SubmitEvent } from 'react';
import type { ShowInfo } from '../../shared/model.js';
import { ModalDialog } from '../common/ModalDialog.js';
import { useSendCommand } from '../connection/commandContext.js';
import { SceneNameField } from '../obs/ObsNameFields.js';
import { useCanControl, useOpenDialog, useShowInfo } from '../store/hooks.js';
import { showStore } from '../store/showStore.js';

export function ShowSettingsDialog() {
  const info = useShowInfo();
  return useOpenDialog() === 'showSettings' && info ? <ShowSettingsForm info={info} /> : null;
}

/**
 * The show's name, the OBS scene breaks go to (unless a break names its own), and whether the
 * speaker's stage screen shows the schedule offset.
 */
function ShowSettingsForm({ info }: { info: ShowInfo }) {
  const send = useSendCommand();
  const canControl = useCanControl();
  const [name, setName] = useState(info.name);
  const [breakScene, setBreakScene] = useState(info.breakScene ?? '');
  const [stageShowsOffset, setStageShowsOffset] = useState(info.stageShowsOffset ?? false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const close = () => showStore.getState().setOpenDialog(null);

  const save = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const changes: Partial<ShowInfo> = {};
    if (name.trim() !== info.name) changes.name = name.trim();
    const nextBreak = breakScene.trim() || null;
    if (nextBreak !== (info.breakScene ?? null)) changes.breakScene = nextBreak;
    if (stageShowsOffset !== (info.stageShowsOffset ?? false)) changes.stageShowsOffset = stageShowsOffset;
    if (Object.keys(changes).length === 0) {
      close();
      return;
    }
    setSaving(true);
    const result = await send({ type: 'updateShow', changes }, { quiet: true });
    setSaving(false);
    if (result.ok) close();
    else setError(result.error);
  };

  return (
    <ModalDialog labelledBy="show-settings-heading" onClose={close} className="editor--narrow">
      <form className="editor__form" onSubmit={(e) => void save(e)}>
        <h2 id="show-settings-heading" className="editor__heading">
          Show settings
        </h2>
        <label className="field field--wide">
          <span className="field__label">Show name</span>
          <input
            className="input"
            type="text"
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field field--wide">
          <span className="field__label">Break scene</span>
          <SceneNameField
            value={breakScene}
            emptyLabel="— none: breaks leave OBS alone —"
            onChange={setBreakScene}
          />
          <span className="field__hint">
            OBS switches to it when a break starts that names no scene of its own.
          </span>
        </label>
        <label className="field field--wide">
          <span>
            <input
              type="checkbox"
              data-testid="stage-shows-offset"
              checked={stageShowsOffset}
              onChange={(e) => setStageShowsOffset(e.target.checked)}
            />{' '}
            Show the schedule offset on the stage
          </span>
          <span className="field__hint">
            The speaker’s screen says “Running 7:40 behind”, “2:10 ahead” or “On schedule” under the timer.
          </span>
        </label>
        <DialogFooter
          error={error}
          onCancel={close}
          disabled={!canControl}
          busy={saving}
          label="Save"
          busyLabel="Saving…"
        />
      </form>
    </ModalDialog>
  );
}
