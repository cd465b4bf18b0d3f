import { describeActor } from '../../shared/control.js';
import { CREW_SIGNAL_TEXT } from '../../shared/signalCommands.js';
import { CommandButton } from '../common/CommandButton.js';
import { formatClockTime } from '../format/zonedTime.js';
import { selectCrewSignals } from '../store/controlSelectors.js';
import { useShowInfo } from '../store/hooks.js';
import { useShowStore } from '../store/showStore.js';

/**
 * The MC's signals to the producer ("speaker audio problem", "ready", "need a filler
 * question"), across the top of the console while any is up. Unacknowledged ones pulse.
 * Answering is talking, not running the show: a producer or backup without control may too.
 */
export function CrewSignalsPanel() {
  const signals = useShowStore(selectCrewSignals);
  const info = useShowInfo();
  if (signals.length === 0) return null;
  return (
    <section className="crew-signals" aria-label="Signals from the MC" data-testid="crew-signals">
      {signals.map((signal) => (
        <div
          key={signal.id}
          className={`crew-signal crew-signal--${signal.kind} ${signal.ack ? 'is-acked' : 'is-new'}`}
          role="alert"
          data-testid={`crew-signal-${signal.kind}`}
        >
          <strong className="crew-signal__text">{CREW_SIGNAL_TEXT[signal.kind]}</strong>
          <span className="crew-signal__meta">
            from {describeActor(signal.from)} at {formatClockTime(signal.at, info?.timezone)}
            {signal.ack
              ? ` · seen by ${describeActor(signal.ack.by)} at ${formatClockTime(signal.ack.at, info?.timezone)}`
              : ''}
          </span>
          {signal.ack ? null : (
            <CommandButton tone="primary" command={{ type: 'acknowledgeSignal', signalId: signal.id }}>
              Acknowledge
            </CommandButton>
          )}
          <CommandButton command={{ type: 'clearSignal', signalId: signal.id }}>Clear</CommandButton>
        </div>
      ))}
    </section>
  );
}
