import { describeActor } from '../../shared/control.js';
import { SHOW_CONTROL_ROLES } from '../../shared/roles.js';
import { useSendCommand } from '../connection/commandContext.js';
import { formatClockTime } from '../format/zonedTime.js';
import { selectControlHolder, selectControlLock, selectHoldsControl } from '../store/controlSelectors.js';
import { useRole, useShowInfo } from '../store/hooks.js';
import { useShowStore } from '../store/showStore.js';
import { ConfirmButton } from './ConfirmButton.js';

/** First letter up, for a reason that starts a sentence ("the backup has control"). */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Who holds show control, for every crew screen's header. */
export function ControlBadge() {
  const holder = useShowStore(selectControlHolder);
  const mine = useShowStore(selectHoldsControl);
  const info = useShowInfo();
  const showState = useShowStore((s) => s.showState !== null);
  if (!showState) return null;
  return (
    <span
      className={`control-badge ${mine ? 'control-badge--mine' : ''}`}
      data-testid="control-holder"
      title={holder ? `since ${formatClockTime(holder.since, info?.timezone)}` : undefined}
    >
      <span className="control-badge__label">Control</span>{' '}
      {mine ? 'You' : holder ? describeActor(holder) : 'nobody'}
    </span>
  );
}

/**
 * The console's hand-over control: who holds it and since when, and "Take control…" for a
 * producer or backup who does not, confirmed inline. The command carries the holder seen at
 * confirmation, so a hand-over that raced another is refused rather than done blind.
 */
export function ControlBar() {
  const role = useRole();
  const holder = useShowStore(selectControlHolder);
  const mine = useShowStore(selectHoldsControl);
  const info = useShowInfo();
  const send = useSendCommand();
  if (!role || !SHOW_CONTROL_ROLES.includes(role)) return <ControlBadge />;
  const from = holder ? `from ${describeActor(holder)}` : '';
  return (
    <div className="control-bar">
      <ControlBadge />
      {holder && mine ? (
        <span className="control-bar__since">since {formatClockTime(holder.since, info?.timezone)}</span>
      ) : null}
      {mine ? null : (
        <ConfirmButton
          small
          label="Take control…"
          question={
            holder
              ? `Take control ${from}? Their controls lock until they take it back.`
              : 'Take control of the show?'
          }
          confirmLabel="Take control"
          groupLabel="Confirm taking control"
          onConfirm={() =>
            void send({
              type: 'takeControl',
              expectHolder: holder ? { role: holder.role, name: holder.name } : null,
            })
          }
        />
      )}
    </div>
  );
}

/** Why this console's controls are disabled, where the producer cannot miss it. */
export function ControlLockBanner() {
  const lock = useShowStore(selectControlLock);
  if (!lock) return null;
  return (
    <div className="control-lock" role="status" data-testid="control-lock">
      <strong>{sentence(lock)}.</strong> Your controls are locked; “Take control…” above hands the show to
      you.
    </div>
  );
}
