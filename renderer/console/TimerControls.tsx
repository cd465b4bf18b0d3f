import { ConfirmButton } from '../common/ConfirmButton.js';
import { useSendCommand } from '../connection/commandContext.js';
import { useCanControl, useSelectedSegment, useShowPhase, useTimer } from '../store/hooks.js';

const ONE_MINUTE_MS = 60_000;

/** Start / Next / Pause-Resume / ±1 min / End show. Each names its shortcut key. */
export function TimerControls() {
  const send = useSendCommand();
  const timer = useTimer();
  const selected = useSelectedSegment();
  const canControl = useCanControl();
  const phase = useShowPhase();
  const paused = timer?.pausedAt != null;

  return (
    <div className="timer-controls" role="toolbar" aria-label="Timer controls">
      <div className="timer-controls__group">
        <button
          type="button"
          className="button button--go"
          disabled={!canControl || !selected}
          aria-keyshortcuts="S"
          title={selected ? `Start “${selected.title}”` : 'Select a row first'}
          onClick={() => selected && void send({ type: 'startSegment', segmentId: selected.id })}
        >
          Start selected <kbd>S</kbd>
        </button>
        <button
          type="button"
          className="button button--primary"
          aria-keyshortcuts="N"
          disabled={!canControl}
          onClick={() => void send({ type: 'nextSegment' })}
        >
          Next <kbd>N</kbd>
        </button>
        <button
          type="button"
          className="button"
          aria-keyshortcuts="P Space"
          disabled={!canControl || !timer}
          onClick={() => void send({ type: paused ? 'resumeTimer' : 'pauseTimer' })}
        >
          {paused ? 'Resume' : 'Pause'} <kbd>P</kbd>
        </button>
      </div>
      <div className="timer-controls__group timer-controls__group--adjust">
        <button
          type="button"
          className="button"
          aria-label="Remove 1 minute"
          aria-keyshortcuts="-"
          disabled={!canControl || !timer}
          onClick={() => void send({ type: 'adjustTime', deltaMs: -ONE_MINUTE_MS })}
        >
          −1 min <kbd>-</kbd>
        </button>
        <button
          type="button"
          className="button"
          aria-label="Add 1 minute"
          aria-keyshortcuts="+ ="
          disabled={!canControl || !timer}
          onClick={() => void send({ type: 'adjustTime', deltaMs: ONE_MINUTE_MS })}
        >
          +1 min <kbd>+</kbd>
        </button>
        <EndShowButton
          disabled={!canControl || phase === 'notStarted' || phase === 'ended' || phase === 'loading'}
        />
      </div>
    </div>
  );
}

/** Ending the show cannot be undone, so it asks once, inline. */
function EndShowButton({ disabled }: { disabled: boolean }) {
  const send = useSendCommand();
  return (
    <ConfirmButton
      className="timer-controls__end"
      label="End show…"
      question="End the show?"
      confirmLabel="Yes, end show"
      groupLabel="Confirm end of show"
      disabled={disabled}
      onConfirm={() => void send({ type: 'endShow' })}
    />
  );
}
