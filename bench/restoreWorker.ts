/**
 * One restore measurement in a fresh process, as after a real restart: nothing is warm but
 * the OS page cache. Started by bench/restore.ts; not meant to be run by hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEMO_RUNDOWN_CSV, DEMO_SHOW_ID, DEMO_SHOW_INFO } from '../core/demoShow.js';
import { Journal, SNAPSHOT_DIR } from '../core/journal/index.js';
import { startCore } from '../core/server.js';
import { ShowCore } from '../core/showCore.js';
import type { ShowEvent } from '../shared/events.js';
import { emptyShowState } from '../shared/model.js';
import { applyEvents } from '../shared/reducer.js';
import type { ChildError } from './child.js';
import { parentChannel, runChild } from './child.js';
import { ownCpuMs } from './machine.js';
import { monoMs } from './stats.js';

export type RestoreMode =
  'parse' | 'parse-apply' | 'open-snapshot' | 'journal-no-window' | 'open-replay' | 'start-core';

export interface RestoreJob {
  mode: RestoreMode;
  /** For start-core: the data folder; otherwise the show folder. */
  dir: string;
}

export interface RestoreSample {
  type: 'sample';
  mode: RestoreMode;
  /** From the call to ready. */
  ms: number;
  /** From this process's start (node, tsx, module loading, then the call) to ready. */
  sinceProcessStartMs: number;
  seq: number;
  log: string[];
  /** CPU time this process used up to ready, ms. */
  cpuMs: number;
}

export type FromRestoreWorker = RestoreSample | ChildError;

/** The baseline: read the file, parse every line. Returns the last seq. */
function parseLines(file: string, apply: boolean): number {
  const text = readFileSync(file, 'utf8');
  let state = emptyShowState(DEMO_SHOW_ID);
  let seq = 0;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    const record = JSON.parse(text.slice(start, nl)) as { seq: number; events: ShowEvent[] };
    if (apply) state = applyEvents(state, record.events);
    seq = record.seq;
    start = nl + 1;
  }
  if (apply && state.segments.length === 0) throw new Error('replay produced no rundown');
  return seq;
}

async function measure(job: RestoreJob): Promise<RestoreSample> {
  const log: string[] = [];
  const seed = { show: DEMO_SHOW_INFO, csv: DEMO_RUNDOWN_CSV };
  if (job.mode === 'open-replay' && existsSync(path.join(job.dir, SNAPSHOT_DIR))) {
    throw new Error('open-replay needs a show folder without snapshots');
  }
  let seq: number;
  let close: () => Promise<void> = () => Promise.resolve();
  const start = monoMs();
  switch (job.mode) {
    case 'parse':
    case 'parse-apply':
      seq = parseLines(path.join(job.dir, 'journal.ndjson'), job.mode === 'parse-apply');
      break;
    case 'open-snapshot':
    case 'open-replay': {
      const core = await ShowCore.open({
        showId: DEMO_SHOW_ID,
        showDir: job.dir,
        seed,
        log: (l) => log.push(l),
      });
      seq = core.seq;
      close = () => core.close();
      break;
    }
    case 'journal-no-window': {
      // What ShowCore.open does minus refilling the in-memory resume window for reconnecting clients.
      const journal = await Journal.open({
        dir: job.dir,
        initialState: () => emptyShowState(DEMO_SHOW_ID),
        apply: applyEvents,
        windowSize: 0,
        log: (l) => log.push(l),
      });
      seq = journal.seq;
      close = () => journal.close();
      break;
    }
    case 'start-core': {
      const running = await startCore({
        dataDir: job.dir,
        port: 0,
        host: '127.0.0.1',
        log: (l) => log.push(l),
      });
      seq = running.core.seq;
      close = () => running.close();
      break;
    }
    default:
      throw new Error(`unknown mode ${String(job.mode satisfies never)}`);
  }
  const ms = monoMs() - start;
  const sinceProcessStartMs = performance.now();
  const cpuMs = ownCpuMs();
  // Outside the timing: lets a snapshot written right after a full replay finish, so the
  // folder is in a known state for the next run.
  await close();
  return { type: 'sample', mode: job.mode, ms, sinceProcessStartMs, seq, log, cpuMs };
}

const channel = parentChannel<RestoreJob, FromRestoreWorker>();
runChild(channel.send, async () => channel.send(await measure(await channel.next())));
