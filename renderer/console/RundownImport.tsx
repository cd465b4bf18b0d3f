import { useState } from 'react';
import type { ChangeEvent } from 'react';
import { MAX_IMPORT_CHARS } from '../../shared/commands.js';
import { useSendCommand } from '../connection/commandContext.js';
import { useCanControl } from '../store/hooks.js';
import { importFormatOf } from './importFormat.js';

type ImportStatus =
  | { kind: 'idle' }
  | { kind: 'busy'; fileName: string }
  | { kind: 'done'; fileName: string }
  | { kind: 'failed'; fileName: string; error: string };

/**
 * Reads a .csv or .json rundown in the browser and hands the text to the core, which parses
 * and validates it. The core's errors (line and column) are shown exactly as it wrote them.
 */
export function RundownImport() {
  const send = useSendCommand();
  const canControl = useCanControl();
  const [status, setStatus] = useState<ImportStatus>({ kind: 'idle' });

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // Reset so choosing the same file again (after fixing it) fires another change.
    input.value = '';
    if (!file) return;
    const format = importFormatOf(file.name);
    if (!format) {
      setStatus({ kind: 'failed', fileName: file.name, error: 'Choose a .csv or .json file.' });
      return;
    }
    if (file.size > MAX_IMPORT_CHARS * 4) {
      setStatus({
        kind: 'failed',
        fileName: file.name,
        error: `The file is too large (${Math.round(file.size / 1024)} KB).`,
      });
      return;
    }
    setStatus({ kind: 'busy', fileName: file.name });
    const text = await file.text();
    const result = await send({ type: 'importRundown', format, text }, { quiet: true });
    setStatus(
      result.ok
        ? { kind: 'done', fileName: file.name }
        : { kind: 'failed', fileName: file.name, error: result.error },
    );
  };

  return (
    <div className="rundown-import">
      <label className={`button button--small ${canControl ? '' : 'is-disabled'}`}>
        Import rundown…
        <input
          className="visually-hidden"
          type="file"
          accept=".csv,.json,text/csv,application/json"
          aria-label="Import rundown (.csv or .json)"
          disabled={!canControl}
          onChange={(e) => void onFile(e)}
        />
      </label>
      {status.kind === 'busy' ? (
        <span className="rundown-import__note">Importing {status.fileName}…</span>
      ) : null}
      {status.kind === 'done' ? (
        <span className="rundown-import__note">Imported {status.fileName}.</span>
      ) : null}
      {status.kind === 'failed' ? (
        <div className="import-errors" role="alert" data-testid="import-errors">
          <div className="import-errors__head">
            <strong>{status.fileName} was not imported; nothing changed.</strong>
            <button
              type="button"
              className="button button--small button--ghost"
              aria-label="Dismiss import errors"
              onClick={() => setStatus({ kind: 'idle' })}
            >
              ×
            </button>
          </div>
          <pre className="import-errors__text">{status.error}</pre>
        </div>
      ) : null}
    </div>
  );
}
