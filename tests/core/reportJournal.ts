import path from 'node:path';
import { Journal } from '../../core/journal/index.js';
import type { ShowEvent } from '../../shared/events.js';
import type { ShowState } from '../../shared/model.js';
import { emptyShowState } from '../../shared/model.js';
import { applyEvents } from '../../shared/reducer.js';
import { REPORT_SHOW_ID, reportEvents, scheduleReportRecords } from '../shared/reportFixtures.js';

/**
 * Writes the scripted show of tests/shared/reportFixtures.ts into a real journal under
 * `dataDir`, one record per event as a live core would, so a core started with
 * `showId: REPORT_SHOW_ID` restores it.
 */
export async function writeScriptedJournal(dataDir: string): Promise<void> {
  await writeJournal(
    dataDir,
    reportEvents().map((event) => [event]),
  );
}

/**
 * The show of scheduleReportRecords (the report's schedule columns) as a real journal: one
 * record per command, with the events decide() and the scheduler made for it.
 */
export async function writeScheduleJournal(dataDir: string): Promise<void> {
  await writeJournal(
    dataDir,
    scheduleReportRecords().map((record) => record.events),
  );
}

async function writeJournal(dataDir: string, records: ShowEvent[][]): Promise<void> {
  const journal = await Journal.open<ShowState, ShowEvent>({
    dir: path.join(dataDir, 'shows', REPORT_SHOW_ID),
    initialState: () => emptyShowState(REPORT_SHOW_ID),
    apply: applyEvents,
    log: () => undefined,
  });
  for (const events of records) await journal.append(events);
  await journal.close();
}
