import { inflateRawSync } from 'node:zlib';

/**
 * Checks an .xlsx file's zip container before exceljs sees it, so a workbook that would unpack
 * to far more than any rundown (a zip bomb, or a sheet of a million rows) is refused without
 * being materialised. This is not an xlsx reader: it only walks the zip's central directory for
 * the entries' names and sizes, and inflates each entry with a capped output buffer, so an entry
 * whose header lies about its size is caught too. exceljs does the reading (readWorkbook.ts).
 */

/**
 * Far above a 2,000-row rundown with long notes (a few MB unpacked), far below trouble: a sheet
 * of 170,000 short rows (about 30 MB unpacked) took exceljs 1.5 s and the process 600 MB here.
 */
export const MAX_UNPACKED_BYTES = 16 * 1024 * 1024;
const MAX_ENTRIES = 2000;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export type ZipCheck = { ok: true; names: string[] } | { ok: false; error: string };

const mb = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;

function tooBig(what: string): ZipCheck {
  return {
    ok: false,
    error: `the workbook unpacks to more than ${mb(MAX_UNPACKED_BYTES)} (${what}); a rundown sheet is far smaller: is this the right file? Copy the rundown to a new workbook and import that`,
  };
}

export function checkZip(bytes: Buffer): ZipCheck {
  // The end-of-central-directory record sits in the last 22 bytes plus a comment of up to 64 KB.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, error: 'the file is damaged: its zip directory is missing' };
  const entries = bytes.readUInt16LE(eocd + 10);
  const directoryOffset = bytes.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff) return tooBig('a zip64 archive');
  if (entries > MAX_ENTRIES)
    return { ok: false, error: `the workbook has ${entries} parts; too many for a rundown` };
  const names: string[] = [];
  let declared = 0;
  let unpacked = 0;
  let at = directoryOffset;
  try {
    for (let n = 0; n < entries; n++) {
      if (bytes.readUInt32LE(at) !== CENTRAL)
        return { ok: false, error: 'the file is damaged: its zip directory is broken' };
      const method = bytes.readUInt16LE(at + 10);
      const compressedSize = bytes.readUInt32LE(at + 20);
      const size = bytes.readUInt32LE(at + 24);
      const nameLength = bytes.readUInt16LE(at + 28);
      const extraLength = bytes.readUInt16LE(at + 30);
      const commentLength = bytes.readUInt16LE(at + 32);
      const localOffset = bytes.readUInt32LE(at + 42);
      const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
      names.push(name);
      declared += size;
      if (declared > MAX_UNPACKED_BYTES) return tooBig(`its parts say ${mb(declared)}`);
      // What the entry really unpacks to, with the output capped: a lying header cannot get past.
      if (bytes.readUInt32LE(localOffset) !== LOCAL)
        return { ok: false, error: 'the file is damaged: a zip entry is missing' };
      const dataStart =
        localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
      const data = bytes.subarray(dataStart, dataStart + compressedSize);
      if (method === 8) {
        try {
          const room = Math.max(1, MAX_UNPACKED_BYTES - unpacked);
          unpacked += inflateRawSync(data, { maxOutputLength: room }).length;
        } catch (error) {
          if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE')
            return tooBig('all its parts together');
          return {
            ok: false,
            error: `the file is damaged: ${name} does not unpack (${(error as Error).message})`,
          };
        }
      } else if (method === 0) {
        unpacked += compressedSize;
        if (unpacked > MAX_UNPACKED_BYTES) return tooBig('all its parts together');
      } else {
        return { ok: false, error: `the file uses a zip compression (${method}) that xlsx files do not use` };
      }
      at += 46 + nameLength + extraLength + commentLength;
    }
  } catch (error) {
    if (error instanceof RangeError)
      return { ok: false, error: 'the file is damaged: it ends inside its zip directory' };
    throw error;
  }
  return { ok: true, names };
}
