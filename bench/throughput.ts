/**
 * Command throughput (a diagnostic, not one of the targets in docs/targets.md): a burst of commands at
 * `ShowCore.execute`, against the same burst of appends straight to the `Journal`, which
 * commits concurrent appends together (one write + fdatasync per batch). The gap is what
 * running commands strictly one after another costs when each waits for its own fdatasync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_RUNDOWN_CSV, DEMO_SHOW_ID, DEMO_SHOW_INFO } from '../core/demoShow.js';
import { Journal } from '../core/journal/index.js';
import { ShowCore } from '../core/showCore.js';
import type { ShowEvent } from '../shared/events.js';
import type { ShowState } from '../shared/model.js';
import { emptyShowState } from '../shared/model.js';
import { applyEvents } from '../shared/reducer.js';
import { DatasyncProbe } from './datasyncProbe.js';
import { median, monoMs } from './stats.js';

export interface ThroughputOptions {
  commands: number;
  runs: number;
  log: (line: string) => void;
}

export interface ThroughputCase {
  label: string;
  /** Median over runs. */
  perSecond: number;
  ms: number;
  /** fdatasync calls per burst (median). */
  datasyncs: number;
}

export interface ThroughputResult {
  options: Omit<ThroughputOptions, 'log'>;
  core: ThroughputCase;
  journal: ThroughputCase;
}

const text = (i: number) => `Slack question ${i}: how do you test a data pipeline end to end?`;

async function coreBurst(commands: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'showcaller-bench-throughput-'));
  const core = await ShowCore.open({
    showId: DEMO_SHOW_ID,
    showDir: dir,
    seed: { show: DEMO_SHOW_INFO, csv: DEMO_RUNDOWN_CSV },
    log: () => undefined,
  });
  try {
    const start = monoMs();
    const results = await Promise.all(
      Array.from({ length: commands }, (_, i) =>
        core.execute({ type: 'sendMessage', preset: 'custom', text: text(i) }, 'producer'),
      ),
    );
    const ms = monoMs() - start;
    const failed = results.find((r) => !r.ok);
    if (failed) throw new Error(`command failed: ${failed.error}`);
    return ms;
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function journalBurst(commands: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'showcaller-bench-throughput-'));
  const journal = await Journal.open<ShowState, ShowEvent>({
    dir,
    initialState: () => emptyShowState(DEMO_SHOW_ID),
    apply: applyEvents,
    log: () => undefined,
  });
  try {
    const start = monoMs();
    await Promise.all(
      Array.from({ length: commands }, (_, i) =>
        journal.append([
          {
            type: 'messageSent',
            message: { id: `m${i}`, text: text(i), preset: 'custom', sentAt: Date.now(), from: 'producer' },
          },
        ]),
      ),
    );
    return monoMs() - start;
  } finally {
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const { log, ...shown } = options;
  const probe = await DatasyncProbe.install();
  try {
    const measure = async (label: string, burst: (n: number) => Promise<number>): Promise<ThroughputCase> => {
      const times: number[] = [];
      const syncs: number[] = [];
      for (let r = 0; r < options.runs; r++) {
        probe.start();
        times.push(await burst(options.commands));
        syncs.push(probe.stop().length);
      }
      const ms = median(times);
      const result = { label, ms, perSecond: (options.commands / ms) * 1000, datasyncs: median(syncs) };
      log(
        `throughput: ${label}: ${Math.round(result.perSecond)}/s (${options.commands} in ${ms.toFixed(0)} ms, ` +
          `${result.datasyncs} fdatasync calls)`,
      );
      return result;
    };
    const journal = await measure('Journal.append, all at once', journalBurst);
    const core = await measure('ShowCore.execute sendMessage, all at once', coreBurst);
    return { options: shown, core, journal };
  } finally {
    probe.uninstall();
  }
}
