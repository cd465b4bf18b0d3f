import { useState } from 'react';
import type { SubmitEvent } from 'react';
import { MAX_MESSAGE_CHARS } from '../../shared/commands.js';
import { MESSAGE_PRESETS } from '../../shared/model.js';
import { useSendCommand } from '../connection/commandContext.js';
import { describeActor } from '../../shared/control.js';
import type { Actor } from '../../shared/signalCommands.js';
import type { CrewMessage } from '../../shared/model.js';
import { acksOf } from '../../shared/signals.js';
import { formatClockTime } from '../format/zonedTime.js';
import { useActiveMessage, useCanControl, useShowInfo } from '../store/hooks.js';

const PRESETS = Object.entries(MESSAGE_PRESETS) as [keyof typeof MESSAGE_PRESETS, string][];

/** Signals to the MC and the speaker's stage screen. */
export function MessagePanel() {
  const send = useSendCommand();
  const active = useActiveMessage();
  const canControl = useCanControl();
  const [custom, setCustom] = useState('');

  const sendCustom = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = custom.trim();
    if (!text) return;
    const result = await send({ type: 'sendMessage', preset: 'custom', text });
    if (result.ok) setCustom('');
  };

  return (
    <section className="panel message-panel" aria-labelledby="message-heading">
      <h2 id="message-heading" className="panel__heading">
        Message to MC &amp; stage
      </h2>
      <div className="message-panel__presets">
        {PRESETS.map(([preset, text]) => (
          <button
            key={preset}
            type="button"
            className="button button--message"
            disabled={!canControl}
            onClick={() => void send({ type: 'sendMessage', preset })}
          >
            {text}
          </button>
        ))}
      </div>
      <form className="message-panel__custom" onSubmit={(e) => void sendCustom(e)}>
        <input
          className="input"
          type="text"
          aria-label="Custom message"
          placeholder="Custom message…"
          maxLength={MAX_MESSAGE_CHARS}
          value={custom}
          disabled={!canControl}
          onChange={(e) => setCustom(e.target.value)}
        />
        <button type="submit" className="button" disabled={!canControl || custom.trim() === ''}>
          Send
        </button>
      </form>
      <div className="message-panel__active">
        <span className="message-panel__label">Showing:</span>
        <span
          className={`message-panel__current ${active ? '' : 'is-empty'}`}
          data-testid="console-active-message"
        >
          {active ? active.text : 'nothing'}
        </span>
        <button
          type="button"
          className="button button--small"
          aria-label="Clear message"
          disabled={!canControl || !active}
          onClick={() => void send({ type: 'clearMessage' })}
        >
          Clear
        </button>
      </div>
      {active ? <MessageAcks message={active} /> : null}
    </section>
  );
}

/** The stage screen runs on the viewer token; to the producer it is the stage. */
function receiverName(actor: Actor): string {
  if (actor.role !== 'viewer') return describeActor(actor);
  return actor.name === null ? 'the stage screen' : `${actor.name} (stage)`;
}

/** Who has seen the message showing now: the MC, the stage screen, with the time each said so. */
function MessageAcks({ message }: { message: CrewMessage }) {
  const info = useShowInfo();
  const acks = acksOf(message);
  return (
    <p className={`message-panel__acks ${acks.length === 0 ? 'is-waiting' : ''}`} data-testid="message-acks">
      {acks.length === 0
        ? 'Not acknowledged yet'
        : acks
            .map((ack) => `✓ ${receiverName(ack.by)} at ${formatClockTime(ack.at, info?.timezone)}`)
            .join(' · ')}
    </p>
  );
}
