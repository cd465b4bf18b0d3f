import { useState } from 'react';
import type { ShowInfo } from '../../shared/model.js';
import { CommandDialog } from '../common/CommandDialog.js';
import type { CommandDialogSubmit } from '../common/CommandDialog.js';
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
  const canControl = useCanControl();
  const [name, setName] = useState(info.name);
  const [breakScene, setBreakScene] = useState(info.breakScene ?? '');
  const [stageShowsOffset, setStageShowsOffset] = useState(info.stageShowsOffset ?? false);
  const close = () => showStore.getState().setOpenDialog(null);

  const save: CommandDialogSubmit = () => {
    const changes: Partial<ShowInfo> = {};
    if (name.trim() !== info.name) changes.name = name.trim();
    const nextBreak = breakScene.trim() || null;
    if (nextBreak !== (info.breakScene ?? null)) changes.breakScene = nextBreak;
    if (stageShowsOffset !== (info.stageShowsOffset ?? false)) changes.stageShowsOffset = stageShowsOffset;
    return Object.keys(changes).length === 0 ? null : { type: 'updateShow', changes };
  };

  return (
    <CommandDialog
      headingId="show-settings-heading"
      heading="Show settings"
      onClose={close}
      onSubmit={save}
      className="editor--narrow"
      disabled={!canControl}
      label="Save"
      busyLabel="Saving…"
    >
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
    </CommandDialog>
  );
}
