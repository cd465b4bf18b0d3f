/**
 * Builds a show folder whose journal holds a long, realistic show: the NormConf demo rundown,
 * then segments started one after another with the producer adding and removing time,
 * messaging the MCs and the stage, clearing messages and pausing. Every record comes from the
 * real `decide()` on the state the earlier ones left, and goes through the real `Journal`, so
 * the file is exactly what the core would have written. Records are appended in concurrent
 * batches (one write + fdatasync per batch), which is what makes 100,000 of them quick to build.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Journal, JOURNAL_FILE, SNAPSHOT_DIR } from '../core/journal/index.js';
import { DEMO_RUNDOWN_CSV, DEMO_SHOW_ID, DEMO_SHOW_INFO } from '../core/demoShow.js';
import { TokenStore } from '../core/tokens.js';
import { seededRandom } from '../tests/shared/fixtures.js';
import type { ShowCommand as Command } from '../shared/commands.js';
import { decide } from '../shared/decide.js';
import type { ShowEvent } from '../shared/events.js';
import type { ShowState } from '../shared/model.js';
import { emptyShowState } from '../shared/model.js';
import { applyEvents } from '../shared/reducer.js';
import { importRundownCsv } from '../shared/rundownImport.js';
import { monoMs } from './stats.js';

export interface BuiltShow {
  dataDir: string;
  showDir: string;
  journalFile: string;
  records: number;
  events: number;
  bytes: number;
  eventCounts: Record<string, number>;
  /** Seq of the newest snapshot, so a restore replays `records - lastSnapshotSeq` records. */
  lastSnapshotSeq: number;
  buildMs: number;
}

const MESSAGES = [
  'Slack question from Maria: how do you version a feature store without losing your mind?',
  'YouTube chat says the slides are not visible, switch to the slides scene',
  'Next speaker is in the green room and ready',
  'Audio from the speaker is clipping, ask them to move back from the mic',
  'Five minutes over: please wrap up after this question',
  'Plug the lightning talks after the break',
  'Take the question about Docker image sizes next',
  'Stream is healthy again, carry on',
  'Speaker asks for a two-minute warning',
  'Thank the sponsors before the next talk',
  'Moderators merged three duplicate questions about SQL',
  'We are 3 minutes behind the schedule',
];

/** The producer's next move, given the show as it is. */
function nextCommand(state: ShowState, rand: () => number, adjustCount: number): Command {
  const live = state.live.currentSegmentId;
  const segments = state.segments;
  const pick = () => segments[Math.floor(rand() * segments.length)]!.id;
  if (live === null) return { type: 'startSegment', segmentId: segments[0]!.id };
  const r = rand();
  if (r < 0.45) return { type: 'adjustTime', deltaMs: adjustCount % 2 === 0 ? 60_000 : -60_000 };
  if (r < 0.8) {
    if (rand() < 0.2) return { type: 'sendMessage', preset: rand() < 0.5 ? 'wrapUp' : 'oneMinute' };
    return { type: 'sendMessage', preset: 'custom', text: MESSAGES[Math.floor(rand() * MESSAGES.length)]! };
  }
  if (r < 0.88)
    return state.activeMessage ? { type: 'clearMessage' } : { type: 'sendMessage', preset: 'stretch' };
  if (r < 0.94) return state.live.timer?.pausedAt == null ? { type: 'pauseTimer' } : { type: 'resumeTimer' };
  if (r < 0.98) {
    const last = segments[segments.length - 1]!.id;
    return live === last ? { type: 'startSegment', segmentId: segments[0]!.id } : { type: 'nextSegment' };
  }
  let other = pick();
  while (other === live) other = pick();
  return { type: 'startSegment', segmentId: other };
}

/**
 * Writes `records` records to `dataDir/shows/<demo id>/` with a snapshot every `snapshotEvery`
 * durable records. The first batch is the rundown alone and the rest are batches of
 * `snapshotEvery`, so snapshots land at 1 + k·snapshotEvery and the newest one is followed by
 * up to snapshotEvery - 1 records: the most a restore from a snapshot has to replay.
 */
export async function buildShow(dataDir: string, records: number, snapshotEvery: number): Promise<BuiltShow> {
  const started = monoMs();
  const showDir = path.join(dataDir, 'shows', DEMO_SHOW_ID);
  await mkdir(showDir, { recursive: true });
  await TokenStore.open(showDir);

  // 15 hours of show, spread evenly over the records.
  let clock = Date.parse('2022-12-15T12:30:00Z');
  const step = Math.max(1, Math.floor((15 * 3_600_000) / records));
  const now = () => clock;
  const journal = await Journal.open<ShowState, ShowEvent>({
    dir: showDir,
    initialState: () => emptyShowState(DEMO_SHOW_ID),
    apply: applyEvents,
    snapshotEvery,
    now,
    log: (line) => console.warn(line),
  });
  if (journal.seq !== 0) throw new Error(`${showDir} is not empty`);

  const eventCounts: Record<string, number> = {};
  let events = 0;
  const count = (list: readonly ShowEvent[]) => {
    events += list.length;
    for (const e of list) eventCounts[e.type] = (eventCounts[e.type] ?? 0) + 1;
  };

  const imported = importRundownCsv(DEMO_RUNDOWN_CSV, { show: DEMO_SHOW_INFO });
  if (!imported.ok) throw new Error('the demo rundown does not import');
  const first: ShowEvent[] = [
    { type: 'rundownImported', show: imported.rundown.show, segments: imported.rundown.segments },
  ];
  count(first);
  await journal.append(first);

  const rand = seededRandom(2022); // the same show on every build
  let adjustCount = 0;
  while (journal.seq < records) {
    const batch: Promise<unknown>[] = [];
    const end = Math.min(records, journal.seq + snapshotEvery);
    while (journal.seq < end) {
      clock += step;
      const command = nextCommand(journal.state, rand, adjustCount);
      const decision = decide(journal.state, command, { now: clock, role: 'producer', newId: randomUUID });
      if (!decision.ok) continue;
      if (command.type === 'adjustTime') adjustCount++;
      count(decision.events);
      batch.push(journal.append(decision.events));
    }
    await Promise.all(batch);
  }
  await journal.close();

  const snapshots = readdirSync(path.join(showDir, SNAPSHOT_DIR))
    .map((name) => /^snapshot-(\d+)\.json$/.exec(name)?.[1])
    .filter((seq): seq is string => seq !== undefined)
    .map(Number);
  const journalFile = path.join(showDir, JOURNAL_FILE);
  return {
    dataDir,
    showDir,
    journalFile,
    records: journal.seq,
    events,
    bytes: statSync(journalFile).size,
    eventCounts,
    lastSnapshotSeq: snapshots.length > 0 ? Math.max(...snapshots) : 0,
    buildMs: monoMs() - started,
  };
}
