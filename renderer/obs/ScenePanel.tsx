import { useEffect, useState } from 'react';
import type { ObsState } from '../../shared/obs.js';
import { MAX_TRANSITION_MS, MIN_TRANSITION_MS } from '../../shared/obs.js';
import { useSendCommand } from '../connection/commandContext.js';
import { useCanControl, useObs } from '../store/hooks.js';
import { showStore } from '../store/showStore.js';
import { ObsThumbnail } from './ObsThumbnail.js';
import { pickSceneCommand } from './sceneCommands.js';

/**
 * The producer's switcher: one button per OBS scene with tally (program red "PGM", preview
 * green "PVW": colour and word), keys 1–9, studio mode with a Transition button, the
 * transition and its duration, and live program and preview stills.
 */
export function ScenePanel() {
  const obs = useObs();
  // Stills cost OBS a screenshot a second: ask for them only while this panel is on screen.
  useEffect(() => showStore.getState().watchObsThumbnails(), []);
  const connected = obs?.connection.status === 'connected';
  return (
    <section
      className={`panel scene-panel ${connected ? '' : 'is-offline'}`}
      aria-labelledby="scene-heading"
      data-testid="scene-panel"
    >
      <div className="scene-panel__header">
        <h2 id="scene-heading" className="panel__heading">
          OBS scenes
        </h2>
        {obs ? <StudioModeToggle obs={obs} connected={connected} /> : null}
      </div>
      {obs ? (
        <SceneSwitcher obs={obs} connected={connected} />
      ) : (
        <p className="panel__empty">No OBS information from the core.</p>
      )}
    </section>
  );
}

function SceneSwitcher({ obs, connected }: { obs: ObsState; connected: boolean }) {
  const send = useSendCommand();
  const canControl = useCanControl();
  const [pending, setPending] = useState<string | null>(null);
  const usable = canControl && connected && !obs.switchingCollection;
  const why = !canControl
    ? 'This role cannot switch scenes'
    : !connected
      ? 'OBS is not connected'
      : obs.switchingCollection
        ? 'OBS is switching scene collections'
        : undefined;

  const pick = async (sceneName: string) => {
    setPending(sceneName);
    await send(pickSceneCommand(obs, sceneName));
    setPending(null);
  };

  return (
    <>
      <div className="scene-panel__monitors">
        <ObsThumbnail
          slot="preview"
          sceneName={obs.previewScene}
          placeholder={obs.studioMode ? undefined : 'Studio mode off'}
        />
        <ObsThumbnail slot="program" sceneName={obs.programScene} />
      </div>
      {!connected ? (
        <p className="scene-panel__offline" role="status">
          {obs.scenes.length > 0 ? 'OBS offline — last known scenes' : 'OBS offline'}
        </p>
      ) : null}
      <div className="scene-grid" role="group" aria-label="Scenes">
        {obs.scenes.map((sceneName, index) => {
          const program = sceneName === obs.programScene;
          const preview = obs.studioMode && sceneName === obs.previewScene;
          const tally = program ? 'program' : preview ? 'preview' : 'none';
          return (
            <button
              key={sceneName}
              type="button"
              className={`scene-button scene-button--${tally} ${program && preview ? 'is-both' : ''} ${
                pending === sceneName ? 'is-pending' : ''
              }`}
              data-testid="scene-button"
              data-scene={sceneName}
              data-tally={tally}
              disabled={!usable}
              title={
                why ?? (obs.studioMode ? `Put “${sceneName}” on preview` : `Put “${sceneName}” on program`)
              }
              aria-keyshortcuts={index < 9 ? String(index + 1) : undefined}
              onClick={() => void pick(sceneName)}
            >
              {index < 9 ? <kbd className="scene-button__key">{index + 1}</kbd> : null}
              <span className="scene-button__name">{sceneName}</span>
              <span className="scene-button__tally">
                {program ? <span className="tally-word tally-word--program">PGM</span> : null}
                {preview ? <span className="tally-word tally-word--preview">PVW</span> : null}
              </span>
            </button>
          );
        })}
        {connected && obs.scenes.length === 0 ? <p className="panel__empty">OBS has no scenes.</p> : null}
      </div>
      <div className="scene-panel__footer">
        <TransitionPicker obs={obs} disabled={!usable} />
        {obs.studioMode ? <TransitionButton obs={obs} disabled={!usable} why={why} /> : null}
      </div>
    </>
  );
}

