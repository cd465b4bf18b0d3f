import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRecord, Journal, JOURNAL_FILE } from '../../../core/journal/index.js';

/**
 * A backup joining late catches up from the primary's journal file. A 200 MB journal must be
 * streamed, not read into one buffer: this is a memory bound (how much the reader grows while
 * reading it all), not a timing one. The file is written with encodeRecord directly, which is
 * the journal's own line format, because appending 200k records through fsync would take minutes.
 */
const MB = 1024 * 1024;
const RECORDS = 200_000;
const PAYLOAD = 'x'.repeat(1000);
const CHILD = fileURLToPath(new URL('./catchUpChild.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function writeJournal(dir: string): number {
  const fd = fs.openSync(path.join(dir, JOURNAL_FILE), 'w');
  try {
    let chunk: string[] = [];
    for (let seq = 1; seq <= RECORDS; seq++) {
      chunk.push(encodeRecord({ seq, t: 1_700_000_000_000 + seq, events: [`${seq}:${PAYLOAD}`] }));
      if (chunk.length === 4096 || seq === RECORDS) {
        fs.writeSync(fd, chunk.join(''));
        chunk = [];
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(path.join(dir, JOURNAL_FILE)).size;
}

interface ChildReport {
  records: number;
  batches: number;
  inOrder: boolean;
  seq: number;
  baseRss: number;
  peakRss: number;
  baseOffHeap: number;
  peakOffHeap: number;
}

function runChild(dir: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, dir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`catch-up child exited with ${code}: ${err}`));
      resolve(JSON.parse(out.trim()) as ChildReport);
    });
  });
}

describe('catching up from a large journal file', () => {
  it('reads a line longer than the read chunk whole, and the lines around it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'showcaller-catchup-'));
    dirs.push(dir);
    // No window, so every read comes from the file; 9 MB is over two 4 MiB read chunks.
    const j = await Journal.open<number, string>({
      dir,
      initialState: () => 0,
      apply: (n, events) => n + events.length,
      windowSize: 0,
      log: () => undefined,
    });
    const long = 'y'.repeat(9 * MB);
    await Promise.all([j.append(['a']), j.append([long]), j.append(['b'])]);
    const got: string[] = [];
    for await (const batch of j.durableRecordsSince(0)) for (const r of batch) got.push(r.events[0]!);
    await j.close();
    expect(got.map((e) => e.length)).toEqual([1, long.length, 1]);
    expect(got[1] === long).toBe(true);
  });

  it(
    'streams 200 MB of records with memory growth far below the file size',
    { timeout: 60_000 },
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'showcaller-catchup-'));
      dirs.push(dir);
      const size = writeJournal(dir);
      expect(size).toBeGreaterThan(190 * MB);

      const r = await runChild(dir);
      const rssGrowth = r.peakRss - r.baseRss;
      const offHeapGrowth = r.peakOffHeap - r.baseOffHeap;
      console.log(
        `catch-up of ${(size / MB).toFixed(0)} MB in ${r.batches} batches: ` +
          `RSS grew ${(rssGrowth / MB).toFixed(1)} MB, buffers ${(offHeapGrowth / MB).toFixed(1)} MB`,
      );
      expect(r).toMatchObject({ records: RECORDS, inOrder: true, seq: RECORDS });
      // Many batches, so the file really came in chunks rather than as one read.
      expect(r.batches).toBeGreaterThan(40);
      // Reading the whole file at once grows both by the file's size (200 MB).
      expect(rssGrowth).toBeLessThan(64 * MB);
      expect(offHeapGrowth).toBeLessThan(32 * MB);
    },
  );
});
