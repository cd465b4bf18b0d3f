import * as fsp from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { syncFolder } from '../adapters/secretFile.js';
import { batchesOf, readDurableRecords } from './catchUp.js';
import { errCode, errMessage, truncateFile, writeAll } from './files.js';
import {
  encodeRecord,
  JOURNAL_FILE,
  SNAPSHOT_DIR,
  SNAPSHOT_RE,
  snapshotName,
  snapshotText,
} from './format.js';
import type { RecordWindow } from './recordWindow.js';
import { removeTempSnapshots, restore, type Restored } from './restore.js';
import type { JournalOptions, JournalRecord, JournalStats } from './types.js';

/** The live journal: appends with group commit, snapshots in the background, serves catch-ups. */

const SNAPSHOTS_KEPT = 3;

interface Pending<S, E> {
  record: JournalRecord<E>;
  state: S;
  line: string;
  resolve: (record: JournalRecord<E>) => void;
  reject: (err: unknown) => void;
}

interface SnapshotJob {
  seq: number;
  text: string;
}

interface JournalInit<S, E> {
  file: string;
  snapDir: string;
  fh: FileHandle;
  apply: (state: S, events: readonly E[]) => S;
  now: () => number;
  log: (line: string) => void;
  snapshotEvery: number;
  stateVersion: number;
  restored: Restored<S, E>;
}

export class Journal<S, E> {
  readonly file: string;
  readonly stats: JournalStats;

  private readonly snapDir: string;
  private readonly fh: FileHandle;
  private readonly applyFn: (state: S, events: readonly E[]) => S;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly snapshotEvery: number;
  private readonly stateVersion: number;
  private readonly window: RecordWindow<E>;

  private _state: S;
  private _seq: number;
  private durableState: S;
  private _durableSeq: number;
  private durableOffset: number;

  private queue: Pending<S, E>[] = [];
  private flushing: Promise<void> | null = null;
  /** Set when a failed write could not be undone: the file's tail is unknown, so nothing more may go after it. */
  private broken: Error | null = null;
  private closing: Promise<void> | null = null;

  private lastSnapshotSeq: number;
  private nextSnapshot: SnapshotJob | null = null;
  private snapshotting: Promise<void> | null = null;

  private constructor(init: JournalInit<S, E>) {
    const r = init.restored;
    this.file = init.file;
    this.snapDir = init.snapDir;
    this.fh = init.fh;
    this.applyFn = init.apply;
    this.now = init.now;
    this.log = init.log;
    this.snapshotEvery = init.snapshotEvery;
    this.stateVersion = init.stateVersion;
    this.window = r.window;
    this._state = this.durableState = r.state;
    this._seq = this._durableSeq = r.seq;
    this.durableOffset = r.offset;
    this.lastSnapshotSeq = r.snapshotSeq ?? 0;
    this.stats = {
      flushes: 0,
      appended: 0,
      snapshots: 0,
      restoredFromSnapshot: r.snapshotSeq,
      replayed: r.replayed,
    };
  }

  static async open<S, E>(opts: JournalOptions<S, E>): Promise<Journal<S, E>> {
    const snapshotEvery = opts.snapshotEvery ?? 1000;
    const windowSize = opts.windowSize ?? 10_000;
    if (!(snapshotEvery >= 1)) throw new RangeError(`snapshotEvery must be >= 1, got ${snapshotEvery}`);
    if (!Number.isSafeInteger(windowSize) || windowSize < 0) {
      throw new RangeError(`windowSize must be a non-negative integer, got ${windowSize}`);
    }
    const log = opts.log ?? ((line: string) => console.warn(line));
    const dir = path.resolve(opts.dir);
    const file = path.join(dir, JOURNAL_FILE);
    const snapDir = path.join(dir, SNAPSHOT_DIR);

    const created = await fsp.mkdir(snapDir, { recursive: true });
    if (created !== undefined) await syncFolder(path.dirname(created));
    await removeTempSnapshots(snapDir, log);

    const restored = await restore(file, snapDir, opts, windowSize, log);
    if (restored.tail) {
      const t = restored.tail;
      await truncateFile(file, t.offset);
      const extent = t.lines > 1 ? `${t.lines} lines, ${t.bytes} bytes` : `${t.bytes} bytes`;
      log(`journal: ${file}: dropped torn tail at line ${t.line}: ${t.reason} (${extent})`);
    }

    let existed = true;
    try {
      await fsp.stat(file);
    } catch (err) {
      if (errCode(err) !== 'ENOENT') throw err;
      existed = false;
    }
    const fh = await fsp.open(file, 'a');
    try {
      if (!existed) await syncFolder(dir);
    } catch (err) {
      await fh.close();
      throw err;
    }

    const journal = new Journal<S, E>({
      file,
      snapDir,
      fh,
      apply: opts.apply,
      now: opts.now ?? Date.now,
      log,
      snapshotEvery,
      stateVersion: opts.stateVersion ?? 1,
      restored,
    });
    // A long replay means the next open would replay it all again; snapshot right away.
    journal.maybeSnapshot();
    return journal;
  }

