import * as fsp from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { errCode, errMessage, readAt, READ_CHUNK } from './files.js';
import {
  decodeLine,
  NEWLINE,
  parseSnapshot,
  SNAPSHOT_RE,
  SNAPSHOT_TMP_RE,
  type SnapshotData,
} from './format.js';
import { RecordWindow } from './recordWindow.js';
import type { JournalOptions, JournalRecord } from './types.js';

/**
 * Opening a journal: pick the newest sound snapshot, replay the records after it (checking
 * each), refill the resume window from before it, and find a torn tail to cut off. Refuses to
 * start, rather than drop records, when damage is followed by valid records.
 */

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

// Loading the resume window from before a snapshot is a convenience; never pay more than this for it.
const WINDOW_BACKFILL_MAX_BYTES = 64 * 1024 * 1024;

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

export interface Restored<S, E> {
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

export async function restore<S, E>(
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

export async function removeTempSnapshots(snapDir: string, log: (line: string) => void): Promise<void> {
  for (const name of await fsp.readdir(snapDir)) {
    if (!SNAPSHOT_TMP_RE.test(name)) continue;
    try {
      await fsp.unlink(path.join(snapDir, name));
    } catch (err) {
      log(`journal: could not remove leftover ${name}: ${errMessage(err)}`);
    }
  }
}
