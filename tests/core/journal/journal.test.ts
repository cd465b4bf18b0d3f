import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Journal,
  JournalCorruptError,
  type JournalOptions,
  type JournalRecord,
} from '../../../core/journal/index.js';

// S = running total of the non-negative integers appended; E = one such integer.
interface S {
  n: number;
  sum: number;
}
type E = number;

const T0 = 1_700_000_000_000;

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'showcaller-journal-'));
  dirs.push(d);
  return d;
}

/** Every batch of a durableRecordsSince, joined (the small journals here fit in memory). */
async function collect<R>(batches: AsyncIterable<R[]>): Promise<R[]> {
  const all: R[] = [];
  for await (const batch of batches) all.push(...batch);
  return all;
}

function applyCounter(state: S, events: readonly E[]): S {
  let { n, sum } = state;
  for (const e of events) {
    if (!Number.isInteger(e) || e < 0) throw new Error(`bad event ${e}`);
    n++;
    sum += e;
  }
  return { n, sum };
}

interface Harness {
  dir: string;
  logs: string[];
  applyCalls: () => number;
  open: (extra?: Partial<JournalOptions<S, E>>) => Promise<Journal<S, E>>;
}

function harness(dir = tempDir()): Harness {
  const logs: string[] = [];
  let calls = 0;
  let clock = T0;
  return {
    dir,
    logs,
    applyCalls: () => calls,
    open: (extra = {}) => {
      calls = 0;
      return Journal.open<S, E>({
        dir,
        initialState: () => ({ n: 0, sum: 0 }),
        apply: (s, es) => {
          calls++;
          return applyCounter(s, es);
        },
        log: (line) => logs.push(line),
        now: () => ++clock,
        ...extra,
      });
    },
  };
}

const journalPath = (dir: string) => path.join(dir, 'journal.ndjson');
const readLines = (dir: string) => fs.readFileSync(journalPath(dir), 'utf8').split('\n');
const sumTo = (n: number) => (n * (n + 1)) / 2;

async function appendSeq(j: Journal<S, E>, from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i++) await j.append([i]);
}

/** Byte offset of the start of 1-based line `line`. */
function lineOffset(dir: string, line: number): number {
  const buf = fs.readFileSync(journalPath(dir));
  let off = 0;
  for (let l = 1; l < line; l++) off = buf.indexOf(0x0a, off) + 1;
  return off;
}

/** Changes one digit inside the events of 1-based line `line`: still valid JSON, wrong checksum. */
function flipEventDigit(dir: string, line: number): void {
  const file = journalPath(dir);
  const buf = fs.readFileSync(file);
  const at = buf.indexOf('"events":[', lineOffset(dir, line)) + '"events":['.length;
  buf[at] = buf[at] === 0x37 ? 0x38 : 0x37;
  fs.writeFileSync(file, buf);
}

async function fileHandleProto(): Promise<FileHandle> {
  const h = await fsp.open(path.join(tempDir(), 'probe'), 'w');
  await h.close();
  return Object.getPrototypeOf(h) as FileHandle;
}

const diskFull = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** The next FileHandle write puts half its bytes on disk, then fails like a full disk. */
function failNextWriteHalfway(proto: FileHandle): void {
  type RawWrite = (
    this: FileHandle,
    buf: Buffer,
    offset: number,
    length: number,
    position: null,
  ) => Promise<unknown>;
  const realWrite = Object.getOwnPropertyDescriptor(proto, 'write')!.value as RawWrite;
  vi.spyOn(proto, 'write').mockImplementationOnce(async function (
    this: FileHandle,
    buf,
    offset,
    length,
    position,
  ) {
    await realWrite.call(this, buf, offset, Math.floor(length / 2), position);
    throw diskFull();
  } as RawWrite as never);
}

