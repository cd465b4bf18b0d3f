import { useState } from 'react';
import type { ChangeEvent, SubmitEvent } from 'react';
import { MAX_IMPORT_CHARS } from '../../shared/commands.js';
import { WorkbookSheetsResponse } from '../../shared/protocol.js';
import { MAX_XLSX_BYTES } from '../../shared/rundownImport.js';
import { useSendCommand } from '../connection/commandContext.js';
import { useCoreFetch } from '../connection/coreDownload.js';
import { useCanControl } from '../store/hooks.js';
import { base64Of, importFormatOf } from './importFormat.js';

type ImportStatus =
  | { kind: 'idle' }
  | { kind: 'busy'; fileName: string }
  | { kind: 'done'; fileName: string; sheet?: string }
  | { kind: 'pickSheet'; fileName: string; text: string; sheets: string[] }
  | { kind: 'failed'; fileName: string; error: string };

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/**
 * Reads a .csv, .json or .xlsx rundown in the browser and hands it to the core, which parses
 * and validates it (an .xlsx as base64: exceljs runs in the core). A workbook with several
 * sheets asks which one first. The core's errors (line or sheet row, and column) are shown
 * exactly as it wrote them.
 */
export function RundownImport() {
  const send = useSendCommand();
  const fetchFromCore = useCoreFetch();
  const canControl = useCanControl();
  const [status, setStatus] = useState<ImportStatus>({ kind: 'idle' });

  const importWorkbook = async (fileName: string, text: string, sheet: string | undefined) => {
    setStatus({ kind: 'busy', fileName });
    const result = await send(
      { type: 'importRundown', format: 'xlsx', text, ...(sheet === undefined ? {} : { sheet }) },
      { quiet: true },
    );
    setStatus(
      result.ok
        ? { kind: 'done', fileName, ...(sheet === undefined ? {} : { sheet }) }
        : { kind: 'failed', fileName, error: result.error },
    );
  };

  /** Which sheets the workbook has (the core reads it); null when this screen cannot ask. */
  const sheetsOf = async (text: string): Promise<{ sheets: string[] } | { error: string } | null> => {
    if (!fetchFromCore) return null;
    const response = await fetchFromCore('/api/workbook-sheets', { json: { text } });
    const body: unknown = await response.json().catch(() => null);
    const listed = WorkbookSheetsResponse.safeParse(body);
    if (response.ok && listed.success) return { sheets: listed.data.sheets };
    const error = (body as { error?: unknown } | null)?.error;
    return { error: typeof error === 'string' ? error : `the core answered ${response.status}` };
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // Reset so choosing the same file again (after fixing it) fires another change.
    input.value = '';
    if (!file) return;
    const format = importFormatOf(file.name);
    if (!format) {
      setStatus({ kind: 'failed', fileName: file.name, error: 'Choose a .csv, .json or .xlsx file.' });
      return;
    }
    const limit = format === 'xlsx' ? MAX_XLSX_BYTES : MAX_IMPORT_CHARS * 4;
    if (file.size > limit) {
      setStatus({
        kind: 'failed',
        fileName: file.name,
        error: `The file is too large (${kb(file.size)}; at most ${kb(limit)}).`,
      });
      return;
    }
    setStatus({ kind: 'busy', fileName: file.name });
    if (format === 'xlsx') {
      const text = base64Of(await file.arrayBuffer());
      const listed = await sheetsOf(text);
      if (listed !== null && 'error' in listed) {
        setStatus({ kind: 'failed', fileName: file.name, error: listed.error });
        return;
      }
      if (listed !== null && listed.sheets.length > 1) {
        setStatus({ kind: 'pickSheet', fileName: file.name, text, sheets: listed.sheets });
        return;
      }
      await importWorkbook(file.name, text, listed?.sheets[0]);
      return;
    }
    const text = await file.text();
    const result = await send({ type: 'importRundown', format, text }, { quiet: true });
    setStatus(
      result.ok
        ? { kind: 'done', fileName: file.name }
        : { kind: 'failed', fileName: file.name, error: result.error },
    );
  };

  const onPick = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (status.kind !== 'pickSheet') return;
    const sheet = new FormData(event.currentTarget).get('sheet');
    void importWorkbook(status.fileName, status.text, typeof sheet === 'string' ? sheet : undefined);
  };

  return (
    <div className="rundown-import">
      <label className={`button button--small ${canControl ? '' : 'is-disabled'}`}>
        Import rundown…
        <input
          className="visually-hidden"
          type="file"
          accept=".csv,.json,.xlsx,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-label="Import rundown (.csv, .json or .xlsx)"
          disabled={!canControl}
          onChange={(e) => void onFile(e)}
        />
      </label>
      {status.kind === 'busy' ? (
        <span className="rundown-import__note">Importing {status.fileName}…</span>
      ) : null}
      {status.kind === 'done' ? (
        <span className="rundown-import__note" data-testid="import-done">
          Imported {status.fileName}
          {status.sheet === undefined ? '' : ` (sheet “${status.sheet}”)`}.
        </span>
      ) : null}
      {status.kind === 'pickSheet' ? (
        <form className="rundown-import__sheets" onSubmit={onPick}>
          <label
            className="rundown-import__note"
            title={`${status.fileName} has ${status.sheets.length} sheets: which is the rundown?`}
          >
            Sheet{' '}
            <select name="sheet" aria-label="Sheet to import" defaultValue={status.sheets[0]}>
              {status.sheets.map((sheet) => (
                <option key={sheet} value={sheet}>
                  {sheet}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button--small">
            Import sheet
          </button>
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() => setStatus({ kind: 'idle' })}
          >
            Cancel
          </button>
        </form>
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
