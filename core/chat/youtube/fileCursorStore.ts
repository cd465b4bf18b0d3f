import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { YouTubeCursor, YouTubeCursorStore } from './youtubeSource.js';
import { YouTubeCursor as YouTubeCursorSchema } from './youtubeSource.js';

/**
 * The YouTube chat position in a small JSON file (e.g. `<show folder>/youtube-cursor.json`),
 * replaced atomically (write a temporary file, fsync, rename) so a crash leaves the old position
 * or the new one, never half of either. A missing or unreadable file loads as null: the source
 * starts fresh and marks its first page as backfill.
 */
export function fileCursorStore(file: string, log: (line: string) => void = () => {}): YouTubeCursorStore {
  return {
    async load(): Promise<YouTubeCursor | null> {
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          log(`youtube: cannot read ${file} (${(error as Error).message}); starting fresh`);
        }
        return null;
      }
      try {
        const parsed = YouTubeCursorSchema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
      } catch {
        // not JSON: same as not valid
      }
      log(`youtube: ${file} is not a valid chat position; starting fresh`);
      return null;
    },
    async save(cursor: YouTubeCursor): Promise<void> {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      const handle = await fs.open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(cursor)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temporary, file);
    },
  };
}
