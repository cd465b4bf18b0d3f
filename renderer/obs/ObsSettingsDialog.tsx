import { useState } from 'react';
import { describeZodError } from '../../shared/zodErrors.js';
import { DEFAULT_OBS_PORT, ObsSettings } from '../../shared/obs.js';
import { CommandDialog } from '../common/CommandDialog.js';
import type { CommandDialogSubmit } from '../common/CommandDialog.js';
import { useCanControl, useObsSettings, useOpenDialog } from '../store/hooks.js';
import { showStore } from '../store/showStore.js';

export function ObsSettingsDialog() {
  return useOpenDialog() === 'obsSettings' ? <ObsSettingsForm /> : null;
}

/**
 * Where this core finds OBS. The password is write-only: the core never sends it back, only
 * whether one is saved, and every save sends all three fields, so a saved password is kept
 * only by typing it again. The form says so rather than clearing it silently.
 */
function ObsSettingsForm() {
  const canControl = useCanControl();
  const saved = useObsSettings();
  const [host, setHost] = useState(saved?.host ?? '127.0.0.1');
  const [port, setPort] = useState(String(saved?.port ?? DEFAULT_OBS_PORT));
  const [password, setPassword] = useState('');
  const close = () => showStore.getState().setOpenDialog(null);
  const clearsPassword = saved?.hasPassword === true && password === '';

  const save: CommandDialogSubmit = () => {
    const parsed = ObsSettings.safeParse({ host: host.trim(), port: Number(port), password });
    if (!parsed.success) return describeZodError(parsed.error);
    return { type: 'obsConfigure', settings: parsed.data };
  };

  return (
    <CommandDialog
      headingId="obs-settings-heading"
      heading="OBS connection"
      onClose={close}
      onSubmit={save}
      className="editor--narrow"
      autoComplete="off"
      disabled={!canControl}
      label={clearsPassword ? 'Save without password' : 'Save and connect'}
      busyLabel="Connecting…"
    >
      <p className="editor__intro">
        In OBS: Tools → WebSocket Server Settings. This computer connects to it; the password stays on this
        computer.
      </p>
      <label className="field field--three">
        <span className="field__label">Address</span>
        <input
          className="input"
          type="text"
          required
          spellCheck={false}
          placeholder="127.0.0.1"
          value={host}
          onChange={(e) => setHost(e.target.value)}
        />
      </label>
      <label className="field">
        <span className="field__label">Port</span>
        <input
          className="input"
          type="number"
          min={1}
          max={65535}
          required
          value={port}
          onChange={(e) => setPort(e.target.value)}
        />
      </label>
      <label className="field field--wide">
        <span className="field__label">
          Password{' '}
          {saved?.hasPassword ? (
            <span className="field__badge" data-testid="password-saved">
              password saved
            </span>
          ) : null}
        </span>
        <input
          className="input"
          type="password"
          autoComplete="new-password"
          placeholder={saved?.hasPassword ? 'Type the password again to keep it' : 'No password'}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <span
          className={`field__hint ${clearsPassword ? 'field__hint--warn' : ''}`}
          data-testid="password-note"
        >
          {clearsPassword
            ? 'The saved password is never shown. Left empty, saving clears it and connects without a password: type it again to keep it.'
            : saved?.hasPassword
              ? 'This replaces the saved password.'
              : 'Leave empty if OBS does not ask for one.'}
        </span>
      </label>
    </CommandDialog>
  );
}
