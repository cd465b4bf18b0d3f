import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Summary } from './stats.js';
import { monoMs, summarize } from './stats.js';

/**
 * What the journal pays per command on this disk: append one record-sized line and fdatasync,
 * as core/journal/journal.ts does before a command is acknowledged. In the OS temp dir, where the
 * benchmarks keep their show folders.
 */
export async function measureFsync(samples: number): Promise<Summary> {
  const dir = mkdtempSync(path.join(tmpdir(), 'showcaller-bench-fsync-'));
  const file = await open(path.join(dir, 'journal.ndjson'), 'a');
  try {
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const line = Buffer.from(
        `${JSON.stringify({ seq: i + 1, t: Date.now(), events: [{ type: 'timeAdjusted', deltaMs: 1000 }], pad: 'x'.repeat(60) })}\n`,
      );
      const start = monoMs();
      await file.write(line);
      await file.datasync();
      times.push(monoMs() - start);
    }
    return summarize(times);
  } finally {
    await file.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
