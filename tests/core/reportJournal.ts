import path from 'node:path';
import { Journal } from '../../core/journal/index.js';
import type { ShowEvent } from '../../shared/events.js';
import type { ShowState } from '../../shared/model.js';
import { emptyShowState } from '../../shared/model.js';
import { applyEvents } from '../../shared/reducer.js';
import { REPORT_SHOW_ID, reportEvents } from '../shared/reportFixtures.js';

/**
 * Writes the scripted show of tests/shared/reportFixtures.ts into a real journal under
 * `dataDir`, one record per event as a live core would, so a core started with
 * `showId: REPORT_SHOW_ID` restores it.
 */
export async function writeScriptedJournal(dataDir: string): Promise<void> {
  const journal = await Journal.open<ShowState, ShowEvent>({
    dir: path.join(dataDir, 'shows', REPORT_SHOW_ID),
    initialState: () => emptyShowState(REPORT_SHOW_ID),
    apply: applyEvents,
    log: () => undefined,
  });
  for (const event of reportEvents()) await journal.append([event]);
  await journal.close();
}
