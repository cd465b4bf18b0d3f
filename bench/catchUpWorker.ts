/**
 * One catch-up measurement in a fresh process (started with --expose-gc by bench/catchUp.ts;
 * not meant to be run by hand): either the journal's streaming catch-up, every record since 0
 * through `Journal.durableRecordsSince`, or the baseline, a plain `fs.createReadStream` over the
 * same file counting lines. Memory is sampled after every chunk, against a collected heap taken
 * just before the read starts (the journal's open, which replays the file, comes before it).
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Journal, JOURNAL_FILE } from '../core/journal/index.js';
import type { ChildError } from './child.js';
import { parentChannel, runChild } from './child.js';
import { monoMs } from './stats.js';

export type CatchUpMode = 'journal' | 'read-stream';

export interface CatchUpJob {
  mode: CatchUpMode;
  dir: string;
}

export interface CatchUpSample {
  type: 'sample';
  mode: CatchUpMode;
  records: number;
  ms: number;
  /** Peak RSS during the read minus RSS just before it, bytes. */
  rssGrowth: number;
  /** The same for arrayBuffers + external (Buffers live there, not in the JS heap). */
  offHeapGrowth: number;
}

export type FromCatchUpWorker = CatchUpSample | ChildError;

const offHeap = (m: NodeJS.MemoryUsage) => m.arrayBuffers + m.external;

async function measure(job: CatchUpJob): Promise<CatchUpSample> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the catch-up worker needs --expose-gc');
  const journal =
    job.mode === 'journal'
      ? await Journal.open<number, unknown>({
          dir: job.dir,
          initialState: () => 0,
          apply: (n, events) => n + events.length,
          // No resume window: every record comes from the file, as for a backup that joins late.
          windowSize: 0,
          log: () => undefined,
        })
      : null;
  gc();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakOffHeap = offHeap(base);
  const sampleMemory = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakOffHeap = Math.max(peakOffHeap, offHeap(m));
  };
  let records = 0;
  const start = monoMs();
  if (journal) {
    for await (const batch of journal.durableRecordsSince(0)) {
      records += batch.length;
      sampleMemory();
    }
  } else {
    // Same chunk size as the journal's reader, so the two differ only in what they do with it.
    const stream = createReadStream(path.join(job.dir, JOURNAL_FILE), { highWaterMark: 4 * 1024 * 1024 });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) records++;
      sampleMemory();
    }
  }
  const ms = monoMs() - start;
  await journal?.close();
  return {
    type: 'sample',
    mode: job.mode,
    records,
    ms,
    rssGrowth: peakRss - base.rss,
    offHeapGrowth: peakOffHeap - offHeap(base),
  };
}

const channel = parentChannel<CatchUpJob, FromCatchUpWorker>();
runChild(channel.send, async () => channel.send(await measure(await channel.next())));
