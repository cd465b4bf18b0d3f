import { useMemo, useState } from 'react';
import { formatClockDuration, formatDrift } from '../../shared/durationText.js';
import { ON_SCHEDULE_MS } from '../../shared/schedule.js';
import type { RecoverySuggestion } from '../../shared/scheduleRecovery.js';
import { suggestRecovery } from '../../shared/scheduleRecovery.js';
import { CommandDialog } from '../common/CommandDialog.js';
import { formatTimeInZone } from '../format/zonedTime.js';
import { useCanControl, useOpenDialog, useShowInfo } from '../store/hooks.js';
import { showStore, useShowStore } from '../store/showStore.js';
import { useServerSecond } from '../timer/useTimerDisplay.js';

/**
 * "Recover 7:40" beside the offset badge when the show runs behind and the breaks or flexible
 * segments before the next hard start (or the day's end) can give time (shared/scheduleRecovery.ts).
 * It opens the suggestion as it stood when clicked; confirming sends it as one journaled
 * `updateSegments`, which the segment editor undoes like any other edit.
 */
export function RecoveryButton() {
  const canControl = useCanControl();
  const state = useShowStore((s) => s.showState);
  const second = useServerSecond();
  const suggestion = useMemo(() => (state ? suggestRecovery(state, second) : null), [state, second]);
  // The suggestion as it stood when clicked: what the producer confirms is what they read.
  const [shown, setShown] = useState<RecoverySuggestion | null>(null);
  const dialogOpen = useOpenDialog() === 'recovery';
  const open = dialogOpen && shown !== null;
  const close = () => {
    showStore.getState().setOpenDialog(null);
    setShown(null);
  };
  if (!open && (!canControl || !suggestion)) return null;
  return (
    <>
      {suggestion && canControl ? (
        <button
          type="button"
          className="button button--small recovery-button"
          data-testid="recovery-button"
          aria-haspopup="dialog"
          title="Shorten breaks and flexible segments ahead to take the time back"
          onClick={() => {
            setShown(suggestion);
            showStore.getState().setOpenDialog('recovery');
          }}
        >
          Recover {formatDrift(suggestion.recoveredMs)}
        </button>
      ) : null}
      {dialogOpen && shown ? <RecoveryDialog suggestion={shown} onClose={close} /> : null}
    </>
  );
}

/** "30 → 15 min" for whole minutes, else "15:00 → 7:20". */
function lengths(fromMs: number, toMs: number): string {
  const whole = (ms: number) => ms % 60_000 === 0;
  if (whole(fromMs) && whole(toMs)) return `${fromMs / 60_000} → ${toMs / 60_000} min`;
  return `${formatClockDuration(fromMs)} → ${formatClockDuration(toMs)}`;
}

function RecoveryDialog({ suggestion, onClose }: { suggestion: RecoverySuggestion; onClose: () => void }) {
  const canControl = useCanControl();
  const info = useShowInfo();
  const zone = info?.timezone ?? 'UTC';
  const time = (ms: number) => formatTimeInZone(ms, zone);
  const { boundary } = suggestion;
  const endLabel =
    boundary.kind === 'hardStart'
      ? `before the hard start ${time(boundary.at)} (${boundary.title})`
      : `day end (planned ${time(boundary.plannedEnd)})`;
  // What stays late within the on-schedule margin is not worth a word.
  const partial = suggestion.behindMs - suggestion.recoveredMs > ON_SCHEDULE_MS;

  return (
    <CommandDialog
      headingId="recovery-heading"
      heading={`Recover ${formatDrift(suggestion.recoveredMs)}`}
      onClose={onClose}
      onSubmit={() => suggestion.command}
      className="editor--narrow recovery-dialog"
      testId="recovery-dialog"
      disabled={!canControl}
      label="Shorten them"
      busyLabel="Applying…"
    >
      <p className="field--wide recovery-dialog__intro">
        {partial
          ? `Running ${formatDrift(suggestion.behindMs)} behind; the breaks and flexible segments ahead can give ${formatDrift(suggestion.recoveredMs)}.`
          : `Running ${formatDrift(suggestion.behindMs)} behind; shortening these takes it back.`}
      </p>
      <ul className="field--wide recovery-dialog__changes">
        {suggestion.changes.map((change) => (
          <li key={change.segmentId} data-testid="recovery-change">
            <span className="recovery-dialog__title">{change.title}</span>:{' '}
            {lengths(change.fromMs, change.toMs)}
          </li>
        ))}
        <li className="recovery-dialog__end" data-testid="recovery-end">
          Projected {endLabel}: {time(suggestion.endBefore)} → {time(suggestion.endAfter)}
        </li>
      </ul>
    </CommandDialog>
  );
}
