import * as fsp from 'node:fs/promises';
import { readAt, READ_CHUNK } from './files.js';
import { decodeLine, NEWLINE } from './format.js';
import type { JournalRecord } from './types.js';

/**
 * Bytes of lines per batch handed to the caller. Much smaller than a read chunk on purpose: the
 * records of a batch are alive until the caller is done with it, and a 4 MiB batch outlives the
 * young-generation collections that happen meanwhile, so its records get promoted and pile up in
 * the old generation until a full collection (over 100 MB of RSS growth for a 200 MB journal,
 * measured). Batches of this size are mostly dead by the next scavenge.
 */
const BATCH_BYTES = 256 * 1024;

/** Records of the in-memory window per batch: a catch-up paces itself on batches (core/replication.ts). */
const WINDOW_BATCH_RECORDS = 500;

// eslint-disable-next-line @typescript-eslint/require-await -- an async generator, to match the file reader
export async function* batchesOf<E>(
  records: JournalRecord<E>[],
): AsyncGenerator<JournalRecord<E>[], void, undefined> {
  for (let i = 0; i < records.length; i += WINDOW_BATCH_RECORDS)
    yield records.slice(i, i + WINDOW_BATCH_RECORDS);
}

/**
 * Records with `after` < seq <= `upTo` from the first `end` bytes of `file`, in batches of
 * about BATCH_BYTES of lines, read READ_CHUNK at a time. One buffer is reused for every chunk (it grows only for a line longer than itself): a
 * line cut by the chunk's end is moved to its front and completed by the next read.
 */
export async function* readDurableRecords<E>(
  file: string,
  end: number,
  after: number,
  upTo: number,
): AsyncGenerator<JournalRecord<E>[], void, undefined> {
  if (after >= upTo) return;
  const fh = await fsp.open(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(Math.min(READ_CHUNK, end));
    let carry = 0; // bytes at buf's front: the start of a line the last chunk cut
    let pos = 0;
    let line = 0;
    while (pos < end) {
      if (carry === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, carry);
        buf = bigger;
      }
      const want = Math.min(buf.length - carry, end - pos);
      const got = await readAt(fh, buf, carry, want, pos);
      if (got < want) {
        throw new Error(`${file}: ends at byte ${pos + got}, before the ${end} bytes already saved`);
      }
      pos += got;
      const filled = carry + got;
      const view = buf.subarray(0, filled);
      let batch: JournalRecord<E>[] = [];
      let batchStart = 0;
      let s = 0;
      for (let nl = view.indexOf(NEWLINE); nl >= 0; nl = view.indexOf(NEWLINE, s)) {
        line++;
        const record = decodeLine<E>(view, s, nl);
        if (typeof record === 'string') throw new Error(`${file}: line ${line}: ${record}`);
        if (record.seq > after && record.seq <= upTo) batch.push(record);
        s = nl + 1;
        // Safe mid-chunk: the buffer is not touched again until this chunk's lines are all decoded.
        if (s - batchStart >= BATCH_BYTES && batch.length > 0) {
          yield batch;
          batch = [];
          batchStart = s;
        }
      }
      buf.copy(buf, 0, s, filled);
      carry = filled - s;
      if (batch.length > 0) yield batch;
    }
    // The durable end is always just after a newline, so a partial line here means the file changed.
    if (carry > 0) throw new Error(`${file}: line ${line + 1}: incomplete line (no trailing newline)`);
  } finally {
    await fh.close();
  }
}
