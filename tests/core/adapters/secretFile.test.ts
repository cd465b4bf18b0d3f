import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSecretJson } from '../../../core/adapters/secretFile.js';
import { durabilityProblems, parseStrace, straceAvailable, traceRun } from './syscallTrace.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const child = path.join(here, 'writeSecretChild.ts');
const tsx = path.resolve(here, '../../../node_modules/.bin/tsx');

const hasStrace = straceAvailable();
const inCi = process.env.CI === 'true';
const noStrace = 'strace is not installed (apt-get install strace); the fsync order cannot be observed';

const tempFolder = () => mkdtempSync(path.join(os.tmpdir(), 'showcaller-secret-'));

describe('writeSecretJson', () => {
  it('writes the JSON readable by this user only, replacing what was there', async () => {
    const file = path.join(tempFolder(), 'nested', 'secret.json');
    await writeSecretJson(file, { a: 1 });
    await writeSecretJson(file, { a: 2 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: 2 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('tightens a stale temporary file left with wider permissions', async () => {
    const file = path.join(tempFolder(), 'secret.json');
    writeFileSync(`${file}.${process.pid}.tmp`, 'old', { mode: 0o644 });
    await writeSecretJson(file, { a: 1 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('durable replacement, observed with strace', () => {
  it('strace is present under CI', () => {
    if (inCi) expect(hasStrace, noStrace).toBe(true);
  });

  it.skipIf(!hasStrace && !inCi)(
    'writeSecretJson fsyncs the temporary file before the rename and the folder after it',
    () => {
      const file = path.join(tempFolder(), 'settings.json');
      const run = traceRun(tsx, [child, 'secret', file]);
      expect(run.status, run.output).toBe(0);
      expect(durabilityProblems(run.calls, file)).toEqual([]);
    },
  );

  it.skipIf(!hasStrace && !inCi)('TokenStore issues and rotates tokens.json durably', () => {
    const folder = tempFolder();
    const run = traceRun(tsx, [child, 'tokens', folder]);
    expect(run.status, run.output).toBe(0);
    const file = path.join(folder, 'tokens.json');
    expect(run.calls.filter((call) => call.paths[1] === file && call.name.startsWith('rename'))).toHaveLength(
      2,
    );
    expect(durabilityProblems(run.calls, file)).toEqual([]);
  });

  it.skipIf(!hasStrace && !inCi)('the check catches a write whose folder is not fsynced', () => {
    const file = path.join(tempFolder(), 'careless.json');
    const careless = `const fs = require('fs'); const t = process.argv[1] + '.tmp';
      const fd = fs.openSync(t, 'w', 0o600); fs.writeSync(fd, '{}'); fs.fsyncSync(fd); fs.closeSync(fd);
      fs.renameSync(t, process.argv[1]);`;
    const run = traceRun(process.execPath, ['-e', careless, file]);
    expect(run.status, run.output).toBe(0);
    expect(durabilityProblems(run.calls, file)).toEqual([
      `rename 1: the folder ${path.dirname(file)} was not fsynced after the rename`,
    ]);
  });
});

describe('parseStrace', () => {
  it('joins calls that another thread interrupted', () => {
    const calls = parseStrace(
      [
        '101 openat(AT_FDCWD, "/a/b.tmp", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0600 <unfinished ...>',
        '102 fsync(7)                         = 0',
        '101 <... openat resumed>)            = 21',
        '101 renameat2(AT_FDCWD, "/a/b.tmp", AT_FDCWD, "/a/b", 0) = 0',
        '101 +++ exited with 0 +++',
      ].join('\n'),
    );
    expect(calls.map((call) => [call.pid, call.name, call.paths, call.result])).toEqual([
      ['102', 'fsync', [], '0'],
      ['101', 'openat', ['/a/b.tmp'], '21'],
      ['101', 'renameat2', ['/a/b.tmp', '/a/b'], '0'],
    ]);
    expect(durabilityProblems(calls, '/a/b')).toEqual([
      'rename 1: /a/b.tmp was not fsynced before the rename',
      'rename 1: the folder /a was not fsynced after the rename',
    ]);
  });
});
