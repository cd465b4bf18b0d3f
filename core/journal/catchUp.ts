import * as fsp from 'node:fs/promises';
import { readAt, READ_CHUNK } from './files.js';
import { decodeLine, NEWLINE } from './format.js';
import type { JournalRecord } from './types.js';

// eslint-disable-next-line @typescript-eslint/require-await -- an async generator, to match the file reader
export async function* batchesOf<E>(
  records: JournalRecord<E>[],
): AsyncGenerator<JournalRecord<E>[], void, undefined> {
  if (records.length > 0) yield records;
}

/**
 * Records with `after` < seq <= `upTo` from the first `end` bytes of `file`, one batch per chunk
 * read. One buffer is reused for every chunk (it grows only for a line longer than itself): a
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
      const batch: JournalRecord<E>[] = [];
      let s = 0;
      for (let nl = view.indexOf(NEWLINE); nl >= 0; nl = view.indexOf(NEWLINE, s)) {
        line++;
        const record = decodeLine<E>(view, s, nl);
        if (typeof record === 'string') throw new Error(`${file}: line ${line}: ${record}`);
        if (record.seq > after && record.seq <= upTo) batch.push(record);
        s = nl + 1;
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
