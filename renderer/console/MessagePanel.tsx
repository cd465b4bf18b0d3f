import { useState } from 'react';
import type { FormEvent } from 'react';
import { MAX_MESSAGE_CHARS } from '../../shared/commands.js';
import { MESSAGE_PRESETS } from '../../shared/model.js';
import { useSendCommand } from '../connection/commandContext.js';
import { useActiveMessage, useCanControl } from '../store/hooks.js';

const PRESETS = Object.entries(MESSAGE_PRESETS) as [keyof typeof MESSAGE_PRESETS, string][];

/** Signals to the MC and the speaker's stage screen. */
export function MessagePanel() {
  const send = useSendCommand();
  const active = useActiveMessage();
  const canControl = useCanControl();
  const [custom, setCustom] = useState('');

  const sendCustom = async (event: FormEvent) => {
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
    </section>
  );
}
