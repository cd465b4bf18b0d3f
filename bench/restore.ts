/**
 * Restore: how long a restart takes to be ready with a journal of 100,000 records, from
 * snapshots, by full replay, and as a whole `startCore`, against reading and JSON-parsing the
 * same file. Each sample is a fresh process (bench/restoreWorker.ts).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_SHOW_ID } from '../core/demoShow.js';
import { SNAPSHOT_DIR } from '../core/journal/index.js';
import type { BuiltShow } from './buildShow.js';
import { buildShow } from './buildShow.js';
import { oneJob } from './child.js';
import type { Contention, QuietWait } from './machine.js';
import { contention, cpuTimes, ownCpuMs } from './machine.js';
import type { RestoreJob, RestoreMode, RestoreSample } from './restoreWorker.js';
import { median } from './stats.js';

export interface RestoreOptions {
  records: number;
  snapshotEvery: number;
  runs: number;
  beforeSamples: () => Promise<QuietWait>;
  log: (line: string) => void;
}

export interface RestoreCase {
  mode: RestoreMode;
  label: string;
  /** Part of the target (ready ≤ 1 s), or a reference. */
  isTarget: boolean;
  samples: RestoreSample[];
  medianMs: number;
  minMs: number;
  maxMs: number;
  medianSinceProcessStartMs: number;
}

export interface RestoreResult {
  options: Omit<RestoreOptions, 'log' | 'beforeSamples'>;
  show: Omit<BuiltShow, 'dataDir' | 'showDir' | 'journalFile'>;
  cases: RestoreCase[];
  baseline: RestoreCase;
  /** The machine while the samples ran (ours: this process and the workers up to ready). */
  contention: Contention;
  quietWait: QuietWait;
}

const CASES: ReadonlyArray<{ mode: RestoreMode; label: string; isTarget: boolean }> = [
  { mode: 'parse', label: 'baseline: readFileSync + JSON.parse of every line', isTarget: false },
  { mode: 'parse-apply', label: 'reference: readFileSync + JSON.parse + reducer', isTarget: false },
  { mode: 'open-snapshot', label: '(a) ShowCore.open from the newest snapshot', isTarget: true },
  {
    mode: 'journal-no-window',
    label: 'reference: (a) without refilling the 10,000-record resume window (Journal.open, windowSize 0)',
    isTarget: false,
  },
  { mode: 'open-replay', label: '(b) ShowCore.open, no snapshots (full replay)', isTarget: true },
  { mode: 'start-core', label: '(c) startCore → listening (with snapshots)', isTarget: true },
];

function sample(job: RestoreJob): Promise<RestoreSample> {
  return oneJob<RestoreJob, RestoreSample>(
    `restore worker (${job.mode})`,
    new URL('./restoreWorker.ts', import.meta.url),
    job,
  );
}

export async function runRestore(options: RestoreOptions): Promise<RestoreResult> {
  const { log, beforeSamples, ...shown } = options;
  const root = mkdtempSync(path.join(tmpdir(), 'showcaller-bench-restore-'));
  try {
    const built = await buildShow(path.join(root, 'with-snapshots'), options.records, options.snapshotEvery);
    log(
      `restore: built ${built.records} records (${built.events} events, ${(built.bytes / 1e6).toFixed(1)} MB) in ` +
        `${(built.buildMs / 1000).toFixed(1)} s; newest snapshot at seq ${built.lastSnapshotSeq}`,
    );
    // The full-replay case gets its own copy: its open writes a snapshot, which must not reach the others.
    const replayShow = path.join(root, 'no-snapshots', 'shows', DEMO_SHOW_ID);
    cpSync(built.showDir, replayShow, { recursive: true });

    const quietWait = await beforeSamples();
    const samples = new Map<RestoreMode, RestoreSample[]>(CASES.map((c) => [c.mode, []]));
    const cpuBefore = cpuTimes();
    const ownBefore = ownCpuMs();
    let workersCpuMs = 0;
    // Rounds, each running every case once, so slow patches of a shared machine hit all cases.
    for (let round = 0; round < options.runs; round++) {
      for (const c of CASES) {
        if (c.mode === 'open-replay')
          rmSync(path.join(replayShow, SNAPSHOT_DIR), { recursive: true, force: true });
        const dir =
          c.mode === 'start-core' ? built.dataDir : c.mode === 'open-replay' ? replayShow : built.showDir;
        const s = await sample({ mode: c.mode, dir });
        if (s.seq !== built.records)
          throw new Error(`${c.mode} restored seq ${s.seq}, expected ${built.records}`);
        for (const line of s.log) log(`restore: ${c.mode}: core says: ${line}`);
        samples.get(c.mode)!.push(s);
        workersCpuMs += s.cpuMs;
      }
    }
    const busy = contention(cpuBefore, cpuTimes(), ownCpuMs() - ownBefore + workersCpuMs);
    log(
      `restore: machine ${busy.busyPct.toFixed(0)} % busy: this benchmark ${busy.oursPct.toFixed(0)} %, ` +
        `other processes ${busy.otherPct.toFixed(0)} %, hypervisor steal ${busy.stealPct.toFixed(1)} %`,
    );

    const cases = CASES.map((c): RestoreCase => {
      const list = samples.get(c.mode)!;
      const ms = list.map((s) => s.ms);
      return {
        ...c,
        samples: list,
        medianMs: median(ms),
        minMs: Math.min(...ms),
        maxMs: Math.max(...ms),
        medianSinceProcessStartMs: median(list.map((s) => s.sinceProcessStartMs)),
      };
    });
    for (const c of cases) {
      log(
        `restore: ${c.mode}: median ${c.medianMs.toFixed(1)} ms (min ${c.minMs.toFixed(1)}, max ${c.maxMs.toFixed(1)})`,
      );
    }
    const { dataDir: _d, showDir: _s, journalFile: _j, ...show } = built;
    return { options: shown, show, cases, baseline: cases[0]!, contention: busy, quietWait };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