function StudioModeToggle({ obs, connected }: { obs: ObsState; connected: boolean }) {
  const send = useSendCommand();
  const canControl = useCanControl();
  return (
    <button
      type="button"
      className={`toggle ${obs.studioMode ? 'is-on' : ''}`}
      aria-pressed={obs.studioMode}
      disabled={!canControl || !connected}
      data-testid="studio-mode"
      onClick={() => void send({ type: 'obsSetStudioMode', enabled: !obs.studioMode })}
    >
      <span className="toggle__track" aria-hidden="true">
        <span className="toggle__knob" />
      </span>
      Studio mode <span className="toggle__state">{obs.studioMode ? 'on' : 'off'}</span>
    </button>
  );
}

/** Preview to program. Disabled, saying why, while a transition runs: a second one would be lost. */
function TransitionButton({ obs, disabled, why }: { obs: ObsState; disabled: boolean; why?: string }) {
  const send = useSendCommand();
  const reason =
    why ??
    (obs.transitionActive ? 'A transition is running…' : !obs.previewScene ? 'Nothing on preview' : null);
  return (
    <div className="transition-take">
      <button
        type="button"
        className="button transition-take__button"
        data-testid="transition-button"
        disabled={disabled || obs.transitionActive || !obs.previewScene}
        title={reason ?? `Take “${obs.previewScene}” to program`}
        onClick={() => void send({ type: 'obsTransition' })}
      >
        Transition
      </button>
      <span className="transition-take__note" data-testid="transition-note">
        {reason && !why ? reason : obs.previewScene ? `${obs.previewScene} → program` : ''}
      </span>
    </div>
  );
}

function TransitionPicker({ obs, disabled }: { obs: ObsState; disabled: boolean }) {
  const send = useSendCommand();
  const current = obs.currentTransition ?? '';
  return (
    <div className="transition-picker">
      <label className="transition-picker__field">
        <span className="transition-picker__label">Transition</span>
        <select
          className="input input--compact"
          value={current}
          disabled={disabled || obs.transitions.length === 0}
          onChange={(e) => void send({ type: 'obsSetTransition', name: e.target.value })}
        >
          {current && !obs.transitions.includes(current) ? <option value={current}>{current}</option> : null}
          {obs.transitions.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <TransitionDuration
        key={`${obs.currentTransition}|${obs.transitionDurationMs}`}
        durationMs={obs.transitionDurationMs}
        disabled={disabled}
      />
    </div>
  );
}

/** Commits on Enter or when focus leaves; keyed by OBS's value, so a change there resets the draft. */
function TransitionDuration({ durationMs, disabled }: { durationMs: number | null; disabled: boolean }) {
  const send = useSendCommand();
  const [draft, setDraft] = useState(durationMs === null ? '' : String(durationMs));
  const fixed = durationMs === null;
  const commit = () => {
    const value = Number(draft);
    if (fixed || draft.trim() === '' || value === durationMs) return;
    if (!Number.isInteger(value) || value < MIN_TRANSITION_MS || value > MAX_TRANSITION_MS) {
      showStore.getState().pushToast({
        kind: 'error',
        title: 'Transition duration',
        text: `Use whole milliseconds from ${MIN_TRANSITION_MS} to ${MAX_TRANSITION_MS}.`,
      });
      setDraft(String(durationMs));
      return;
    }
    void send({ type: 'obsSetTransition', durationMs: value });
  };
  return (
    <label className="transition-picker__field transition-picker__field--duration">
      <span className="visually-hidden">Transition duration in milliseconds</span>
      <input
        className="input input--compact"
        type="number"
        inputMode="numeric"
        min={MIN_TRANSITION_MS}
        max={MAX_TRANSITION_MS}
        step={50}
        placeholder="fixed"
        disabled={disabled || fixed}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      <span className="transition-picker__unit">ms</span>
    </label>
  );
}
