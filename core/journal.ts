import * as fsp from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';

/**
 * Durable, event-sourced journal: every command's events are appended as one CRC-protected
 * NDJSON record and fsync'd before the command is acknowledged; periodic snapshots bound the
 * restore time. The journal is generic and knows nothing about the show's types.
 */

export interface JournalRecord<E> {
  seq: number;
  t: number;
  events: E[];
}

export interface JournalOptions<S, E> {
  dir: string;
  initialState: () => S;
  apply: (state: S, events: readonly E[]) => S;
  snapshotEvery?: number;
  /**
   * The shape of the state in snapshots. A snapshot written with another version is passed
   * over (the journal's records are replayed instead), so changing how the state is stored
   * needs only a new number here, never a migration. Snapshots without one are version 1.
   */
  stateVersion?: number;
  windowSize?: number;
  log?: (line: string) => void;
  now?: () => number;
}

export interface JournalStats {
  /** Successful write+fsync batches; fewer than appended records means group commit worked. */
  flushes: number;
  /** Records made durable since open. */
  appended: number;
  /** Snapshots written since open. */
  snapshots: number;
  /** Seq of the snapshot the state was restored from, or null for a full replay. */
  restoredFromSnapshot: number | null;
  /** Records applied during open. */
  replayed: number;
}

export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export const JOURNAL_FILE = 'journal.ndjson';
export const SNAPSHOT_DIR = 'snapshots';
const SNAPSHOTS_KEPT = 3;
const SNAPSHOT_RE = /^snapshot-(\d{12})\.json$/;
const SNAPSHOT_TMP_RE = /^snapshot-\d{12}\.json\.tmp$/;

// Big enough that a 100k-record journal is a handful of reads, small enough not to matter for memory.
const READ_CHUNK = 4 * 1024 * 1024;
// Loading the resume window from before a snapshot is a convenience; never pay more than this for it.
const WINDOW_BACKFILL_MAX_BYTES = 64 * 1024 * 1024;
const NEWLINE = 0x0a;

const CRC_MARK = Buffer.from(',"crc":"');
// The crc field is always last and fixed-width: `,"crc":"` + 8 hex + `"}`.
const CRC_TAIL_LEN = CRC_MARK.length + 8 + 2;
const CLOSE_BRACE = Buffer.from('}');
const HEX8 = /^[0-9a-f]{8}$/;

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

/** Serializes a record as one journal line (with trailing newline). */
export function encodeRecord<E>(record: JournalRecord<E>): string {
  const body = JSON.stringify({ seq: record.seq, t: record.t, events: record.events });
  return `${body.slice(0, -1)},"crc":"${hex8(crc32(body))}"}\n`;
}

/**
 * Decodes the line buf[start, end) (without its newline). Returns the record, or the reason it
 * is not one. Works on bytes so the checksum needs no re-encoding or re-serialization.
 */
function decodeLine<E>(buf: Buffer, start: number, end: number): JournalRecord<E> | string {
  const len = end - start;
  if (len === 0) return 'empty line';
  if (
    len <= CRC_TAIL_LEN ||
    buf[end - 1] !== 0x7d ||
    buf[end - 2] !== 0x22 ||
    buf.compare(CRC_MARK, 0, CRC_MARK.length, end - CRC_TAIL_LEN, end - 10) !== 0
  ) {
    return 'no checksum field';
  }
  const hex = buf.toString('latin1', end - 10, end - 2);
  if (!HEX8.test(hex)) return 'no checksum field';
  const actual = crc32(CLOSE_BRACE, crc32(buf.subarray(start, end - CRC_TAIL_LEN)));
  if (actual !== parseInt(hex, 16)) return 'checksum mismatch';
  let obj: unknown;
  try {
    obj = JSON.parse(buf.toString('utf8', start, end));
  } catch {
    return 'not valid JSON';
  }
  if (typeof obj !== 'object' || obj === null) return 'not a journal record';
  const r = obj as { seq?: unknown; t?: unknown; events?: unknown };
  if (
    typeof r.seq !== 'number' ||
    !Number.isSafeInteger(r.seq) ||
    typeof r.t !== 'number' ||
    !Number.isFinite(r.t) ||
    !Array.isArray(r.events)
  ) {
    return 'not a journal record';
  }
  return { seq: r.seq, t: r.t, events: r.events as E[] };
}

