import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `value` as JSON to `file`, readable by this user only (0600), so that after a crash or
 * a power cut the file holds either the old contents or the new, never nothing: write a
 * temporary file beside it, fsync it, rename it over the old one, then fsync the folder so the
 * rename itself is on disk. Resolves only once both fsyncs are done, so a caller that
 * acknowledges after it (a revoked token, saved settings) acknowledges what is durable.
 */
export async function writeSecretJson(
  file: string,
  value: unknown,
  options: { pretty?: boolean } = {},
): Promise<void> {
  const text =
    options.pretty === false ? `${JSON.stringify(value)}\n` : `${JSON.stringify(value, null, 2)}\n`;
  const folder = path.dirname(file);
  await fs.mkdir(folder, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await fs.open(temporary, 'w', 0o600);
  try {
    // mode applies only when the file is created; an old temporary left by a crash keeps its own.
    await handle.chmod(0o600);
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/**
 * Makes a rename (or create/unlink) in `folder` durable. Shared by every durable write in the
 * core (these secret files, the journal and its snapshots).
 */
export async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(folder, 'r');
    await handle.sync();
  } catch (error) {
    // Windows cannot open or fsync folders, and some filesystems refuse; nothing better exists there.
    const code = (error as NodeJS.ErrnoException).code;
    if (process.platform !== 'win32' && code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR') {
      throw error;
    }
  } finally {
    await handle?.close();
  }
}
