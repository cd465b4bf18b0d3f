import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A file of the core or of shared/ longer than 500 lines usually holds more than one job. Where
 * one is long on purpose, it says why in its first lines, so the next contributor knows whether
 * to split it or to keep adding to it.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LIMIT = 500;
const REASON = /^\/\/ Longer than 500 lines on purpose: \S/;

function sources(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => path.join(folder, name));
}

describe('file size', () => {
  it('gives a reason at the top of every core/ and shared/ file over 500 lines', () => {
    const files = [...sources('core'), ...sources('shared')];
    expect(files.length).toBeGreaterThan(50);
    const unexplained = files.filter((file) => {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      return text.split('\n').length > LIMIT && !REASON.test(text);
    });
    expect(unexplained).toEqual([]);
  });
});
