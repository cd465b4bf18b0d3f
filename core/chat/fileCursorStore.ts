import { promises as fs } from 'node:fs';
import { writeSecretJson } from '../adapters/secretFile.js';
import type { z } from 'zod';

/** Where a chat source keeps its place between runs. */
export interface CursorStore<T> {
  load(): Promise<T | null>;
  save(cursor: T): Promise<void>;
}

/**
 * A chat source's position in a small JSON file (e.g. `<show folder>/youtube-cursor.json`),
 * replaced atomically and durably (the kit's writeSecretJson: temporary file, fsync, rename, fsync
 * of the folder) so a crash leaves the old position
 * or the new one, never half of either. A missing or unreadable file loads as null: the source
 * starts fresh and marks its first page as backfill.
 */
export function fileCursorStore<T>(
  file: string,
  schema: z.ZodType<T>,
  label: string,
  log: (line: string) => void = () => {},
): CursorStore<T> {
  return {
    async load(): Promise<T | null> {
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          log(`${label}: cannot read ${file} (${(error as Error).message}); starting fresh`);
        }
        return null;
      }
      try {
        const parsed = schema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
      } catch {
        // not JSON: same as not valid
      }
      log(`${label}: ${file} is not a valid chat position; starting fresh`);
      return null;
    },
    async save(cursor: T): Promise<void> {
      await writeSecretJson(file, cursor, { pretty: false });
    },
  };
}
