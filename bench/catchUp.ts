/**
 * Journal catch-up: a backup that joins late reads every record from the primary's journal
 * file. Records/s and peak memory growth of `Journal.durableRecordsSince(0)` streaming a large
 * journal, against a plain `fs.createReadStream` over the same file in the same run (the most
 * the disk and the page cache give). Each sample is a fresh process (bench/catchUpWorker.ts).
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeRecord, JOURNAL_FILE } from '../core/journal/index.js';
import { oneJob } from './child.js';
import type { CatchUpJob, CatchUpMode, CatchUpSample } from './catchUpWorker.js';
import { median } from './stats.js';

export interface CatchUpOptions {
  records: number;
  /** Characters of payload per record (one event). */
  payload: number;
  runs: number;
  log: (line: string) => void;
}

export interface CatchUpCase {
  mode: CatchUpMode;
  label: string;
  samples: CatchUpSample[];
  medianRecordsPerSecond: number;
  medianMs: number;
  /** The largest growth of any sample, bytes: a bound is about the worst case. */
  maxRssGrowth: number;
  maxOffHeapGrowth: number;
}

export interface CatchUpResult {
  options: Omit<CatchUpOptions, 'log'>;
  bytes: number;
  cases: CatchUpCase[];
}

const CASES: ReadonlyArray<{ mode: CatchUpMode; label: string }> = [
  { mode: 'read-stream', label: 'baseline: fs.createReadStream (4 MiB chunks), counting lines' },
  { mode: 'journal', label: 'Journal.durableRecordsSince(0): CRC check + JSON.parse of every line' },
];

/** Writes the journal's own lines directly: appending them through fdatasync would take minutes. */
function writeJournal(dir: string, records: number, payload: number): number {
  const file = path.join(dir, JOURNAL_FILE);
  const fd = openSync(file, 'w');
  const filler = 'x'.repeat(payload);
  try {
    let lines: string[] = [];
    for (let seq = 1; seq <= records; seq++) {
      lines.push(encodeRecord({ seq, t: 1_700_000_000_000 + seq, events: [{ seq, text: filler }] }));
      if (lines.length === 4096 || seq === records) {
        writeSync(fd, lines.join(''));
        lines = [];
      }
    }
  } finally {
    closeSync(fd);
  }
  return statSync(file).size;
}

function sample(job: CatchUpJob): Promise<CatchUpSample> {
  return oneJob<CatchUpJob, CatchUpSample>(
    `catch-up worker (${job.mode})`,
    new URL('./catchUpWorker.ts', import.meta.url),
    job,
    { execArgv: ['--expose-gc'] },
  );
}

export async function runCatchUp(options: CatchUpOptions): Promise<CatchUpResult> {
  const { log, ...shown } = options;
  const dir = mkdtempSync(path.join(tmpdir(), 'showcaller-bench-catchup-'));
  try {
    const bytes = writeJournal(dir, options.records, options.payload);
    log(`journal: wrote ${options.records.toLocaleString('en-US')} records, ${(bytes / 1e6).toFixed(0)} MB`);
    const samples = new Map<CatchUpMode, CatchUpSample[]>(CASES.map((c) => [c.mode, []]));
    // Rounds, each running every case once, so slow patches of a shared machine hit both.
    for (let round = 0; round < options.runs; round++) {
      for (const c of CASES) {
        const s = await sample({ mode: c.mode, dir });
        if (s.records !== options.records) {
          throw new Error(`${c.mode} read ${s.records} records, expected ${options.records}`);
        }
        samples.get(c.mode)!.push(s);
      }
    }
    const cases = CASES.map((c): CatchUpCase => {
      const list = samples.get(c.mode)!;
      return {
        ...c,
        samples: list,
        medianRecordsPerSecond: median(list.map((s) => s.records / (s.ms / 1000))),
        medianMs: median(list.map((s) => s.ms)),
        maxRssGrowth: Math.max(...list.map((s) => s.rssGrowth)),
        maxOffHeapGrowth: Math.max(...list.map((s) => s.offHeapGrowth)),
      };
    });
    for (const c of cases) {
      log(
        `journal: ${c.mode}: median ${Math.round(c.medianRecordsPerSecond).toLocaleString('en-US')} records/s ` +
          `(${c.medianMs.toFixed(0)} ms); peak growth RSS ${(c.maxRssGrowth / 1e6).toFixed(1)} MB, ` +
          `buffers ${(c.maxOffHeapGrowth / 1e6).toFixed(1)} MB`,
      );
    }
    return { options: shown, bytes, cases };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
