// Helpers shared by the rundown import tests: the show, the sample and fixture files, and result checks.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Rundown, ShowInfo } from '../../shared/model.js';
import { Rundown as RundownSchema } from '../../shared/model.js';
import type { ImportError, ImportResult } from '../../shared/rundownImport.js';
import { formatImportErrors } from '../../shared/rundownImport.js';

export const MIN = 60_000;
export const SHOW: ShowInfo = {
  name: 'NormConf 2022',
  timezone: 'America/New_York',
  displayTimezones: ['UTC'],
};

// The real NormConf 2022 schedules, copied into the repository (tests/fixtures/samples/README.md).
const SAMPLES = new URL('../fixtures/samples/', import.meta.url);
export const sample = (name: string) => readFileSync(fileURLToPath(new URL(name, SAMPLES)), 'utf8');
export const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/rundowns/${name}`, import.meta.url)), 'utf8');

export const HEADER = 'session,start_utc,duration_min,kind,speaker,title';

export function expectOk(result: ImportResult): { rundown: Rundown; warnings: string[] } {
  if (!result.ok) throw new Error(`expected the import to succeed:\n${formatImportErrors(result.errors)}`);
  expect(RundownSchema.safeParse(result.rundown).success).toBe(true);
  return result;
}

export function expectErrors(result: ImportResult): ImportError[] {
  if (result.ok) throw new Error('expected the import to fail');
  expect(result.errors.length).toBeGreaterThan(0);
  return result.errors;
}

export const where = (errors: ImportError[]) => errors.map((e) => [e.line, e.column]);

/** xorshift32: the same "random" bytes on every run and machine. */
export function randomBytes(count: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(count);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    bytes[i] = s & 0xff;
  }
  return bytes;
}
