import { crc32 } from 'node:zlib';
import type { JournalRecord } from './types.js';

/**
 * The bytes on disk: one journal line per record and the snapshot file's text, each carrying a
 * CRC32 of itself as its last field, and the names of the files. Nothing here touches the disk.
 */

export const JOURNAL_FILE = 'journal.ndjson';
export const SNAPSHOT_DIR = 'snapshots';
export const SNAPSHOT_RE = /^snapshot-(\d{12})\.json$/;
export const SNAPSHOT_TMP_RE = /^snapshot-\d{12}\.json\.tmp$/;
export const NEWLINE = 0x0a;

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
export function decodeLine<E>(buf: Buffer, start: number, end: number): JournalRecord<E> | string {
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

export function snapshotText(
  seq: number,
  journalOffset: number,
  stateVersion: number,
  state: unknown,
): string {
  const body = JSON.stringify({ seq, journalOffset, stateVersion, state });
  return `${body.slice(0, -1)},"crc":"${hex8(crc32(body))}"}\n`;
}

export interface SnapshotData {
  seq: number;
  journalOffset: number;
  stateVersion: number;
  state: unknown;
}

export function parseSnapshot(text: string, expectedSeq: number): SnapshotData | string {
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

export const snapshotName = (seq: number): string => `snapshot-${String(seq).padStart(12, '0')}.json`;
