import { describeActor } from '../../shared/control.js';
import type { CrewSignalKind } from '../../shared/signalCommands.js';
import { CREW_SIGNAL_TEXT } from '../../shared/signalCommands.js';
import type { CrewSignal } from '../../shared/model.js';
import { useSendCommand } from '../connection/commandContext.js';
import { formatClockTime } from '../format/zonedTime.js';
import { selectCrewSignals } from '../store/controlSelectors.js';
import { useRole, useShowInfo } from '../store/hooks.js';
import { useShowStore } from '../store/showStore.js';

/** The filler request has its own button with the questions; these are the other two. */
const KINDS: CrewSignalKind[] = ['audioProblem', 'ready'];

function statusText(signal: CrewSignal, timeZone: string | undefined): string {
  return signal.ack
    ? `✓ ${describeActor(signal.ack.by)} saw it at ${formatClockTime(signal.ack.at, timeZone)}`
    : `Sent at ${formatClockTime(signal.at, timeZone)}…`;
}

/** The MC's signals to the producer, and whether the producer has seen each one. */
export function McSignals() {
  const role = useRole();
  const signals = useShowStore(selectCrewSignals);
  const info = useShowInfo();
  const send = useSendCommand();
  if (role !== 'mc') return null;
  const filler = signals.find((s) => s.kind === 'filler');
  return (
    <section className="mc-signals" aria-label="Signal the producer" data-testid="mc-signals">
      {KINDS.map((kind) => {
        const up = signals.find((s) => s.kind === kind);
        return (
          <div key={kind} className="mc-signals__item">
            <button
              type="button"
              className={`button mc-signals__button ${up ? 'is-up' : ''}`}
              onClick={() => void send({ type: 'signalProducer', kind })}
            >
              {CREW_SIGNAL_TEXT[kind]}
            </button>
            {up ? (
              <span className="mc-signals__status" data-testid={`mc-signal-${kind}`}>
                {statusText(up, info?.timezone)}
              </span>
            ) : null}
          </div>
        );
      })}
      {filler ? (
        <span className="mc-signals__status" data-testid="mc-signal-filler">
          Filler question: {statusText(filler, info?.timezone)}
        </span>
      ) : null}
    </section>
  );
}