function snapshotText(seq: number, journalOffset: number, stateVersion: number, state: unknown): string {
  const body = JSON.stringify({ seq, journalOffset, stateVersion, state });
  return `${body.slice(0, -1)},"crc":"${hex8(crc32(body))}"}\n`;
}

interface SnapshotData {
  seq: number;
  journalOffset: number;
  stateVersion: number;
  state: unknown;
}

function parseSnapshot(text: string, expectedSeq: number): SnapshotData | string {
  const trimmed = text.trimEnd();
  const at = trimmed.lastIndexOf(',"crc":"');
  if (at < 0 || !trimmed.endsWith('"}') || trimmed.length !== at + CRC_TAIL_LEN) return 'no checksum field';
  const hex = trimmed.slice(at + CRC_MARK.length, at + CRC_MARK.length + 8);
  if (!HEX8.test(hex) || crc32(trimmed.slice(0, at) + '}') !== parseInt(hex, 16)) return 'checksum mismatch';
  let obj: unknown;
  try {
    obj = JSON.parse(trimmed);
  } catch {
    return 'not valid JSON';
  }
  if (typeof obj !== 'object' || obj === null) return 'not a snapshot';
  const o = obj as { seq?: unknown; journalOffset?: unknown; stateVersion?: unknown; state?: unknown };
  if (o.seq !== expectedSeq) return `seq ${String(o.seq)} does not match its file name`;
  if (typeof o.journalOffset !== 'number' || !Number.isSafeInteger(o.journalOffset) || o.journalOffset <= 0) {
    return 'bad journalOffset';
  }
  const stateVersion = o.stateVersion ?? 1;
  if (typeof stateVersion !== 'number' || !Number.isSafeInteger(stateVersion)) return 'bad stateVersion';
  return { seq: expectedSeq, journalOffset: o.journalOffset, stateVersion, state: o.state };
}

const snapshotName = (seq: number): string => `snapshot-${String(seq).padStart(12, '0')}.json`;

const errMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const errCode = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;

