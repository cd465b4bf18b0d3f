import { useSendCommand } from '../connection/commandContext.js';
import { useCanControl } from '../store/hooks.js';
import { useShowStore } from '../store/showStore.js';

/**
 * The show's one switch for automatic starts (hard starts, end actions, follow), journaled:
 * every console shows its state and who set it; only the holder of show control flips it.
 */
export function AutomationSwitch() {
  const send = useSendCommand();
  const canControl = useCanControl();
  const automation = useShowStore((s) => s.showState?.automation ?? null);
  const paused = automation?.paused === true;
  const by = automation?.by.name ?? automation?.by.role;
  return (
    <button
      type="button"
      role="switch"
      aria-checked={!paused}
      className={`automation-switch ${paused ? 'automation-switch--paused' : ''}`}
      data-testid="automation-switch"
      disabled={!canControl}
      title={
        paused
          ? `Automatic starts paused${by ? ` by ${by}` : ''}: hard starts and end actions wait for you`
          : 'Hard starts, end actions and follow-ons start segments by themselves'
      }
      onClick={() => void send({ type: 'setAutomation', paused: !paused })}
    >
      <span className="automation-switch__track" aria-hidden="true" />
      {paused ? 'Auto paused' : 'Auto on'}
    </button>
  );
}