  /** State including every appended record, durable or still in flight. */
  get state(): S {
    return this._state;
  }

  /** Last appended seq (durable or in flight). */
  get seq(): number {
    return this._seq;
  }

  get durableSeq(): number {
    return this._durableSeq;
  }

  append(events: E[]): Promise<JournalRecord<E>> {
    return this.commit({ seq: this._seq + 1, t: this.now(), events: events.slice() });
  }

  /** For replication: keeps the given seq and t; the record must be the next one. */
  appendRecord(record: JournalRecord<E>): Promise<JournalRecord<E>> {
    if (record.seq !== this._seq + 1) {
      return Promise.reject(
        new Error(`appendRecord: expected seq ${this._seq + 1}, got ${String(record.seq)}`),
      );
    }
    if (typeof record.t !== 'number' || !Number.isFinite(record.t) || !Array.isArray(record.events)) {
      return Promise.reject(new TypeError('appendRecord: record needs a finite t and an events array'));
    }
    return this.commit({ seq: record.seq, t: record.t, events: record.events.slice() });
  }

  /**
   * Durable records with seq greater than `seq`, from the in-memory window. [] when there is
   * nothing durable to add (including seqs still in flight); null when the window no longer
   * reaches back that far, or `seq` is not one this journal has issued, so the caller must
   * send a full snapshot instead.
   */
  recordsSince(seq: number): JournalRecord<E>[] | null {
    if (!Number.isSafeInteger(seq) || seq < 0 || seq > this._seq) return null;
    if (seq >= this._durableSeq) return [];
    const firstSeq = this._durableSeq - this.window.size + 1;
    if (seq + 1 < firstSeq) return null;
    return this.window.from(seq + 1 - firstSeq);
  }

  /**
   * Durable records with seq greater than `seq`, oldest first, in batches: from the window when
   * it reaches back that far, else streamed from the file one READ_CHUNK at a time, for a
   * backup core replicating this journal from any point, however long ago. Streamed so a
   * catch-up costs a chunk of memory, not the file: the caller sends each batch before the next
   * is read. What is durable is fixed when this is called; later records reach a caller as live
   * ones. Lines were checked when they were written and on open; one that no longer decodes is
   * an error, not a record to skip. Stopping the iteration early closes the file.
   */
  durableRecordsSince(seq: number): AsyncGenerator<JournalRecord<E>[], void, undefined> {
    const fromWindow = this.recordsSince(seq);
    if (fromWindow) return batchesOf(fromWindow);
    // Read here, not in the generator: its body only starts on the first next().
    return readDurableRecords<E>(this.file, this.durableOffset, seq, this._durableSeq);
  }