/** Fixed-capacity ring of the most recent durable records, oldest first. */
class RecordWindow<E> {
  private readonly buf: JournalRecord<E>[] = [];
  private head = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.buf.length;
  }

  push(record: JournalRecord<E>): void {
    if (this.capacity === 0) return;
    if (this.buf.length < this.capacity) {
      this.buf.push(record);
    } else {
      this.buf[this.head] = record;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** Records from the i-th oldest on. */
  from(i: number): JournalRecord<E>[] {
    const n = this.buf.length;
    const out: JournalRecord<E>[] = new Array<JournalRecord<E>>(Math.max(0, n - i));
    for (let k = i; k < n; k++) out[k - i] = this.buf[(this.head + k) % n]!;
    return out;
  }
}

async function readAt(fh: FileHandle, buf: Buffer, offset: number, length: number, position: number) {
  let total = 0;
  while (total < length) {
    const { bytesRead } = await fh.read(buf, offset + total, length - total, position + total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return total;
}

async function writeAll(fh: FileHandle, data: Buffer): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const { bytesWritten } = await fh.write(data, off, data.length - off, null);
    if (bytesWritten <= 0) throw new Error('write made no progress');
    off += bytesWritten;
  }
}

/** Makes a rename/create/unlink inside `dir` durable. */
async function fsyncDir(dir: string): Promise<void> {
  let h: FileHandle | undefined;
  try {
    h = await fsp.open(dir, 'r');
    await h.sync();
  } catch (err) {
    // Windows cannot open or fsync directories, and some filesystems refuse; nothing better exists there.
    const code = errCode(err);
    if (process.platform !== 'win32' && code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR')
      throw err;
  } finally {
    await h?.close();
  }
}

// A separate read-write handle: on Windows an append-mode handle may not change the file's length.
async function truncateFile(file: string, length: number): Promise<void> {
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

/**
 * Reads up to `maxLines` records that end exactly at `endOffset`, newest being `lastSeq`.
 * Returns them oldest first plus, if it had to stop early, why.
 */
async function readRecordsBefore<E>(
  fh: FileHandle,
  fileSize: number,
  endOffset: number,
  lastSeq: number,
  maxLines: number,
  maxBytes: number,
): Promise<{ records: JournalRecord<E>[]; problem: string | null }> {
  if (endOffset <= 0 || endOffset > fileSize) {
    return { records: [], problem: `offset ${endOffset} is outside the journal (${fileSize} bytes)` };
  }
  let size = Math.min(endOffset, 64 * 1024);
  for (;;) {
    const start = endOffset - size;
    const buf = Buffer.allocUnsafe(size);
    if ((await readAt(fh, buf, 0, size, start)) !== size) return { records: [], problem: 'short read' };
    if (buf[size - 1] !== NEWLINE)
      return { records: [], problem: `offset ${endOffset} is not at a line end` };
    const records: JournalRecord<E>[] = [];
    let expected = lastSeq;
    let lineEnd = size - 1;
    let problem: string | null = null;
    let needMore = false;
    while (records.length < maxLines && expected >= 1) {
      const prevNl = lineEnd > 0 ? buf.lastIndexOf(NEWLINE, lineEnd - 1) : -1;
      if (prevNl < 0 && start > 0) {
        needMore = true;
        break;
      }
      const r = decodeLine<E>(buf, prevNl + 1, lineEnd);
      if (typeof r === 'string') {
        problem = `record ${expected}: ${r}`;
        break;
      }
      if (r.seq !== expected) {
        problem = `expected seq ${expected} but found ${r.seq}`;
        break;
      }
      records.push(r);
      expected--;
      if (prevNl < 0) break;
      lineEnd = prevNl;
    }
    if (needMore && size < maxBytes && size < endOffset) {
      size = Math.min(endOffset, size * 4, maxBytes);
      continue;
    }
    if (needMore) problem = `gave up after ${size} bytes`;
    records.reverse();
    return { records, problem };
  }
}

// eslint-disable-next-line @typescript-eslint/require-await -- an async generator, to match the file reader
async function* batchesOf<E>(
  records: JournalRecord<E>[],
): AsyncGenerator<JournalRecord<E>[], void, undefined> {
  if (records.length > 0) yield records;
}

/**
 * Records with `after` < seq <= `upTo` from the first `end` bytes of `file`, one batch per chunk
 * read. One buffer is reused for every chunk (it grows only for a line longer than itself): a
 * line cut by the chunk's end is moved to its front and completed by the next read.
 */
async function* readDurableRecords<E>(
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

interface BadLine {
  line: number;
  offset: number;
  reason: string;
}

interface ScanResult<S> {
  state: S;
  seq: number;
  /** Byte offset just after the last good record. */
  goodEnd: number;
  lastLine: number;
  bad: BadLine | null;
  validAfterBad: number;
  replayed: number;
}

function corruptError(file: string, line: number, reason: string, detail: string, cause?: unknown) {
  return new JournalCorruptError(
    file,
    line,
    reason,
    `${file} line ${line}: ${reason}${detail}; refusing to start so nothing is lost. ` +
      'Move the file aside or restore it from a backup.',
    cause === undefined ? undefined : { cause },
  );
}

/** Reads records from `from` to EOF, verifying and applying each, in chunks so file size is no limit. */
async function scanForward<S, E>(
  fh: FileHandle,
  file: string,
  fileSize: number,
  from: { offset: number; seq: number; state: S },
  apply: (state: S, events: readonly E[]) => S,
  window: RecordWindow<E>,
): Promise<ScanResult<S>> {
  let state = from.state;
  let seq = from.seq;
  let goodEnd = from.offset;
  // One line per record starting at seq 1, so the line number of any record is its seq.
  let lineNo = from.seq;
  let bad: BadLine | null = null;
  let validAfterBad = 0;
  let replayed = 0;
  let carry: Buffer | null = null;
  let carryOffset = from.offset;
  let pos = from.offset;

  while (pos < fileSize) {
    const carryLen: number = carry ? carry.length : 0;
    const want = Math.min(READ_CHUNK, fileSize - pos);
    let buf = Buffer.allocUnsafe(carryLen + want);
    if (carry) carry.copy(buf, 0);
    const got = await readAt(fh, buf, carryLen, want, pos);
    if (got === 0) break;
    pos += got;
    const end: number = carryLen + got;
    if (end < buf.length) buf = buf.subarray(0, end);
    const bufOffset = carryOffset;
    let s = 0;
    for (;;) {
      const nl = buf.indexOf(NEWLINE, s);
      if (nl < 0) break;
      lineNo++;
      if (bad) {
        if (typeof decodeLine(buf, s, nl) !== 'string') validAfterBad++;
      } else {
        const r = decodeLine<E>(buf, s, nl);
        if (typeof r === 'string') {
          bad = { line: lineNo, offset: bufOffset + s, reason: r };
        } else {
          // A checksummed record with the wrong seq was written that way, not torn: never drop it.
          if (r.seq !== seq + 1) {
            const kind = r.seq <= seq ? 'out of order' : 'gap';
            throw corruptError(file, lineNo, `expected seq ${seq + 1} but found ${r.seq} (${kind})`, '');
          }
          try {
            state = apply(state, r.events);
          } catch (err) {
            throw corruptError(file, lineNo, `replaying seq ${r.seq} failed: ${errMessage(err)}`, '', err);
          }
          seq = r.seq;
          replayed++;
          window.push(r);
          goodEnd = bufOffset + nl + 1;
        }
      }
      s = nl + 1;
    }
    carry = s < end ? buf.subarray(s, end) : null;
    carryOffset = bufOffset + s;
  }
  if (carry) {
    lineNo++;
    bad ??= { line: lineNo, offset: carryOffset, reason: 'incomplete line (no trailing newline)' };
  }
  return { state, seq, goodEnd, lastLine: lineNo, bad, validAfterBad, replayed };
}

interface Restored<S, E> {
  state: S;
  seq: number;
  offset: number;
  window: RecordWindow<E>;
  snapshotSeq: number | null;
  replayed: number;
  tail: { offset: number; line: number; reason: string; lines: number; bytes: number } | null;
}

async function setAside(file: string, why: string, log: (line: string) => void): Promise<void> {
  // Renamed rather than deleted: it may still be useful, and pruning by seq must not mistake it for a live one.
  try {
    await fsp.rename(file, `${file}.bad`);
    log(`journal: ${file}: ${why}; ignored it (renamed to ${path.basename(file)}.bad)`);
  } catch (err) {
    log(`journal: ${file}: ${why}; ignored it (could not rename it: ${errMessage(err)})`);
  }
}

async function pickSnapshot<E>(
  snapDir: string,
  file: string,
  fh: FileHandle | null,
  fileSize: number,
  stateVersion: number,
  log: (line: string) => void,
): Promise<SnapshotData | null> {
  let names: string[];
  try {
    names = await fsp.readdir(snapDir);
  } catch (err) {
    if (errCode(err) === 'ENOENT') return null;
    throw err;
  }
  const candidates = names
    .filter((n) => SNAPSHOT_RE.test(n))
    .sort()
    .reverse();
  for (const name of candidates) {
    const p = path.join(snapDir, name);
    const seq = Number(SNAPSHOT_RE.exec(name)![1]);
    let text: string;
    try {
      text = await fsp.readFile(p, 'utf8');
    } catch (err) {
      log(`journal: ${p}: cannot read (${errMessage(err)}); trying an older snapshot`);
      continue;
    }
    const snap = parseSnapshot(text, seq);
    if (typeof snap === 'string') {
      await setAside(p, `corrupt snapshot (${snap})`, log);
      continue;
    }
    if (snap.stateVersion !== stateVersion) {
      // Sound, but of an older (or newer) shape: kept as it is, and left for pruning.
      log(`journal: ${p}: state version ${snap.stateVersion}, not ${stateVersion}; trying an older snapshot`);
      continue;
    }
    const check = fh
      ? await readRecordsBefore<E>(fh, fileSize, snap.journalOffset, snap.seq, 1, WINDOW_BACKFILL_MAX_BYTES)
      : { records: [], problem: 'the journal is missing' };
    if (check.records.length !== 1) {
      await setAside(p, `snapshot does not match ${file} (${check.problem ?? 'no record'})`, log);
      continue;
    }
    return snap;
  }
  if (candidates.length > 0) log(`journal: no usable snapshot in ${snapDir}; replaying all of ${file}`);
  return null;
}

async function restore<S, E>(
  file: string,
  snapDir: string,
  opts: JournalOptions<S, E>,
  windowSize: number,
  log: (line: string) => void,
): Promise<Restored<S, E>> {
  let fh: FileHandle | null = null;
  try {
    fh = await fsp.open(file, 'r');
  } catch (err) {
    if (errCode(err) !== 'ENOENT') throw err;
  }
  try {
    const fileSize = fh ? (await fh.stat()).size : 0;
    const snap = await pickSnapshot<E>(snapDir, file, fh, fileSize, opts.stateVersion ?? 1, log);
    const from = snap
      ? { offset: snap.journalOffset, seq: snap.seq, state: snap.state as S }
      : { offset: 0, seq: 0, state: opts.initialState() };
    let window = new RecordWindow<E>(windowSize);
    const scan =
      fh && fileSize > from.offset
        ? await scanForward(fh, file, fileSize, from, opts.apply, window)
        : { ...from, goodEnd: from.offset, lastLine: from.seq, bad: null, validAfterBad: 0, replayed: 0 };

    if (scan.bad && scan.validAfterBad > 0) {
      const n = scan.validAfterBad;
      throw corruptError(
        file,
        scan.bad.line,
        scan.bad.reason,
        `, and ${n} valid record${n === 1 ? '' : 's'} follow${n === 1 ? 's' : ''} it`,
      );
    }

    if (snap && fh && window.size < windowSize && snap.seq > 0) {
      const before = await readRecordsBefore<E>(
        fh,
        fileSize,
        snap.journalOffset,
        snap.seq,
        windowSize - window.size,
        WINDOW_BACKFILL_MAX_BYTES,
      );
      if (before.problem && !before.problem.startsWith('gave up')) {
        log(`journal: ${file}: ${before.problem}; resume window starts after it`);
      }
      const merged = new RecordWindow<E>(windowSize);
      for (const r of before.records) merged.push(r);
      for (const r of window.from(0)) merged.push(r);
      window = merged;
    }

    const tail = scan.bad
      ? {
          offset: scan.bad.offset,
          line: scan.bad.line,
          reason: scan.bad.reason,
          lines: scan.lastLine - scan.bad.line + 1,
          bytes: fileSize - scan.bad.offset,
        }
      : null;
    return {
      state: scan.state,
      seq: scan.seq,
      offset: scan.goodEnd,
      window,
      snapshotSeq: snap ? snap.seq : null,
      replayed: scan.replayed,
      tail,
    };
  } finally {
    await fh?.close();
  }
}

async function removeTempSnapshots(snapDir: string, log: (line: string) => void): Promise<void> {
  for (const name of await fsp.readdir(snapDir)) {
    if (!SNAPSHOT_TMP_RE.test(name)) continue;
    try {
      await fsp.unlink(path.join(snapDir, name));
    } catch (err) {
      log(`journal: could not remove leftover ${name}: ${errMessage(err)}`);
    }
  }
}

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
    if (created !== undefined) await fsyncDir(path.dirname(created));
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
      if (!existed) await fsyncDir(dir);
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
    await fsyncDir(this.snapDir);
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
