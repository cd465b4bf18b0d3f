// Checks on the raw file text before parsing: its size, binary or non-UTF-8 bytes, and line counting.
import type { ImportError } from './errors.js';
import { MAX_RUNDOWN_BYTES } from './errors.js';

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export function sizeError(text: string): ImportError | null {
  const limit = `a rundown may be at most ${MAX_RUNDOWN_BYTES / (1024 * 1024)} MB`;
  // Every UTF-16 unit is at least one UTF-8 byte, so a long string is refused without a scan.
  if (text.length > MAX_RUNDOWN_BYTES)
    return { line: null, column: null, message: `the file is too big; ${limit}` };
  const bytes = utf8Length(text);
  if (bytes <= MAX_RUNDOWN_BYTES) return null;
  // Rounded up, so a file just over the limit never reads as "5.0 MB".
  const mb = Math.ceil((bytes / (1024 * 1024)) * 10) / 10;
  return { line: null, column: null, message: `the file is ${mb.toFixed(1)} MB; ${limit}` };
}

export function countLineBreaks(value: string): number {
  return value.match(/\r\n|\r|\n/g)?.length ?? 0;
}

export function countCrLf(value: string): number {
  return value.match(/\r\n/g)?.length ?? 0;
}

export function lineOfOffset(text: string, offset: number): number {
  return countLineBreaks(text.slice(0, Math.max(0, Math.min(offset, text.length)))) + 1;
}

/**
 * The caller has already decoded the file, so a NUL means a binary file (an .xlsx picked by
 * mistake) and U+FFFD means bytes that were not UTF-8 (a spreadsheet's "CSV" in Windows-1252):
 * importing either would put mojibake on the crew's screens.
 */
export function notTextError(text: string): ImportError | null {
  const nul = text.indexOf('\u0000');
  const replacement = text.indexOf('\uFFFD');
  const at = nul < 0 ? replacement : replacement < 0 ? nul : Math.min(nul, replacement);
  if (at < 0) return null;
  const line = lineOfOffset(text, at);
  if (text.charCodeAt(at) === 0) {
    return {
      line,
      column: null,
      message: 'this is a binary file, not CSV text; if it is a spreadsheet, export it as "CSV UTF-8"',
    };
  }
  return {
    line,
    column: null,
    message:
      'this line has bytes that are not UTF-8 text (shown as \uFFFD); save the file as "CSV UTF-8" and import it again',
  };
}