  /** Resolves once every queued write and snapshot has finished. */
  async whenIdle(): Promise<void> {
    while (this.flushing || this.snapshotting) {
      await this.flushing;
      await this.snapshotting;
    }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.whenIdle();
      await this.fh.close();
    })();
    return this.closing;
  }

  private commit(record: JournalRecord<E>): Promise<JournalRecord<E>> {
    if (this.closing) return Promise.reject(new Error(`${this.file}: journal is closed`));
    if (this.broken) return Promise.reject(this.broken);
    let next: S;
    let line: string;
    try {
      // Both may throw; doing them before touching anything makes a failed append a no-op.
      next = this.applyFn(this._state, record.events);
      line = encodeRecord(record);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this._state = next;
    this._seq = record.seq;
    return new Promise((resolve, reject) => {
      this.queue.push({ record, state: next, line, resolve, reject });
      // Started on a microtask so a synchronous burst of appends shares the first write too.
      this.flushing ??= Promise.resolve().then(() => this.flushLoop());
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        if (this.broken) {
          const rejected = this.queue;
          this.queue = [];
          for (const p of rejected) p.reject(this.broken);
          break;
        }
        const batch = this.queue;
        this.queue = [];
        const bytes = Buffer.from(batch.length === 1 ? batch[0]!.line : batch.map((p) => p.line).join(''));
        try {
          await writeAll(this.fh, bytes);
          await this.fh.datasync();
        } catch (err) {
          await this.recoverFromWriteFailure(batch, err);
          continue;
        }
        const last = batch[batch.length - 1]!;
        this.durableOffset += bytes.length;
        this._durableSeq = last.record.seq;
        this.durableState = last.state;
        this.stats.flushes++;
        this.stats.appended += batch.length;
        for (const p of batch) this.window.push(p.record);
        this.maybeSnapshot();
        for (const p of batch) p.resolve(p.record);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async recoverFromWriteFailure(batch: Pending<S, E>[], err: unknown): Promise<void> {
    // Everything queued behind the batch was computed on top of it, so it goes too.
    const failed = batch.concat(this.queue);
    this.queue = [];
    const firstSeq = batch[0]!.record.seq;
    const lastSeq = this._seq;
    this._state = this.durableState;
    this._seq = this._durableSeq;
    const error = new Error(
      `${this.file}: write failed (${errMessage(err)}); records ${firstSeq}..${lastSeq} were not saved ` +
        `and have been rolled back to seq ${this._durableSeq}`,
      { cause: err },
    );
    this.log(`journal: ${error.message}`);
    for (const p of failed) p.reject(error);
    try {
      await truncateFile(this.file, this.durableOffset);
    } catch (terr) {
      this.broken = new Error(
        `${this.file}: journal is unusable: a write failed (${errMessage(err)}) and cutting the file back ` +
          `to the last saved record failed too (${errMessage(terr)}); restart to recover`,
        { cause: terr },
      );
      this.log(`journal: ${this.broken.message}`);
    }
  }

  private maybeSnapshot(): void {
    if (this._durableSeq - this.lastSnapshotSeq < this.snapshotEvery) return;
    this.lastSnapshotSeq = this._durableSeq;
    let text: string;
    try {
      // Serialized now, so the snapshot is exactly the state after this record whatever happens later.
      text = snapshotText(this._durableSeq, this.durableOffset, this.stateVersion, this.durableState);
    } catch (err) {
      this.log(`journal: cannot serialize snapshot at seq ${this._durableSeq}: ${errMessage(err)}`);
      return;
    }
    // Only the newest pending one matters; an older one still waiting is superseded.
    this.nextSnapshot = { seq: this._durableSeq, text };
    this.snapshotting ??= this.snapshotLoop();
  }

  private async snapshotLoop(): Promise<void> {
    // Yield first so the caller's assignment to `snapshotting` happens before the loop can end.
    await Promise.resolve();
    try {
      while (this.nextSnapshot) {
        const job = this.nextSnapshot;
        this.nextSnapshot = null;
        try {
          await this.writeSnapshot(job);
          this.stats.snapshots++;
        } catch (err) {
          this.log(`journal: snapshot at seq ${job.seq} failed: ${errMessage(err)}`);
        }
      }
    } finally {
      this.snapshotting = null;
    }
  }

  private async writeSnapshot(job: SnapshotJob): Promise<void> {
    const final = path.join(this.snapDir, snapshotName(job.seq));
    const tmp = `${final}.tmp`;
    try {
      await fsp.mkdir(this.snapDir, { recursive: true });
      const h = await fsp.open(tmp, 'w');
      try {
        await h.writeFile(job.text);
        await h.sync();
      } finally {
        await h.close();
      }
      await fsp.rename(tmp, final);
    } catch (err) {
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      throw err;
    }
    await syncFolder(this.snapDir);
    await this.pruneSnapshots();
  }

  private async pruneSnapshots(): Promise<void> {
    const names = (await fsp.readdir(this.snapDir)).filter((n) => SNAPSHOT_RE.test(n)).sort();
    for (const name of names.slice(0, Math.max(0, names.length - SNAPSHOTS_KEPT))) {
      try {
        await fsp.unlink(path.join(this.snapDir, name));
      } catch (err) {
        this.log(`journal: could not delete old snapshot ${name}: ${errMessage(err)}`);
      }
    }
  }
}