describe('Journal', () => {
  it('starts fresh on a missing or empty journal, creating the folder', async () => {
    const h = harness(path.join(tempDir(), 'nested', 'show'));
    const j = await h.open();
    expect(j.state).toEqual({ n: 0, sum: 0 });
    expect(j.seq).toBe(0);
    expect(j.recordsSince(0)).toEqual([]);
    await j.close();
    expect(fs.statSync(journalPath(h.dir)).size).toBe(0);

    const j2 = await h.open();
    expect(j2.seq).toBe(0);
    await j2.close();
    expect(h.logs).toEqual([]);
  });

  it('writes the documented line format', async () => {
    const h = harness();
    const j = await h.open();
    const rec = await j.append([5, 6]);
    await j.close();
    expect(rec).toEqual({ seq: 1, t: T0 + 1, events: [5, 6] });
    const [line, rest] = readLines(h.dir);
    expect(rest).toBe('');
    expect(line).toMatch(/^\{"seq":1,"t":1700000000001,"events":\[5,6\],"crc":"[0-9a-f]{8}"\}$/);
    const parsed = JSON.parse(line!) as { crc: string };
    const body = JSON.stringify({ seq: 1, t: T0 + 1, events: [5, 6] });
    expect(parsed.crc).toBe(crc32(body).toString(16).padStart(8, '0'));
  });

  it('reopens to the same state and seq, and serves recordsSince from the window', async () => {
    const h = harness();
    const j = await h.open({ windowSize: 5 });
    await appendSeq(j, 1, 8);
    expect(j.seq).toBe(8);
    expect(j.durableSeq).toBe(8);
    expect(j.state).toEqual({ n: 8, sum: sumTo(8) });
    expect(j.recordsSince(5)!.map((r) => r.seq)).toEqual([6, 7, 8]);
    expect(j.recordsSince(3)!.map((r) => r.events[0])).toEqual([4, 5, 6, 7, 8]);
    expect(j.recordsSince(2)).toBeNull(); // window of 5 holds 4..8
    expect(j.recordsSince(8)).toEqual([]);
    expect(j.recordsSince(9)).toBeNull(); // a seq this journal never issued
    await j.close();

    const j2 = await h.open({ windowSize: 5 });
    expect(j2.seq).toBe(8);
    expect(j2.durableSeq).toBe(8);
    expect(j2.state).toEqual({ n: 8, sum: sumTo(8) });
    expect(h.applyCalls()).toBe(8);
    const since = j2.recordsSince(6)!;
    expect(since).toEqual([
      { seq: 7, t: T0 + 7, events: [7] },
      { seq: 8, t: T0 + 8, events: [8] },
    ]);
    expect(j2.recordsSince(3)).toHaveLength(5);
    expect(j2.recordsSince(2)).toBeNull();
    expect(j2.recordsSince(8)).toEqual([]);
    const next = await j2.append([9]);
    expect(next.seq).toBe(9);
    await j2.close();
    expect(h.logs).toEqual([]);
  });

  it('group-commits concurrent appends: consecutive seqs, resolved in order, fewer fsyncs', async () => {
    const h = harness();
    const j = await h.open();
    const resolvedOrder: number[] = [];
    const ps = Array.from({ length: 500 }, (_, i) =>
      j.append([i]).then((r) => {
        resolvedOrder.push(r.seq);
        return r;
      }),
    );
    // State already includes every in-flight record.
    expect(j.seq).toBe(500);
    expect(j.state).toEqual({ n: 500, sum: sumTo(499) });
    const records = await Promise.all(ps);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(resolvedOrder).toEqual(records.map((r) => r.seq));
    expect(j.stats.appended).toBe(500);
    expect(j.stats.flushes).toBeGreaterThan(0);
    expect(j.stats.flushes).toBeLessThan(500);
    expect(j.durableSeq).toBe(500);
    await j.close();
    expect(readLines(h.dir)).toHaveLength(501);
  });

  it('close waits for pending writes and refuses later appends', async () => {
    const h = harness();
    const j = await h.open();
    let done = false;
    const p = j.append([1]).then(() => (done = true));
    await j.close();
    expect(done).toBe(true);
    await p;
    await expect(j.append([2])).rejects.toThrow(/closed/);
    const j2 = await h.open();
    expect(j2.seq).toBe(1);
    await j2.close();
  });

  it('an append whose events do not apply is rejected and changes nothing', async () => {
    const h = harness();
    const j = await h.open();
    await appendSeq(j, 1, 3);
    const sizeBefore = fs.statSync(journalPath(h.dir)).size;
    await expect(j.append([4, -1])).rejects.toThrow(/bad event -1/);
    expect(j.seq).toBe(3);
    expect(j.durableSeq).toBe(3);
    expect(j.state).toEqual({ n: 3, sum: 6 });
    await j.whenIdle();
    expect(fs.statSync(journalPath(h.dir)).size).toBe(sizeBefore);
    expect((await j.append([4])).seq).toBe(4);
    await j.close();
    const j2 = await h.open();
    expect(j2.state).toEqual({ n: 4, sum: 10 });
    await j2.close();
  });

  it('appendRecord keeps seq and t, and insists on the next seq', async () => {
    const h = harness();
    const j = await h.open();
    await j.append([1]);
    await expect(j.appendRecord({ seq: 3, t: 42, events: [3] })).rejects.toThrow(/expected seq 2/);
    const rec = await j.appendRecord({ seq: 2, t: 42, events: [2] });
    expect(rec).toEqual({ seq: 2, t: 42, events: [2] });
    await j.close();
    const j2 = await h.open();
    expect(j2.recordsSince(1)).toEqual([{ seq: 2, t: 42, events: [2] }]);
    await j2.close();
  });

  describe('snapshots', () => {
    const snapshotsIn = (dir: string) =>
      fs
        .readdirSync(path.join(dir, 'snapshots'))
        .filter((n) => n.endsWith('.json'))
        .sort();

    async function build(h: Harness): Promise<void> {
      const j = await h.open({ snapshotEvery: 5 });
      for (let i = 1; i <= 23; i++) {
        await j.append([i]);
        // Waiting makes each snapshot land before the next is due, so none get coalesced.
        if (i % 5 === 0) await j.whenIdle();
      }
      expect(j.stats.snapshots).toBe(4);
      await j.close();
    }

    it('are written every N records, the newest 3 kept, and restore starts from the newest', async () => {
      const h = harness();
      await build(h);
      expect(snapshotsIn(h.dir)).toEqual([
        'snapshot-000000000010.json',
        'snapshot-000000000015.json',
        'snapshot-000000000020.json',
      ]);
      const snap = JSON.parse(
        fs.readFileSync(path.join(h.dir, 'snapshots', 'snapshot-000000000020.json'), 'utf8'),
      ) as { seq: number; journalOffset: number; state: S; crc: string };
      expect(snap.seq).toBe(20);
      expect(snap.state).toEqual({ n: 20, sum: sumTo(20) });
      expect(snap.journalOffset).toBe(lineOffset(h.dir, 21));
      expect(snap.crc).toMatch(/^[0-9a-f]{8}$/);

      const j = await h.open({ snapshotEvery: 5 });
      expect(h.applyCalls()).toBe(3); // only 21..23
      expect(j.stats.restoredFromSnapshot).toBe(20);
      expect(j.stats.replayed).toBe(3);
      expect(j.state).toEqual({ n: 23, sum: sumTo(23) });
      expect(j.seq).toBe(23);
      // The window reaches back before the snapshot too.
      expect(j.recordsSince(0)!.map((r) => r.seq)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
      await j.close();
      expect(h.logs).toEqual([]);
    });

    it('reads durable records from the file when the window does not reach back (a backup joining late)', async () => {
      const h = harness();
      await build(h);
      const j = await h.open({ snapshotEvery: 5, windowSize: 4 });
      expect(j.recordsSince(2)).toBeNull();
      const records = await collect(j.durableRecordsSince(2));
      expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 3));
      expect(records.map((r) => r.events)).toEqual(Array.from({ length: 21 }, (_, i) => [i + 3]));
      expect(await collect(j.durableRecordsSince(23))).toEqual([]);
      expect(await collect(j.durableRecordsSince(99))).toEqual([]);
      // From the window, when it reaches back far enough.
      expect((await collect(j.durableRecordsSince(21))).map((r) => r.seq)).toEqual([22, 23]);
      await j.close();
    });

    it('fails on a line that no longer decodes while streaming, naming the file and line', async () => {
      const h = harness();
      await build(h);
      const j = await h.open({ snapshotEvery: 5, windowSize: 4 });
      // Damaged after open (a disk fault): the catch-up must stop, not skip the record.
      const file = journalPath(h.dir);
      const at = lineOffset(h.dir, 7) + 2;
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, 'X', at);
      fs.closeSync(fd);
      await expect(collect(j.durableRecordsSince(0))).rejects.toThrow(`${file}: line 7: checksum mismatch`);
      await j.close();
    });

    it('loads only windowSize records from before the snapshot', async () => {
      const h = harness();
      await build(h);
      const j = await h.open({ snapshotEvery: 5, windowSize: 10 });
      expect(j.recordsSince(13)!.map((r) => r.seq)).toEqual([14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
      expect(j.recordsSince(12)).toBeNull();
      await j.close();
    });

    it('a corrupt newest snapshot falls back to the previous one', async () => {
      const h = harness();
      await build(h);
      const newest = path.join(h.dir, 'snapshots', 'snapshot-000000000020.json');
      fs.writeFileSync(newest, fs.readFileSync(newest, 'utf8').replace('"sum":210', '"sum":211'));

      const j = await h.open({ snapshotEvery: 1000 });
      expect(j.stats.restoredFromSnapshot).toBe(15);
      expect(h.applyCalls()).toBe(8); // 16..23
      expect(j.state).toEqual({ n: 23, sum: sumTo(23) });
      expect(h.logs).toHaveLength(1);
      expect(h.logs[0]).toMatch(/snapshot-000000000020\.json: corrupt snapshot \(checksum mismatch\)/);
      expect(fs.existsSync(newest)).toBe(false);
      expect(fs.existsSync(`${newest}.bad`)).toBe(true);
      await j.close();
    });

    it('falls back to a full replay when no snapshot verifies, and snapshots at once', async () => {
      const h = harness();
      await build(h);
      for (const name of snapshotsIn(h.dir)) {
        fs.writeFileSync(path.join(h.dir, 'snapshots', name), '{"seq":');
      }
      const j = await h.open({ snapshotEvery: 5 });
      expect(j.stats.restoredFromSnapshot).toBeNull();
      expect(h.applyCalls()).toBe(23);
      expect(j.state).toEqual({ n: 23, sum: sumTo(23) });
      await j.close();
      expect(snapshotsIn(h.dir)).toEqual(['snapshot-000000000023.json']);
    });

    it('passes over snapshots of another state version, replays, and snapshots the new shape', async () => {
      const h = harness();
      await build(h); // written without a version: version 1
      const j = await h.open({ snapshotEvery: 5, stateVersion: 2 });
      expect(j.stats.restoredFromSnapshot).toBeNull();
      expect(h.applyCalls()).toBe(23);
      expect(j.state).toEqual({ n: 23, sum: sumTo(23) });
      expect(h.logs.filter((l) => /state version 1, not 2/.test(l))).toHaveLength(3);
      await j.close();
      // Not set aside as corrupt: only outranked by the new snapshot, then pruned as usual.
      expect(fs.readdirSync(path.join(h.dir, 'snapshots')).some((n) => n.endsWith('.bad'))).toBe(false);
      expect(snapshotsIn(h.dir)).toContain('snapshot-000000000023.json');

      const again = await h.open({ snapshotEvery: 5, stateVersion: 2 });
      expect(again.stats.restoredFromSnapshot).toBe(23);
      expect(again.state).toEqual({ n: 23, sum: sumTo(23) });
      await again.close();
    });

    it('ignores a snapshot that does not match the journal', async () => {
      const h = harness();
      await build(h);
      // The journal was replaced by an older copy that ends at seq 12.
      fs.truncateSync(journalPath(h.dir), lineOffset(h.dir, 13));
      const j = await h.open({ snapshotEvery: 1000 });
      expect(j.stats.restoredFromSnapshot).toBe(10);
      expect(j.state).toEqual({ n: 12, sum: sumTo(12) });
      expect(h.logs.filter((l) => /does not match/.test(l))).toHaveLength(2);
      await j.close();
    });

    it('gives the journal line number when a torn tail follows a snapshot', async () => {
      const h = harness();
      await build(h);
      fs.truncateSync(journalPath(h.dir), fs.statSync(journalPath(h.dir)).size - 3);
      const j = await h.open({ snapshotEvery: 1000 });
      expect(j.stats.restoredFromSnapshot).toBe(20);
      expect(j.seq).toBe(22);
      expect(h.logs).toHaveLength(1);
      expect(h.logs[0]).toMatch(/dropped torn tail at line 23: incomplete line/);
      await j.close();
    });
  });

  describe('damaged journal', () => {
    async function tenRecords(): Promise<Harness> {
      const h = harness();
      const j = await h.open();
      await appendSeq(j, 1, 10);
      await j.close();
      return h;
    }

    it('drops a torn last line, truncates the file and continues at the right seq', async () => {
      const h = await tenRecords();
      const goodEnd = lineOffset(h.dir, 10);
      fs.truncateSync(journalPath(h.dir), goodEnd + 20);

      const j = await h.open();
      expect(h.logs).toHaveLength(1);
      expect(h.logs[0]).toContain(journalPath(h.dir));
      expect(h.logs[0]).toMatch(/dropped torn tail at line 10: incomplete line \(no trailing newline\)/);
      expect(fs.statSync(journalPath(h.dir)).size).toBe(goodEnd);
      expect(j.seq).toBe(9);
      expect(j.state).toEqual({ n: 9, sum: sumTo(9) });
      expect((await j.append([10])).seq).toBe(10);
      await j.close();

      h.logs.length = 0;
      const j2 = await h.open();
      expect(j2.state).toEqual({ n: 10, sum: sumTo(10) });
      expect(h.logs).toEqual([]);
      await j2.close();
    });

    it('drops a last line whose checksum fails', async () => {
      const h = await tenRecords();
      flipEventDigit(h.dir, 10);
      const j = await h.open();
      expect(h.logs).toHaveLength(1);
      expect(h.logs[0]).toMatch(/journal\.ndjson: dropped torn tail at line 10: checksum mismatch/);
      expect(fs.statSync(journalPath(h.dir)).size).toBe(lineOffset(h.dir, 10));
      expect(j.seq).toBe(9);
      expect((await j.append([10])).seq).toBe(10);
      await j.close();
    });

    it('drops several bad lines at the end when nothing valid follows them', async () => {
      const h = await tenRecords();
      flipEventDigit(h.dir, 10);
      fs.appendFileSync(journalPath(h.dir), 'garbage\n\n{"seq":11');
      const j = await h.open();
      expect(h.logs).toHaveLength(1);
      expect(h.logs[0]).toMatch(/dropped torn tail at line 10: checksum mismatch \(4 lines, \d+ bytes\)/);
      expect(j.seq).toBe(9);
      expect(fs.statSync(journalPath(h.dir)).size).toBe(lineOffset(h.dir, 10));
      await j.close();
    });

    it('refuses to open when a bad line is followed by valid records', async () => {
      const h = await tenRecords();
      const before = fs.readFileSync(journalPath(h.dir));
      flipEventDigit(h.dir, 3);
      const err = await h.open().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(JournalCorruptError);
      const c = err as JournalCorruptError;
      expect(c.file).toBe(journalPath(h.dir));
      expect(c.line).toBe(3);
      expect(c.message).toMatch(
        /journal\.ndjson line 3: checksum mismatch, and 7 valid records follow it; refusing to start/,
      );
      // Nothing was truncated or rewritten.
      expect(fs.readFileSync(journalPath(h.dir)).length).toBe(before.length);
    });

    it('refuses to open on a seq gap or out-of-order seq', async () => {
      const h = await tenRecords();
      const lines = readLines(h.dir);
      fs.writeFileSync(journalPath(h.dir), [...lines.slice(0, 4), ...lines.slice(5)].join('\n'));
      await expect(h.open()).rejects.toThrow(/line 5: expected seq 5 but found 6 \(gap\)/);

      const [a, b, c] = lines;
      fs.writeFileSync(journalPath(h.dir), [a, c, b, ''].join('\n'));
      await expect(h.open()).rejects.toThrow(JournalCorruptError);
    });
  });

  describe('write failures', () => {
    it('an fsync failure rejects the batch and everything queued behind it, then recovers', async () => {
      const h = harness();
      const j = await h.open({ snapshotEvery: 1_000_000 });
      await appendSeq(j, 1, 3);
      const durableSize = fs.statSync(journalPath(h.dir)).size;

      const proto = await fileHandleProto();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const spy = vi.spyOn(proto, 'datasync').mockImplementationOnce(async () => {
        await gate;
        throw diskFull();
      });

      const first = j.append([4]);
      await vi.waitFor(() => expect(spy).toHaveBeenCalled());
      // The first batch is now waiting in fsync; these two queue behind it.
      const second = j.append([5]);
      const third = j.append([6]);
      expect(j.seq).toBe(6);
      release();
      const results = await Promise.allSettled([first, second, third]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/ENOSPC.*rolled back to seq 3/);
      expect(j.seq).toBe(3);
      expect(j.durableSeq).toBe(3);
      expect(j.state).toEqual({ n: 3, sum: 6 });
      expect(h.logs.some((l) => /write failed \(ENOSPC/.test(l))).toBe(true);
      await j.whenIdle();
      expect(fs.statSync(journalPath(h.dir)).size).toBe(durableSize);

      const rec = await j.append([4]);
      expect(rec.seq).toBe(4);
      expect(j.recordsSince(2)!.map((r) => r.events[0])).toEqual([3, 4]);
      await j.close();

      h.logs.length = 0;
      const j2 = await h.open();
      expect(j2.state).toEqual({ n: 4, sum: 10 });
      expect(h.logs).toEqual([]);
      await j2.close();
    });

    it('a partial write is cut back to the last durable byte', async () => {
      const h = harness();
      const j = await h.open({ snapshotEvery: 1_000_000 });
      await appendSeq(j, 1, 3);
      const durableSize = fs.statSync(journalPath(h.dir)).size;

      const proto = await fileHandleProto();
      failNextWriteHalfway(proto);

      await expect(j.append([4])).rejects.toThrow(/ENOSPC/);
      await j.whenIdle(); // the rejection comes first; cutting the file back finishes after it
      expect(fs.statSync(journalPath(h.dir)).size).toBe(durableSize);
      expect(j.state).toEqual({ n: 3, sum: 6 });
      expect((await j.append([40])).seq).toBe(4);
      await j.close();

      h.logs.length = 0;
      const j2 = await h.open();
      expect(j2.state).toEqual({ n: 4, sum: 46 });
      expect(h.logs).toEqual([]);
      await j2.close();
    });

    it('if the file cannot be cut back, every later append fails clearly', async () => {
      const h = harness();
      const j = await h.open({ snapshotEvery: 1_000_000 });
      await appendSeq(j, 1, 3);

      const proto = await fileHandleProto();
      failNextWriteHalfway(proto);
      vi.spyOn(proto, 'truncate').mockRejectedValueOnce(new Error('EIO: i/o error'));

      await expect(j.append([4])).rejects.toThrow(/ENOSPC/);
      await j.whenIdle();
      await expect(j.append([4])).rejects.toThrow(/journal is unusable.*restart to recover/);
      expect(j.state).toEqual({ n: 3, sum: 6 });
      await j.close();
      vi.restoreAllMocks();

      // On restart the half-written record is a torn tail.
      h.logs.length = 0;
      const j2 = await h.open();
      expect(j2.state).toEqual({ n: 3, sum: 6 });
      expect(h.logs).toHaveLength(1);
      expect(h.logs[0]).toMatch(/dropped torn tail at line 4: incomplete line/);
      await j2.close();
    });
  });

  it('restores a 100,000-record journal, from a snapshot and by full replay', async () => {
    const h = harness();
    const N = 100_000;
    const j = await h.open({ snapshotEvery: 90_000 });
    for (let base = 0; base < N; base += 10_000) {
      await Promise.all(Array.from({ length: 10_000 }, (_, i) => j.append([base + i + 1])));
    }
    await j.close();
    const expected = { n: N, sum: sumTo(N) };

    const fromSnap = await h.open({ snapshotEvery: 1_000_000 });
    expect(fromSnap.stats.restoredFromSnapshot).toBe(90_000);
    expect(h.applyCalls()).toBe(10_000);
    expect(fromSnap.state).toEqual(expected);
    expect(fromSnap.seq).toBe(N);
    const since: JournalRecord<E>[] = fromSnap.recordsSince(N - 10_000)!;
    expect(since).toHaveLength(10_000);
    expect(since[0]!.seq).toBe(N - 9_999);
    expect(fromSnap.recordsSince(N - 10_001)).toBeNull();
    await fromSnap.close();

    fs.rmSync(path.join(h.dir, 'snapshots'), { recursive: true });
    const full = await h.open({ snapshotEvery: 1_000_000 });
    expect(full.stats.restoredFromSnapshot).toBeNull();
    expect(h.applyCalls()).toBe(N);
    expect(full.state).toEqual(expected);
    expect(full.seq).toBe(N);
    expect((await full.append([0])).seq).toBe(N + 1);
    await full.close();
    expect(h.logs).toEqual([]);
  });
});
