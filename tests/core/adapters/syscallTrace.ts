import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One finished system call from an `strace -f` log. */
export interface Syscall {
  pid: string;
  name: string;
  /** The quoted string arguments (paths), in order. */
  paths: string[];
  /** The first plain argument (an fd for fsync), as written. */
  firstArg: string;
  result: string;
}

export const TRACED = 'fsync,fdatasync,rename,renameat,renameat2,openat';

export function straceAvailable(): boolean {
  return spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** Runs `command` under strace (following threads and children) and returns the calls it made. */
export function traceRun(
  command: string,
  args: string[],
): { calls: Syscall[]; status: number | null; output: string } {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'showcaller-strace-'));
  const log = path.join(folder, 'trace.txt');
  const run = spawnSync(
    'strace',
    ['-f', '-s', '4096', '-e', `trace=${TRACED}`, '-o', log, command, ...args],
    {
      encoding: 'utf8',
    },
  );
  return {
    calls: parseStrace(readFileSync(log, 'utf8')),
    status: run.status,
    output: run.stdout + run.stderr,
  };
}

/** Parses `strace -f -o` output, joining `<unfinished ...>` and `<... resumed>` halves per pid. */
export function parseStrace(text: string): Syscall[] {
  const pending = new Map<string, string>();
  const calls: Syscall[] = [];
  for (const raw of text.split('\n')) {
    const match = /^(\d+)\s+(.*)$/.exec(raw);
    if (!match) continue;
    const [, pid = '', rest = ''] = match;
    let line = rest;
    if (line.endsWith('<unfinished ...>')) {
      pending.set(pid, line.slice(0, -'<unfinished ...>'.length));
      continue;
    }
    const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(line);
    if (resumed) {
      line = (pending.get(pid) ?? '') + (resumed[1] ?? '');
      pending.delete(pid);
    }
    const call = /^(\w+)\((.*)\)\s+=\s+(\S+)/.exec(line);
    if (!call) continue;
    const [, name = '', args = '', result = ''] = call;
    const paths = [...args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '');
    calls.push({ pid, name, paths, firstArg: args.split(',')[0]?.trim() ?? '', result });
  }
  return calls;
}

const isSync = (call: Syscall, fd: string) =>
  (call.name === 'fsync' || call.name === 'fdatasync') && call.firstArg === fd;
const isRename = (call: Syscall) =>
  call.name === 'rename' || call.name === 'renameat' || call.name === 'renameat2';

/**
 * The durability problems of every replacement of `file` in a trace (empty when it was written
 * the safe way): the temporary file fsynced before the rename, the folder fsynced after it.
 */
export function durabilityProblems(calls: Syscall[], file: string): string[] {
  const folder = path.dirname(file);
  const problems: string[] = [];
  const renames = calls.flatMap((call, index) =>
    isRename(call) && call.paths[1] === file && call.result === '0' ? [index] : [],
  );
  if (renames.length === 0) return [`no rename onto ${file} was traced`];
  renames.forEach((at, n) => {
    const temporary = calls[at]?.paths[0] ?? '';
    let opened = -1;
    for (let i = at - 1; i >= 0; i--) {
      const call = calls[i];
      if (call?.name === 'openat' && call.paths[0] === temporary && /^\d+$/.test(call.result)) {
        opened = i;
        break;
      }
    }
    if (opened < 0)
      problems.push(`rename ${n + 1}: the temporary file ${temporary} was not opened in the trace`);
    else {
      const fd = calls[opened]?.result ?? '';
      if (!calls.slice(opened + 1, at).some((call) => isSync(call, fd)))
        problems.push(`rename ${n + 1}: ${temporary} was not fsynced before the rename`);
    }
    const end = renames[n + 1] ?? calls.length;
    const after = calls.slice(at + 1, end);
    const folderSynced = after.some(
      (call, i) =>
        call.name === 'openat' &&
        call.paths[0] === folder &&
        /^\d+$/.test(call.result) &&
        after.slice(i + 1).some((later) => isSync(later, call.result)),
    );
    if (!folderSynced)
      problems.push(`rename ${n + 1}: the folder ${folder} was not fsynced after the rename`);
  });
  return problems;
}
