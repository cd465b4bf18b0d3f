import type { ShowEvent } from './events.js';
import type { Role } from './roles.js';
import type { SheetTable } from './rundownImport/sheetImport.js';

/**
 * What deciding a command needs and gives back: a leaf module, so decide.ts and the deciders it
 * calls (control.ts, signals.ts, decideQuestion.ts) can share these types without an import cycle.
 */

export interface DecideContext {
  /** The core's clock, epoch ms. */
  now: number;
  role: Role;
  /** The sending client's name, when it gave one (recorded with signals; part of who holds control). */
  name?: string | null;
  /** A fresh unique id (messages, inserted segments). */
  newId: () => string;
  /**
   * For an xlsx `importRundown`: the chosen sheet, read from the workbook by the core
   * (core/xlsx/readWorkbook.ts; exceljs is a Node library), as plain rows of cells.
   */
  sheet?: SheetTable;
}

/**
 * `invalid`: the command parsed but its content is wrong (e.g. a CSV with a bad row) → HTTP 400.
 * `conflict`: it does not fit the show as it is now (pause a paused timer) → HTTP 409.
 */
export type Decision =
  { ok: true; events: ShowEvent[] } | { ok: false; code: 'invalid' | 'conflict'; error: string };

/** The three answers every decider gives, in one place. */
export const accept = (...events: ShowEvent[]): Decision => ({ ok: true, events });
export const conflict = (error: string): Decision => ({ ok: false, code: 'conflict', error });
export const invalid = (error: string): Decision => ({ ok: false, code: 'invalid', error });
