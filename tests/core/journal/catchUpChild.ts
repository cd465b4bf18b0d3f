/**
 * Child process for catchUp.test.ts: opens the journal in argv[2], then reads every record
 * since 0 through durableRecordsSince, sampling memory after each batch. Its own process so
 * the test's writing of the file does not sit in the heap being measured, and with --expose-gc
 * so the baseline is taken from a collected heap. Prints one JSON line with what it saw.
 */
import { Journal } from '../../../core/journal/index.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: catchUpChild.ts <journal dir>');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc: the baseline must be a collected heap');

const journal = await Journal.open<number, string>({
  dir,
  initialState: () => 0,
  apply: (n, events) => n + events.length,
  // No window: every record must come from the file.
  windowSize: 0,
  log: () => undefined,
});

gc();
const offHeap = () => {
  const m = process.memoryUsage();
  return m.arrayBuffers + m.external;
};
const baseRss = process.memoryUsage().rss;
const baseOffHeap = offHeap();
let peakRss = baseRss;
let peakOffHeap = baseOffHeap;
let records = 0;
let batches = 0;
let expected = 1;
let ok = true;
for await (const batch of journal.durableRecordsSince(0)) {
  batches++;
  for (const r of batch) {
    if (r.seq !== expected) ok = false;
    expected++;
    records++;
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  peakOffHeap = Math.max(peakOffHeap, offHeap());
}
await journal.close();
process.stdout.write(
  `${JSON.stringify({ records, batches, inOrder: ok, seq: journal.seq, baseRss, peakRss, baseOffHeap, peakOffHeap })}\n`,
);
