import * as fsp from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/** The few file operations the journal needs beyond node:fs: whole reads and writes, and truncation. */

// Big enough that a 100k-record journal is a handful of reads, small enough not to matter for memory.
export const READ_CHUNK = 4 * 1024 * 1024;

export const errMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export const errCode = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;

export async function readAt(fh: FileHandle, buf: Buffer, offset: number, length: number, position: number) {
  let total = 0;
  while (total < length) {
    const { bytesRead } = await fh.read(buf, offset + total, length - total, position + total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return total;
}

export async function writeAll(fh: FileHandle, data: Buffer): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const { bytesWritten } = await fh.write(data, off, data.length - off, null);
    if (bytesWritten <= 0) throw new Error('write made no progress');
    off += bytesWritten;
  }
}

// A separate read-write handle: on Windows an append-mode handle may not change the file's length.
export async function truncateFile(file: string, length: number): Promise<void> {
  const h = await fsp.open(file, 'r+');
  try {
    await h.truncate(length);
    try {
      await h.datasync();
    } catch {
      // The next successful datasync of the journal persists the length too; a crash before
      // that leaves a tail that restore drops anyway.
    }
  } finally {
    await h.close();
  }
}
